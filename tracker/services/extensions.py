"""Extension decisions in the store: the shipped list, imports, removals, listing.

A decision's key is (State, Article, Decided on). ``tracker db upgrade`` inserts the shipped
decisions (``tracker/data/ccm-extensions.csv``) whose key is absent and never overwrites a
stored row, nor brings back one the ISU removed; ``tracker extensions import`` adds or corrects
decisions by key; ``tracker extensions remove`` deletes one. Each import or removal writes an
audit event (actions ``extensions-import`` and ``extensions-remove``, subject the decision's
key) in the same transaction. Services never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.errors import TrackerError
from tracker.ingest.decisions import DecisionFile, DecisionRow, read_decisions
from tracker.models import AuditEvent, ExtensionDecision
from tracker.services.audit import record_event

SHIPPED_FILE = "ccm-extensions.csv"
IMPORT_ACTION = "extensions-import"
REMOVE_ACTION = "extensions-remove"


def key_text(iso3: str, article: int, decided_on: dt.date) -> str:
    """The audit subject of a decision: ``DEU Article 4 decided 2019-09-04``."""
    return f"{iso3} Article {article} decided {decided_on.isoformat()}"


@dataclass(frozen=True)
class StoredDecision:
    """A decision as stored, with who put it there (``shipped`` or ``imported``)."""

    state_iso3: str
    article: int
    extended_until: dt.date
    decided_on: dt.date
    meeting: str
    source: str
    origin: str
    recorded_at: dt.datetime

    @property
    def key(self) -> str:
        """The decision's key in words (as the audit trail names it)."""
        return key_text(self.state_iso3, self.article, self.decided_on)


def _stored(row: ExtensionDecision) -> StoredDecision:
    return StoredDecision(
        row.state_iso3,
        row.article,
        row.extended_until,
        row.decided_on,
        row.meeting,
        row.source,
        row.origin,
        row.recorded_at,
    )


def list_decisions(session: Session, iso3: str | None = None) -> list[StoredDecision]:
    """Stored decisions (of ``iso3`` only when given), by State, article and date decided."""
    query = select(ExtensionDecision).order_by(
        ExtensionDecision.state_iso3, ExtensionDecision.article, ExtensionDecision.decided_on
    )
    if iso3 is not None:
        query = query.where(ExtensionDecision.state_iso3 == iso3)
    return [_stored(row) for row in session.scalars(query)]


@dataclass(frozen=True)
class ImportSummary:
    """What an import of decisions did: keys added, corrected, and rows already as stored."""

    added: tuple[str, ...]
    corrected: tuple[str, ...]
    unchanged: int

    @property
    def changed(self) -> bool:
        """True when the store changed."""
        return bool(self.added or self.corrected)


def _describe(row: DecisionRow) -> str:
    return f"extended until {row.extended_until.isoformat()} ({row.meeting}; {row.source})"


def apply_decisions(
    session: Session, rows: list[DecisionRow], *, origin: str, file_name: str, audit: bool = True
) -> ImportSummary:
    """Add or correct decisions by key; rows already stored as they are change nothing."""
    stored = {
        (d.state_iso3, d.article, d.decided_on): d
        for d in session.scalars(select(ExtensionDecision))
    }
    added: list[str] = []
    corrected: list[str] = []
    unchanged = 0
    for row in rows:
        key = key_text(*row.key)
        found = stored.get(row.key)
        if found is None:
            found = ExtensionDecision(
                state_iso3=row.state_iso3, article=row.article, decided_on=row.decided_on
            )
            session.add(found)
            detail = f"added from {file_name}: {_describe(row)}"
            added.append(key)
        elif (found.extended_until, found.meeting, found.source) == (
            row.extended_until,
            row.meeting,
            row.source,
        ):
            unchanged += 1
            continue
        else:
            detail = (
                f"corrected from {file_name}: was extended until "
                f"{found.extended_until.isoformat()} ({found.meeting}; {found.source}), now "
                f"{_describe(row)}"
            )
            corrected.append(key)
        found.extended_until, found.meeting, found.source = (
            row.extended_until,
            row.meeting,
            row.source,
        )
        found.origin, found.recorded_at = origin, clock.now()
        if audit:
            record_event(session, IMPORT_ACTION, key, detail=detail)
    session.flush()
    return ImportSummary(tuple(added), tuple(corrected), unchanged)


def import_decisions(session: Session, parsed: DecisionFile) -> ImportSummary:
    """Store the rows of a checked file (refused whole when it has any error)."""
    if not parsed.ok:
        raise ValueError("refusing to store a decisions file with errors")
    return apply_decisions(session, parsed.rows, origin="imported", file_name=parsed.path.name)


def remove_decision(
    session: Session, iso3: str, article: int, decided_on: dt.date, reason: str
) -> StoredDecision:
    """Delete one decision (audited with ``reason``); a missing one is an error (exit 1)."""
    row = session.scalars(
        select(ExtensionDecision).where(
            ExtensionDecision.state_iso3 == iso3,
            ExtensionDecision.article == article,
            ExtensionDecision.decided_on == decided_on,
        )
    ).one_or_none()
    if row is None:
        raise TrackerError(
            f"no extension decision of {iso3} on Article {article} decided on "
            f"{decided_on.isoformat()}: tracker extensions list --state {iso3} shows the "
            "decisions stored"
        )
    gone = _stored(row)
    session.delete(row)
    record_event(
        session,
        REMOVE_ACTION,
        gone.key,
        reason=reason,
        detail=f"removed: extended until {gone.extended_until.isoformat()} ({gone.meeting}; "
        f"{gone.source}; {gone.origin})",
    )
    return gone


def shipped_path() -> Path:
    """The decisions file shipped inside the package."""
    return Path(str(resources.files("tracker.data").joinpath(SHIPPED_FILE)))


def load_shipped_decisions(session: Session, path: Path | None = None) -> int:
    """Insert the shipped decisions whose key is absent; returns how many were added.

    A stored row is never overwritten (the ISU may have corrected it), and a decision the
    ISU removed (an ``extensions-remove`` event names its key) is not brought back. Not
    audited one by one: like the States and the action plans, it is reference data.
    """
    parsed = read_decisions(path or shipped_path())
    if not parsed.ok:  # a packaging mistake, caught by the tests
        problems = "; ".join(parsed.lines())
        raise TrackerError(f"the shipped extension decisions are invalid: {problems}")
    removed = set(
        session.scalars(select(AuditEvent.subject).where(AuditEvent.action == REMOVE_ACTION))
    )
    present = set(
        session.execute(
            select(
                ExtensionDecision.state_iso3,
                ExtensionDecision.article,
                ExtensionDecision.decided_on,
            )
        ).tuples()
    )
    fresh = [r for r in parsed.rows if r.key not in present and key_text(*r.key) not in removed]
    summary = apply_decisions(
        session, fresh, origin="shipped", file_name=parsed.path.name, audit=False
    )
    return len(summary.added)
