"""The one garbage-collector helper: pause the cyclic collector while many objects are made.

Reading a large store and building a workbook make tens of thousands of small objects that form
no reference cycle, yet their number sets off repeated full collections that find nothing to
free (``docs/performance.md`` says what that cost). Reference counting still frees everything
as usual while the collector is paused; nested pauses are fine: only the outermost one resumes
it, and only if it was on.

Resuming hands the objects made while paused to the oldest generation (``gc.freeze`` then
``gc.unfreeze``) instead of letting the first allocation after the pause examine them all in
one young-generation collection: most of them are results still in use (a command's output is
about to be written, a web page's figures are cached), and the few reference cycles among them
are freed at the next full collection, as for any long-lived object.
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
            gc.freeze()
            gc.unfreeze()
            gc.enable()
