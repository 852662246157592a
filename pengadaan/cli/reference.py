"""The CLI reference (docs/cli.md), written from the Typer commands themselves.

Generated rather than hand-written so it cannot drift from the options: tests/test_docs.py
compares the committed file with this output. Run ``make docs`` (or
``python -m pengadaan.cli.reference [BERKAS]``) after changing a command.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import typer

from pengadaan.cli.bahasa import TYPE_WORDS
from pengadaan.domain.formatting import angka
from pengadaan.presentation.fit import priorities
from pengadaan.presentation.table_columns import NAME_MIN

HEADER = """\
# Rujukan perintah `pengadaan`

<!-- Dibuat oleh pengadaan/cli/reference.py dari perintahnya sendiri; jangan disunting
tangan. Setelah mengubah perintah: `make docs`. -->

Setiap perintah dengan argumen dan opsinya, diambil dari kode perintah itu sendiri
(teks yang sama dengan `pengadaan PERINTAH --help`). Penjelasan per tugas ada di
[panduan](../README.md#dokumentasi). Opsi global (`--db`, `--pengguna`) ditulis
sebelum nama perintah: `pengadaan --db demo.db paket daftar`.
"""



def commands(cmd, ctx, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], object]]:
    """Every visible command and group, depth first, in registration order."""
    yield path, cmd
    if hasattr(cmd, "list_commands"):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from commands(sub, ctx, (*path, name))


def _anchor(path: tuple[str, ...]) -> str:
    """GitHub's anchor of the heading `` `pengadaan paket maju` ``."""
    return "-".join(path)


def _type_words(param, ctx) -> str:
    shown = param.display_type(ctx).strip("<>")
    if "|" in shown:  # choices
        return "salah satu dari " + ", ".join(f"`{c}`" for c in shown.split("|"))
    words = TYPE_WORDS.get(shown, shown)
    low, high = param.min, param.max
    if low is not None and high is not None:
        words += f" {angka(low)}–{angka(high)}"
    elif low is not None:
        words += f" ≥ {angka(low)}"
    elif high is not None:
        words += f" ≤ {angka(high)}"
    return words


def _default(param, ctx) -> str | None:
    value = param.get_default(ctx, call=False)
    if value is None or value is False or value == () or value == []:
        return None
    if isinstance(value, Enum):
        value = value.value
    if callable(value):
        return "dihitung saat dijalankan"
    return str(value)


def _is_flag(param) -> bool:
    return bool(getattr(param, "is_flag", False))


def _argument_name(param) -> str:
    return (param.metavar or param.name.upper()).strip("[]")


def _usage(path: tuple[str, ...], cmd) -> str:
    parts = list(path)
    if hasattr(cmd, "list_commands"):
        parts.append("PERINTAH")
    for param in cmd.params:
        if param.param_type_name != "argument":
            continue
        name = _argument_name(param) + ("…" if param.nargs == -1 else "")
        parts.append(name if param.required else f"[{name}]")
    if any(p.param_type_name == "option" and not p.hidden for p in cmd.params):
        parts.append("[OPSI]")
    return " ".join(parts)


def _param_line(param, ctx) -> str:
    if param.param_type_name == "argument":
        names = f"`{_argument_name(param)}`"
    else:
        names = ", ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
    facts = ["tanda, tanpa nilai" if _is_flag(param) else _type_words(param, ctx)]
    if param.nargs == -1:
        facts.append("boleh lebih dari satu")
    if param.multiple:
        facts.append("boleh diulang")
    if param.required:
        facts.append("wajib")
    default = None if _is_flag(param) else _default(param, ctx)
    if default is not None:
        facts.append(f"bawaan `{default}`")
    help_text = _markdown(" ".join((param.help or "").split()))
    line = f"- {names} ({'; '.join(facts)})"
    return f"{line}: {help_text}" if help_text else line


def _markdown(text: str) -> str:
    """Help text as Markdown text: ``<nama>`` would vanish as an HTML tag, ``*`` turn
    into emphasis; code spans stay as written."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"([<>*])", r"\\\1", parts[i])
    return "`".join(parts)


def _help(cmd) -> str:
    text = inspect.cleandoc(cmd.help or "")
    return _markdown(re.sub(r"^\s*\x08\s*$", "", text, flags=re.MULTILINE).strip())


def _section(path: tuple[str, ...], cmd, ctx) -> list[str]:
    level = "#" * min(len(path) + 1, 4)
    lines = [f'{level} `{" ".join(path)}`', ""]
    if _help(cmd):
        lines += [_help(cmd), ""]
    lines += ["```", _usage(path, cmd), "```", ""]
    visible = [p for p in cmd.params if not getattr(p, "hidden", False)]
    arguments = [p for p in visible if p.param_type_name == "argument"]
    options = [p for p in visible if p.param_type_name == "option"]
    if arguments:
        lines += ["Argumen:", "", *(_param_line(p, ctx) for p in arguments), ""]
    if options:
        heading = "Opsi global:" if len(path) == 1 else "Opsi:"
        lines += [heading, "", *(_param_line(p, ctx) for p in options), ""]
    if hasattr(cmd, "list_commands"):
        subs = [(n, cmd.get_command(ctx, n)) for n in cmd.list_commands(ctx)]
        lines += ["Perintah:", ""]
        lines += [f"- [`{n}`](#{_anchor((*path, n))}): {_first_line(s)}"
                  for n, s in subs if s is not None and not s.hidden]
        lines.append("")
    return lines


def _first_line(cmd) -> str:
    return _help(cmd).split("\n\n")[0].replace("\n", " ")


WIDTH_HEADER = f"""\
## Lebar terminal

Setiap tabel menyesuaikan diri dengan lebar terminal (`COLUMNS` bila diatur), dengan
aturan yang sama dengan tampilan terminal (`pengadaan tui`, lihat tampilan-terminal.md,
"Ukuran terminal"). Kode, tanggal, nilai Rupiah, persen dan angka tidak pernah dipotong
atau dilipat: kolomnya selebar isinya yang terpanjang. Bila lebar tidak cukup, setiap
kolom lain menyempit sampai batasnya: nama dipendekkan dengan `…` (paling sempit
{NAME_MIN} kolom), label dan teks bebas dilipat di antara kata. Bila masih tidak muat,
kolom pergi menurut urutan di bawah (dari dua kolom yang setara, yang paling kanan lebih
dulu), dan satu baris di bawah tabel menyebutnya: `kolom disembunyikan: Metode, Pagu —
perlebar terminal atau pakai --format json`. Sisa lebar mengutuhkan label lebih dulu
(yang paling sedikit kurangnya lebih dulu), lalu dibagi ke nama dan teks bebas sebanding
dengan kekurangannya. Keluaran yang disalurkan (bukan terminal, tanpa `COLUMNS`) tidak
dilipat: satu baris teks per baris tabel; `--format csv` atau `json` memberi semua kolom.

| Tabel | Kolom pergi berurutan | Selalu tampil |
|---|---|---|
"""


def width_section() -> list[str]:
    """The order in which each table's columns leave a narrow terminal, read from the
    column declarations themselves."""
    from pengadaan.cli import (
        admin,
        audit,
        jadwal,
        kendala,
        kontrak,
        paket,
        pengguna,
        peringatan_columns,
        progres,
    )
    from pengadaan.cli import rapor as rapor_cli
    from pengadaan.presentation import rapor

    tables = (
        ("paket daftar", paket.DAFTAR_COLUMNS), ("paket lihat: Jadwal", paket.JADWAL_COLUMNS),
        ("paket lihat: Riwayat", paket.RIWAYAT_COLUMNS),
        ("paket jadwal", jadwal.JADWAL_COLUMNS),
        ("paket jadwal --susun-ulang", jadwal.GESER_COLUMNS),
        ("peringatan", peringatan_columns.ALERT_COLUMNS),
        ("kalender", peringatan_columns.KALENDER_COLUMNS),
        ("rekap", rapor_cli.REKAP_COLUMNS),
        ("rapor: Paket terlambat dan kritis", rapor.BERMASALAH_COLUMNS),
        ("rapor: Penyerapan kumulatif per bulan", rapor.BULANAN_COLUMNS),
        ("target daftar", rapor_cli.TARGET_COLUMNS),
        ("kendala daftar, paket lihat: Kendala", kendala.KENDALA_COLUMNS),
        ("progres daftar", progres.PROGRES_COLUMNS),
        ("kontrak lihat: Adendum", kontrak.ADENDUM_COLUMNS),
        ("kontrak daftar-hitam", kontrak.DAFTAR_HITAM_COLUMNS),
        ("opd daftar", admin.OPD_COLUMNS), ("pengguna daftar", pengguna.PENGGUNA_COLUMNS),
        ("audit verifikasi", audit.RUSAK_COLUMNS),
    )
    lines = [WIDTH_HEADER.rstrip("\n")]
    for name, columns in tables:
        leaving, kept = priorities(columns)
        lines.append(f"| `{name}` | {_names(leaving) or '–'} | {_names(kept)} |")
    return [*lines, ""]


def _names(headers: list[str]) -> str:
    return ", ".join(header or "(keterangan)" for header in headers)


def render() -> str:
    """docs/cli.md as text (no terminal width, no colour: the same on every machine)."""
    from pengadaan.cli import app  # here, so importing this module stays cheap

    root = typer.main.get_command(app)
    ctx = root.make_context("pengadaan", [], resilient_parsing=True)
    lines = [HEADER]
    for path, cmd in commands(root, ctx, ("pengadaan",)):
        lines += _section(path, cmd, ctx)
    lines += width_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> None:
    text = render()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
