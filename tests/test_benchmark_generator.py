"""The benchmark's synthetic workbooks are real ``ccm-a7/2`` workbooks that import cleanly."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.util
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from benchmarks import generate
from benchmarks.floors import parse_floor, persist_floor
from benchmarks.measure import import_summary
from tracker.reference import reference_states, resolve_state

N = 3


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate.generate(tmp_path_factory.mktemp("bench"), N, seed=7)


def _rows(path: Path, sheet: str) -> list[list[object]]:
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return workbook.get_sheet_by_name(sheet).to_python()
    finally:
        workbook.close()


def _key_values(rows: list[list[object]]) -> dict[object, object]:
    return {row[0]: row[1] for row in rows if len(row) > 1 and row[0] != ""}


def test_every_sheet_of_the_layout_is_there(workbooks: list[Path]) -> None:
    for path in workbooks:
        workbook = CalamineWorkbook.from_path(str(path))
        assert workbook.sheet_names == list(generate.SHEETS)
        workbook.close()


def test_cover_holds_a_distinct_current_report_each(workbooks: list[Path]) -> None:
    seen = set()
    for path in workbooks:
        rows = _rows(path, "Cover")
        cover = _key_values(rows)
        assert resolve_state(str(cover["State"])) is not None
        assert cover["Report type"] == "Annual"
        period_from, period_to = cover["Reporting period from"], cover["Reporting period to"]
        assert isinstance(period_from, dt.date) and isinstance(period_to, dt.date)
        assert period_from <= period_to
        assert cover["Layout"] == "ccm-a7/2"
        header = rows.index(["Form", "Status", "Last reported"])
        statuses = {row[0]: row[1] for row in rows[header + 1 : header + 11]}
        assert statuses == dict.fromkeys("ABCDEFGHIJ", "changed")
        seen.add((resolve_state(str(cover["State"])), period_to.year))
    assert len(seen) == N


def test_forms_are_filled_at_realistic_sizes(workbooks: list[Path]) -> None:
    path = workbooks[0]

    def table_length(sheet: str, header: list[str]) -> int:
        rows = _rows(path, sheet)
        start = next(i for i, row in enumerate(rows) if row[: len(header)] == header)
        length = 0
        for row in rows[start + 1 :]:
            if all(value == "" for value in row):
                break
            length += 1
        return length

    assert table_length("Form B", ["Type", "Munitions held", "Submunitions held"]) == 5
    assert table_length("Form B", ["Type destroyed", "Munitions destroyed"]) == 5
    assert table_length("Form F", ["Location", "Area status", "Area (m2)"]) == 20
    assert table_length("Form G", ["Activity", "Location", "People reached"]) == 5
    assert table_length("Form I", ["Area", "Assistance needed", "Description"]) == 8
    assert table_length("Form I", ["Article", "Amount", "Currency", "Type"]) == 4
    assert table_length("Form I", ["Recipient", "Area", "Year", "Amount", "Currency"]) == 4
    assert table_length("Form I", ["Donor", "Area", "Year", "Amount", "Currency"]) == 4
    for sheet in ("Form A", "Form C", "Form D", "Form E", "Form G", "Form J"):
        summary = str(_key_values(_rows(path, sheet))["Summary"])
        assert 480 <= len(summary) <= 600


def test_files_are_deterministic_and_prefix_stable(tmp_path: Path, workbooks: list[Path]) -> None:
    again = generate.generate(tmp_path, N + 2, seed=7)
    for first, second in zip(workbooks, again, strict=False):
        assert first.name == second.name
        assert (
            hashlib.sha256(first.read_bytes()).digest()
            == hashlib.sha256(second.read_bytes()).digest()
        )


@pytest.mark.parametrize(
    ("today", "last"),
    [(dt.date(2026, 12, 7), 2025), (dt.date(2026, 3, 1), 2024), (dt.date(2026, 9, 1), 2025)],
)
def test_only_plausible_dates_at_scale(today: dt.date, last: int) -> None:
    # The set once ran to reporting year 2111 at 20,000 files: every file past the current
    # year is now refused as future-date. More revisions, never future years.
    from tracker.ingest.dates import date_problems
    from tracker.models.enums import ReportType

    assert generate.last_year(today) == last
    states = reference_states()
    specs = [generate.spec_for(i, states, last) for i in range(20_000)]
    assert max(s.year for s in specs) == last and min(s.year for s in specs) == generate.FIRST_YEAR
    assert len({(s.state.iso3, s.year, s.revision) for s in specs}) == 20_000
    assert len({s.file_name for s in specs}) == 20_000
    for spec in specs[::97] + specs[-50:]:
        day = generate.submitted_on(spec, seed=7)
        problems = date_problems(
            period_from=dt.date(spec.year, 1, 1),
            period_to=dt.date(spec.year, 12, 31),
            submitted_on=day,
            report_type=ReportType.ANNUAL,
            today=today,
        )
        assert problems == [], (spec, day)


def test_revisions_of_one_report_are_later_and_never_tie() -> None:
    states = reference_states()
    per_round = len(states) * (2025 - generate.FIRST_YEAR + 1)
    versions = [generate.spec_for(5 + r * per_round, states, 2025) for r in range(4)]
    assert {(v.state.iso3, v.year) for v in versions} == {
        (versions[0].state.iso3, versions[0].year)
    }
    days = [generate.submitted_on(v, seed=7) for v in versions]
    assert days == sorted(days) and len(set(days)) == 4
    assert versions[2].file_name.endswith("-annual-r2.xlsx")


def test_the_set_follows_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker import clock

    monkeypatch.setattr(clock, "today", lambda: dt.date(2013, 10, 1))  # only 2011 and 2012
    states = reference_states()
    paths = generate.generate(tmp_path, 2 * len(states) + 1, seed=7)
    assert paths[-1].name == f"{states[0].iso3}-2011-annual-r1.xlsx"


def test_floors_count_the_same_cells(tmp_path: Path, workbooks: list[Path]) -> None:
    cells = parse_floor(workbooks)
    assert cells > 300 * N
    assert persist_floor(workbooks, tmp_path / "floor.sqlite") == cells
    # The floor keeps each file's bytes, as the tracker keeps each file's original.
    import sqlite3

    with contextlib.closing(sqlite3.connect(tmp_path / "floor.sqlite")) as db:
        kept = [bytes(row[0]) for row in db.execute("SELECT content FROM originals ORDER BY 1")]
    assert sorted(kept) == sorted(p.read_bytes() for p in workbooks)


def test_membership_list_names_every_reference_state(tmp_path: Path) -> None:
    lines = generate.membership_csv(tmp_path / "m.csv").read_text().splitlines()
    assert lines[0].startswith("State,Signed,Deposited")
    assert len(lines) == 1 + len(reference_states())


def test_import_summary_reads_words_and_figures() -> None:
    line = "three (3) files: three (3) imported, none (0) revisions, 0 unchanged, one (1) rejected; 2 errors, 1 warning"
    assert import_summary(line) == {
        "files": 3,
        "imported": 3,
        "revisions": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": 2,
        "warnings": 1,
    }


@pytest.mark.skipif(
    importlib.util.find_spec("tracker.ingest.reader") is None,
    reason="tracker.ingest.reader has not landed yet",
)
def test_reader_finds_no_error_or_warning_in_them(workbooks: list[Path]) -> None:
    from tracker.ingest.reader import read_file

    for path in workbooks:
        parsed = read_file(path)
        problems = [issue for issue in parsed.issues if issue.severity in ("error", "warning")]
        assert problems == [], problems
        assert len(parsed.reports) == 1
        assert len(parsed.reports[0].rows("needs")) == 8
        assert len(parsed.reports[0].rows("contaminated_areas")) == 20
