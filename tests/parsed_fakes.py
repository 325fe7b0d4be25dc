"""Hand-made ParsedFile objects and a fake reader, to test the loader without workbooks.

The fake reader returns what a test registered for a file name; the SHA-256 is that of the
file's real bytes, as the real reader computes it, so identical files are identical versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from sqlalchemy import func, inspect, select

from tracker.ingest.parsed import FormEntry, ParsedFile, ParsedReport
from tracker.issues import Issue, Severity
from tracker.models.enums import Channel, FormStatus, ReportType

AUDIT_TABLES = {"import_runs", "import_run_files", "alembic_version"}


def report(
    state: str = "LAO",
    year: int = 2024,
    *,
    submitted: dt.date | None = dt.date(2025, 4, 30),
    report_type: ReportType = ReportType.ANNUAL,
    channel: Channel = Channel.WORKBOOK,
    row: int = 0,
    article4: str | None = "has",
    needs: int = 1,
    unchanged: dict[str, int] | None = None,
) -> ParsedReport:
    """A report with Form F's status and ``needs`` clearance needs, as a reader would give it."""
    r = ParsedReport(
        state_iso3=state,
        report_type=report_type,
        period_from=dt.date(year, 1, 1),
        period_to=dt.date(year, 12, 31),
        submitted_on=submitted,
        channel=channel,
        layout="ccm-a7/1" if channel is Channel.WORKBOOK else "matrix/1",
        sheet="Cover" if channel is Channel.WORKBOOK else "Matrix",
        cell="B1" if channel is Channel.WORKBOOK else f"A{row}",
        source_row=row,
    )
    if article4 is not None:
        r.forms.append(FormEntry("F", FormStatus.CHANGED, None, "Cover", "B17"))
        r.rows("article_facts").append(
            {"article": 4, "status": article4, "sheet": "Form F", "cell": "B1"}
        )
    if needs:
        r.forms.append(FormEntry("I", FormStatus.CHANGED, None, "Cover", "B20"))
    for n in range(needs):
        r.rows("needs").append(
            {"area": "clearance", "needed": True, "sheet": "Form I", "cell": f"B{n + 2}"}
        )
    for form, last in (unchanged or {}).items():
        r.forms.append(FormEntry(form, FormStatus.UNCHANGED, last, "Cover", "C13"))
    return r


class FakeReader:
    """Files on disk whose parsed content a test chose; call it like the real reader."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.content: dict[str, tuple[str, list[ParsedReport], list[Issue]]] = {}

    def add(
        self,
        name: str,
        *reports: ParsedReport,
        kind: str = "workbook",
        errors: int = 0,
        salt: str = "",
    ) -> Path:
        """Write ``name`` (bytes unique to its name and ``salt``) and register its reports."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"fake workbook {name} {salt}".encode())
        issues = [
            Issue(str(path), "unknown-state", Severity.ERROR, "unknown State", "Cover", "B1")
            for _ in range(errors)
        ]
        self.content[name] = (kind, list(reports), issues)
        return path

    def copy(self, source: str, name: str) -> Path:
        """A byte-identical copy of ``source`` under another name (same SHA-256)."""
        path = self.folder / name
        path.write_bytes((self.folder / source).read_bytes())
        self.content[name] = self.content[source]
        return path

    def __call__(self, path: Path, max_unzipped_bytes: int) -> ParsedFile:
        data = path.read_bytes()
        kind, reports, issues = self.content[path.relative_to(self.folder).as_posix()]
        return ParsedFile(
            path=str(path),
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            layout="ccm-a7/1",
            kind=kind,
            reports=list(reports),
            issues=[
                Issue(str(path), i.code, i.severity, i.message, i.sheet, i.cell) for i in issues
            ],
        )


def row_counts(engine: object) -> dict[str, int]:
    """Rows per table (the audit trail left out: it records rejected files on purpose)."""
    from sqlalchemy import table

    with engine.connect() as conn:  # type: ignore[attr-defined]
        names = sorted(set(inspect(conn).get_table_names()) - AUDIT_TABLES)
        return {
            n: conn.execute(select(func.count()).select_from(table(n))).scalar_one() for n in names
        }
