"""Trigger inputs are declared once (workflow/isian.py): every rule reads only declared
inputs or the facts the use case passes, ``paket maju`` takes exactly the declared
ones, each kind parses at its boundaries, and a refusal names the field to fill."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
import typer.main

from pengadaan.cli import app
from pengadaan.cli.isian import flag, option_help, with_hint
from pengadaan.domain.errors import GuardFailed, InvalidInput
from pengadaan.domain.workflow import PaketCase, allowed, require_inputs
from pengadaan.domain.workflow import isian as i
from pengadaan.domain.workflow.definitions import WORKFLOWS

ROOT = Path(__file__).resolve().parent.parent
# Where guards, effects and trigger records read a trigger's inputs.
READERS = ("pengadaan/domain/workflow/guards.py", "pengadaan/usecases/execution_records.py",
           "pengadaan/usecases/paket.py", "pengadaan/usecases/progres.py")
FACTS = "pengadaan/usecases/execution_facts.py"


def _keys_read(path: str, mapping: str) -> set[str]:
    """String keys of ``mapping.get("x")``, ``mapping["x"]`` and ``{"x": …}`` in ``path``."""
    found = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == mapping and node.args
                and isinstance(node.args[0], ast.Constant)):
            found.add(node.args[0].value)
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
              and node.value.id == mapping and isinstance(node.slice, ast.Constant)):
            found.add(node.slice.value)
        elif isinstance(node, ast.Dict) and mapping == "facts":
            found |= {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return found


def _step_inputs() -> set[i.Isian]:
    return {isian for steps in WORKFLOWS.values() for step in steps for isian in step.inputs}


def test_every_input_a_rule_reads_is_declared_or_a_fact():
    facts = _keys_read(FACTS, "facts")
    assert {"realisasi_fisik_bp", "daftar_hitam", "uji_coba_tercapai"} <= facts
    read = set().union(*(_keys_read(path, "inputs") for path in READERS))
    assert {"hps", "catatan", "tanggal", "kesempatan_sampai", "lanjutan"} <= read
    assert read - facts <= i.ISIAN.keys()
    assert not facts & i.ISIAN.keys()  # a fact is never typed by a user


def test_each_input_declared_once_and_taken_by_some_step():
    assert _step_inputs() == set(i.TRIGGER_INPUTS)
    assert len(i.ISIAN) == len(i.COMMON) + len(i.TRIGGER_INPUTS) + 1  # + alasan koreksi
    assert all(i.ISIAN[isian.name] is isian for isian in _step_inputs())


def _maju_options() -> dict[str, str]:
    paket = typer.main.get_command(app).commands["paket"]
    return {param.opts[0]: param.help for param in paket.commands["maju"].params
            if param.opts[0].startswith("--")}


def test_paket_maju_takes_exactly_the_declared_inputs_with_their_help():
    options = _maju_options()
    declared = {flag(isian.name): option_help(isian) for isian in (*i.COMMON, *i.TRIGGER_INPUTS)}
    assert options.pop("--versi")
    assert options == declared
    assert options["--kesempatan-sampai"] == (
        "Kesempatan sampai (tanggal): batas pemberian kesempatan (paling lama 50 hari "
        "kalender setelah kontrak berakhir)")


@pytest.mark.parametrize(("metode", "state", "pemicu", "names"), [
    ("tender", "persiapan", "umumkan", ("hps",)),
    ("pengadaan_langsung", "negosiasi", "tanda_tangan_kontrak",
     ("penyedia", "nilai_kontrak", "mulai_kontrak", "selesai_kontrak")),
    ("tender", "scm_1", "adakan_scm", ("target_uji_coba", "tgl_uji_coba")),
    ("tender", "kritis", "putus_kontrak", ("curang", "lanjutan")),
    ("tender", "pelaksanaan", "nyatakan_kritis", ()),
])
def test_allowed_triggers_carry_their_declared_inputs(metode, state, pemicu, names):
    case = PaketCase(state, metode, "barang", 2026, 1_000_000_000)
    [step] = [a for a in allowed(case) if a.pemicu == pemicu]
    assert tuple(isian.name for isian in step.inputs) == names
    assert {flag(name) for name in names} <= _maju_options().keys()


@pytest.mark.parametrize(("isian", "text", "value"), [
    (i.TARGET_UJI_COBA, "100", 10_000),
    (i.TARGET_UJI_COBA, "62,5%", 6_250),
    (i.TARGET_UJI_COBA, "0", 0),
    (i.NILAI_KONTRAK, "1.234.567", 1_234_567),
    (i.NILAI_KONTRAK, "Rp 1.234.567,00", 1_234_567),
    (i.HPS, "900000000", 900_000_000),
    (i.TGL_UJI_COBA, "2026-02-28", date(2026, 2, 28)),
    (i.TGL_UJI_COBA, "28/02/2026", date(2026, 2, 28)),
    (i.PENYEDIA, "  CV Karya Muria ", "CV Karya Muria"),
    (i.LANJUTAN, " P-1L ", "P-1L"),
    (i.HPS, "   ", None),
    (i.TGL_UJI_COBA, None, None),
    (i.CURANG, True, True),
    (i.CURANG, None, False),
    (i.CURANG, "ya", True),
    (i.CURANG, "tidak", False),
])
def test_parse_by_kind(isian, text, value):
    assert isian.parse(text) == value


@pytest.mark.parametrize(("isian", "text", "message"), [
    (i.TARGET_UJI_COBA, "100,01", "target uji coba: 100,01% di luar rentang 0–100%"),
    (i.TARGET_UJI_COBA, "-1", "target uji coba: -1,00% di luar rentang 0–100%"),
    (i.TARGET_UJI_COBA, "62,555", "target uji coba: '62,555' paling banyak dua angka desimal"),
    (i.TARGET_UJI_COBA, "banyak", "target uji coba: 'banyak' bukan persentase yang sah"),
    (i.TGL_UJI_COBA, "31/02/2026", "tanggal uji coba: '31/02/2026' bukan tanggal yang sah"),
    (i.KESEMPATAN_SAMPAI, "besok", "kesempatan sampai: 'besok' bukan tanggal yang sah"),
    (i.NILAI_KONTRAK, "1.23.456", "nilai kontrak: pemisah ribuan pada '1.23.456' tidak sah"),
    (i.BAGIAN_TERLAMBAT, "1,5 juta", "bagian terlambat: '1,5 juta' bukan nilai Rupiah"),
    (i.CURANG, "mungkin", "pelanggaran etis: 'mungkin' bukan ya/tidak"),
])
def test_bad_values_are_refused_naming_the_field(isian, text, message):
    with pytest.raises(InvalidInput) as refused:
        isian.parse(text)
    assert str(refused.value).startswith(message)


def test_the_cli_adds_the_options_that_fill_the_named_inputs():
    missing = GuardFailed("kontrak memerlukan penyedia dan nilai kontrak",
                          isian=("penyedia", "nilai_kontrak"))
    assert with_hint(missing) == ("kontrak memerlukan penyedia dan nilai kontrak "
                                  "(isi dengan --penyedia dan --nilai-kontrak)")
    wrong = GuardFailed("selesai kontrak sebelum mulai kontrak",
                        isian=("mulai_kontrak", "selesai_kontrak"), periksa=True)
    assert with_hint(wrong).endswith("(periksa --mulai-kontrak dan --selesai-kontrak)")
    assert with_hint(GuardFailed("HPS melebihi pagu")) == "HPS melebihi pagu"


@pytest.mark.parametrize("path", [*READERS, "pengadaan/domain/workflow/engine.py"])
def test_rule_messages_name_no_cli_option(path):
    """The TUI shows these messages too: they name the field, the CLI adds its option."""
    texts = [node.value for node in ast.walk(ast.parse((ROOT / path).read_text()))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert [t for t in texts if re.search(r"(^|[\s(])--[a-z]", t)] == []


def test_a_required_input_left_blank_is_refused_by_name():
    case = PaketCase("kritis", "tender", "barang", 2026, 1_000_000_000)
    with pytest.raises(InvalidInput, match=r"^target uji coba: wajib diisi$") as refused:
        require_inputs(case, "adakan_scm", {"target_uji_coba": None,
                                            "tgl_uji_coba": date(2026, 5, 18)})
    assert refused.value.isian == ("target_uji_coba",)
    with pytest.raises(InvalidInput, match=r"^tanggal uji coba: wajib diisi$"):
        require_inputs(case, "adakan_scm", {"target_uji_coba": 5_000})
    require_inputs(case, "adakan_scm", {"target_uji_coba": 5_000,
                                        "tgl_uji_coba": date(2026, 5, 18)})
    require_inputs(case, "putus_kontrak", {})  # nothing required there
    with pytest.raises(InvalidInput, match=r"^kesempatan sampai: wajib diisi$"):
        require_inputs(case, "beri_kesempatan", {"bagian_terlambat": 5_000})
