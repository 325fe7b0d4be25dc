"""The figure cache: computed figures kept in the process, keyed by the store generation.

The figure pages (the dashboard, the statistics, compliance, a State's page) compute their
figures with the same services as the CLI; on a large store that takes a while, and the figures
change only when the store does. :class:`FigureCache` keeps the latest results keyed by
``(what, the query, the store generation)``: the generation (:mod:`tracker.generation`) grows
in the same transaction as every committed change to the store, and it is read in the request's
own transaction before the figures are, so a cached value is never older than the last write the
request can see. A page that judges "today" puts the day in its key.

It is an optimisation only: a miss computes exactly what a page would compute without it, each
process has its own (several server processes need no coordination: the key holds the truth),
and it holds at most ``size`` entries, the least recently used leaving first. Values must be
treated as read-only by whoever gets them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")

DEFAULT_SIZE = 64


class FigureCache:
    """A bounded, thread-safe map from ``(key, generation)`` to computed figures."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size < 0:
            raise ValueError(f"a cache size is 0 or more, not {size}")
        self.size = size
        self._entries: OrderedDict[tuple[Hashable, int], object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The figures for ``key`` at the store's generation, computed on a miss.

        ``compute`` runs outside the lock (two requests missing the same key at once both
        compute it; the results are equal). An exception from it is not cached.
        """
        from tracker.generation import current

        full = (key, current(session))
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                self.hits += 1
                return self._entries[full]  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        if self.size:
            with self._lock:
                self._entries[full] = value
                self._entries.move_to_end(full)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (tests; never needed for correctness)."""
        with self._lock:
            self._entries.clear()
