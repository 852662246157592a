"""The kendala and tindak lanjut a demo paket carries (issue #13), fitting its trouble.

Each paket's story decides: a kritis contract had rain and material shortages, a
failed tender was reviewed and repeated (twice failed: penunjukan langsung), a paket
in sanggah banding waits for the answer, a road that has not started waits for its
land, a contract not signed waits for a document. Most other late packages get a
kendala fitting their stage; a few are left without one, as in a real OPD (the
"terlambat tanpa penjelasan" a Sekda asks about). Every choice is seeded by the
paket's kode, like its progress reports.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from pengadaan.demo.names import LOKASI, is_road
from pengadaan.demo.year import KESEMPATAN_DAYS, DemoPaket
from pengadaan.domain import config
from pengadaan.domain.alert_kinds import KRITIS, TERLAMBAT
from pengadaan.domain.kendala import KategoriKendala as K
from pengadaan.domain.kendala import StatusTindakLanjut as S
from pengadaan.domain.vocabulary import (
    EXECUTION,
    PLANNING,
    SELECTION,
    Jenis,
    Metode,
)

# Share of the late packages (without a story of their own) whose OPD recorded why.
EXPLAINED_SHARE = 0.8
# Share of the packages kritis by their reports (not declared) that have a kendala.
KRITIS_EXPLAINED_SHARE = 0.5
# Share of the tindak lanjut past their batas that are still not done (overdue); the
# others were done by their batas.
OVERDUE_SHARE = 0.2
# A tindak lanjut moves from direncanakan to berjalan this many days after recording.
STARTS_AFTER_DAYS = (2, 6)
BEFORE_BIDS = ("pengumuman", "penjelasan", "penawaran")  # selection stages before bids open
RETRY_TRIGGERS = ("tender_ulang", "evaluasi_ulang", "undang_ulang", "pesan_ulang",
                  "penunjukan_langsung")


@dataclass
class DemoTindakLanjut:
    uraian: str
    pelaksana: str
    batas: date
    riwayat: list[tuple[str, date]] = field(default_factory=list)  # (status, day)

    @property
    def status(self) -> str:
        return self.riwayat[-1][0]


@dataclass
class DemoKendala:
    tanggal: date
    kategori: K
    uraian: str
    tindak_lanjut: list[DemoTindakLanjut] = field(default_factory=list)
    selesai: tuple[date, str] | None = None


class _Story:
    """Builds one paket's kendala as of ``per``: nothing dated after it."""

    def __init__(self, paket: DemoPaket, rng: random.Random, per: date):
        self.paket, self.rng, self.per = paket, rng, per
        self.kendala: list[DemoKendala] = []
        self.steps = [(pemicu, day) for _dari, _ke, pemicu, day, _note in paket.steps]

    def first(self, *triggers: str) -> date | None:
        """The date of the first of ``triggers`` in the paket's history, if any."""
        return next((day for pemicu, day in self.steps if pemicu in triggers), None)

    def add(self, tanggal: date, kategori: K, uraian: str) -> DemoKendala:
        found = DemoKendala(min(tanggal, self.per), kategori, uraian)
        self.kendala.append(found)
        return found

    def follow(self, found: DemoKendala, uraian: str, pelaksana: str, days: int,
               done: date | None = None) -> DemoTindakLanjut:
        """A tindak lanjut recorded with the kendala, due ``days`` later; it starts a few
        days on (if that is past) and is done on ``done`` (if that is past)."""
        tl = DemoTindakLanjut(uraian, pelaksana, found.tanggal + timedelta(days=days),
                              [(S.DIRENCANAKAN, found.tanggal)])
        if done is None and tl.batas < self.per and self.rng.random() >= OVERDUE_SHARE:
            done = tl.batas  # done by its batas, though the kendala may still stand
        started = found.tanggal + timedelta(days=self.rng.randint(*STARTS_AFTER_DAYS))
        if started <= self.per and (done is None or started < done):
            tl.riwayat.append((S.BERJALAN, started))
        if done is not None and done <= self.per:
            tl.riwayat.append((S.SELESAI, max(done, found.tanggal)))
        found.tindak_lanjut.append(tl)
        return tl

    def resolve(self, found: DemoKendala, day: date | None, catatan: str) -> None:
        """Resolved on ``day`` when that has come."""
        if day is not None and day <= self.per and found.selesai is None:
            found.selesai = (max(day, found.tanggal), catatan)

    @property
    def penyedia(self) -> str:
        return self.paket.final.penyedia or "Penyedia"

    @property
    def lokasi(self) -> str:
        return next((lok for lok in LOKASI if self.paket.nama.endswith(lok)), "lokasi kerja")


def _kritis_contract(s: _Story) -> None:
    """A contract declared kritis: konstruksi had rain and a material shortage, goods a
    late delivery, services too few people. Resolved when it recovered (pulih), was
    handed over, or the contract was terminated."""
    declared = s.first("nyatakan_kritis")
    if declared is None:
        return
    ended = s.first("pulih", "pho", "bast", "putus_kontrak")
    catatan = ("Kontrak diputus; sisa pekerjaan dianggarkan kembali"
               if s.first("putus_kontrak") else "Progres kembali sesuai rencana setelah SCM")
    if s.paket.jenis == Jenis.KONSTRUKSI:
        cuaca = s.add(declared - timedelta(days=s.rng.randint(7, 20)), K.CUACA,
                      f"Hujan deras berhari-hari di {s.lokasi}; pekerjaan tanah dan "
                      "pengecoran terhenti, lokasi tergenang")
        uji_coba = next((r[3].get("tgl_uji_coba") for r in s.paket.records
                         if r[0] == "adakan_scm"), None)
        s.follow(cuaca, "Tambah shift kerja dan jam lembur saat cuaca memungkinkan",
                 s.penyedia, ((uji_coba or declared + timedelta(days=30)) - cuaca.tanggal).days,
                 ended)
        material = s.add(declared, K.MATERIAL,
                         "Pasokan batu split dan aspal terlambat; quarry langganan di Pati "
                         "kehabisan stok")
        s.follow(material, "Datangkan material dari luar daerah (Jepara dan Rembang)",
                 s.penyedia, 14, ended)
        found = [cuaca, material]
    elif s.paket.jenis == Jenis.BARANG:
        found = [s.add(declared, K.MATERIAL,
                       "Barang dari pabrikan masih inden; pengiriman mundur dari jadwal")]
        s.follow(found[0], "Cari barang setara dari distributor lain dengan persetujuan PPK",
                 s.penyedia, 21, ended)
    else:
        found = [s.add(declared, K.PENYEDIA,
                       "Tenaga ahli dan pekerja di lapangan kurang dari yang ditawarkan")]
        s.follow(found[0], "Tambah tenaga sesuai dokumen penawaran", s.penyedia, 14, ended)
    for one in found:
        s.resolve(one, ended, catatan)
    warned = s.first("beri_sp")
    if warned is not None:
        sp = s.add(warned, K.PENYEDIA, "Target uji coba SCM tidak tercapai; tenaga dan alat "
                   "di lapangan tetap kurang")
        s.follow(sp, "Surat peringatan dan evaluasi pemutusan kontrak", "PPK", 21,
                 s.first("putus_kontrak"))
        s.resolve(sp, s.first("putus_kontrak"),
                  "Kontrak diputus; penyedia dimasukkan ke daftar hitam")


def _kesempatan(s: _Story) -> None:
    granted = s.first("beri_kesempatan")
    if granted is None:
        return
    found = s.add(granted, K.PENYEDIA, "Pekerjaan belum selesai saat masa kontrak berakhir; "
                  "penyedia sanggup menyelesaikan dalam masa kesempatan")
    handed = s.first("pho", "bast")
    s.follow(found, f"Pemberian kesempatan {KESEMPATAN_DAYS} hari kalender dengan denda "
             "keterlambatan", "PPK", KESEMPATAN_DAYS, handed)
    s.resolve(found, handed, "Pekerjaan diserahterimakan dalam masa kesempatan")


def _failed_selection(s: _Story) -> None:
    """Each failure (nyatakan_gagal) and what the Pokja or PPK did about it; resolved
    once the contract is signed (or the order placed again)."""
    signed = s.first("tanda_tangan_kontrak")
    failures = [day for pemicu, day in s.steps if pemicu == "nyatakan_gagal"]
    for number, failed in enumerate(failures):
        retry = next(((p, d) for p, d in s.steps if p in RETRY_TRIGGERS and d >= failed),
                     (None, None))
        uraian, tl, pelaksana = _failure_texts(s.paket.metode, number, retry[0])
        found = s.add(failed, K.PEMILIHAN_ULANG, uraian)
        s.follow(found, tl, pelaksana, s.rng.randint(10, 21), retry[1])
        s.resolve(found, signed, "Kontrak ditandatangani setelah pemilihan ulang")


def _failure_texts(metode: Metode, number: int, retry: str | None) -> tuple[str, str, str]:
    if retry == "evaluasi_ulang":
        return ("Evaluasi penawaran dinyatakan gagal karena kesalahan prosedur evaluasi",
                "Evaluasi ulang seluruh penawaran", "Pokja Pemilihan")
    if metode == Metode.PENGADAAN_LANGSUNG:
        return ("Pengadaan langsung gagal: calon penyedia tidak memenuhi kualifikasi",
                "Undang calon penyedia lain yang memenuhi kualifikasi", "Pejabat Pengadaan")
    if metode == Metode.E_PURCHASING:
        return ("Pesanan e-katalog ditolak penyedia: stok tidak tersedia",
                "Pesan ulang ke penyedia katalog lain", "PPK")
    if number >= 1 or retry == "penunjukan_langsung":
        return ("Tender ulang gagal lagi: hanya satu peserta memasukkan penawaran",
                "Penunjukan langsung dengan persetujuan PA/KPA", "PPK")
    return ("Pemilihan gagal: tidak ada peserta yang lulus evaluasi teknis",
            "Reviu spesifikasi teknis dan HPS sebelum pemilihan diulang",
            "PPK dan Pokja Pemilihan")


def _sanggah(s: _Story, flags: frozenset[str]) -> None:
    """A sanggah banding is always a filed appeal; a paket held up in masa sanggah had
    a sanggah filed."""
    state = s.paket.final.state
    if not (state == "sanggah_banding" or (state == "sanggah" and flags & TERLAMBAT)):
        return
    since = s.paket.steps[-1][3]
    if state == "sanggah_banding":
        found = s.add(since, K.SANGGAH, "Peserta yang kalah mengajukan sanggah banding atas "
                      "penetapan pemenang; kontrak menunggu jawabannya")
        s.follow(found, "Jawab sanggah banding", "PA/KPA",
                 config.JAWABAN_SANGGAH_BANDING_HARI_KALENDER)
    else:
        found = s.add(since + timedelta(days=2), K.SANGGAH,
                      "Peserta mengajukan sanggah atas hasil evaluasi kualifikasi")
        s.follow(found, "Jawab sanggah", "Pokja Pemilihan",
                 config.JAWABAN_SANGGAH_HARI_KALENDER)


def _road(paket: DemoPaket) -> bool:
    return is_road(paket.nama, paket.metode, paket.jenis)


def _land(s: _Story, flags: frozenset[str]) -> None:
    """A road or bridge that has not started and is late waits for its land."""
    state = s.paket.final.state
    if not (_road(s.paket) and flags & TERLAMBAT and state in (*PLANNING, "kontrak")):
        return
    since = s.paket.steps[-1][3] if s.paket.steps else s.paket.created
    day = max(since, s.per - timedelta(days=s.rng.randint(20, 60)))
    if state == "kontrak":
        found = s.add(day, K.LAHAN, f"Lokasi di {s.lokasi} belum dapat diserahkan kepada "
                      "penyedia: pembebasan lahan belum tuntas")
        s.follow(found, "Selesaikan pembebasan lahan lalu serahkan lokasi dan terbitkan SPMK",
                 "PPK dan Bagian Pemerintahan Setda", 21)
    else:
        found = s.add(day, K.LAHAN, f"Lahan untuk pekerjaan di {s.lokasi} belum bebas; "
                      "sebagian pemilik belum sepakat soal ganti rugi")
        s.follow(found, "Musyawarah ganti rugi bersama Camat dan Kepala Desa",
                 "PPK dan Bagian Pemerintahan Setda", 30)


def _stage_kendala(s: _Story) -> None:
    """Why a late package without a story of its own is held up, fitting its stage."""
    state, paket = s.paket.final.state, s.paket
    since = paket.steps[-1][3] if paket.steps else paket.created
    day = max(since, s.per - timedelta(days=s.rng.randint(3, 30)))
    if state in PLANNING and s.rng.random() < 0.35:
        found = s.add(day, K.ANGGARAN, "Anggaran sub kegiatan digeser pada perubahan APBD; "
                      "pemilihan menunggu DPPA")
        s.follow(found, "Ajukan pergeseran anggaran kepada TAPD", "PPK dan BPPKAD", 21)
    elif state in PLANNING:
        found = s.add(day, K.ADMINISTRASI, "Spesifikasi teknis dan HPS belum selesai direviu")
        s.follow(found, "Selesaikan reviu dokumen persiapan bersama UKPBJ", "PPK", 14)
    elif state == "pemesanan":
        found = s.add(day, K.ADMINISTRASI, "Penyedia e-katalog belum mengonfirmasi pesanan")
        s.follow(found, "Hubungi penyedia; pesan ke penyedia lain bila tidak ada konfirmasi",
                 "PPK", 7)
    elif state in BEFORE_BIDS:
        found = s.add(day, K.ADMINISTRASI, "Dokumen pemilihan perlu adendum: spesifikasi "
                      "teknis dipertanyakan peserta saat pemberian penjelasan")
        s.follow(found, "Terbitkan adendum dokumen pemilihan dan sesuaikan jadwal",
                 "Pokja Pemilihan", 10)
    elif state in SELECTION:
        found = s.add(day, K.ADMINISTRASI, "Evaluasi tertunda: dokumen kualifikasi peserta "
                      "perlu klarifikasi")
        s.follow(found, "Klarifikasi dokumen kualifikasi kepada peserta", "Pokja Pemilihan",
                 10)
    elif state == "sppbj":
        found = s.add(day, K.ADMINISTRASI, "Penandatanganan kontrak tertunda: jaminan "
                      "pelaksanaan dari penyedia belum diterima")
        s.follow(found, "Surati penyedia agar menyerahkan jaminan pelaksanaan", "PPK", 7)
    elif state == "kontrak":
        found = s.add(day, K.ADMINISTRASI, "SPMK belum terbit: rapat persiapan pelaksanaan "
                      "kontrak belum diadakan")
        s.follow(found, "Adakan rapat persiapan pelaksanaan dan terbitkan SPMK", "PPK", 7)
    elif state in EXECUTION:
        _late_work(s, day)


def _late_work(s: _Story, day: date) -> None:
    if s.paket.metode == Metode.SWAKELOLA:  # no penyedia: the team's own paperwork
        found = s.add(day, K.ADMINISTRASI, "Pencairan dana kegiatan tertunda: SPJ bulan lalu "
                      "belum lengkap")
        s.follow(found, "Lengkapi SPJ lalu ajukan GU", "PPTK dan Bendahara Pengeluaran", 10)
    elif s.paket.jenis == Jenis.KONSTRUKSI and s.rng.random() < 0.5:
        found = s.add(day, K.CUACA, f"Curah hujan tinggi di {s.lokasi}; pekerjaan hanya "
                      "berjalan setengah hari")
        s.follow(found, "Tambah shift kerja pada hari cerah", s.penyedia, 21)
    elif s.paket.jenis == Jenis.KONSTRUKSI:
        found = s.add(day, K.MATERIAL, "Besi beton dan semen terlambat datang dari pemasok")
        s.follow(found, "Datangkan material dari pemasok di luar daerah", s.penyedia, 14)
    elif s.paket.jenis == Jenis.BARANG:
        found = s.add(day, K.MATERIAL, "Barang terlambat dikirim distributor; stok kosong")
        s.follow(found, "Kirim sebagian barang yang tersedia, sisanya dari gudang lain",
                 s.penyedia, 14)
    else:
        found = s.add(day, K.PENYEDIA, "Tenaga penyedia di lapangan kurang")
        s.follow(found, "Tambah tenaga sesuai dokumen penawaran", s.penyedia, 14)


def demo_kendala(paket: DemoPaket, flags: frozenset[str], seed: int,
                 per: date) -> list[DemoKendala]:
    """The paket's kendala as of ``per``, given its lateness flags on that date."""
    s = _Story(paket, random.Random(f"{seed}-{paket.kode}-kendala"), per)
    _kritis_contract(s)
    _kesempatan(s)
    _failed_selection(s)
    _sanggah(s, flags)
    _land(s, flags)
    has_open = any(k.selesai is None for k in s.kendala)
    explain = s.rng.random()
    if not has_open and ((flags & TERLAMBAT and explain < EXPLAINED_SHARE)
                         or (flags & KRITIS and explain < KRITIS_EXPLAINED_SHARE)):
        _stage_kendala(s)
    return s.kendala
