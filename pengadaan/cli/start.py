"""The cyclic collector rests while the CLI imports (issue #15).

Importing ``pengadaan.cli`` builds ~24,000 long-lived container objects (Typer, Click,
Rich, the declared commands); the collector walked the young ones about forty times
while importing, and all of them in every older-generation pass and once more at
exit: 7 % of the instructions of a short read command (bench/README.md). Importing
this module, the first line of ``pengadaan.cli``, pauses it; the package's last line
calls :func:`imported`, which freezes what the imports built (modules, classes and
functions live as long as the process) and resumes collecting whatever the command
creates.
"""

import gc

_was_enabled = gc.isenabled()
_frozen = 0  # how many objects imported() froze
gc.disable()


def imported() -> None:
    """The imports are done: they are never collected again; the collector resumes."""
    global _frozen
    gc.freeze()
    _frozen = gc.get_freeze_count()
    if _was_enabled:
        gc.enable()


def thawed() -> None:
    """Before the TUI opens: what :func:`imported` froze goes back to the collector, so
    the app freezes its whole start-up heap itself (tui/app.py freezes only when nothing
    is frozen yet). A process that froze more since (the test session) keeps it all."""
    if gc.get_freeze_count() <= _frozen:
        gc.unfreeze()
