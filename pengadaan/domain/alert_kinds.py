"""The kinds of alert (issue #3, #5, #13, #17): their codes, severity, names and the
package-level words they give. Plain data, apart from the rules that find them
(pengadaan/domain/lateness.py), so a command's ``--help``, which lists them, loads
neither the calendar nor the deadline rules."""

from __future__ import annotations

from pengadaan.domain.errors import InvalidInput

__all__ = ["ALERT_KINDS", "BERISIKO_SEVERITY", "BERISIKO_TIDAK_TERSERAP", "FLAG_LABEL", "FLAG_NAME",
           "FLAGS", "GOLONGAN", "GOLONGAN_KETERANGAN", "GOLONGAN_LABEL", "KRITIS", "LATE_FLAGS",
           "LATE_MIN_SEVERITY", "RAWAN", "SEVERITY", "TERLAMBAT", "check_flag", "flag_name",
           "golongan", "in_order"]

# Severity for sorting and colouring: higher is worse.
SEVERITY: dict[str, int] = {
    "lewat_kontrak": 6,
    "kontrak_tertunda": 5,
    "terlambat": 4,
    "belum_mulai": 3,
    "lewat_tahun_anggaran": 2,
    "kritis": 2,  # issue #5: at risk (yellow); late only once the contract end passes
    # Issue #13: a promised follow-up is overdue; the paket is known to be in trouble and
    # somebody owns it, so at risk (yellow), not late by itself (docs/aturan.md §6.1).
    "tindak_lanjut_lewat": 2,
    "hampir": 1,
}
FLAGS = tuple(SEVERITY)
# Flags that mean "late already" (red); the others are "at risk" (yellow).
LATE_FLAGS = frozenset({"lewat_kontrak", "kontrak_tertunda", "terlambat", "belum_mulai"})
LATE_MIN_SEVERITY = min(SEVERITY[f] for f in LATE_FLAGS)  # every late flag outranks a risk


def in_order(flags) -> list[str]:
    """Most severe first; equal severities in the order of :data:`FLAGS`."""
    return sorted(flags, key=lambda f: (-SEVERITY[f], FLAGS.index(f)))

# Short names of the kinds for tables, the TUI and the XLSX (JSON keeps the codes).
FLAG_NAME: dict[str, str] = {
    "lewat_kontrak": "lewat kontrak",
    "kontrak_tertunda": "kontrak tertunda",
    "terlambat": "tahap terlambat",
    "belum_mulai": "belum mulai",
    "lewat_tahun_anggaran": "lewat tahun anggaran",
    "kritis": "kontrak kritis",
    "tindak_lanjut_lewat": "tindak lanjut lewat",
    "hampir": "hampir jatuh tempo",
}

# One meaning per package (issue #13, docs/aturan.md §6.1): a paket is *terlambat*
# when it holds any late kind, *kritis* when its contract is kritis, *rawan* when it
# holds only at-risk kinds. Terlambat and kritis may overlap; rawan never overlaps them.
TERLAMBAT = LATE_FLAGS
KRITIS = frozenset({"kritis"})
RAWAN = frozenset(FLAGS) - LATE_FLAGS - KRITIS
GOLONGAN = ("terlambat", "kritis", "rawan")
GOLONGAN_LABEL = {"terlambat": "terlambat", "kritis": "kritis", "rawan": "rawan"}
GOLONGAN_KETERANGAN = {
    "terlambat": "paket dengan sedikitnya satu tanda merah: lewat kontrak, kontrak "
                 "tertunda, tahap terlambat atau belum mulai",
    "kritis": "kontrak kritis: progres fisik di bawah rencana, atau dalam penanganan "
              "kontrak kritis (SCM/SP); bisa sekaligus terlambat",
    "rawan": "hanya tanda kuning (hampir jatuh tempo, lewat tahun anggaran, tindak "
             "lanjut lewat batas), "
             "belum terlambat dan tidak kritis",
}


def golongan(flags) -> tuple[str, ...]:
    """The package-level words (:data:`GOLONGAN`) that its flags give it."""
    held = set(flags)
    late, kritis = bool(held & TERLAMBAT), bool(held & KRITIS)
    rawan = bool(held & RAWAN) and not (late or kritis)
    return tuple(g for g, ok in zip(GOLONGAN, (late, kritis, rawan), strict=True) if ok)


def flag_name(flag: str) -> str:
    return FLAG_NAME.get(flag, flag)


FLAG_LABEL: dict[str, str] = {
    "lewat_kontrak": "lewat masa kontrak",
    "kontrak_tertunda": "kontrak belum ditandatangani > 14 hari kerja setelah SPPBJ",
    "terlambat": "tahap melewati jadwal",
    "belum_mulai": "pemilihan belum dimulai",
    "lewat_tahun_anggaran": "melewati tahun anggaran",
    "hampir": "hampir jatuh tempo",
    "kritis": "kontrak kritis (progres fisik di bawah rencana)",
    "tindak_lanjut_lewat": "tindak lanjut kendala melewati batas waktunya",
}

# Issue #17: the year-end forecast expects this paket's money not to be absorbed by
# 31 December (amount in the alert). At risk (yellow), and not a SQL condition like the
# kinds above: the forecast lays template schedules out on the working-day calendar and
# extrapolates report rates (domain/proyeksi.py), so usecases/alerts.py adds these
# alerts to the ones db/lateness_sql.py finds (docs/proyeksi.md §5).
BERISIKO_TIDAK_TERSERAP = "berisiko_tidak_terserap"
BERISIKO_SEVERITY = 2
FLAG_NAME[BERISIKO_TIDAK_TERSERAP] = "berisiko tak terserap"
FLAG_LABEL[BERISIKO_TIDAK_TERSERAP] = "dana diproyeksikan tidak terserap sampai 31 Desember"
# Every kind an alert can have, in the order legends list them.
ALERT_KINDS = (*FLAGS, BERISIKO_TIDAK_TERSERAP)


def check_flag(flag: str | None) -> str | None:
    """``--jenis-peringatan`` as given (None: every kind), refused when not a kind."""
    if flag is not None and flag not in ALERT_KINDS:
        raise InvalidInput(f"jenis peringatan: '{flag}' tidak dikenal (pilihan: "
                           f"{', '.join(ALERT_KINDS)})")
    return flag
