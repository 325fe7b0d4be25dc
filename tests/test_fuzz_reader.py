"""Property tests: arbitrary cell values in every field of the layout never crash an import.

Workbooks are real ``.xlsx`` files: a valid report from tests/workbooks.py, then openpyxl writes
arbitrary values (any type, empty, huge strings, control characters, formulas, words of the
layout's own vocabularies) into a random choice of the layout's fields: every key–value field and
every table column of every sheet, read from ``tracker/layouts/``, and every column of the legacy
matrix. ``tracker import --format json`` runs in-process on each file. The import must answer
(exit 0 or 1, JSON that parses, no traceback, no "read-failed" or "store-refused" issue, which
are a crash of the reader or a check the reader missed) and either accept the file or reject it
with an error issue, leaving the store as it was apart from the audit trail.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests import ops
from tests.workbooks import MATRIX_HEADERS, build_matrix, build_report
from tracker.layouts import get_layout

CRASHES = {"read-failed", "store-refused"}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Target:
    """One cell of the layout in a valid workbook: the field it holds and where it is."""

    field: str
    sheet_key: str  # "cover" or a form letter (the sheet's name depends on the language)
    cell: str


def _targets() -> list[Target]:
    """Every key–value field, table column (first data row) and form status of the layout.

    The cells are where :func:`build_report` writes them, which is the same in every language.
    """
    layout = get_layout()
    with tempfile.TemporaryDirectory() as folder:
        built = build_report(Path(folder) / "map.xlsx")
    targets = []
    for sheet in layout.sheets:
        if sheet.key not in built.sheets:
            continue
        for f in sheet.fields:
            targets.append(
                Target(f"{sheet.key}.{f.name}", sheet.key, built.cell(sheet.key, f.name))
            )
        for table in sheet.tables:
            for column in table.columns:
                cell = built.row_cell(sheet.key, table.name, 0, column.name)
                targets.append(Target(f"{sheet.key}.{table.name}.{column.name}", sheet.key, cell))
    for letter, cell in built.forms.items():
        targets.append(Target(f"cover.form_status.{letter}", "cover", cell))
    return targets


def _vocabulary_words() -> list[str]:
    layout = get_layout()
    return sorted(
        {
            text
            for v in layout.vocabularies.values()
            for t in v.labels.values()
            for text in t.values()
        }
    )


FORMULAS = ["=1/0", "=A1", "=SUM(1,2)", '="x"&"y"', "=NOW()", "=#REF!", "=Cover!B1", "=B2*2"]
CONTROL = st.text(alphabet=st.characters(max_codepoint=0x1F) | st.just("\x7f"), min_size=1)

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.times(),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(9000, 40000)),
    CONTROL,
    st.sampled_from(FORMULAS),
    st.from_regex(r"-?[0-9 .,]{1,12}", fullmatch=True),
    st.sampled_from(_vocabulary_words()),
    st.sampled_from(["Atlantis", "Chad", "LAO", "31/02/2025", "2025-04-30", "04/05/2025", "x"]),
)


def _write(cell: Any, value: Any) -> None:
    """Put ``value`` in ``cell`` the way a file from anywhere could hold it.

    Strings with control characters go in raw (openpyxl refuses them in ``value``: other programs
    do not); strings starting with ``=`` become formulas without a cached value.
    """
    if isinstance(value, str) and any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in value):
        cell._value, cell.data_type = value, "s"
    else:
        cell.value = value


@pytest.fixture
def store(engine: Any, db_url: str) -> tuple[str, Any]:
    """One migrated store (SQLite, then PostgreSQL) for all examples of a test.

    Examples accumulate in it; each compares the row counts before and after its own import.
    """
    return db_url, engine


_numbers = itertools.count()


def _check_import(run_cli, store: tuple[str, Any], path: Path) -> dict[str, Any]:
    url, engine = store
    before = ops.table_counts(engine, audit=False)
    result = run_cli("--db", url, "import", str(path), "--format", "json")
    assert "Traceback" not in result.stderr
    assert not [line for line in result.stderr.splitlines() if line.startswith("error:")], (
        result.stderr
    )
    assert result.exit_code in (0, 1), result.stderr
    [entry] = json.loads(result.stdout)["files"]
    codes = {i["code"] for i in entry["issues"]}
    assert not codes & CRASHES, entry["issues"]
    if entry["outcome"] == "rejected":
        assert result.exit_code == 1
        assert any(i["severity"] == "error" for i in entry["issues"])
        assert ops.table_counts(engine, audit=False) == before
    else:
        assert entry["outcome"] in ("imported", "revision", "unchanged"), entry
        assert result.exit_code == 0
    return entry


TARGETS = _targets()


def _target(field: str) -> Target:
    return next(t for t in TARGETS if t.field == field)


@FUZZ
@example(changes=[(_target("B.deadline"), -1e20)], lang="en")  # once a calamine panic
@example(changes=[(_target("H.recorded_victims"), "1" * 9000)], lang="fr")  # once read-failed
@example(changes=[(_target("cover.period_from"), "0" * 9000)], lang="en")  # once read-failed
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(TARGETS), cell_values), min_size=1, max_size=len(TARGETS)
    ),
    lang=st.sampled_from(["en", "fr", "es"]),
)
def test_arbitrary_values_in_report_fields_never_crash_the_import(
    run_cli, store, tmp_path, changes, lang
):
    path = tmp_path / f"fuzz-{next(_numbers)}.xlsx"
    build_report(path, lang=lang)
    workbook = load_workbook(path)
    layout = get_layout()
    for target, value in changes:
        ws = workbook[layout.sheet(target.sheet_key).name(lang)]
        _write(ws[target.cell], value)
    workbook.save(path)
    _check_import(run_cli, store, path)


@FUZZ
@example(rows=[[None, "¹"]])  # once read-failed: str.isdigit() accepts superscripts
@example(rows=[["Chad", "1" * 9000]])  # once read-failed: a number beyond float range
@given(rows=st.lists(st.lists(cell_values, min_size=1, max_size=len(MATRIX_HEADERS) + 1),
                     min_size=1, max_size=4))  # fmt: skip
def test_arbitrary_values_in_matrix_columns_never_crash_the_import(run_cli, store, tmp_path, rows):
    path = tmp_path / f"matrix-{next(_numbers)}.xlsx"
    valid = ["Chad", 2015, "holds stockpiles", "contaminated", "yes", "no", "yes", "no", "yes"]
    build_matrix(path, [[*valid, dt.date(2016, 4, 30)]])
    workbook = load_workbook(path)
    ws = workbook.worksheets[0]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            _write(ws.cell(row=r, column=c), value)
    workbook.save(path)
    _check_import(run_cli, store, path)


def test_the_fuzzed_cells_cover_every_field_of_the_layout():
    layout = get_layout()
    expected = {f"{s.key}.{f.name}" for s in layout.sheets for f in s.fields} | {
        f"{s.key}.{t.name}.{c.name}" for s in layout.sheets for t in s.tables for c in t.columns
    }
    assert expected <= {t.field for t in TARGETS}
    assert len(MATRIX_HEADERS) == len(layout.matrix.columns)
