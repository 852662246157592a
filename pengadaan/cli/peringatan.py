"""``pengadaan peringatan`` (alerts) and ``pengadaan kalender`` (working-day calendar).

No ``from __future__ import annotations``: Typer reads a command's annotations as
objects, and strings it would compile again on every run (issue #15); the annotations
naming types loaded only for type checking are quoted instead."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pengadaan.cli.common import (
    console,
    ctx_obj,
    date_option,
    fitted,
    listing,
    print_fitted,
)
from pengadaan.cli.exit_codes import ExitCode
from pengadaan.domain.alert_kinds import ALERT_KINDS, FLAG_LABEL, LATE_FLAGS, flag_name
from pengadaan.domain.errors import DatabaseError, InvalidInput
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.lazy import module
from pengadaan.presentation.safe_text import printable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from pengadaan.usecases.alert_counts import AlertCounts
    from pengadaan.usecases.alert_results import Peringatan

# What the commands' work needs, loaded when they run (not for their --help).
formatting = module("pengadaan.domain.formatting")
kendala = module("pengadaan.domain.kendala")
json_lines = module("pengadaan.presentation.json_lines")
lateness_text = module("pengadaan.presentation.lateness_text")
kalender_uc = module("pengadaan.usecases.kalender")
alerts_uc = module("pengadaan.usecases.alerts")
alert_texts = module("pengadaan.usecases.alert_texts")
gc_pause = module("pengadaan.usecases.gc_pause")
counts_uc = module("pengadaan.usecases.alert_counts")  # --ringkas: not the alerts' types
columns = module("pengadaan.cli.peringatan_columns")  # the tables: not for one line


class AlertFormat(StrEnum):
    tabel = "tabel"
    json = "json"


def alerts_json(alerts: "Iterable[Peringatan]") -> str:
    """The document ``peringatan --format json`` prints, from alerts already built (one
    per line, ``Peringatan.json_text``, a paket's kendala written once); the command
    itself writes it from the rows (usecases/alert_texts.py)."""
    known: dict[tuple[int, int], str] = {}
    return json_lines.json_lines(a.json_text(known) for a in alerts)


def _write_json(db, as_of, opd: str | None, flag: str | None) -> bool:
    """Print the alerts as JSON while they are read, one chunk at a time, and say whether
    there were any: each alert's text is freed once written, so 90,000 of them (42 MB
    at 100k) are never alive together. Called with the cyclic collector paused (no
    alert is in a cycle; a collection would walk every object alive)."""
    with alert_texts.streamed_json(db, as_of, opd=opd, flag=flag) as found:
        return streamed_json_to(sys.stdout.write, found) > 0


def streamed_json_to(write: "Callable[[str], object]", texts: "Iterator[str]",
                     chunk: int = 1024) -> int:
    """``json_lines.write_json_lines``, and a read that fails once a chunk is printed
    said as what it leaves: JSON cut off (exit 3). Before anything is printed the
    failure is the read's own, so the ORM path may still answer the whole."""
    started = False

    def written(text: str) -> None:
        nonlocal started
        started = True
        write(text)

    try:
        return json_lines.write_json_lines(written, texts, chunk)
    except Exception as err:
        if not started or not _read_failure(err):
            raise
        from pengadaan.db.sqlite_failure import worded

        raise DatabaseError(f"pembacaan basis data gagal di tengah jalan "
                            f"({worded(err)}); keluaran JSON tidak lengkap") from None


def _read_failure(err: Exception) -> bool:
    """The database failed (cached path, ORM path or its driver); nothing else is
    loaded for the check: a failing path loaded its own errors."""
    import sqlite3  # loaded already by a cached read

    from pengadaan.db.reading import Unusable
    from pengadaan.db.sqlite_failure import orm_failure

    return isinstance(err, Unusable | DatabaseError | sqlite3.Error) or orm_failure(err)


def flag_style(flag: str) -> str:
    """Red for late, yellow for at risk."""
    return "red" if flag in LATE_FLAGS else "yellow"


def hari_text(hari: int) -> str:
    """``+12`` days late / ``-3`` days left / ``0`` due today (legend under the table)."""
    return f"{hari:+d}" if hari else "0"


def ringkas_line(counts: "AlertCounts") -> str:
    """One line for a login banner or a cron mail: packages per golongan, then every
    kind with a non-zero count (the dashboard's numbers, the same words)."""
    return lateness_text.ringkas(counts.per_golongan, counts.per_flag, counts.denda)


def _kendala(alert: "Peringatan") -> str:
    """After the name (which folds, so the table does not widen): the category of the
    paket's open kendala, so a late paket somebody explained reads differently."""
    if alert.kendala is None:
        return ""
    return f"; kendala: {kendala.kategori_label(alert.kendala.kategori)}"


def _berisiko(alert: "Peringatan") -> str:
    """berisiko_tidak_terserap (issue #17): the amount the forecast expects lost."""
    if alert.berisiko is None:
        return ""
    return f"; berisiko {formatting.rupiah(alert.berisiko)}"


def print_alerts(alerts: "list[Peringatan]", per) -> None:
    from rich import box

    from pengadaan.presentation.table_columns import Row

    if not alerts:
        console.print(f"Tidak ada peringatan per {formatting.tanggal(per)}.")
        return
    by_opd: dict[str, list[Peringatan]] = {}
    for a in alerts:
        by_opd.setdefault(a.opd, []).append(a)
    for opd, rows in by_opd.items():
        print_fitted(fitted(columns.ALERT_COLUMNS, (
            Row((a.kode, f"{a.nama} ({tahap_label(a.tahap)}){_berisiko(a)}{_kendala(a)}",
                 flag_name(a.peringatan), formatting.tanggal(a.batas), hari_text(a.hari),
                 formatting.rupiah(a.denda)),
                style=flag_style(a.peringatan)) for a in rows),
            markup=False, title=f"{opd}: {len(rows)} peringatan per {formatting.tanggal(per)}",
            title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False))
    console.print("Hari: + terlambat, - sisa hari, 0 jatuh tempo hari ini. "
                  + "; ".join(f"{flag_name(f)}: {FLAG_LABEL[f]}"
                              for f in ALERT_KINDS if f in {a.peringatan for a in alerts}),
                  markup=False)


def peringatan(
    ctx: typer.Context,
    per: Annotated[str | None, typer.Option(
        help="Dinilai per tanggal ini (YYYY-MM-DD); bawaan hari ini (WIB)")] = None,
    opd: Annotated[str | None, typer.Option(help="Kode atau singkatan OPD")] = None,
    jenis_peringatan: Annotated[str | None, typer.Option(
        "--jenis-peringatan", help=f"Hanya satu jenis: {', '.join(ALERT_KINDS)}")] = None,
    format: Annotated[AlertFormat, typer.Option("--format", "-f")] = AlertFormat.tabel,
    ringkas: Annotated[bool, typer.Option(
        "--ringkas", help="Satu baris ringkasan (untuk banner login atau surel cron)")] = False,
    gagal_jika_ada: Annotated[bool, typer.Option(
        "--gagal-jika-ada",
        help="Keluar dengan kode 1 bila ada peringatan; 3 bila perintah gagal")] = False,
) -> None:
    """Paket terlambat dan hampir jatuh tempo, per OPD, paling parah dahulu."""
    as_of = date_option(per, "per")
    # Cached SQL when it can (pengadaan/db/reading.py); the one-line summary counts what
    # the dashboard counts, with its statement: no alert is built only to be counted.
    if ringkas:  # one plain line: no Rich to load for it
        counts = ctx_obj(ctx).read_only(lambda db: counts_uc.counted(
            db, as_of, opd=opd, flag=jenis_peringatan))
        console.line(printable(ringkas_line(counts)), markup=False, soft_wrap=True)
        any_found = bool(counts)
    elif format == AlertFormat.json:
        with gc_pause.gc_paused():
            any_found = ctx_obj(ctx).read_only(
                lambda db: _write_json(db, as_of, opd, jenis_peringatan))
    else:
        alerts = ctx_obj(ctx).read_only(lambda db: alerts_uc.alerts(
            db, as_of, opd=opd, flag=jenis_peringatan))
        print_alerts(alerts, as_of)
        any_found = bool(alerts)
    if gagal_jika_ada and any_found:
        raise typer.Exit(ExitCode.FOUND)


def kalender(
    ctx: typer.Context,
    aksi: Annotated[str | None, typer.Argument(
        help="TAHUN untuk melihat hari libur (bawaan tahun ini), atau 'tambah'")] = None,
    tanggal_: Annotated[str | None, typer.Argument(
        metavar="[TANGGAL]", help="Tanggal yang ditambahkan (untuk 'tambah')")] = None,
    keterangan: Annotated[str | None, typer.Option(
        help="Keterangan hari libur (untuk 'tambah')")] = None,
) -> None:
    """Hari libur nasional, cuti bersama dan tambahan lokal; `kalender tambah TANGGAL
    --keterangan TEKS` menambah hari libur."""
    obj = ctx_obj(ctx)
    if aksi == "tambah":
        if tanggal_ is None:
            raise InvalidInput("tanggal: wajib diisi (contoh: kalender tambah 2026-04-20 "
                               "--keterangan \"Hari Jadi Kabupaten\")")
        day = formatting.parse_tanggal(tanggal_, "tanggal")
        kalender_uc.add_day(obj.db, day, keterangan or "", obj.actor)
        console.print(f"{formatting.tanggal(day)} ditambahkan sebagai hari libur: "
                      f"{keterangan.strip()}.", markup=False)
        return
    if tanggal_ is not None:
        raise InvalidInput(f"argumen berlebih: '{tanggal_}' (maksud Anda: kalender tambah?)")
    try:
        tahun = int(aksi) if aksi is not None else formatting.today_wib().year
    except ValueError:
        raise InvalidInput(f"'{aksi}' bukan tahun atau 'tambah'") from None
    daftar = kalender_uc.list_year(obj.existing_db, tahun)  # a listing creates nothing
    print_fitted(listing(
        f"Hari libur {tahun}: {len(daftar.libur)} hari (selain itu setiap Sabtu dan Minggu)",
        columns.KALENDER_COLUMNS,
        ((formatting.tanggal(d.tanggal), _HARI[d.tanggal.weekday()], d.keterangan,
          d.jenis.replace("_", " "), d.sumber) for d in daftar.libur)), hint=None)


_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
