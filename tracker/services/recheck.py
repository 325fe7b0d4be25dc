"""Stored versions under today's rules, changing nothing (``tracker reports recheck``).

Every import keeps the file's bytes (``originals``), so a stored version can be read again by
the reader of today. A version is then one of:

- ``rejected``: today's reader rejects its file (the errors say why: most often a date rule
  that did not exist when it was imported);
- ``changed``: the file is accepted but the version would be read differently (each
  difference names the cell, the stored value and today's);
- ``unchanged``;
- ``no-original``: stored before originals were kept; the date rules are checked on the stored
  columns (they need no file), and re-importing the file keeps its original.

The date rules on stored columns (:func:`date_rule_breaks`) are what ``tracker db upgrade``
counts after migrating a store that already holds reports.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Numeric, Table, select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.codes import issue
from tracker.db import Base
from tracker.enums import ReportType
from tracker.ingest.compare import (
    MAX_DIFFERENCES,
    REPORT_FIELDS,
    Difference,
    StoredReport,
    report_differences,
)
from tracker.ingest.dates import date_problems
from tracker.ingest.parsed import FACT_TABLES, ParsedFile
from tracker.issues import Issue, Severity
from tracker.messages import choose, issue_json
from tracker.models import FormStatusRow, Original, Report, SourceFile

DEFAULT_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
OUTCOMES = ("rejected", "changed", "no-original", "unchanged")
REIMPORT = "original not kept: re-import the file"

Progress = Callable[[int, int], None]  # files re-read, files in all


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``1 version``, ``2 versions``."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


@dataclass
class RecheckedVersion:
    """One stored version and what today's rules make of it."""

    report_id: int
    state_iso3: str
    reporting_year: int
    report_type: str
    sha256: str
    path: str
    source_row: int
    is_current: bool
    is_withdrawn: bool
    outcome: str = "unchanged"
    issues: list[Issue] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    more_differences: int = 0  # beyond the first MAX_DIFFERENCES
    language: str | None = None  # the stored report's language (its workbook's)

    @property
    def label(self) -> str:
        """``TCD 2024 annual``."""
        return f"{self.state_iso3} {self.reporting_year} {self.report_type}"

    @property
    def status(self) -> str:
        """current, superseded or withdrawn (as ``tracker reports list`` says)."""
        return "current" if self.is_current else "withdrawn" if self.is_withdrawn else "superseded"

    def as_json(self, lang: str = "en") -> dict[str, object]:
        """One entry of ``versions`` in ``tracker reports recheck --format json``.

        Issue messages are in ``lang`` (``auto``: the report's own), with ``message_en`` beside
        them when that is not English.
        """
        shown = choose(lang, self.language)
        return {
            "state": self.state_iso3,
            "reporting_year": self.reporting_year,
            "report_type": self.report_type,
            "sha256": self.sha256,
            "path": self.path,
            "source_row": self.source_row,
            "status": self.status,
            "outcome": self.outcome,
            "issues": [issue_json(i, shown) for i in self.issues],
            "differences": [d.as_json() for d in self.differences],
            "more_differences": self.more_differences,
        }


@dataclass
class RecheckResult:
    """Every version checked, in store order (State, year, type, then file)."""

    versions: list[RecheckedVersion]
    today: dt.date

    @property
    def listed(self) -> list[RecheckedVersion]:
        """The versions worth a line: every one but those read as they are stored."""
        return [v for v in self.versions if v.outcome != "unchanged"]

    def count(self, outcome: str) -> int:
        """How many versions have ``outcome``."""
        return sum(1 for v in self.versions if v.outcome == outcome)

    @property
    def exit_code(self) -> int:
        """1 when today's rules would reject or change a version (as a re-import would)."""
        return 1 if self.count("rejected") or self.count("changed") else 0

    def summary(self) -> str:
        """``12 versions checked: 1 would be rejected, 0 read differently, …``."""
        return (
            f"{counted(len(self.versions), 'version')} checked under the rules of "
            f"{self.today.isoformat()}: {self.count('rejected')} would be rejected, "
            f"{self.count('changed')} read differently, {self.count('no-original')} without "
            f"their original, {self.count('unchanged')} unchanged"
        )

    def as_json(self, lang: str = "en") -> dict[str, object]:
        """The whole JSON document of ``tracker reports recheck --format json``."""
        return {
            "today": self.today.isoformat(),
            "versions": [v.as_json(lang) for v in self.listed],
            "summary": {"versions": len(self.versions)} | {o: self.count(o) for o in OUTCOMES},
        }


@dataclass(frozen=True)
class _Row:
    """A stored version, as the recheck query returns it."""

    version: RecheckedVersion
    file_id: int
    file_name: str
    has_original: bool
    sheet: str
    period_from: dt.date
    period_to: dt.date
    submitted_on: dt.date | None


def _stored_versions(session: Session, state: str | None, year: int | None) -> list[_Row]:
    query = (
        select(
            Report.id,
            Report.state_iso3,
            Report.reporting_year,
            Report.report_type,
            SourceFile.sha256,
            SourceFile.path,
            Report.source_row,
            Report.is_current,
            Report.is_withdrawn,
            Report.language,
            SourceFile.id,
            SourceFile.file_name,
            Original.sha256.is_not(None),
            Report.sheet,
            Report.period_from,
            Report.period_to,
            Report.submitted_on,
        )
        .join(SourceFile, SourceFile.id == Report.source_file_id)
        .outerjoin(Original, Original.sha256 == SourceFile.sha256)
        .order_by(
            Report.state_iso3, Report.reporting_year, Report.report_type, SourceFile.id, Report.id
        )
    )
    if state is not None:
        query = query.where(Report.state_iso3 == state)
    if year is not None:
        query = query.where(Report.reporting_year == year)
    rows = []
    for found in session.execute(query):
        rid, iso3, ryear, rtype, sha, path, srow, cur, wd, lang, fid, fname, kept, *rest = found
        version = RecheckedVersion(
            rid, iso3, ryear, ReportType(rtype).value, sha, path, srow, bool(cur), bool(wd)
        )
        version.language = lang
        rows.append(_Row(version, fid, fname, bool(kept), *rest))
    return rows


def stored_date_issues(row: _Row, today: dt.date) -> list[Issue]:
    """The date rules a stored version breaks, from its stored columns (no file needed)."""
    problems = date_problems(
        period_from=row.period_from,
        period_to=row.period_to,
        submitted_on=row.submitted_on,
        report_type=ReportType(row.version.report_type),
        today=today,
    )

    def at(name: str) -> str | None:
        day = row.submitted_on if name == "submitted_on" else row.period_to
        return day.isoformat() if day else None

    return [
        issue(
            row.version.path,
            p.code,
            p.variant,
            sheet=row.sheet,
            field=p.field,
            value=at(p.field),
            **p.params,
        )
        for p in problems
        if p.severity is Severity.ERROR
    ]


def date_rule_breaks(session: Session, today: dt.date | None = None) -> tuple[int, int]:
    """(versions breaking the date rules, versions stored), from the stored columns alone.

    Only errors count (not ``unusual-period``): these are the versions today's import would
    reject, whether or not their original is kept.
    """
    day = today or clock.today()
    rows = session.execute(
        select(Report.period_from, Report.period_to, Report.submitted_on, Report.report_type)
    )
    total = breaking = 0
    for start, end, submitted, kind in rows:
        total += 1
        problems = date_problems(
            period_from=start,
            period_to=end,
            submitted_on=submitted,
            report_type=ReportType(kind),
            today=day,
        )
        breaking += any(p.severity is Severity.ERROR for p in problems)
    return breaking, total


def date_rule_line(breaking: int, total: int, recheck_command: str) -> str | None:
    """What ``tracker db upgrade`` prints about the stored versions (None: the store is empty)."""
    if total == 0:
        return None
    if breaking == 0:
        return f"date rules: no stored version breaks them ({counted(total, 'version')} checked)"
    verb = "breaks" if breaking == 1 else "break"
    return (
        f"date rules: {breaking} of {counted(total, 'stored version')} {verb} them (a date "
        "in the future, a submission before its period ends, or a date before the Convention); "
        f"they would be rejected if imported today: see them with {recheck_command}"
    )


def recheck(
    session: Session,
    *,
    state: str | None = None,
    year: int | None = None,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
    progress: Progress | None = None,
) -> RecheckResult:
    """Re-read every stored original (of ``state`` / ``year``) under today's rules.

    Writes nothing. Each file is read once, whatever the number of its versions (a matrix).
    """
    today = clock.today()
    rows = _stored_versions(session, state, year)
    by_file: dict[int, list[_Row]] = {}
    for row in rows:
        by_file.setdefault(row.file_id, []).append(row)
    with tempfile.TemporaryDirectory(prefix="tracker-recheck-") as folder:
        for n, group in enumerate(by_file.values(), start=1):
            if group[0].has_original:
                _recheck_file(session, group, Path(folder), max_unzipped_bytes)
            else:
                for row in group:
                    row.version.outcome = "no-original"
                    row.version.issues = stored_date_issues(row, today)
            if progress:
                progress(n, len(by_file))
    return RecheckResult([r.version for r in rows], today)


def _recheck_file(session: Session, group: Sequence[_Row], folder: Path, limit: int) -> None:
    """Read one stored original again and judge each of its versions in ``group``."""
    from tracker.ingest.reader import read_file

    first = group[0]
    suffix = Path(first.file_name).suffix.lower()
    target = folder / f"original{suffix if suffix in ('.xlsx', '.xlsm') else '.xlsx'}"
    content = session.scalar(
        select(Original.content).where(Original.sha256 == first.version.sha256)
    )
    target.write_bytes(bytes(content or b""))
    try:
        parsed = read_file(target, max_unzipped_bytes=limit, display_path=first.version.path)
    finally:
        target.unlink(missing_ok=True)
    if not parsed.ok:
        errors = [i for i in parsed.issues if i.severity is Severity.ERROR]
        for row in group:
            row.version.outcome, row.version.issues = "rejected", errors
        return
    _compare(session, group, parsed)


def _compare(session: Session, group: Sequence[_Row], parsed: ParsedFile) -> None:
    read = {r.source_row: r for r in parsed.reports}
    stored = _stored_reports(session, [row.version.report_id for row in group])
    for row in group:
        version = row.version
        now = read.get(version.source_row)
        if now is None:
            found = [Difference(row.sheet, None, "report", "stored", "no longer read")]
        else:
            found = report_differences(
                stored[version.report_id], now, fact_columns(), numeric_scales()
            )
        if found:
            version.outcome = "changed"
            version.differences = found[:MAX_DIFFERENCES]
            version.more_differences = max(0, len(found) - MAX_DIFFERENCES)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


@cache
def fact_columns() -> dict[str, tuple[str, ...]]:
    """Each fact table's columns that reading fills (its ids left out)."""
    return {
        name: tuple(c.key for c in _table(name).c if c.key not in ("id", "report_id"))
        for name in FACT_TABLES
    }


@cache
def numeric_scales() -> dict[str, dict[str, int]]:
    """Each fact table's numeric columns and the decimals the store keeps of them."""
    scales: dict[str, dict[str, int]] = {}
    for name in FACT_TABLES:
        for column in _table(name).c:
            if isinstance(column.type, Numeric) and column.type.scale is not None:
                scales.setdefault(name, {})[column.key] = column.type.scale
    return scales


def _stored_reports(session: Session, ids: Iterable[int]) -> dict[int, StoredReport]:
    """The stored identity, cover statuses and fact rows of the reports ``ids``."""
    wanted = sorted(set(ids))
    columns = [getattr(Report, name) for name in REPORT_FIELDS]
    reports: dict[int, StoredReport] = {}
    for rid, sheet, *values in session.execute(
        select(Report.id, Report.sheet, *columns).where(Report.id.in_(wanted))
    ):
        reports[rid] = StoredReport(dict(zip(REPORT_FIELDS, values, strict=True)), sheet)
    status = FormStatusRow
    forms = select(status.report_id, status.form, status.status, status.last_reported).where(
        status.report_id.in_(wanted)
    )
    for rid, form, status, last in session.execute(forms):
        reports[rid].forms[form] = (str(getattr(status, "value", status)), last)
    for name in FACT_TABLES:
        table = _table(name)
        keep = fact_columns()[name]
        for row in session.execute(select(table).where(table.c.report_id.in_(wanted))).mappings():
            data: dict[str, Any] = {c: row[c] for c in keep}
            reports[row["report_id"]].facts.setdefault(name, []).append(data)
    return reports
