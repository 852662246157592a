"""Procurement workflows as ``transitions`` state machines (domain.md §3–§5)."""

from .case import PaketCase
from .definitions import PEMICU_LABEL, WORKFLOWS, stages_of
from .engine import Allowed, allowed, fire, machine_for

__all__ = [
    "PEMICU_LABEL", "WORKFLOWS", "Allowed", "PaketCase", "allowed", "fire", "machine_for",
    "stages_of",
]
