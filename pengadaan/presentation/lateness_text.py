"""The words and numbers of lateness, one sentence for every surface (issue #13).

``peringatan --ringkas``, the TUI's alert line and its summary bar say the same
thing: packages per golongan (terlambat, kritis, rawan: ``domain/lateness.golongan``),
then every other kind with a non-zero count, by its Indonesian name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from pengadaan.domain.alert_kinds import FLAGS, GOLONGAN, KRITIS, flag_name, golongan
from pengadaan.domain.formatting import angka, rupiah

# The dashboard's mark on a terlambat row whose paket has a kendala open on the as-of
# date (issue #13): late, known and being handled, unlike a late row nobody explained
# (those are what ``rekap`` counts as "tanpa kendala").
TANDA_KENDALA = "+kendala"
TANDA_KENDALA_SEMPIT = "+k"  # the same mark where a narrow column has no room for it
TANDA_KENDALA_ARTI = ("paket terlambat yang kendalanya sudah dicatat dan masih terbuka "
                      "(diketahui, sedang ditangani); terlambat tanpa tanda ini belum "
                      "dijelaskan. Di kolom sempit: +K; +2 = dua tanda lain")

# Per OPD, terlambat packages with no kendala open on the as-of date: late and nobody
# said why (issue #13, docs/aturan.md §6.1); the column beside "Terlambat".
TANPA_KENDALA = "Tanpa kendala"
TANPA_KENDALA_ARTI = "paket terlambat tanpa kendala terbuka (terlambat tanpa penjelasan)"


def marked_kendala(flags: Iterable[str], kendala_terbuka: bool) -> bool:
    """Whether a dashboard row carries :data:`TANDA_KENDALA`: terlambat, with a kendala."""
    return kendala_terbuka and "terlambat" in golongan(flags)


def per_golongan(flags_per_paket: Iterable[Iterable[str]]) -> dict[str, int]:
    """Packages per golongan, from each package's flags: judged once per distinct set
    of flags (a few dozen, against 35.000 packages with an alert at 100k)."""
    result = dict.fromkeys(GOLONGAN, 0)
    for flags, packages in Counter(map(frozenset, flags_per_paket)).items():
        for g in golongan(flags):
            result[g] += packages
    return result


def shown_kinds(per_flag: Mapping[str, int]) -> list[str]:
    """The kinds a summary names: every one with a non-zero count, most severe first,
    but kontrak kritis, which is the KRITIS golongan itself (the same count)."""
    return [f for f in FLAGS if per_flag.get(f, 0) and f not in KRITIS]


def kinds_text(per_flag: Mapping[str, int], denda: int | None = None) -> str:
    """The kinds of :func:`shown_kinds` with their counts; the denda of lewat kontrak."""
    parts = []
    for flag in shown_kinds(per_flag):
        extra = f" (denda {rupiah(denda)})" if flag == "lewat_kontrak" and denda else ""
        parts.append(f"{angka(per_flag[flag])} {flag_name(flag)}{extra}")
    return ", ".join(parts)


def ringkas(paket: Mapping[str, int], per_flag: Mapping[str, int],
            denda: int | None = None) -> str:
    """One line: ``N paket terlambat, N kritis, N rawan — per jenis: …``."""
    head = (f"{angka(paket.get('terlambat', 0))} paket terlambat, "
            f"{angka(paket.get('kritis', 0))} kritis, {angka(paket.get('rawan', 0))} rawan")
    kinds = kinds_text(per_flag, denda)
    return f"{head}; per jenis: {kinds}" if kinds else f"{head}; tidak ada peringatan"
