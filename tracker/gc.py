"""The one garbage-collector helper: pause the cyclic collector while many objects are made.

Reading a large store and building a workbook make tens of thousands of small objects that form
no reference cycle, yet their number sets off repeated full collections that find nothing to
free (``docs/performance.md`` says what that cost). Reference counting still frees everything
as usual while the collector is paused; nested pauses are fine: only the outermost one resumes
it, and only if it was on.

Resuming leaves the objects made while paused in the young generation, so the collector's next
young collections free the reference cycles among them soon (an import's reading pipeline, a
web request's objects); handing them to the oldest generation instead would keep such garbage,
and the files and pipes it holds, until a rare full collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (it resumes after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
