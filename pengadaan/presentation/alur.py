"""A workflow as the steps a person reads (``pengadaan alur``): per stage, each trigger
with where it leads, who fires it, the rules that must hold and what it asks for.

Derived from the workflow data (definitions.py), the guards' declared rules
(guards.RULE) and the trigger owners (akses.PEMILIK_PEMICU): nothing restated here.
"""

from __future__ import annotations

from pengadaan.domain.akses import PEMILIK_PEMICU
from pengadaan.domain.vocabulary import METODE_LABEL, Metode, tahap_label
from pengadaan.domain.workflow.definitions import (
    WORKFLOWS,
    Step,
    choice_label,
    stages_of,
)
from pengadaan.domain.workflow.guards import RULE

# A step leaving this many stages or more is listed once, not under each of them.
_MANY_SOURCES = 3


def workflow_lines(metode: Metode) -> list[tuple[int, str]]:
    """The workflow of ``metode`` in Indonesian, stage by stage: (indent, text) lines,
    so a narrow terminal wraps each under its own indent."""
    steps = WORKFLOWS[metode]
    lines = [(0, f"Alur {METODE_LABEL[metode]}"),
             (0, "Pemicu dijalankan dengan `pengadaan paket maju KODE PEMICU`; admin boleh "
                 "menjalankan semuanya."), (0, "")]
    for stage in stages_of(metode):
        leaving = [s for s in steps if stage in s.source and len(s.source) < _MANY_SOURCES]
        if leaving:
            lines.append((0, tahap_label(stage)))
            lines += [line for step in leaving for line in _step(step)]
    shared = [s for s in steps if len(s.source) >= _MANY_SOURCES]
    if shared:
        lines += [(0, ""), (0, "Dari beberapa tahap")]
        for step in shared:
            sources = ", ".join(tahap_label(s) for s in stages_of(metode) if s in step.source)
            lines += [*_step(step), (4, f"dari tahap: {sources}")]
    return lines


def _step(step: Step) -> list[tuple[int, str]]:
    lines = [(2, f"{step.trigger}: {choice_label(step.trigger, step.dest)}"),
             (4, f"oleh: {PEMILIK_PEMICU[step.trigger].value.upper()}")]
    rules = list(dict.fromkeys(RULE[guard] for guard in step.guards))
    if rules:
        lines.append((4, f"syarat: {'; '.join(rules)}"))
    if step.inputs:
        isian = ", ".join(i.label + (" (wajib)" if i.required else "") for i in step.inputs)
        lines.append((4, f"isian: {isian}"))
    return lines
