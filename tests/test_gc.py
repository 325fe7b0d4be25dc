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


def test_cycles_made_while_paused_are_freed_by_young_collections_after(collector_on: None) -> None:
    """No full collection needed: garbage held back by a pause must not outlive it for long.

    (Moving it to the oldest generation on resume kept an import's pipes open until a rare full
    collection: a long test run ran out of file descriptors.)
    """
    gc.collect()
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
    churn = [Node() for _ in range(20 * gc.get_threshold()[0])]  # sets off young collections
    assert alive() is None
    assert len(churn) > 0


def test_cycles_made_while_paused_are_still_freed(collector_on: None) -> None:
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
    assert alive() is not None  # a cycle: reference counting alone never frees it
    gc.collect()
    assert alive() is None
