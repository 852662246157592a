"""Use cases on a contract's progress: reports, the planned kurva S, the deviation.

Percentages are integer basis points (100 bp = 1%) from input to database; each
report keeps the plan and the kritis verdict it stated when it was filed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import attrgetter

from pengadaan.db import progres as q
from pengadaan.db.history import append_history
from pengadaan.db.history_text import PROGRES, RENCANA, progres_digest, rencana_digest
from pengadaan.db.models import Paket, Progres, RencanaKurva
from pengadaan.db.uow import Database
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution import kritis as kr
from pengadaan.domain.execution import scurve
from pengadaan.domain.execution.persen import PENUH, format_bp
from pengadaan.domain.formatting import rupiah, today_wib
from pengadaan.domain.formatting import tanggal as fmt
from pengadaan.domain.vocabulary import EXECUTION, PLAN_TRIGGER, PROGRESS_TRIGGER, tahap_label
from pengadaan.domain.workflow.isian import ALASAN_KOREKSI
from pengadaan.usecases.acting import acting
from pengadaan.usecases.hari import require_past
from pengadaan.usecases.lookup import require_paket
from pengadaan.usecases.results import Waktu
from pengadaan.usecases.version import touch

SPMK_TRIGGERS = ("terbitkan_spmk", "laksanakan")


@dataclass(frozen=True)
class Kontrak:
    """The dates and values every execution rule needs, read in one place."""

    paket: Paket
    spmk: date | None
    selesai: date | None  # contract end with granted perpanjangan (no denda)
    kesempatan_sampai: date | None  # end of pemberian kesempatan (denda accrues)
    points: tuple[scurve.Titik, ...]

    @property
    def selesai_efektif(self) -> date | None:
        """The last day the work may run: the contract end or the kesempatan end."""
        return max((d for d in (self.selesai, self.kesempatan_sampai) if d), default=None)

    @property
    def plafon_keuangan(self) -> int:
        """Realisasi keuangan never exceeds nilai kontrak (pagu for swakelola)."""
        return self.paket.nilai_kontrak or self.paket.pagu

    def rencana_bp(self, on: date) -> int | None:
        return scurve.rencana_bp(on, self.spmk, self.selesai, self.points)


@dataclass(frozen=True)
class LaporanProgres:
    """One progress report as shown to people."""

    tanggal: date
    fisik_bp: int
    rencana_bp: int | None
    deviasi_bp: int | None
    kritis: bool
    keuangan: int | None
    keuangan_bp: int | None  # realisasi keuangan as a share of nilai kontrak
    catatan: str | None
    alasan_koreksi: str | None
    dicatat: Waktu
    oleh: str


@dataclass(frozen=True)
class KurvaS:
    kode: str
    nama: str
    spmk: date | None
    selesai: date | None
    sumber: str  # "dimasukkan" (time schedule) | "standar" (generated) | "tidak ada"
    rencana: list[scurve.Titik]
    realisasi: list[scurve.Titik]
    deviasi_bp: int | None  # at the latest report
    kritis: str | None  # why the latest report is kritis


def _now() -> datetime:
    return datetime.now(UTC)


def kontrak_of(session, paket: Paket) -> Kontrak:
    """Contract dates: SPMK from history, the end from the paket (issue #3's column,
    moved by perpanjangan), the kesempatan end from the last kesempatan adendum."""
    kesempatan = [a.selesai_baru for a in q.adendum(session, paket.id) if a.jenis == "kesempatan"]
    return Kontrak(
        paket=paket,
        spmk=q.first_step_date(session, paket.id, SPMK_TRIGGERS),
        selesai=getattr(paket, "tgl_kontrak_selesai", None),
        kesempatan_sampai=kesempatan[-1] if kesempatan else None,
        points=tuple(scurve.Titik(p.tanggal, p.persen_bp)
                     for p in q.planned_points(session, paket.id)),
    )


# A lower cumulative number is a correction; the reason is its own field.
_CORRECTION = "koreksi wajib disertai alasan"
_REASON = (ALASAN_KOREKSI.name,)


def _check_decrease(previous: Progres | None, following: Progres | None, fisik_bp: int,
                    keuangan: int | None, alasan: str | None) -> None:
    """Cumulative numbers only grow; a lower value is a correction and needs a reason."""
    if (alasan or "").strip():
        return
    if previous is not None and fisik_bp < previous.fisik_bp:
        raise InvalidInput(
            f"fisik: {format_bp(fisik_bp)} lebih rendah dari laporan {fmt(previous.tanggal)} "
            f"({format_bp(previous.fisik_bp)}); {_CORRECTION}", isian=_REASON)
    if following is not None and fisik_bp > following.fisik_bp:
        raise InvalidInput(
            f"fisik: {format_bp(fisik_bp)} melebihi laporan sesudahnya {fmt(following.tanggal)} "
            f"({format_bp(following.fisik_bp)}); {_CORRECTION}", isian=_REASON)
    if (previous is not None and keuangan is not None and previous.keuangan is not None
            and keuangan < previous.keuangan):
        raise InvalidInput(
            f"keuangan: {rupiah(keuangan)} lebih rendah dari laporan {fmt(previous.tanggal)} "
            f"({rupiah(previous.keuangan)}); {_CORRECTION}", isian=_REASON)


def record_progress(
    db: Database,
    kode: str,
    tanggal: date,
    fisik_bp: int,
    actor: str | Identitas,
    keuangan: int | None = None,
    catatan: str | None = None,
    alasan_koreksi: str | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> LaporanProgres:
    """Record a cumulative progress report; a lower value than before is a correction.

    The report changes the paket's kritis verdict, so it bumps the paket's version: two
    reports judged against the same earlier one cannot both be saved.
    """
    today = today or today_wib()
    if not 0 <= fisik_bp <= PENUH:
        raise InvalidInput(f"fisik: {format_bp(fisik_bp)} di luar rentang 0–100%")
    if keuangan is not None and keuangan < 0:
        raise InvalidInput("keuangan: tidak boleh negatif")
    require_past(tanggal, today)
    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        paket = act.paket(kode, expected_version, change="mencatat progres")
        if paket.tahap not in EXECUTION:
            raise InvalidInput(
                f"paket {kode} pada tahap '{tahap_label(paket.tahap)}'; progres hanya dicatat "
                "selama pelaksanaan kontrak"
            )
        k = kontrak_of(session, paket)
        if k.spmk is not None and tanggal < k.spmk:
            raise InvalidInput(
                f"tanggal: {fmt(tanggal)} sebelum SPMK/mulai pelaksanaan ({fmt(k.spmk)})"
            )
        if keuangan is not None and keuangan > k.plafon_keuangan:
            raise InvalidInput(
                f"keuangan: {rupiah(keuangan)} melebihi nilai kontrak {rupiah(k.plafon_keuangan)}"
            )
        previous = q.latest_progress(session, paket.id, on=tanggal)
        reports = q.progress(session, paket.id)
        following = next((r for r in reports if r.tanggal > tanggal), None)
        _check_decrease(previous, following, fisik_bp, keuangan, alasan_koreksi)
        rencana = k.rencana_bp(tanggal)
        row = Progres(
            paket_id=paket.id, tanggal=tanggal, fisik_bp=fisik_bp, keuangan=keuangan,
            rencana_bp=rencana,
            kritis=rencana is not None and kr.is_kritis(rencana, fisik_bp, k.selesai_efektif,
                                                        paket.tahun),
            catatan=(catatan or "").strip() or None,
            alasan_koreksi=(alasan_koreksi or "").strip() or None,
            dicatat=_now(), oleh=pelaku.nama,
        )
        session.add(row)
        touch(paket)
        _record(session, paket, row, sorted(reports, key=attrgetter("id")))
        act.commit()
        return _laporan(row, k.plafon_keuangan)


def _record(session, paket: Paket, row: Progres, previous_rows: list[Progres]) -> None:
    """The paket's chain records the report, in words and as the new digest of all its
    reports (db/history_text.py); at its stage, not a step."""
    note = f"laporan progres {fmt(row.tanggal)}: fisik {format_bp(row.fisik_bp)}"
    if row.keuangan is not None:
        note += f", keuangan {rupiah(row.keuangan)}"
    if row.alasan_koreksi:
        note += f"; koreksi: {row.alasan_koreksi}"
    append_history(session, paket.id, paket.tahap, paket.tahap, PROGRESS_TRIGGER, row.tanggal,
                   paket.diubah, row.oleh, note,
                   nilai={PROGRES: progres_digest([*previous_rows, row])})


def _laporan(row: Progres, plafon: int) -> LaporanProgres:
    deviasi = None if row.rencana_bp is None else kr.deviasi_bp(row.rencana_bp, row.fisik_bp)
    share = None if row.keuangan is None or not plafon else row.keuangan * PENUH // plafon
    return LaporanProgres(row.tanggal, row.fisik_bp, row.rencana_bp, deviasi, row.kritis,
                          row.keuangan, share, row.catatan, row.alasan_koreksi, row.dicatat,
                          row.oleh)


def list_progress(db: Database, kode: str) -> list[LaporanProgres]:
    """Every report of a paket, oldest first (corrections listed after what they correct)."""
    with db.unit_of_work() as uow:
        paket = require_paket(uow.session, kode)
        plafon = paket.nilai_kontrak or paket.pagu
        return [_laporan(r, plafon) for r in q.progress(uow.session, paket.id)]


def parse_titik(text: str) -> scurve.Titik:
    """``2026-03-31=25`` or ``31/03/2026=25,5`` → a planned point."""
    from pengadaan.domain.execution.persen import parse_persen
    from pengadaan.domain.formatting import parse_tanggal

    day, sep, value = text.partition("=")
    if not sep:
        raise InvalidInput(f"titik rencana '{text}' harus berbentuk TANGGAL=PERSEN "
                           "(mis. 2026-03-31=25)")
    return scurve.Titik(parse_tanggal(day, "tanggal rencana"), parse_persen(value, "rencana"))


def set_planned_curve(db: Database, kode: str, points: list[scurve.Titik],
                      actor: str | Identitas) -> int:
    """Replace the entered kurva S (from the contract's time schedule); [] = standard curve.

    The plan decides the deviation, hence kontrak kritis: the paket's chain records the
    change, in words and as the digest of the new plan (db/history_text.py).
    """
    problems = scurve.validate_points(points)
    if problems:
        raise InvalidInput("kurva rencana: " + "; ".join(problems))
    ordered = sorted(points, key=attrgetter("tanggal"))
    with acting(db, actor) as act:
        paket = act.paket(kode, change="mengubah kurva S rencana")
        touch(paket)
        note = (f"kurva S rencana diubah: {len(ordered)} titik" if ordered
                else "kembali ke kurva standar")
        append_history(act.session, paket.id, paket.tahap, paket.tahap, PLAN_TRIGGER,
                       today_wib(), paket.diubah, act.pelaku.nama, note,
                       nilai={RENCANA: rencana_digest((p.tanggal, p.bp) for p in ordered)})
        q.replace_planned_points(act.session, paket.id, [
            RencanaKurva(paket_id=paket.id, tanggal=p.tanggal, persen_bp=p.bp) for p in ordered
        ])
        act.commit()
    return len(points)


def _actual_points(rows: list[Progres]) -> list[scurve.Titik]:
    """One point per report date: the last entry of that date (a correction wins)."""
    by_date: dict[date, int] = {}
    for r in rows:
        by_date[r.tanggal] = r.fisik_bp
    return [scurve.Titik(d, bp) for d, bp in sorted(by_date.items())]


def s_curve(db: Database, kode: str) -> KurvaS:
    """Planned and actual kurva S, and the deviation at the latest report."""
    with db.unit_of_work() as uow:
        session = uow.session
        paket = require_paket(session, kode)
        k = kontrak_of(session, paket)
        actual = _actual_points(q.progress(session, paket.id))
        start = k.spmk or (k.points[0].tanggal if k.points else None)
        end = k.selesai or (k.points[-1].tanggal if k.points else None)
        planned = scurve.series(start, end, k.points) if start and end and end > start else []
        source = "dimasukkan" if k.points else ("standar" if planned else "tidak ada")
        deviasi = reason = None
        if actual:
            last = actual[-1]
            rencana = k.rencana_bp(last.tanggal)
            if rencana is not None:
                deviasi = kr.deviasi_bp(rencana, last.bp)
                reason = kr.kritis_reason(rencana, last.bp, k.selesai_efektif, paket.tahun)
        return KurvaS(paket.kode, paket.nama, k.spmk, k.selesai, source, planned, actual,
                      deviasi, reason)
