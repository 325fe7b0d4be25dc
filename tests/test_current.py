"""The current-version rule: pure cases, and import order never deciding (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tests.parsed_fakes import FakeReader, report
from tracker.ingest.current import ReportKey, Version, choose_current
from tracker.models import Report, SourceFile
from tracker.models.enums import Channel, ReportType
from tracker.services.imports import import_paths
from tracker.services.loading.loader import Outcome

KEY = ReportKey("LAO", 2024, ReportType.ANNUAL)


def v(rid, submitted=None, sha="0", *, channel=Channel.WORKBOOK, withdrawn=False, row=0):
    return Version(rid, channel, submitted, sha * 64 if len(sha) == 1 else sha, row, withdrawn)


def test_latest_date_of_submission_wins():
    versions = [v(1, dt.date(2025, 4, 30), "a"), v(2, dt.date(2025, 6, 1), "0"), v(3, None, "f")]
    for order in itertools.permutations(versions):
        assert choose_current(KEY, order).current_id == 2


def test_undated_versions_rank_before_dated_ones():
    assert choose_current(KEY, [v(1, None, "f"), v(2, dt.date(2011, 1, 1), "0")]).current_id == 2
    # Among undated versions only, the higher SHA-256 decides.
    assert choose_current(KEY, [v(1, None, "a"), v(2, None, "b")]).current_id == 2


def test_equal_dates_are_decided_by_the_higher_sha256():
    day = dt.date(2025, 4, 30)
    assert choose_current(KEY, [v(1, day, "b"), v(2, day, "a")]).current_id == 1
    assert choose_current(KEY, [v(1, day, "a"), v(2, day, "b")]).current_id == 2


def test_withdrawn_versions_are_never_current():
    versions = [v(1, dt.date(2025, 6, 1), withdrawn=True), v(2, dt.date(2025, 1, 1))]
    assert choose_current(KEY, versions).current_id == 2
    assert choose_current(KEY, [versions[0]]).current_id is None


def test_a_workbook_always_wins_over_matrix_rows():
    matrix = v(1, dt.date(2026, 1, 1), "f", channel=Channel.MATRIX, row=3)
    choice = choose_current(KEY, [matrix, v(2, None, "0")])
    assert (choice.current_id, choice.shadowed_ids) == (2, (1,))
    # Without a workbook (or with it withdrawn) the matrix row is current.
    assert choose_current(KEY, [matrix, v(2, None, withdrawn=True)]).current_id == 1


def _state(engine, year):
    """File name -> (current, superseded by file name) for one reporting year."""
    newer = aliased(Report)
    newer_file = aliased(SourceFile)
    with engine.connect() as conn:
        rows = conn.execute(
            select(SourceFile.file_name, Report.is_current, newer_file.file_name)
            .join(SourceFile, SourceFile.id == Report.source_file_id)
            .outerjoin(newer, newer.id == Report.superseded_by_id)
            .outerjoin(newer_file, newer_file.id == newer.source_file_id)
            .where(Report.reporting_year == year)
        )
        return {name: (bool(cur), by) for name, cur, by in rows}


def test_any_order_of_imports_ends_in_the_same_state(engine, tmp_path):
    """Four versions of one key, imported one by one in each of the 24 orders."""
    reader = FakeReader(tmp_path)
    dates = {
        "undated": None,
        "early": dt.date(2025, 3, 1),
        "equal-1": dt.date(2025, 4, 30),
        "equal-2": dt.date(2025, 4, 30),
    }
    outcomes = set()
    for i, order in enumerate(itertools.permutations(dates)):
        year = 2000 + i
        paths = {
            name: reader.add(f"p{i}/{name}.xlsx", report(year=year, submitted=dates[name]))
            for name in dates
        }
        for name in order:
            import_paths(engine, [paths[name]], reader=reader)
        sha = {n: hashlib.sha256(p.read_bytes()).hexdigest() for n, p in paths.items()}
        winner = max(("equal-1", "equal-2"), key=sha.__getitem__)
        expected = {
            f"{n}.xlsx": (n == winner, None if n == winner else f"{winner}.xlsx") for n in dates
        }
        assert _state(engine, year) == expected, order
        outcomes.add(tuple(sorted((n, c) for n, (c, _) in expected.items())))
    assert len(outcomes) == 2  # which equal-date file wins follows its SHA-256, nothing else


def test_one_batch_and_file_by_file_give_the_same_state(engine, tmp_path):
    reader = FakeReader(tmp_path)
    for name, day in (("a", dt.date(2025, 5, 1)), ("b", None), ("c", dt.date(2025, 4, 1))):
        reader.add(f"batch/{name}.xlsx", report(year=2020, submitted=day))
        reader.add(f"single/{name}.xlsx", report(year=2021, submitted=day))
    import_paths(engine, [tmp_path / "batch"], reader=reader)
    for name in ("c", "b", "a"):
        import_paths(engine, [tmp_path / "single" / f"{name}.xlsx"], reader=reader)
    assert (
        _state(engine, 2020)
        == _state(engine, 2021)
        == {
            "a.xlsx": (True, None),
            "b.xlsx": (False, "a.xlsx"),
            "c.xlsx": (False, "a.xlsx"),
        }
    )


def _matrix_rows():
    return (
        report("LAO", 2024, channel=Channel.MATRIX, row=2, submitted=dt.date(2026, 1, 1)),
        report("TCD", 2024, channel=Channel.MATRIX, row=3),
    )


def test_a_matrix_row_is_shadowed_by_a_workbook_in_either_order(engine, tmp_path):
    reader = FakeReader(tmp_path)
    matrix = reader.add("m/matrix.xlsx", *_matrix_rows(), kind="matrix")
    workbook = reader.add("w/LAO-2024.xlsx", report("LAO", 2024, submitted=None))

    first = import_paths(engine, [matrix], reader=reader).files[0]
    assert first.outcome is Outcome.IMPORTED and first.single is None
    assert [r.outcome for r in first.reports] == [Outcome.IMPORTED, Outcome.IMPORTED]
    assert first.as_json()["state"] is None and len(first.as_json()["reports"]) == 2
    second = import_paths(engine, [workbook], reader=reader).files[0]
    assert second.outcome is Outcome.REVISION
    assert "shadows-matrix" in [i.code for i in second.issues]
    with engine.connect() as conn:
        lao = {
            str(r.channel): r
            for r in conn.execute(select(Report).where(Report.state_iso3 == "LAO"))
        }
    assert lao["matrix"].superseded_by_id == lao["workbook"].id
    assert not lao["matrix"].is_current and lao["workbook"].is_current

    with engine.connect() as conn:
        current = conn.execute(
            select(Report.state_iso3, Report.channel).where(Report.is_current)
        ).all()
    assert sorted((s, str(c)) for s, c in current) == [("LAO", "workbook"), ("TCD", "matrix")]


def test_a_matrix_imported_after_the_workbook_warns_matrix_shadowed(engine, tmp_path):
    reader = FakeReader(tmp_path)
    workbook = reader.add("w/LAO-2024.xlsx", report("LAO", 2024, submitted=None))
    matrix = reader.add("m/matrix.xlsx", *_matrix_rows(), kind="matrix")
    import_paths(engine, [workbook], reader=reader)
    result = import_paths(engine, [matrix], reader=reader).files[0]
    assert result.outcome is Outcome.IMPORTED  # one of its rows is new (TCD)
    assert [r.outcome for r in result.reports] == [Outcome.REVISION, Outcome.IMPORTED]
    shadowed = [i for i in result.issues if i.code == "matrix-shadowed"]
    assert [(i.severity.value, i.sheet, i.cell) for i in shadowed] == [("warning", "Matrix", "A2")]
    with engine.connect() as conn:
        current = conn.execute(
            select(Report.state_iso3, Report.channel).where(Report.is_current)
        ).all()
    assert sorted((s, str(c)) for s, c in current) == [("LAO", "workbook"), ("TCD", "matrix")]


def test_an_entered_report_ranks_like_a_workbook():
    """``entered`` (transcribed in /entry) is a form workbook: it wins over matrix rows and is
    compared with read workbooks by the date of submission alone."""
    day, later = dt.date(2025, 4, 30), dt.date(2025, 6, 1)
    matrix = v(1, later, "f", channel=Channel.MATRIX)
    entered = v(2, day, "0", channel=Channel.ENTERED)
    choice = choose_current(KEY, [matrix, entered])
    assert (choice.current_id, choice.shadowed_ids) == (2, (1,))
    workbook = v(3, later, "0", channel=Channel.WORKBOOK)
    assert choose_current(KEY, [entered, workbook]).current_id == 3
    newer_entered = v(4, dt.date(2025, 7, 1), "0", channel=Channel.ENTERED)
    assert choose_current(KEY, [workbook, newer_entered, matrix]).current_id == 4


def test_a_first_version_is_stored_current_by_its_insert_alone(engine, tmp_path):
    """A key's first version needs no UPDATE after its INSERT (the import's common case)."""
    from sqlalchemy import event

    reader = FakeReader(tmp_path)
    path = reader.add("first/LAO-2024.xlsx", report("LAO", 2024, submitted=dt.date(2025, 4, 1)))
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        import_paths(engine, [path], reader=reader)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert _state(engine, 2024) == {"LAO-2024.xlsx": (True, None)}
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE REPORTS")]


def test_a_new_version_of_a_withdrawn_report_is_current(engine, tmp_path):
    """The only stored version is withdrawn (not current): the new one is stored current."""
    from tracker.services.reports import withdraw

    reader = FakeReader(tmp_path)
    old = reader.add("w/old.xlsx", report("LAO", 2024, submitted=dt.date(2025, 6, 1)))
    new = reader.add("w/new.xlsx", report("LAO", 2024, submitted=dt.date(2025, 4, 1)))
    import_paths(engine, [old], reader=reader)
    with Session(engine) as session, session.begin():
        withdraw(session, hashlib.sha256(old.read_bytes()).hexdigest(), reason="sent twice")
    result = import_paths(engine, [new], reader=reader).files[0]
    assert result.outcome is Outcome.REVISION
    assert _state(engine, 2024) == {"new.xlsx": (True, None), "old.xlsx": (False, "new.xlsx")}
