"""The cyclic collector rests while the CLI imports (issue #15).

Importing ``pengadaan.cli`` builds ~24,000 long-lived container objects (Typer, Click,
Rich, the declared commands); the collector walked the young ones about forty times
while importing, and all of them in every older-generation pass and once more at
exit: 7 % of the instructions of a short read command (bench/README.md). Importing
this module, the first line of ``pengadaan.cli``, pauses it; the package's last line
calls :func:`imported`, which freezes what the imports built (modules, classes and
functions live as long as the process; the CLI owns that frozen heap,
pengadaan/frozen_heap.py) and resumes collecting whatever the command creates.
"""

import gc

from pengadaan import frozen_heap

OWNER = "pengadaan"  # the command: its imports' frozen heap is the CLI's
_was_enabled = gc.isenabled()
gc.disable()


def imported() -> None:
    """The imports are done: they are never collected again; the collector resumes."""
    frozen_heap.freeze(OWNER)
    if _was_enabled:
        gc.enable()
