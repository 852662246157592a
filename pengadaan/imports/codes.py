"""Other systems' names for metode and jenis, mapped to our codes (vocabulary.py).

SiRUP writes metode as text ("Tender", "Pengadaan Langsung", older "Lelang Umum").
The 2015 Bandung SiRUP table has numeric codes that its source never decodes; the
decoding below is our reading of the data (see :data:`SIRUP_2015_METODE`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from pengadaan.domain.vocabulary import JENIS_LABEL, METODE_LABEL, Jenis, Metode

_TENDER_LIKE = "tender*"  # tender, or seleksi when the jenis is konsultansi


def _key(text: str) -> str:
    """A source name as looked up: lower case, letters only."""
    return re.sub(r"[^a-z]", "", text.lower())


def by_alias(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """``{alias: code}`` from each code's list of other systems' names for it."""
    return {alias: code for code, names in aliases.items() for alias in names}


def _names(aliases: dict[str, tuple[str, ...]], codes: type[StrEnum],
           labels: dict) -> dict[str, str]:
    """Source name → code: the aliases, then each code's own value and label."""
    table = by_alias(aliases)
    for code in codes:
        table.setdefault(_key(code.value), code)
        table.setdefault(_key(labels[code]), code)
    return table


# Names other than our own value and label (those are added by _names).
METODE_TEXT = _names({
    _TENDER_LIKE: ("tender", "lelang", "lelangumum", "lelangsederhana", "lelangterbatas",
                   "pemilihanlangsung", "kontes", "sayembara"),
    Metode.TENDER_CEPAT: ("lelangcepat",),
    Metode.SELEKSI: ("seleksiumum", "seleksisederhana"),
    Metode.E_PURCHASING: ("ekatalog", "katalogelektronik"),
}, Metode, METODE_LABEL)

# Bandung SiRUP 2015 `metode_pengadaan` 1–9, read as the Perpres 54/2010 list in
# SiRUP's order (Lelang Umum, Lelang Sederhana, Lelang Terbatas, Seleksi Umum,
# Seleksi Sederhana, Pemilihan Langsung, Penunjukan Langsung, Pengadaan Langsung,
# e-Purchasing). The data agrees: codes 4–5 occur only with Jasa Konsultansi, 6 only
# with konstruksi (Pemilihan Langsung was for konstruksi), 9 almost only with Barang
# (catalogue goods), 8 is the bulk of small packages.
SIRUP_2015_METODE: dict[str, str] = {
    "1": "lelangumum", "2": "lelangsederhana", "3": "lelangterbatas",
    "4": "seleksiumum", "5": "seleksisederhana", "6": "pemilihanlangsung",
    "7": "penunjukanlangsung", "8": "pengadaanlangsung", "9": "epurchasing",
}

JENIS_TEXT = _names({
    Jenis.KONSULTANSI: (
        "jasakonsultansibadanusaha", "jasakonsultansiperorangan",
        "jasakonsultansibadanusahakonstruksi", "jasakonsultansibadanusahanonkonstruksi",
        "jasakonsultansiperorangankonstruksi", "jasakonsultansiperorangannonkonstruksi"),
    Jenis.JASA_LAINNYA: ("jasalain",),
}, Jenis, JENIS_LABEL)

# Bandung 2015 `jenis_pengadaan` 1–4 always co-occurs with the `jenis` text (README).
SIRUP_2015_JENIS = {"1": Jenis.BARANG, "2": Jenis.KONSTRUKSI, "3": Jenis.KONSULTANSI,
                    "4": Jenis.JASA_LAINNYA}


@lru_cache(maxsize=4096)
def metode_of(text: str, jenis: str) -> str | None:
    """Our metode for a source name (``None`` when unknown); cached, as a file repeats
    a handful of names on every row."""
    found = METODE_TEXT.get(_key(text))
    if found == _TENDER_LIKE:
        return (Metode.SELEKSI if jenis == Jenis.KONSULTANSI else Metode.TENDER).value
    return None if found is None else str(found)


def jenis_of(text: str) -> str | None:
    """Our jenis for a source name (``None`` when unknown)."""
    found = JENIS_TEXT.get(_key(text))
    return None if found is None else str(found)


# OCDS procurementMethod / mainProcurementCategory (docs/aturan.md §7.3).
OCDS_METHOD_OUT = {
    Metode.TENDER: "open", Metode.SELEKSI: "open", Metode.TENDER_CEPAT: "selective",
    Metode.PENGADAAN_LANGSUNG: "limited", Metode.PENUNJUKAN_LANGSUNG: "direct",
    Metode.E_PURCHASING: "limited", Metode.SWAKELOLA: "direct",
}
# Without procurementMethodDetails: BIRMS writes "direct" for Pengadaan Langsung
# (its milestones read "Undangan Pengadaan Langsung"), so direct and limited both
# come in as pengadaan langsung unless a milestone names Penunjukan Langsung.
OCDS_METHOD_IN = {"open": Metode.TENDER, "selective": Metode.TENDER_CEPAT,
                  "limited": Metode.PENGADAAN_LANGSUNG, "direct": Metode.PENGADAAN_LANGSUNG}
OCDS_CATEGORY_OUT = {Jenis.BARANG: "goods", Jenis.KONSTRUKSI: "works",
                     Jenis.KONSULTANSI: "services", Jenis.JASA_LAINNYA: "services"}
OCDS_CATEGORY_IN = {"goods": Jenis.BARANG, "works": Jenis.KONSTRUKSI,
                    "services": Jenis.JASA_LAINNYA}
