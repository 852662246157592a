"""A module bound now and imported on first use (issue #15): a CLI command module binds
the use cases its work needs this way, so its ``--help`` loads none of them; the TUI
binds the ORM's use cases, so its first paint needs none of them.

Not :class:`importlib.util.LazyLoader`: on Python 3.11 two threads touching a module it
has not run yet may see it half-executed (CPython gh-114763), and the TUI's workers do
exactly that. Here the first attribute imports the module with
:func:`importlib.import_module`, which takes the import system's per-module lock.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any


class _OnFirstUse:
    """Stands for the module ``name`` until an attribute is asked for."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:  # asked only for what it lacks
        real = self.__dict__.get("_real")
        if real is None:
            real = self._real = importlib.import_module(self._name)
        return getattr(real, attribute)

    def __repr__(self) -> str:
        return f"<modul {self._name} (dimuat saat pertama dipakai)>"


def module(name: str) -> Any:
    """``name``, imported on its first attribute access (at once if already imported);
    a missing module is an error now, not on first use."""
    if name in sys.modules:
        return sys.modules[name]
    if importlib.util.find_spec(name) is None:
        raise ModuleNotFoundError(name)
    return _OnFirstUse(name)
