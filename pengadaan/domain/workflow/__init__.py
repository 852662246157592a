"""Procurement workflows as ``transitions`` state machines (docs/aturan.md §3–§5).

Every name loads when it is first used (:func:`__getattr__`): the workflows as data
(definitions), the engine (and ``transitions``) apart from them, so a report that only
reads the stages of a workflow (the year-end forecast's schedules) never builds a
machine, and a command that only declares trigger inputs as options (the submodule
isian, e.g. ``paket daftar``) loads neither."""

import importlib

# Where each name lives, loaded on first use.
_ON_FIRST_USE = {"PEMICU_LABEL": "definitions", "WORKFLOWS": "definitions",
                 "stages_of": "definitions", "stage_order": "definitions",
                 "stage_place": "definitions", "PaketCase": "case", "Allowed": "engine",
                 "allowed": "engine", "fire": "engine", "machine_for": "engine",
                 "require_inputs": "engine"}

__all__ = [
    "PEMICU_LABEL", "WORKFLOWS", "Allowed", "PaketCase", "allowed", "fire", "machine_for",
    "require_inputs", "stage_order", "stage_place", "stages_of",
]


def __getattr__(name: str):
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_ON_FIRST_USE[name]}"), name)
    globals()[name] = value
    return value
