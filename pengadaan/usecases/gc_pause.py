"""Pause the cyclic garbage collector while a list of many small objects is built.

Building 100,000 alerts allocates about a million tuples, strings and dates; every
few thousand allocations the collector walks all of them again, which took about
as long as the query itself. Nothing built here forms a reference cycle, so
reference counting frees it all; the collector resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (the previous state is restored)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
