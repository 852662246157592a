"""Other systems' names for metode and jenis, mapped to our codes (vocabulary.py).

SiRUP writes metode as text ("Tender", "Pengadaan Langsung", older "Lelang Umum").
The 2015 Bandung SiRUP table has numeric codes that its source never decodes; the
decoding below is our reading of the data (see :data:`SIRUP_2015_METODE`).
"""

from __future__ import annotations

import re
from functools import cache

from pengadaan.domain.vocabulary import JENIS_LABEL, METODE_LABEL, Jenis, Metode

_TENDER_LIKE = "tender*"  # tender, or seleksi when the jenis is konsultansi

METODE_TEXT: dict[str, str] = {
    "tender": _TENDER_LIKE,
    "lelang": _TENDER_LIKE,
    "lelangumum": _TENDER_LIKE,
    "lelangsederhana": _TENDER_LIKE,
    "lelangterbatas": _TENDER_LIKE,
    "pemilihanlangsung": _TENDER_LIKE,
    "kontes": _TENDER_LIKE,
    "sayembara": _TENDER_LIKE,
    "tendercepat": Metode.TENDER_CEPAT,
    "lelangcepat": Metode.TENDER_CEPAT,
    "seleksi": Metode.SELEKSI,
    "seleksiumum": Metode.SELEKSI,
    "seleksisederhana": Metode.SELEKSI,
    "pengadaanlangsung": Metode.PENGADAAN_LANGSUNG,
    "penunjukanlangsung": Metode.PENUNJUKAN_LANGSUNG,
    "epurchasing": Metode.E_PURCHASING,
    "ekatalog": Metode.E_PURCHASING,
    "katalogelektronik": Metode.E_PURCHASING,
    "swakelola": Metode.SWAKELOLA,
}
for _m in Metode:
    METODE_TEXT.setdefault(re.sub(r"[^a-z]", "", _m.value), _m)
    METODE_TEXT.setdefault(re.sub(r"[^a-z]", "", METODE_LABEL[_m].lower()), _m)

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

JENIS_TEXT: dict[str, str] = {
    "barang": Jenis.BARANG,
    "pekerjaankonstruksi": Jenis.KONSTRUKSI,
    "konstruksi": Jenis.KONSTRUKSI,
    "jasakonsultansi": Jenis.KONSULTANSI,
    "konsultansi": Jenis.KONSULTANSI,
    "jasakonsultansibadanusaha": Jenis.KONSULTANSI,
    "jasakonsultansiperorangan": Jenis.KONSULTANSI,
    "jasakonsultansibadanusahakonstruksi": Jenis.KONSULTANSI,
    "jasakonsultansibadanusahanonkonstruksi": Jenis.KONSULTANSI,
    "jasakonsultansiperorangankonstruksi": Jenis.KONSULTANSI,
    "jasakonsultansiperorangannonkonstruksi": Jenis.KONSULTANSI,
    "jasalainnya": Jenis.JASA_LAINNYA,
    "jasalain": Jenis.JASA_LAINNYA,
}
for _j in Jenis:
    JENIS_TEXT.setdefault(re.sub(r"[^a-z]", "", _j.value), _j)
    JENIS_TEXT.setdefault(re.sub(r"[^a-z]", "", JENIS_LABEL[_j].lower()), _j)

# Bandung 2015 `jenis_pengadaan` 1–4 always co-occurs with the `jenis` text (README).
SIRUP_2015_JENIS = {"1": Jenis.BARANG, "2": Jenis.KONSTRUKSI, "3": Jenis.KONSULTANSI,
                    "4": Jenis.JASA_LAINNYA}


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def metode_of(text: str, jenis: str) -> str | None:
    """Our metode for a source name (``None`` when unknown)."""
    found = METODE_TEXT.get(_key(text))
    if found == _TENDER_LIKE:
        return (Metode.SELEKSI if jenis == Jenis.KONSULTANSI else Metode.TENDER).value
    return None if found is None else str(found)


def jenis_of(text: str) -> str | None:
    """Our jenis for a source name (``None`` when unknown)."""
    found = JENIS_TEXT.get(_key(text))
    return None if found is None else str(found)


# OCDS procurementMethod / mainProcurementCategory (docs/domain.md §7.3).
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


@cache
def stages(metode: str) -> tuple[str, ...]:
    """The workflow stages of ``metode`` (cached: imports ask once per row)."""
    from pengadaan.domain.workflow import stages_of

    return tuple(stages_of(Metode(metode)))
