"""tracker.gc.collector_paused: the collector is off inside, back on after, and nothing leaks."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from tracker.gc import collector_paused


class Node:
    """A container the cyclic collector tracks; two of them make a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_resumed_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: only the outermost pause resumes
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_stays_off_when_it_was_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_resuming_does_not_examine_every_object_made_while_paused(collector_on: None) -> None:
    """The objects made inside are kept (a command's results), not left to the young generation.

    Otherwise the first allocation after the pause runs a collection over all of them (on the
    benchmark's store, at the end of every ``tracker export donors``).
    """
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    gc.callbacks.append(seen)
    try:
        with collector_paused():
            kept = [Node() for _ in range(50_000)]
        after = [Node() for _ in range(10)]  # far fewer than a young generation's threshold
    finally:
        gc.callbacks.remove(seen)
    assert collections == [], f"collections of generations {collections} after the pause"
    assert len(kept) == 50_000 and len(after) == 10


def test_cycles_made_while_paused_are_still_freed(collector_on: None) -> None:
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
    assert alive() is not None  # a cycle: reference counting alone never frees it
    gc.collect()
    assert alive() is None
