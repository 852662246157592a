"""Workflow paths written out by hand for the spine tests (issue #2).

Spelled out here rather than taken from ``pengadaan.demo.year`` so that a mistake in the
demo's paths cannot hide a mistake in the workflow.
"""

from __future__ import annotations

from datetime import date, timedelta

from pengadaan.db.uow import Database

from pengadaan.domain.execution.serah_terima import akhir_pemeliharaan
from pengadaan.usecases.kontrak import contract_status
from pengadaan.usecases.paket import advance
from pengadaan.usecases.progres import record_progress
from tests.conftest import ACTOR

TODAY = date(2026, 12, 31)
START = date(2026, 1, 10)

HPS = 900_000_000
NILAI = 850_000_000
PENYEDIA = "CV Karya Muria"

# Inputs a step needs; given only to the triggers that take them.
INPUTS: dict[str, dict] = {
    "umumkan": {"hps": HPS},
    "undang": {"hps": HPS},
    "pesan": {"hps": HPS},
    "tetapkan_pemenang": {"penyedia": PENYEDIA, "nilai_kontrak": NILAI},
    "tanda_tangan_kontrak": {"penyedia": PENYEDIA, "nilai_kontrak": NILAI},
    "batalkan": {"catatan": "Anggaran direalokasi"},
    "putus_kontrak": {"catatan": "Penyedia wanprestasi"},
    "penunjukan_langsung": {"persetujuan": "Surat PA No. 027/45"},
}

TENDER_TO_EVALUASI = [
    ("siapkan", "persiapan"), ("umumkan", "pengumuman"), ("beri_penjelasan", "penjelasan"),
    ("buka_penawaran", "penawaran"), ("mulai_evaluasi", "evaluasi"),
]
TENDER_FROM_EVALUASI = [
    ("buktikan_kualifikasi", "pembuktian"), ("tetapkan_pemenang", "penetapan"),
    ("buka_sanggah", "sanggah"),
]
KONTRAK = [("tanda_tangan_kontrak", "kontrak"), ("terbitkan_spmk", "pelaksanaan")]
PHO_FHO = [("pho", "pemeliharaan"), ("fho", "selesai")]
BAST = [("bast", "serah_terima"), ("selesaikan", "selesai")]
NON_TENDER = [
    ("siapkan", "persiapan"), ("undang", "penawaran"), ("mulai_evaluasi", "evaluasi"),
    ("mulai_negosiasi", "negosiasi"),
]

TENDER_KONSTRUKSI = [
    *TENDER_TO_EVALUASI, *TENDER_FROM_EVALUASI, ("sanggah_banding", "sanggah_banding"),
    ("terbitkan_sppbj", "sppbj"), *KONTRAK, *PHO_FHO,
]
TENDER_BARANG = [
    *TENDER_TO_EVALUASI, *TENDER_FROM_EVALUASI, ("terbitkan_sppbj", "sppbj"), *KONTRAK, *BAST,
]
TENDER_CEPAT = [
    ("siapkan", "persiapan"), ("umumkan", "pengumuman"), ("buka_penawaran", "penawaran"),
    ("mulai_evaluasi", "evaluasi"), ("tetapkan_pemenang", "penetapan"),
    ("buka_sanggah", "sanggah"), ("terbitkan_sppbj", "sppbj"), *KONTRAK, *BAST,
]

# (metode, jenis, pagu, path) of every metode's happy path.
HAPPY_PATHS = {
    "tender-konstruksi": ("tender", "konstruksi", 1_000_000_000, TENDER_KONSTRUKSI),
    "tender-konstruksi-tanpa-banding": (
        "tender", "konstruksi", 1_000_000_000,
        [*TENDER_TO_EVALUASI, *TENDER_FROM_EVALUASI, ("terbitkan_sppbj", "sppbj"), *KONTRAK,
         *PHO_FHO]),
    "tender-barang": ("tender", "barang", 1_000_000_000, TENDER_BARANG),
    "tender-jasa-lainnya": ("tender", "jasa_lainnya", 1_000_000_000, TENDER_BARANG),
    "seleksi-konsultansi": ("seleksi", "konsultansi", 1_000_000_000, TENDER_BARANG),
    "tender-cepat-barang": ("tender_cepat", "barang", 1_000_000_000, TENDER_CEPAT),
    "pl-barang": ("pengadaan_langsung", "barang", 190_000_000,
                  [*NON_TENDER, *KONTRAK, *BAST]),
    "pl-konstruksi": ("pengadaan_langsung", "konstruksi", 390_000_000,
                      [*NON_TENDER, *KONTRAK, *PHO_FHO]),
    "penunjukan-langsung": ("penunjukan_langsung", "barang", 1_000_000_000,
                            [*NON_TENDER, *KONTRAK, *BAST]),
    "e-purchasing": ("e_purchasing", "barang", 1_000_000_000,
                     [("siapkan", "persiapan"), ("pesan", "pemesanan"), *KONTRAK, *BAST]),
    "swakelola": ("swakelola", "jasa_lainnya", 1_000_000_000,
                  [("siapkan", "persiapan"), ("laksanakan", "pelaksanaan"), *BAST]),
    "swakelola-konstruksi": ("swakelola", "konstruksi", 1_000_000_000,
                             [("siapkan", "persiapan"), ("laksanakan", "pelaksanaan"), *BAST]),
}


def inputs_for(pemicu: str, pagu: int) -> dict:
    """The step's inputs, scaled down for packages whose pagu is under the defaults."""
    values = dict(INPUTS.get(pemicu, {}))
    if "hps" in values and pagu < HPS:
        values["hps"] = pagu
    if "nilai_kontrak" in values and pagu < HPS:
        values["nilai_kontrak"] = pagu * 9 // 10
    return values


class Walker:
    """Advance one paket step by step, a day apart, checking each stage reached."""

    def __init__(self, db: Database, kode: str, pagu: int, start: date = START) -> None:
        self.db, self.kode, self.pagu, self.day = db, kode, pagu, start
        self.reports = 0  # progress reports recorded (each one is a version of the paket)

    def step(self, pemicu: str, expected: str | None = None, **extra):
        if pemicu in ("bast", "pho"):  # hand-over needs the work reported complete
            record_progress(self.db, self.kode, self.day, 10_000, ACTOR, today=TODAY)
            self.reports += 1
        if pemicu == "fho":  # after the masa pemeliharaan since PHO (yesterday)
            self.day = akhir_pemeliharaan(self.day - timedelta(days=1))
        values = {**inputs_for(pemicu, self.pagu), **self._dated(pemicu), **extra}
        catatan = values.pop("catatan", None)
        detail = advance(self.db, self.kode, pemicu, ACTOR, tanggal=self.day, catatan=catatan,
                         today=TODAY, **values)
        if expected is not None:
            assert detail.paket.tahap == expected, (pemicu, detail.paket.tahap)
        self.day += timedelta(days=1)
        return detail

    def _dated(self, pemicu: str) -> dict:
        """Inputs dated from the walk: the SCM trial ends on the next step's day, the
        kesempatan ten days after the contract end."""
        if pemicu == "adakan_scm":
            return {"target_uji_coba": 8000, "tgl_uji_coba": self.day + timedelta(days=1)}
        if pemicu == "beri_kesempatan":
            selesai = contract_status(self.db, self.kode, TODAY).selesai
            return {"kesempatan_sampai": selesai + timedelta(days=10),
                    "catatan": "Penyedia sanggup"}
        return {}

    def walk(self, path: list[tuple[str, str]]):
        detail = None
        for pemicu, expected in path:
            detail = self.step(pemicu, expected)
        return detail
