"""Year-end absorption forecast of one paket (issue #17; formulas in docs/proyeksi.md).

What a package is expected to have paid by 31 December of its fiscal year, and why,
from what the tracker already knows: its stage, the schedule templates (working-day
calendar), its contract period and kesempatan, its progress reports, the kritis rule
(docs/aturan.md §5.2) and the payment terms (docs/aturan.md §5.4). Each assumption is
a named, dated value below (:data:`ANGGAPAN`), looked up by the as-of date like the
regulation numbers in :mod:`pengadaan.domain.config`. The demo generator never reads
them: the back-test (``pengadaan proyeksi uji``) would otherwise grade its own answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from pengadaan.domain.config import Dated, dated_value
from pengadaan.domain.execution.pembayaran import (
    PER_SERTIFIKAT,
    SEKALIGUS,
    TONGGAK,
    SyaratBayar,
    dibayar,
)
from pengadaan.domain.execution.persen import PENUH
from pengadaan.domain.execution.scurve import smoothstep_bp
from pengadaan.domain.execution.serah_terima import akhir_pemeliharaan
from pengadaan.domain.kalender import ONE_DAY, Kalender
from pengadaan.domain.lateness import kontrak_kritis
from pengadaan.domain.schedule import replan
from pengadaan.domain.schedule_templates import PELAKSANAAN, PERSIAPAN
from pengadaan.domain.vocabulary import (
    PLANNING,
    SELECTION,
    Jenis,
    Kelompok,
    Metode,
    kelompok_of,
    tahap_in,
)

ANGGAPAN_SEJAK = date(2026, 1, 1)  # the forecast's first assumptions (issue #17)

# A pre-contract paket whose current stage is this many calendar days past its planned
# end (or past its planned selection start without starting; without a plan, open this
# long) is taken as stalled: nobody is pushing it, it is not counted on
# (docs/proyeksi.md §2).
MACET_HARI = (Dated(ANGGAPAN_SEJAK, 45, "anggapan proyeksi [U]: lewat jadwal 45 hari = macet"),)
# The recent physical rate is read between the report in force and the one in force
# this many days earlier (docs/proyeksi.md §3).
JENDELA_LAJU_HARI = (Dated(ANGGAPAN_SEJAK, 28, "anggapan proyeksi [U]: dua laporan dua mingguan"),)
# Share of pagu a contract not yet signed is expected to be worth when the year has
# fewer signed contracts than MIN_KONTRAK_RASIO to measure it (sisa tender; LKPP
# reports efisiensi of a few percent of pagu; docs/proyeksi.md §2).
NILAI_PER_PAGU_BP = (Dated(ANGGAPAN_SEJAK, 9_300, "anggapan proyeksi [U]: efisiensi tender ±7%"),)
MIN_KONTRAK_RASIO = (Dated(ANGGAPAN_SEJAK, 20, "anggapan proyeksi [U]: cukup kontrak untuk rasio"),)
# How the PPKs are assumed to pay when the contract's own terms are not recorded (the
# tracker stores none): monthly certificates for konstruksi and jasa lainnya, milestones
# for konsultansi, once after BAST for barang; retensi for konstruksi until FHO.
SYARAT_ANGGAPAN: dict[Jenis, SyaratBayar] = {
    Jenis.KONSTRUKSI: SyaratBayar(termin_bp=PER_SERTIFIKAT, retensi=True),
    Jenis.JASA_LAINNYA: SyaratBayar(termin_bp=PER_SERTIFIKAT),
    Jenis.KONSULTANSI: SyaratBayar(termin_bp=TONGGAK),
    Jenis.BARANG: SyaratBayar(termin_bp=SEKALIGUS),
}
SYARAT_ANGGAPAN_SUMBER = "anggapan proyeksi [U]: kebiasaan PPK (docs/aturan.md §5.4)"

ANGGAPAN: dict[str, tuple[Dated, ...]] = {
    "macet_hari": MACET_HARI,
    "jendela_laju_hari": JENDELA_LAJU_HARI,
    "nilai_per_pagu_bp": NILAI_PER_PAGU_BP,
    "min_kontrak_rasio": MIN_KONTRAK_RASIO,
}

# Reason codes (JSON) and their Indonesian labels, most at risk first.
ALASAN: dict[str, str] = {
    "tidak_sempat": "sisa pemilihan dan pelaksanaan melewati 31 Desember",
    "macet": "tahap tidak bergerak: tidak diperhitungkan",
    "gagal": "pemilihan gagal, belum diulang",
    "batal": "batal atau putus kontrak: hanya yang sudah dibayar",
    "kritis_tidak_selesai": "kontrak kritis: laju nyata tidak mencapai 100% pada 31 Desember",
    "lewat_tahun": "kontrak berakhir setelah 31 Desember: hanya bagian tahun ini",
    "kesempatan_lewat_tahun": "pemberian kesempatan melewati 31 Desember",
    "swakelola_laju": "swakelola menurut laju laporannya",
    "kritis_terkejar": "kontrak kritis: laju nyata masih mencapai 100%",
    "sesuai_rencana": "kontrak berjalan, selesai sesuai rencana",
    "sempat": "belum berkontrak; sisa pemilihan dan pelaksanaan muat dalam tahun",
    "serah_terima": "sudah serah terima: dibayar penuh (retensi sampai FHO)",
    "selesai": "selesai: yang sudah dibayar",
}
# Stages whose forecast is what was already paid, never at risk (finished, cancelled,
# contract ended), by the reason they give. Declared once for both readers: the model
# answers them in one branch (:meth:`Proyektor.proyeksi`), the sums read them summed
# per OPD from the database (pengadaan/usecases/proyeksi.py, db/proyeksi.paid_query).
_ALASAN_DIBAYAR = {Kelompok.SELESAI: "selesai", Kelompok.BATAL: "batal"}
HANYA_DIBAYAR = tahap_in(*_ALASAN_DIBAYAR)
ALASAN_BERISIKO = ("tidak_sempat", "macet", "gagal", "kritis_tidak_selesai", "lewat_tahun",
                   "kesempatan_lewat_tahun", "swakelola_laju")


def anggapan(name: str, on: date) -> int:
    """An assumption's value in force on ``on``."""
    return dated_value(ANGGAPAN[name], on).value


class FaktaProyeksi(NamedTuple):
    """What the forecast reads about one paket (one row of db/proyeksi.py). A named
    tuple: the alerts build one per paket that can still be at risk, and a tuple is
    made from the row's slice several times faster than a frozen dataclass."""

    tahap: str
    metode: str
    jenis: str
    tahun: int
    pagu: int
    nilai_kontrak: int | None = None
    tahap_sejak: date | None = None
    rencana_selesai: date | None = None  # planned end of the current stage (jadwal)
    tgl_awal_pemilihan: date | None = None
    kontrak_mulai: date | None = None
    kontrak_selesai: date | None = None
    kesempatan_sampai: date | None = None  # the latest pemberian kesempatan's end
    laporan: date | None = None  # the progress report in force on the as-of date
    fisik_bp: int | None = None
    keuangan: int | None = None  # the latest stated realisasi keuangan
    report_kritis: bool = False
    laporan_lalu: date | None = None  # the report in force JENDELA_LAJU_HARI earlier
    fisik_lalu_bp: int | None = None


class Proyeksi(NamedTuple):
    """Expected realisasi keuangan of one paket on 31 December, and why (a named tuple,
    as :class:`FaktaProyeksi`)."""

    terserap: int  # Rupiah expected paid by 31 December (cumulative)
    dasar: int  # what it could absorb: nilai kontrak, or its expected value
    alasan: str  # a code of ALASAN
    fisik_bp: int | None = None  # expected fisik on 31 December
    selesai: date | None = None  # expected end of the work (hand-over)

    @property
    def berisiko(self) -> int:
        """Dana berisiko: what it could absorb and is not expected to this year."""
        return max(self.dasar - self.terserap, 0)


@dataclass
class Proyektor:
    """The forecast on one as-of date: the calendar and the year's contract ratio,
    with what repeats across paket computed once (the assumptions in force, the
    template schedules it lays out, a few hundred distinct ones, and whether a
    hand-over date reaches FHO within its year)."""

    as_of: date
    kalender: Kalender
    nilai_per_pagu_bp: int
    _ends: dict = field(default_factory=dict)
    _fho: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._macet = timedelta(days=anggapan("macet_hari", self.as_of))

    def akhir_tahun(self, f: FaktaProyeksi) -> date:
        return date(f.tahun, 12, 31)

    def proyeksi(self, f: FaktaProyeksi) -> Proyeksi:
        """The forecast of one paket (docs/proyeksi.md §2–§4)."""
        if f.tahap in HANYA_DIBAYAR:
            return self._paid_only(f)
        if f.metode == Metode.SWAKELOLA:
            return self._swakelola(f)
        group = kelompok_of(f.tahap)
        if group == Kelompok.SERAH_TERIMA:
            return self._handed_over(f)
        if f.nilai_kontrak is not None and (f.tahap == "kontrak" or group == Kelompok.PELAKSANAAN):
            return self._contract(f)
        if group == Kelompok.GAGAL:
            return Proyeksi(0, self._expected_nilai(f), "gagal")
        return self._pre_contract(f)

    def _paid_only(self, f: FaktaProyeksi) -> Proyeksi:
        """HANYA_DIBAYAR: what was paid, against the contract's value when it was
        cancelled (db/proyeksi.paid_query sums this forecast per OPD)."""
        paid = f.keuangan or 0
        alasan = _ALASAN_DIBAYAR[kelompok_of(f.tahap)]
        return Proyeksi(paid, paid if alasan == "selesai" else self._expected_nilai(f), alasan,
                        f.fisik_bp)

    # --- before the contract ------------------------------------------------------

    def _expected_nilai(self, f: FaktaProyeksi) -> int:
        if f.nilai_kontrak is not None:
            return f.nilai_kontrak
        return f.pagu * self.nilai_per_pagu_bp // PENUH

    def stalled(self, f: FaktaProyeksi) -> bool:
        """More than MACET_HARI past the planned selection start (not started yet) or
        the current stage's planned end (without a plan: since the stage began)."""
        planned = f.rencana_selesai or f.tahap_sejak
        since = f.tgl_awal_pemilihan if f.tahap in PLANNING else planned
        return since is not None and self.as_of - since > self._macet

    def work_end(self, f: FaktaProyeksi) -> date | None:
        """The expected hand-over of a paket not yet contracted: its remaining stages
        at their template lengths (the current one ending no earlier than today), then
        the contract, pelaksanaan and serah terima (docs/proyeksi.md §2)."""
        if f.tahap in PLANNING:
            ready = self.as_of
            if f.tahap == "rencana":
                ready = self.kalender.add_working_days(self.as_of, PERSIAPAN.panjang)
            return self._end_from("persiapan", f, max(ready, f.tgl_awal_pemilihan or ready),
                                  skip_first=True)
        if f.tahap not in (*SELECTION, "sppbj"):
            return None
        return self._end_from(f.tahap, f, f.tahap_sejak or self.as_of)

    def _end_from(self, tahap: str, f: FaktaProyeksi, mulai: date,
                  skip_first: bool = False) -> date | None:
        key = (tahap, f.metode, f.jenis, mulai, skip_first)
        if key not in self._ends:
            rows = replan(f.metode, f.jenis, tahap, mulai, self.kalender)
            if skip_first and rows:  # persiapan done: the selection starts on ``mulai``
                rows = replan(f.metode, f.jenis, rows[1].tahap, mulai, self.kalender)
            elif rows and rows[0].selesai < self.as_of:  # overdue: it ends today at best
                rows = rows[:1] + replan(f.metode, f.jenis, rows[1].tahap,
                                         self.as_of + ONE_DAY, self.kalender)
            done = [r.selesai for r in rows if r.tahap in ("pelaksanaan", "serah_terima")]
            self._ends[key] = done[0] if f.jenis == Jenis.KONSTRUKSI and done else (
                done[-1] if done else None)
        return self._ends[key]

    def _pre_contract(self, f: FaktaProyeksi) -> Proyeksi:
        dasar = self._expected_nilai(f)
        if self.stalled(f):
            return Proyeksi(0, dasar, "macet")
        end = self.work_end(f)
        if end is None or end > self.akhir_tahun(f):
            return Proyeksi(0, dasar, "tidak_sempat", 0, end)
        return Proyeksi(self._paid_at(f, dasar, PENUH, end), dasar, "sempat", PENUH, end)

    # --- contracts ----------------------------------------------------------------

    def _paid_at(self, f: FaktaProyeksi, nilai: int, fisik_bp: int, end: date | None) -> int:
        """Paid for ``fisik_bp`` under the assumed terms, never less than already paid."""
        fho = fisik_bp >= PENUH and end is not None and self._fho_within(end, f.tahun)
        # jenis as read (text): a StrEnum key matches its value
        return max(f.keuangan or 0, dibayar(nilai, fisik_bp, SYARAT_ANGGAPAN[f.jenis], fho=fho))

    def _fho_within(self, end: date, tahun: int) -> bool:
        """FHO (the end of pemeliharaan after a hand-over on ``end``) falls in ``tahun``."""
        found = self._fho.get((end, tahun))
        if found is None:
            found = self._fho[end, tahun] = akhir_pemeliharaan(end) <= date(tahun, 12, 31)
        return found

    def _pace(self, f: FaktaProyeksi) -> tuple[int, int] | None:
        """The recent physical progress as (basis points gained, days): between the
        report in force and the one JENDELA_LAJU_HARI earlier, else since the work began
        at 0%."""
        if f.laporan is None or f.fisik_bp is None:
            return None
        if f.laporan_lalu is not None and f.fisik_lalu_bp is not None \
                and f.laporan_lalu < f.laporan:
            since, base = f.laporan_lalu, f.fisik_lalu_bp
        else:
            since, base = f.kontrak_mulai or f.tahap_sejak, 0
        if since is None or since >= f.laporan:
            return None
        return max(f.fisik_bp - base, 0), (f.laporan - since).days

    def at_rate(self, f: FaktaProyeksi, until: date) -> tuple[int, date | None]:
        """Fisik reached on ``until`` at the recent rate, and the day 100% is reached.
        In whole numbers (the rate is gained/days): exactly what Fraction arithmetic
        gives, without a Fraction per paket."""
        now = f.fisik_bp or 0
        pace = self._pace(f)
        if pace is None or pace[0] <= 0:
            return now, None
        gained, days = pace
        need = (PENUH - now) * days  # days to 100% = need / gained, rounded up
        whole = need // gained if need >= 0 else -(-need // gained)  # truncated to zero
        done = f.laporan + timedelta(days=whole + (need % gained != 0))
        reached = now + gained * max((until - f.laporan).days, 0) // days
        return min(reached, PENUH), done

    def _contract(self, f: FaktaProyeksi) -> Proyeksi:
        nilai, akhir = f.nilai_kontrak or 0, self.akhir_tahun(f)
        now = f.fisik_bp or 0
        if kontrak_kritis(f.tahap, f.report_kritis) or f.tahap == "kesempatan":
            limit = min(f.kesempatan_sampai or akhir, akhir) if f.tahap == "kesempatan" \
                else akhir
            fisik, done = self.at_rate(f, limit)
            finished = fisik >= PENUH and done is not None and done <= limit
            if f.tahap == "kesempatan" and f.kesempatan_sampai and f.kesempatan_sampai > akhir \
                    and not finished:
                alasan = "kesempatan_lewat_tahun"
            else:
                alasan = "kritis_terkejar" if finished else "kritis_tidak_selesai"
            fisik = PENUH if finished else min(fisik, PENUH - 1)
            return Proyeksi(self._paid_at(f, nilai, fisik, done), nilai, alasan, fisik, done)
        selesai = f.kontrak_selesai
        if selesai is None or selesai <= akhir:
            return Proyeksi(self._paid_at(f, nilai, PENUH, selesai), nilai, "sesuai_rencana",
                            PENUH, selesai)
        mulai = f.kontrak_mulai or selesai
        fisik = max(now, smoothstep_bp(mulai, selesai, akhir)) if mulai < selesai else now
        return Proyeksi(self._paid_at(f, nilai, fisik, None), nilai, "lewat_tahun", fisik,
                        selesai)

    def _handed_over(self, f: FaktaProyeksi) -> Proyeksi:
        nilai = f.nilai_kontrak or f.keuangan or 0
        pho = f.tahap_sejak if f.tahap == "pemeliharaan" else None
        return Proyeksi(self._paid_at(f, nilai, PENUH, pho), nilai, "serah_terima", PENUH)

    def _swakelola(self, f: FaktaProyeksi) -> Proyeksi:
        """Swakelola spends its pagu as its reports show the work going (no contract):
        Rupiah per basis point reported so far, along the recent rate; before a
        report, its whole pagu when the template pelaksanaan fits the year."""
        akhir = self.akhir_tahun(f)
        if kelompok_of(f.tahap) == Kelompok.SERAH_TERIMA:
            return Proyeksi(max(f.keuangan or 0, 0), f.keuangan or f.pagu, "serah_terima")
        if f.tahap in PLANNING or f.fisik_bp is None or not f.fisik_bp:
            if f.tahap in PLANNING and self.stalled(f):
                return Proyeksi(0, f.pagu, "macet")
            start = max(self.as_of, f.tahap_sejak or self.as_of)
            if f.tahap in PLANNING:
                start = max(start, f.tgl_awal_pemilihan or start)
            end = start + timedelta(days=PELAKSANAAN[f.jenis].panjang)
            if end > akhir:
                return Proyeksi(0, f.pagu, "tidak_sempat", 0, end)
            return Proyeksi(f.pagu, f.pagu, "sempat", PENUH, end)
        fisik, done = self.at_rate(f, akhir)
        spent = f.keuangan or 0
        terserap = spent * fisik // f.fisik_bp
        total = spent * PENUH // f.fisik_bp
        alasan = "sesuai_rencana" if fisik >= PENUH else "swakelola_laju"
        return Proyeksi(min(terserap, f.pagu), min(total, f.pagu), alasan, fisik, done)


def nilai_per_pagu_bp(nilai: int, pagu: int, kontrak: int, on: date) -> int:
    """The year's own ratio of nilai kontrak to pagu over its signed contracts, or the
    assumed one while fewer than MIN_KONTRAK_RASIO are signed."""
    if kontrak < anggapan("min_kontrak_rasio", on) or pagu <= 0:
        return anggapan("nilai_per_pagu_bp", on)
    return min(nilai * PENUH // pagu, PENUH)
