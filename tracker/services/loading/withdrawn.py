"""The note on re-importing a withdrawn file: it stays withdrawn, and how to reinstate it.

A file's SHA-256 is stored once, so importing it again changes nothing (outcome ``unchanged``).
When its reports were withdrawn, that silence would hide why they still do not count: the info
``stays-withdrawn`` says who withdrew it, when and why (from the audit trail), and gives the
command that counts it again, ready to run from where the import was run.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.codes import issue
from tracker.ingest.parsed import ParsedFile
from tracker.invocation import command_line
from tracker.issues import Issue
from tracker.models import AuditEvent, Report, SourceFile

REASON_PLACEHOLDER = "why it counts again"


def stays_withdrawn(session: Session, parsed: ParsedFile) -> list[Issue]:
    """Info ``stays-withdrawn`` when the stored file ``parsed`` has withdrawn reports, else none."""
    flags = session.execute(
        select(Report.is_withdrawn, Report.withdrawn_at)
        .join(SourceFile, SourceFile.id == Report.source_file_id)
        .where(SourceFile.sha256 == parsed.sha256)
    ).all()
    withdrawn = [at for is_withdrawn, at in flags if is_withdrawn]
    if not withdrawn:
        return []
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject == parsed.sha256, AuditEvent.action == "withdraw")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    what = (
        "this file is stored already and was withdrawn"
        if len(withdrawn) == len(flags)
        else f"this file is stored already and {len(withdrawn)} of its {len(flags)} reports "
        "were withdrawn"
    )
    if event is not None:
        when = f" by {event.os_user}@{event.host} on {event.at.date().isoformat()}"
        why = f" (reason: {event.reason})" if event.reason else ""
    else:  # withdrawn before the audit trail recorded withdrawals
        dates = sorted(at.date().isoformat() for at in withdrawn if at is not None)
        when, why = (f" on {dates[-1]}" if dates else ""), ""
    command = command_line("reports", "reinstate", parsed.sha256, "--reason", REASON_PLACEHOLDER)
    return [issue(parsed.path, "stays-withdrawn", what=what, when=when, why=why, command=command)]
