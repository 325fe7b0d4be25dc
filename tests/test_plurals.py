"""Counts the tracker prints agree with their nouns (finding 12 of issue 13: "1 files").

The import summary, ``states import``/``list``, ``reports withdraw`` and ``plans load`` have
their own tests beside the commands; these cover the other places a count is printed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.compliance.dates import OverdueInitial
from tracker.compliance.output import render_overdue
from tracker.compliance.rates import Tally
from tracker.compliance.status import ReportingStatus
from tracker.ingest.parsed import ParsedFile
from tracker.services.loading.notes import current_issues
from tracker.wording import plural


@pytest.mark.parametrize(
    ("n", "singular", "plural_form", "text"),
    [
        (0, "file", None, "0 files"),
        (1, "file", None, "1 file"),
        (2, "file", None, "2 files"),
        (1, "State Party", "States Parties", "1 State Party"),
        (111, "State Party", "States Parties", "111 States Parties"),
    ],
)
def test_plural(n, singular, plural_form, text):
    assert plural(n, singular, plural_form) == text


@pytest.mark.parametrize(("days", "text"), [(1, "1 day overdue"), (30, "30 days overdue")])
def test_overdue_days(days, text):
    on = dt.date(2025, 6, 1)
    status = ReportingStatus(
        year=2024,
        due=dt.date(2025, 4, 30),
        on=on,
        reports=(),
        overdue_initial=[OverdueInitial("SSD", on - dt.timedelta(days=days), days)],
        tally=Tally(),
        sentences=(),
    )
    assert render_overdue(status)[1].endswith(text)


@pytest.mark.parametrize(("rows", "text"), [(1, "1 matrix row"), (3, "3 matrix rows")])
def test_a_workbook_current_over_matrix_rows(rows, text):
    from tests.parsed_fakes import report

    parsed = ParsedFile("x.xlsx", "x.xlsx", "0" * 64, 1, "ccm-a7/1", "workbook", [report()], [])
    shadowed = tuple(range(10, 10 + rows))
    [issue] = current_issues(None, parsed, parsed.reports[0], 1, 1, shadowed)  # type: ignore[arg-type]
    assert issue.code == "shadows-matrix" and issue.message.endswith(f"current over {text}")
