"""Procurement workflows as ``transitions`` state machines (docs/aturan.md §3–§5).

The workflows as data load with the package; the engine (and ``transitions``) when a
name of it is first used (:func:`__getattr__`): a report that only reads the stages of
a workflow (the year-end forecast's schedules) never builds a machine."""

import importlib

from pengadaan.domain.workflow.definitions import PEMICU_LABEL, WORKFLOWS, stages_of

# Where the names of the engine live, loaded on first use.
_ON_FIRST_USE = {"PaketCase": "case", "Allowed": "engine", "allowed": "engine",
                 "fire": "engine", "machine_for": "engine", "require_inputs": "engine"}

__all__ = [
    "PEMICU_LABEL", "WORKFLOWS", "Allowed", "PaketCase", "allowed", "fire", "machine_for",
    "require_inputs", "stages_of",
]


def __getattr__(name: str):
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_ON_FIRST_USE[name]}"), name)
    globals()[name] = value
    return value
