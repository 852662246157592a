"""`pengadaan alur`: the steps a person reads by default, diagram sources on request."""

from __future__ import annotations

from pengadaan.domain.vocabulary import Metode
from pengadaan.domain.workflow.definitions import WORKFLOWS, choice_label
from pengadaan.domain.workflow.diagram import workflow_graph
from pengadaan.domain.workflow.guards import RULE
from tests.cli_support import run


def test_every_guard_has_its_rule_in_words():
    used = {guard for steps in WORKFLOWS.values() for step in steps for guard in step.guards}
    assert used - RULE.keys() == set()


def test_alur_prints_stages_triggers_roles_and_rules_in_indonesian():
    result = run("alur", "tender", env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Alur Tender\n")
    assert ("Persiapan (HPS, spesifikasi, rancangan kontrak)\n"
            "  umumkan: Umumkan tender/seleksi → Pengumuman\n"
            "    oleh: UKPBJ\n"
            "    syarat: HPS sudah ditetapkan; HPS tidak melebihi pagu\n"
            "    isian: HPS\n") in out
    assert "  batalkan: Batalkan paket → Batal\n    oleh: PPK\n" \
           "    syarat: alasan diisi (catatan)\n" in out
    for code in ("hps_within_pagu", "reason_required", "stateDiagram", "_required"):
        assert code not in out


def test_diagram_sources_are_kept_and_never_wrapped():
    for fmt, graph in (("mermaid", "stateDiagram"), ("dot", "digraph")):
        out = run("alur", "tender", "--format", fmt, env={"COLUMNS": "40"}).stdout
        assert graph in out
        assert out.rstrip("\n") == workflow_graph(Metode.TENDER, fmt).rstrip("\n")
        assert max(len(line) for line in out.splitlines()) > 40


def test_a_choice_never_says_the_stage_twice():
    assert choice_label("buka_sanggah", "sanggah") == "Lanjut ke Masa Sanggah"
    assert choice_label("sanggah_banding", "sanggah_banding") == \
        "Lanjut ke Sanggah Banding (konstruksi)"
    assert choice_label("umumkan", "pengumuman") == "Umumkan tender/seleksi → Pengumuman"
