"""What ``tracker import`` reports: per-file results, the summary, the JSON document.

Plain data, no database: the CLI renders it as text or JSON, the exit code follows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.issues import Issue, Severity
from tracker.messages import choose, issue_json
from tracker.services.loading.loader import Outcome, ReportResult
from tracker.wording import plural


@dataclass
class FileResult:
    """One file of a batch: its outcome, its reports and every issue found in it."""

    path: str
    sha256: str | None
    outcome: Outcome
    kind: str = "workbook"
    reports: list[ReportResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    language: str | None = None  # the workbook's language as the reader detected it

    @property
    def single(self) -> ReportResult | None:
        """The report of a form workbook (None for a matrix file or an unreadable file)."""
        return self.reports[0] if self.kind == "workbook" and len(self.reports) == 1 else None

    def count(self, severity: Severity) -> int:
        """How many issues of ``severity`` the file has."""
        return sum(1 for i in self.issues if i.severity is severity)

    def as_json(self, lang: str = "en") -> dict[str, object]:
        """The ``files`` entry of ``tracker import --format json``, messages in ``lang``.

        ``lang`` is a language or ``auto`` (the workbook's own): each issue's ``message`` is in
        that language, with ``message_en`` beside it when that is not English.
        """
        shown = choose(lang, self.language)
        one = self.single
        return {
            "path": self.path,
            "sha256": self.sha256,
            "outcome": self.outcome.value,
            "state": one.state_iso3 if one else None,
            "reporting_year": one.reporting_year if one else None,
            "report_type": one.report_type if one else None,
            "reports": [r.as_json() for r in self.reports],
            "issues": [issue_json(i, shown) for i in self.issues],
        }


@dataclass(frozen=True)
class Summary:
    """The counts of a batch (``rolled_back`` is shown per file, not in the summary line)."""

    files: int
    imported: int
    revisions: int
    unchanged: int
    rejected: int
    rolled_back: int
    errors: int
    warnings: int
    infos: int

    def as_json(self) -> dict[str, int]:
        """The ``summary`` object of ``tracker import --format json``."""
        keys = ("files", "imported", "revisions", "unchanged", "rejected")
        return {k: getattr(self, k) for k in (*keys, "errors", "warnings", "infos")}

    def as_text(self) -> str:
        """``N files: a imported, b revisions, c unchanged, d rejected; e errors, f warnings``.

        Each noun agrees with its count: ``1 file: 1 imported, 1 revision, ...; 1 error, ...``.
        """
        return (
            f"{plural(self.files, 'file')}: {self.imported} imported, "
            f"{plural(self.revisions, 'revision')}, {self.unchanged} unchanged, "
            f"{self.rejected} rejected; {plural(self.errors, 'error')}, "
            f"{plural(self.warnings, 'warning')}"
        )


@dataclass
class BatchResult:
    """Everything one ``tracker import`` did (or, with ``dry_run``, would do)."""

    files: list[FileResult]
    skipped: list[Issue] = field(default_factory=list)  # folder-scan notes, never in ``files``
    dry_run: bool = False
    disk_full: bool = False  # the batch ended early: the database's disk is full

    @property
    def stored(self) -> int:
        """Files stored by this run (imported or revision)."""
        return sum(1 for f in self.files if f.outcome in (Outcome.IMPORTED, Outcome.REVISION))

    @property
    def stop_message(self) -> str | None:
        """The one line that says why the batch ended early (None when it did not)."""
        if not self.disk_full:
            return None
        n = self.stored
        stored = f"{n} file was stored" if n == 1 else f"{n} files were stored"
        return (
            f"the disk is full: {stored}; free space and run the same command again "
            "(stored files are skipped)"
        )

    @property
    def summary(self) -> Summary:
        """Counts by outcome and by severity."""

        def n(outcome: Outcome) -> int:
            return sum(1 for f in self.files if f.outcome is outcome)

        return Summary(
            files=len(self.files),
            imported=n(Outcome.IMPORTED),
            revisions=n(Outcome.REVISION),
            unchanged=n(Outcome.UNCHANGED),
            rejected=n(Outcome.REJECTED),
            rolled_back=n(Outcome.ROLLED_BACK),
            errors=sum(f.count(Severity.ERROR) for f in self.files),
            warnings=sum(f.count(Severity.WARNING) for f in self.files),
            infos=sum(f.count(Severity.INFO) for f in self.files),
        )

    @property
    def exit_code(self) -> int:
        """1 when any file was rejected or rolled back, else 0."""
        bad = (Outcome.REJECTED, Outcome.ROLLED_BACK)
        return 1 if self.disk_full or any(f.outcome in bad for f in self.files) else 0

    def as_json(self, lang: str = "en") -> dict[str, object]:
        """The whole JSON document of ``tracker import --format json`` (messages in ``lang``)."""
        data: dict[str, object] = {
            "files": [f.as_json(lang) for f in self.files],
            "summary": self.summary.as_json(),
        }
        if self.dry_run:
            data["dry_run"] = True
        if self.disk_full:
            data["stopped"] = {"reason": "disk-full", "message": self.stop_message}
        return data
