"""The reports in the store as revision chains; withdrawing and reinstating a stored file.

A chain is every version of one (State, reporting year, report type), ranked by the current
rule (:mod:`tracker.ingest.current`): the current version first, then the others in the order
the rule prefers them, withdrawn versions last. Withdrawal keeps a version (history stays
complete) but it is never current or counted again until it is reinstated; both act on every
report of the file and go into the audit trail with the person's reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker import clock
from tracker.enums import Channel, ReportType
from tracker.errors import UsageError
from tracker.ingest.current import FORM_CHANNELS, ReportKey, Version, rank
from tracker.invocation import command_line
from tracker.models import ImportRun, Report, SourceFile
from tracker.services.audit import record_event
from tracker.services.loading.current import lock_keys, recompute_current
from tracker.services.sha import find_by_sha256
from tracker.wording import plural


@dataclass(frozen=True)
class StoredVersion:
    """One stored version of a report, with the file it came from."""

    report_id: int
    sha256: str
    path: str
    file_name: str
    source_row: int
    channel: Channel
    submitted_on: dt.date | None
    imported_at: dt.datetime
    is_current: bool
    is_withdrawn: bool
    superseded_by_id: int | None
    imported_by: str | None = None  # "user@host" of the import run that stored the file

    @property
    def where(self) -> str:
        """The file as imported, with the row for a matrix report."""
        return f"{self.path} row {self.source_row}" if self.channel is Channel.MATRIX else self.path


@dataclass(frozen=True)
class ReportChain:
    """Every version of one (State, reporting year, report type), best first."""

    key: ReportKey
    versions: tuple[StoredVersion, ...]

    @property
    def current(self) -> StoredVersion | None:
        """The current version (None when every version is withdrawn)."""
        return next((v for v in self.versions if v.is_current), None)


def _order(v: StoredVersion) -> tuple[bool, bool, bool, tuple[bool, dt.date, str, int]]:
    """Best first: current, not withdrawn, workbook before matrix, then the rule's rank."""
    version = Version(v.report_id, v.channel, v.submitted_on, v.sha256, v.source_row, False)
    return (v.is_current, not v.is_withdrawn, v.channel in FORM_CHANNELS, rank(version))


def list_reports(
    session: Session,
    *,
    year: int | None = None,
    state: str | None = None,
    keys: Collection[ReportKey] | None = None,
) -> list[ReportChain]:
    """The revision chains in the store, by State, year and type; optionally one year or State.

    ``keys`` limits the answer to those chains (what a withdrawal touched).
    """
    query = (
        select(Report, SourceFile, ImportRun.os_user, ImportRun.host)
        .join(SourceFile, SourceFile.id == Report.source_file_id)
        .outerjoin(ImportRun, ImportRun.id == SourceFile.import_run_id)
    )
    if year is not None:
        query = query.where(Report.reporting_year == year)
    if state is not None:
        query = query.where(Report.state_iso3 == state)
    if keys is not None:
        query = query.where(
            Report.state_iso3.in_({k.state_iso3 for k in keys}),
            Report.reporting_year.in_({k.reporting_year for k in keys}),
        )
    chains: dict[ReportKey, list[StoredVersion]] = {}
    for report, source, user, host in session.execute(query):
        key = ReportKey(report.state_iso3, report.reporting_year, ReportType(report.report_type))
        chains.setdefault(key, []).append(
            StoredVersion(
                report.id,
                source.sha256,
                source.path,
                source.file_name,
                report.source_row,
                Channel(report.channel),
                report.submitted_on,
                source.imported_at,
                bool(report.is_current),
                bool(report.is_withdrawn),
                report.superseded_by_id,
                f"{user}@{host}" if user else None,
            )
        )
    return [
        ReportChain(key, tuple(sorted(versions, key=_order, reverse=True)))
        for key, versions in sorted(chains.items())
        if keys is None or key in keys
    ]


def find_source_file(session: Session, sha: str) -> SourceFile:
    """The stored file whose SHA-256 is ``sha`` or starts with it (at least 8 hex characters)."""
    listing = command_line("reports", "list")
    return find_by_sha256(session, SourceFile, sha, what="file", listing=listing)


@dataclass(frozen=True)
class Withdrawal:
    """What ``withdraw`` or ``reinstate`` did: the file, its reports, each key's current after.

    ``changed`` reports were withdrawn (or reinstated); ``unchanged`` were so already.
    """

    action: str  # "withdraw" or "reinstate", the audit trail's word
    sha256: str
    path: str
    changed: int
    unchanged: int
    chains: tuple[ReportChain, ...]


def check_reason(reason: str) -> str:
    """The reason of a withdrawal or reinstatement, stripped; a blank one is wrong usage."""
    text = reason.strip()
    if not text:
        raise UsageError(
            "--reason is blank: say why in a few words (it goes into the audit trail), "
            'e.g. --reason "duplicate of the revised report"'
        )
    return text


def withdraw(
    session: Session,
    sha: str,
    *,
    reason: str,
    now: dt.datetime | None = None,
    app_user: str | None = None,
) -> Withdrawal:
    """Mark every report of the stored file ``sha`` withdrawn and recompute the current versions.

    Withdrawing twice is harmless (the second time changes nothing and records nothing). The
    change and its audit event (who, when, why) land in the caller's transaction together.
    """
    return _set_withdrawn(session, sha, withdrawn=True, reason=reason, now=now, app_user=app_user)


def reinstate(
    session: Session,
    sha: str,
    *,
    reason: str,
    now: dt.datetime | None = None,
    app_user: str | None = None,
) -> Withdrawal:
    """Undo :func:`withdraw`: every report of the file counts again, current by the rule."""
    return _set_withdrawn(session, sha, withdrawn=False, reason=reason, now=now, app_user=app_user)


def _set_withdrawn(
    session: Session,
    sha: str,
    *,
    withdrawn: bool,
    reason: str,
    now: dt.datetime | None,
    app_user: str | None = None,
) -> Withdrawal:
    why = check_reason(reason)
    source = find_source_file(session, sha)
    rows: Sequence[Report] = session.scalars(
        select(Report).where(Report.source_file_id == source.id)
    ).all()
    keys = sorted(
        {ReportKey(r.state_iso3, r.reporting_year, ReportType(r.report_type)) for r in rows}
    )
    lock_keys(session, keys)
    to_change = [r for r in rows if bool(r.is_withdrawn) is not withdrawn]
    action = "withdraw" if withdrawn else "reinstate"
    if to_change:
        values = (
            {"is_withdrawn": True, "is_current": False, "withdrawn_at": now or clock.now()}
            if withdrawn
            else {"is_withdrawn": False, "withdrawn_at": None}
        )
        session.execute(
            update(Report)
            .where(Report.id.in_([r.id for r in to_change]))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        recompute_current(session, keys)
        record_event(
            session,
            action,
            source.sha256,
            reason=why,
            detail=_detail(source.path, to_change, "withdrawn" if withdrawn else "reinstated"),
            app_user=app_user,
        )
    session.expire_all()
    chains = list_reports(session, keys=set(keys))
    return Withdrawal(
        action,
        source.sha256,
        source.path,
        len(to_change),
        len(rows) - len(to_change),
        tuple(chains),
    )


def _detail(path: str, changed: Sequence[Report], done: str, shown: int = 20) -> str:
    """``2 reports of reports/m.xlsx withdrawn: LAO 2015 annual, LAO 2016 annual``."""
    keys = sorted({(r.state_iso3, r.reporting_year, r.report_type) for r in changed})
    names = [f"{state} {year} {ReportType(kind).value}" for state, year, kind in keys[:shown]]
    more = f" and {len(keys) - shown} more" if len(keys) > shown else ""
    return f"{plural(len(changed), 'report')} of {path} {done}: {', '.join(names)}{more}"
