"""The words of the domain: jenis, metode, tahap (stages) and their Indonesian labels.

Codes are stored in the database and typed on the command line; labels are for people.
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A code (stored, typed, in JSON) declared together with the label people see:
    ``BARANG = "barang", "Barang"``. The member compares and serialises as its code."""

    label: str

    def __new__(cls, code: str, label: str) -> Labelled:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member


def labels(enum: type[Labelled]) -> dict[Labelled, str]:
    """Code → label of a labelled vocabulary, for the tables that look labels up."""
    return {member: member.label for member in enum}


class Jenis(Labelled):
    """Jenis pengadaan (docs/aturan.md §2)."""

    BARANG = "barang", "Barang"
    KONSTRUKSI = "konstruksi", "Pekerjaan Konstruksi"
    KONSULTANSI = "konsultansi", "Jasa Konsultansi"
    JASA_LAINNYA = "jasa_lainnya", "Jasa Lainnya"


class Metode(Labelled):
    """Metode pemilihan (docs/aturan.md §2), or swakelola."""

    TENDER = "tender", "Tender"
    TENDER_CEPAT = "tender_cepat", "Tender Cepat"
    SELEKSI = "seleksi", "Seleksi"
    PENGADAAN_LANGSUNG = "pengadaan_langsung", "Pengadaan Langsung"
    PENUNJUKAN_LANGSUNG = "penunjukan_langsung", "Penunjukan Langsung"
    E_PURCHASING = "e_purchasing", "E-Purchasing"
    SWAKELOLA = "swakelola", "Swakelola"


class Kelompok(StrEnum):
    """Coarse lifecycle group of a tahap, for summaries and colours."""

    PERENCANAAN = "perencanaan"
    PEMILIHAN = "pemilihan"
    KONTRAK = "kontrak"
    PELAKSANAAN = "pelaksanaan"
    SERAH_TERIMA = "serah_terima"
    SELESAI = "selesai"
    GAGAL = "gagal"
    BATAL = "batal"


JENIS_LABEL = labels(Jenis)
METODE_LABEL = labels(Metode)

# Every tahap (state) of every workflow: code -> (label, kelompok).
TAHAP: dict[str, tuple[str, Kelompok]] = {
    "rencana": ("Rencana (RUP terumumkan)", Kelompok.PERENCANAAN),
    "persiapan": ("Persiapan (HPS, spesifikasi, rancangan kontrak)", Kelompok.PERENCANAAN),
    "pengumuman": ("Pengumuman", Kelompok.PEMILIHAN),
    "penjelasan": ("Pemberian Penjelasan", Kelompok.PEMILIHAN),
    "penawaran": ("Pemasukan Penawaran", Kelompok.PEMILIHAN),
    "evaluasi": ("Evaluasi Penawaran", Kelompok.PEMILIHAN),
    "pembuktian": ("Pembuktian Kualifikasi", Kelompok.PEMILIHAN),
    "negosiasi": ("Klarifikasi dan Negosiasi", Kelompok.PEMILIHAN),
    "penetapan": ("Penetapan dan Pengumuman Pemenang", Kelompok.PEMILIHAN),
    "sanggah": ("Masa Sanggah", Kelompok.PEMILIHAN),
    "sanggah_banding": ("Sanggah Banding", Kelompok.PEMILIHAN),
    "pemesanan": ("Pemesanan E-Katalog", Kelompok.PEMILIHAN),
    "gagal": ("Gagal", Kelompok.GAGAL),
    "sppbj": ("SPPBJ Terbit", Kelompok.KONTRAK),
    "kontrak": ("Kontrak Ditandatangani", Kelompok.KONTRAK),
    "pelaksanaan": ("Pelaksanaan", Kelompok.PELAKSANAAN),
    "kritis": ("Kontrak Kritis", Kelompok.PELAKSANAAN),
    "scm_1": ("SCM Tahap I", Kelompok.PELAKSANAAN),
    "scm_2": ("SCM Tahap II", Kelompok.PELAKSANAAN),
    "scm_3": ("SCM Tahap III", Kelompok.PELAKSANAAN),
    "sp_1": ("Surat Peringatan I", Kelompok.PELAKSANAAN),
    "sp_2": ("Surat Peringatan II", Kelompok.PELAKSANAAN),
    "sp_3": ("Surat Peringatan III", Kelompok.PELAKSANAAN),
    "kesempatan": ("Pemberian Kesempatan", Kelompok.PELAKSANAAN),
    "serah_terima": ("Serah Terima (BAST)", Kelompok.SERAH_TERIMA),
    "pemeliharaan": ("Masa Pemeliharaan (setelah PHO)", Kelompok.SERAH_TERIMA),
    "selesai": ("Selesai", Kelompok.SELESAI),
    "putus_kontrak": ("Putus Kontrak", Kelompok.BATAL),
    "batal": ("Batal", Kelompok.BATAL),
}

FINAL_TAHAP = frozenset({"selesai", "batal", "putus_kontrak"})
# Each tahap's place in TAHAP, across every workflow (a paket's own workflow:
# workflow.stage_order): to sort stages and to tell whether one comes after another.
TAHAP_ORDER = {code: i for i, code in enumerate(TAHAP)}


def tahap_in(*groups: Kelompok) -> tuple[str, ...]:
    """The tahap codes of the given kelompok, in workflow order."""
    return tuple(code for code, (_label, group) in TAHAP.items() if group in groups)


# Named groups of tahap: each declared once here, the workflow definitions build their
# steps from them (tests/test_workflow.py checks the graph keeps to them).
PLANNING = tahap_in(Kelompok.PERENCANAAN)  # before the selection is announced
SELECTION = tahap_in(Kelompok.PEMILIHAN)
# SPMK to hand-over: a signed contract is being carried out, its end date governs.
EXECUTION = tahap_in(Kelompok.PELAKSANAAN)
# Kontrak kritis and its SCM I–III / surat peringatan 1–3 chain (docs/aturan.md §5.2), in
# order: the contract is kritis in these stages whatever the latest progress report
# says. Pemberian kesempatan (§5.3) is not one of them: it is a time extension past the
# contract end with denda — late (lewat kontrak), and kritis only when its report is.
ESCALATION = ("kritis", "scm_1", "scm_2", "scm_3", "sp_1", "sp_2", "sp_3")
CREATE_TRIGGER = "buat"  # the riwayat entry that opens every paket's history
# The riwayat entry of a progress report: at the paket's stage, and left out of its
# timeline (the reports have their own list).
PROGRESS_TRIGGER = "progres"
# The riwayat entry of a change of the planned kurva S: at the paket's stage, shown in
# its timeline (the plan decides kontrak kritis, docs/aturan.md §5.2).
PLAN_TRIGGER = "kurva_rencana"


def tahap_label(code: str) -> str:
    """Human label of a tahap code (the code itself when unknown)."""
    return TAHAP.get(code, (code, None))[0]


def kelompok_of(code: str) -> Kelompok:
    """Coarse group of a tahap code."""
    return TAHAP[code][1]


def _choice_key(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def parse_choice(enum: type[StrEnum], text: str, field: str) -> StrEnum:
    """Parse a code such as ``tender`` or ``Tender Cepat`` with an Indonesian error; a
    :class:`Labelled` vocabulary also takes its label, in any case (``Lahan/perizinan``:
    what an officer copies from a report into a spreadsheet)."""
    from pengadaan.domain.errors import InvalidInput

    key = _choice_key(text)
    try:
        return enum(key)
    except ValueError:
        pass
    if issubclass(enum, Labelled):
        for member in enum:
            if _choice_key(member.label) == key:
                return member
    allowed = ", ".join(member.value for member in enum)
    raise InvalidInput(f"{field}: '{text}' tidak dikenal (pilihan: {allowed})")
