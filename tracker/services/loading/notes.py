"""The notes the loader adds to a file's issues: membership, current version, carry-forward.

They never reject a file (info and warning only); they tell the person importing what the store
made of it: a report from a State that is not a party, a version stored but not current, a
matrix row shadowed by a form workbook, a form carried forward from a report not yet stored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.codes import issue
from tracker.enums import FormStatus
from tracker.ingest.current import FORM_CHANNELS, Version
from tracker.ingest.parsed import ParsedFile, ParsedReport
from tracker.issues import Issue
from tracker.membership import MemberStatus, is_party_on, status_on
from tracker.models import Report, SourceFile
from tracker.readmodel import Member
from tracker.wording import plural


def read_memberships(session: Session, states: Collection[str] | None = None) -> dict[str, Member]:
    """Membership records by ISO3 (of ``states``, or all: a batch reads them once)."""
    from tracker.services.store import Projection, Versions, read_store

    chosen = None if states is None else frozenset(states)
    return read_store(session, Projection(Versions.NONE, states=chosen, members=True)).members


def membership_issues(
    session: Session,
    parsed: ParsedFile,
    memberships: Mapping[str, Member] | None = None,
) -> list[Issue]:
    """Info ``not-a-state-party`` for reports of States that are not parties in their period.

    A report counts as a party's when the State is a party at the end of the reporting period
    or on the date of submission.
    """
    if memberships is None:
        memberships = read_memberships(session, {r.state_iso3 for r in parsed.reports})
    issues = []
    for report in parsed.reports:
        m = memberships.get(report.state_iso3)
        eif, withdrawal = (m.entry_into_force, m.withdrawal_effective) if m else (None, None)
        days = [report.period_to] + ([report.submitted_on] if report.submitted_on else [])
        if any(is_party_on(day, eif, withdrawal) for day in days):
            continue
        status = status_on(
            report.period_to,
            has_record=m is not None,
            deposited=m.deposited if m else None,
            entry_into_force=eif,
            withdrawal_effective=withdrawal,
        )
        why = "no membership record" if status is MemberStatus.UNKNOWN and m is None else status
        issues.append(
            issue(
                parsed.path,
                "not-a-state-party",
                sheet=report.sheet,
                cell=report.cell,
                field="state",
                value=report.state_iso3,
                state=report.state_iso3,
                day=report.period_to.isoformat(),
                why=why,
            )
        )
    return issues


def _form(version: Version) -> bool:
    """True for a form workbook's version (read or entered): they rank alike."""
    return version.channel in FORM_CHANNELS


def tied_versions(rid: int, versions: Sequence[Version], current_id: int | None) -> list[Version]:
    """The versions whose date of submission ties with version ``rid`` where it decides.

    Only ties among the versions the rule compares (not withdrawn; form workbooks only when
    there is one) and at the top (the current version's date) decide anything: a tie between
    two superseded versions does not.
    """
    mine = next((v for v in versions if v.report_id == rid), None)
    current = next((v for v in versions if v.report_id == current_id), None)
    if mine is None or current is None or mine.submitted_on is None:
        return []
    if mine.submitted_on != current.submitted_on or _form(mine) is not _form(current):
        return []
    return [
        v
        for v in versions
        if v.report_id != rid
        and not v.is_withdrawn
        and _form(v) is _form(current)
        and v.submitted_on == mine.submitted_on
    ]


def _tie_issue(
    session: Session,
    parsed: ParsedFile,
    report: ParsedReport,
    rid: int,
    tied: Sequence[Version],
    current_id: int | None,
) -> Issue:
    """Warning ``same-submission-date``: the other version(s) and which one is current."""
    rows = session.execute(
        select(SourceFile.sha256, SourceFile.file_name).where(
            SourceFile.sha256.in_({v.sha256 for v in tied})
        )
    )
    names = {sha: name for sha, name in rows}

    def named(v: Version) -> str:
        return f"{names.get(v.sha256, 'a stored file')} ({v.sha256[:12]})"

    others = ", ".join(named(v) for v in sorted(tied, key=lambda v: v.sha256))
    winner = next((v for v in tied if v.report_id == current_id), None)
    elsewhere = named(winner) if winner else "another version"
    current = "this file" if current_id == rid else elsewhere
    day = report.submitted_on.isoformat() if report.submitted_on else ""
    label = f"{report.state_iso3} {report.reporting_year} {report.report_type.value}"
    verb = "have" if len(tied) > 1 else "has"
    return issue(
        parsed.path,
        "same-submission-date",
        sheet=report.sheet,
        cell=report.submitted_cell or report.cell,
        field="submitted_on",
        value=day,
        label=label,
        others=others,
        verb=verb,
        day=day,
        current=current,
    )


def current_issues(
    session: Session,
    parsed: ParsedFile,
    report: ParsedReport,
    rid: int,
    current_id: int | None,
    shadowed: tuple[int, ...],
    versions: Sequence[Version] = (),
) -> list[Issue]:
    """Say why a newly stored version is not current (or that it shadows matrix rows).

    ``versions`` are every version of the report's key with their flags as now decided: a
    version whose date of submission ties with the current one's is told so (warning
    ``same-submission-date``), in place of the usual note.
    """
    label = f"{report.state_iso3} {report.reporting_year} {report.report_type.value}"

    def note(code: str, **params: Any) -> Issue:
        return issue(parsed.path, code, sheet=report.sheet, cell=report.cell, **params)

    tied = tied_versions(rid, versions, current_id) if rid not in shadowed else []
    if tied:
        return [_tie_issue(session, parsed, report, rid, tied, current_id)]

    if rid in shadowed:
        return [note("matrix-shadowed", label=label)]
    if current_id == rid:
        if report.channel in FORM_CHANNELS and shadowed:
            return [note("shadows-matrix", label=label, rows=plural(len(shadowed), "matrix row"))]
        return []
    if current_id is None:
        return []
    name, submitted = session.execute(
        select(SourceFile.file_name, Report.submitted_on)
        .join(Report, Report.source_file_id == SourceFile.id)
        .where(Report.id == current_id)
    ).one()
    when = f"submitted {submitted.isoformat()}" if submitted else "undated"
    return [note("not-current", label=label, name=name, when=when)]


CarryRef = tuple[str, int, str, str | None, str | None]
"""An ``unchanged`` form to check: (State, last reported year, form, sheet, cell)."""


def carry_forward_refs(parsed: ParsedFile) -> list[CarryRef]:
    """The ``unchanged`` forms of ``parsed`` that name a year (what the check needs of a file).

    Small tuples: a batch keeps them until its end instead of the parsed file.
    """
    return [
        (r.state_iso3, e.last_reported, e.form, e.sheet, e.cell)
        for r in parsed.reports
        for e in r.forms
        if e.status is FormStatus.UNCHANGED and e.last_reported is not None
    ]


def carry_forward_missing(session: Session, path: str, refs: list[CarryRef]) -> list[Issue]:
    """Warning ``carry-forward-missing`` for ``unchanged`` forms whose year is not in the store.

    ``refs`` are one file's (``path``). Checked at the end of a batch, so a batch that brings
    the earlier report too gives no warning whatever the order of its files. Withdrawn versions
    do not count.
    """
    if not refs:
        return []
    present = set(
        session.execute(
            select(Report.state_iso3, Report.reporting_year)
            .where(
                Report.state_iso3.in_({state for state, *_ in refs}),
                Report.reporting_year.in_({year for _, year, *_ in refs}),
                Report.is_withdrawn.is_(False),
            )
            .distinct()
        ).tuples()
    )
    return [
        issue(
            path,
            "carry-forward-missing",
            sheet=sheet,
            cell=cell,
            field="last_reported",
            value=str(year),
            letter=form,
            year=year,
            state=state,
        )
        for state, year, form, sheet, cell in refs
        if (state, year) not in present
    ]
