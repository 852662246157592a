"""Procurement workflows as ``transitions`` state machines (docs/aturan.md §3–§5)."""

from pengadaan.domain.workflow.case import PaketCase
from pengadaan.domain.workflow.definitions import PEMICU_LABEL, WORKFLOWS, stages_of
from pengadaan.domain.workflow.engine import (
    Allowed,
    allowed,
    fire,
    machine_for,
    require_inputs,
)

__all__ = [
    "PEMICU_LABEL", "WORKFLOWS", "Allowed", "PaketCase", "allowed", "fire", "machine_for",
    "require_inputs", "stages_of",
]
