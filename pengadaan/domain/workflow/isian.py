"""Trigger inputs (isian), each declared once with its kind, label and help.

A step in definitions.py lists the isian it takes; ``pengadaan paket maju``'s options,
the TUI advance form's fields and the ``paket lihat`` list are derived from these
declarations, and :meth:`Isian.parse` is the one place a typed value is read from text.
Guards name an isian by its label; the CLI and the TUI add where to fill it. The
progress report's correction reason is declared here too, because a rule asks for it
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from pengadaan.domain import config, limits
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.persen import parse_persen
from pengadaan.domain.formatting import parse_rupiah, parse_tanggal


class Kind(StrEnum):
    PERCENT = "percent"  # basis points (persen.py)
    DATE = "date"
    RUPIAH = "rupiah"  # whole Rupiah
    FLAG = "flag"  # yes/no: a CLI switch, a TUI checkbox
    KODE = "kode"  # the kode of a paket
    TEXT = "text"


# What a caption adds to the label, so a user knows the unit before typing.
_UNIT = {Kind.PERCENT: " (%)", Kind.DATE: " (tanggal)", Kind.RUPIAH: " (Rp)"}
_YES = {"ya", "true", "1"}
_NO = {"tidak", "false", "0", ""}


@dataclass(frozen=True)
class Isian:
    """One input a user gives a trigger.

    ``label`` is the field's name inside an Indonesian sentence ("nilai kontrak");
    a ``required`` one left blank is refused wherever its trigger takes it (require_inputs).
    """

    name: str
    kind: Kind
    label: str
    help: str
    required: bool = False
    batas: limits.Teks | None = None  # a text's declared limit (else by kind)

    @property
    def heading(self) -> str:
        """The label as a field heading: ``Nilai kontrak``."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def caption(self) -> str:
        """The heading with its unit: ``Nilai kontrak (Rp)``."""
        unit = "" if self.label.startswith("tanggal") else _UNIT.get(self.kind, "")
        return self.heading + unit

    def parse(self, value: str | bool | None) -> Any:
        """The typed value of text a user typed; blank is None (a flag: False) so the
        guard can say what is missing. Errors name the label."""
        if self.kind == Kind.FLAG:
            if isinstance(value, bool) or value is None:
                return bool(value)
            word = value.strip().lower()
            if word in _YES | _NO:
                return word in _YES
            raise InvalidInput(f"{self.label}: '{value}' bukan ya/tidak")
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if self.kind == Kind.RUPIAH:
            return parse_rupiah(text, self.label)
        if self.kind == Kind.PERCENT:
            return parse_persen(text, self.label)
        if self.kind == Kind.DATE:
            return parse_tanggal(text, self.label)
        batas = self.batas or (limits.KODE_PAKET if self.kind == Kind.KODE
                               else limits.TEKS_BEBAS)
        return replace(batas, label=self.label).periksa(text)


# --- given with every trigger ----------------------------------------------------------

TANGGAL = Isian("tanggal", Kind.DATE, "tanggal",
                "tanggal efektif (YYYY-MM-DD); bawaan hari ini (WIB)")
CATATAN = Isian("catatan", Kind.TEXT, "catatan", "alasan/keterangan")
COMMON: tuple[Isian, ...] = (TANGGAL, CATATAN)

# --- taken by some triggers (definitions.py) --------------------------------------------

HPS = Isian("hps", Kind.RUPIAH, "HPS", "Harga Perkiraan Sendiri, mis. 1.250.000.000")
PENYEDIA = Isian("penyedia", Kind.TEXT, "penyedia", "nama penyedia pemenang",
                 batas=limits.PENYEDIA)
NILAI_KONTRAK = Isian("nilai_kontrak", Kind.RUPIAH, "nilai kontrak",
                      "paling tinggi HPS (tanpa HPS: pagu)")
PERSETUJUAN = Isian("persetujuan", Kind.TEXT, "persetujuan PA/KPA",
                    "nomor/uraian persetujuan (untuk penunjukan langsung)")
MULAI_KONTRAK = Isian("mulai_kontrak", Kind.DATE, "mulai kontrak",
                      "mulai masa kontrak (bawaan: tanggal efektif)")
SELESAI_KONTRAK = Isian("selesai_kontrak", Kind.DATE, "selesai kontrak",
                        "akhir masa kontrak (bawaan: lama pelaksanaan rencana)")
TARGET_UJI_COBA = Isian("target_uji_coba", Kind.PERCENT, "target uji coba",
                        "progres fisik yang harus dicapai pada uji coba SCM", required=True)
TGL_UJI_COBA = Isian("tgl_uji_coba", Kind.DATE, "tanggal uji coba",
                     "akhir uji coba SCM", required=True)
KESEMPATAN_SAMPAI = Isian(
    "kesempatan_sampai", Kind.DATE, "kesempatan sampai",
    f"batas pemberian kesempatan (paling lama {config.KESEMPATAN_MAKS_HARI_KALENDER} hari "
    "kalender setelah kontrak berakhir)", required=True)
BAGIAN_TERLAMBAT = Isian("bagian_terlambat", Kind.RUPIAH, "bagian terlambat",
                         "nilai bagian kontrak yang terlambat, bila denda hanya atas bagian "
                         "itu (kosong = seluruh nilai kontrak)")
CURANG = Isian("curang", Kind.FLAG, "pelanggaran etis",
               "putus kontrak karena dokumen palsu atau KKN (daftar hitam "
               f"{config.DAFTAR_HITAM_TAHUN_CURANG} tahun)")
LANJUTAN = Isian("lanjutan", Kind.KODE, "paket lanjutan",
                 "kode paket baru, dibuat pada tahap rencana, untuk sisa pekerjaan yang "
                 "diputus")

# Every trigger-specific isian, in the order the CLI's help lists them.
TRIGGER_INPUTS: tuple[Isian, ...] = (
    NILAI_KONTRAK, PENYEDIA, HPS, PERSETUJUAN, MULAI_KONTRAK, SELESAI_KONTRAK,
    TARGET_UJI_COBA, TGL_UJI_COBA, KESEMPATAN_SAMPAI, BAGIAN_TERLAMBAT, CURANG, LANJUTAN,
)

# --- given with a progress report (not a trigger, but refused by name alike) ------------

ALASAN_KOREKSI = Isian("alasan_koreksi", Kind.TEXT, "alasan koreksi",
                       "wajib bila angka lebih rendah dari laporan sebelumnya")

ISIAN: dict[str, Isian] = {i.name: i for i in (*COMMON, *TRIGGER_INPUTS, ALASAN_KOREKSI)}
