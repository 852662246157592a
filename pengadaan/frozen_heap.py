"""Who froze the long-lived heap: every ``gc.freeze`` and ``gc.unfreeze`` goes through here.

Frozen objects are never walked by the cyclic collector (issue #15): the CLI freezes
what its imports built (pengadaan/cli/start.py), the TUI what its start-up left
(tui/app.py), a test session what collecting the tests left. ``gc.unfreeze`` thaws
everything at once, whoever froze it, so the heap has one owner: the first to freeze
it. A later freeze joins the owner's heap (frozen as long as it is); only the owner
thaws, or hands the heap to whoever will (the CLI to the TUI it opens). The record,
not ``gc.get_freeze_count()``, says whose it is.
"""

import gc

_owner: str | None = None


def owner() -> str | None:
    """Who owns what is frozen (``None``: nothing frozen through here)."""
    return _owner


def freeze(who: str) -> bool:
    """Everything alive now leaves the collector's sight; True when ``who`` owns the
    frozen heap (it froze first, or was handed it) and so may thaw it."""
    global _owner
    gc.freeze()
    if _owner is None:
        _owner = who
    return _owner == who


def hand_over(giver: str, taker: str) -> None:
    """``giver``'s frozen heap becomes ``taker``'s (nothing thawed or frozen again);
    nothing happens when ``giver`` does not own it."""
    global _owner
    if _owner == giver:
        _owner = taker


def thaw(who: str) -> bool:
    """The frozen heap back to the collector, by its owner only: True when thawed."""
    global _owner
    if _owner != who:
        return False
    gc.unfreeze()
    _owner = None
    return True
