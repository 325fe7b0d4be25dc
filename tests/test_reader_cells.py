"""A numeric cell is read as the same text would be: the shortcuts for numbers change nothing.

Years, counts and amounts in numeric cells (the common case) skip the general parsing; the same
values written as text go the general way, so the two must always agree, at the edges too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tracker.ingest.cells import READERS, Context
from tracker.layouts import FieldSpec, get_layout
from tracker.values import ValueProblem, round_significant


def field(kind: str) -> FieldSpec:
    return FieldSpec(name=kind, type=kind, columns=(kind,), texts={"en": kind.title()})


def read(kind: str, value: Any) -> Any:
    try:
        return READERS[kind](Context("f.xlsx", get_layout()), field(kind), value)
    except ValueProblem as problem:
        return (problem.code, problem.variant, problem.params)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (2015.0, "2015"),
        (1990.0, "1990"),
        (2200.0, "2200"),
        (1989.0, "1989"),
        (2201.0, "2201"),
        (-2015.0, "-2015"),
        (2015.5, "2015.5"),
    ],
)
def test_a_year_cell_reads_as_its_text(cell, text):
    by_cell = read("year", cell)
    assert by_cell == read("year", text)
    assert (type(by_cell) is int) == (cell.is_integer() and 1990 <= cell <= 2200)


@pytest.mark.parametrize("value", [0.0, 197.0, 2.0**31 - 1, 2.0**31, 1.5, -3.0])
def test_a_count_cell_reads_as_its_text(value):
    assert read("whole", value) == read("whole", repr(value).removesuffix(".0"))


@pytest.mark.parametrize(
    "value",
    [1463522.52, 274.65999999999997, 0.1, 1e-05, 123456789012.5, 1234567890123.4, 2.0, 1e15],
)
def test_an_amount_cell_is_rounded_as_its_decimal_would_be(value):
    rounded = round_significant(value)
    assert rounded == round_significant(Decimal(repr(value)))
    assert str(rounded) == str(round_significant(Decimal(format(value, ".12g"))))
    assert read("amount", value) == rounded
