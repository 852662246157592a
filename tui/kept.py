"""Answers of a screen's workers kept until the data change, never one read before it.

A worker reads in its own thread while the screen may learn of a change (the poll, a
write of this user): an answer read before that change, delivered after it, would be
kept as if it were current. So a worker notes the data's state before it reads
(:meth:`Kept.noted`), and its answer is kept only if no change came in between
(:meth:`Kept.keep`).
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Values by key, valid for one state of the data. Thread-safe as far as workers use
    it: they only read the state's number (:meth:`noted`); keeping and forgetting run on
    the UI thread."""

    def __init__(self) -> None:
        self._state = 0  # how many changes this screen has learnt of
        self._values: dict[K, V] = {}

    def noted(self) -> int:
        """The data's state, for a worker to note before it reads."""
        return self._state

    def keep(self, noted: int, key: K, value: V) -> bool:
        """Keep ``value`` if it was read in the current state (``noted`` before the read);
        says whether it was."""
        if noted != self._state:
            return False
        self._values[key] = value
        return True

    def get(self, key: K) -> V | None:
        return self._values.get(key)

    def forget(self) -> None:
        """The data changed: nothing kept holds, nor anything read before now. Call it
        after reading the marker the screen polls against, so whatever is kept from now
        on was read no earlier than that marker says."""
        self._state += 1
        self._values.clear()
