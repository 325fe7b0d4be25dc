"""Assistance flows in the store: import and withdraw flow files, list, match (``assistance.md``).

The use cases of ``tracker assistance`` and of the web page ``/assistance``. Reading goes through
the one reader (:func:`tracker.services.store.read_store` with ``flows``); the matching, the
listing and their outputs are the pure functions of :mod:`tracker.assistance`. Importing a flow
file stores it whole or not at all (one transaction per file), once per SHA-256.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker import clock
from tracker.assistance.listing import RecipientFilter, select_flows
from tracker.assistance.match import MatchResult, StateMatch, match_assistance
from tracker.assistance.rates import Rates
from tracker.assistance.read import flow_records
from tracker.assistance.restate import collapse_restatements
from tracker.assistance.rows import FlowRecord, NeedEvidence
from tracker.codes import issue
from tracker.enums import FlowArea, FlowSide
from tracker.gc import collector_paused
from tracker.invocation import command_line
from tracker.issues import Issue, Severity
from tracker.models import Flow, FlowFile
from tracker.readmodel import Rows
from tracker.services.audit import FileOutcome, record_event, record_files
from tracker.services.loading.driver import LoaderError
from tracker.services.loading.loader import Outcome, insert_rows
from tracker.services.reports import check_reason
from tracker.services.sha import find_by_sha256
from tracker.services.stats import NeedsWindow, needs_statistics, statistics_projection
from tracker.services.store import Needs, Projection, read_store
from tracker.stats.needs import NeedsStatistics
from tracker.stats.output import describe
from tracker.wording import Style, plural

if TYPE_CHECKING:
    from tracker.ingest.flowfile import ParsedFlowFile

_CELL = re.compile(r"([A-Z]+)(\d+)\)?$")


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matched:
    """The needs statistics and the match computed from one read of the store."""

    statistics: NeedsStatistics
    result: MatchResult


def numerators(stats: NeedsStatistics) -> dict[int, dict[str, NeedEvidence | None]]:
    """Per article, the numerator States of the statistics with where their need was read."""
    found: dict[int, dict[str, NeedEvidence | None]] = {}
    for statistic in stats.statistics:
        evidence = statistic.count.numerator_evidence
        per_state: dict[str, NeedEvidence | None] = {}
        for state in statistic.numerator_states:
            seen = evidence.get(state)
            if seen is None:
                per_state[state] = None
                continue
            p = seen.provenance
            carried = f" (carried from {p.carried_from})" if p.carried_from is not None else ""
            per_state[state] = NeedEvidence(
                cited=f"{p.file}!{p.sheet}!{p.cell}{carried}",
                described=describe(seen),
                json=p.as_json(),
            )
        found[statistic.article] = per_state
    return found


def match_rows(
    rows: Rows,
    stats: NeedsStatistics,
    *,
    current_only: bool = False,
    style: Style = Style.WORDS,
    rates: Rates | None = None,
) -> MatchResult:
    """The match of rows read with flows, against statistics computed from the same rows."""
    flows = flow_records(rows.reports, rows.flow_files, stats.as_of)
    return match_assistance(
        flows,
        numerators(stats),
        as_of=stats.as_of,
        since=stats.since,
        current_only=current_only,
        style=style,
        rates=rates,
    )


def compute_match(
    session: Session,
    as_of: int | None = None,
    since: int | None = None,
    *,
    current_only: bool = False,
    style: Style = Style.WORDS,
    rates: Rates | None = None,
) -> Matched:
    """``tracker assistance match``: defaults and errors as ``tracker stats needs``."""
    window = NeedsWindow(session, as_of, since)
    with collector_paused():
        projection = dataclasses.replace(statistics_projection(window), flows=True)
        rows = read_store(session, projection)
        stats = needs_statistics(rows, window.chosen, current_only=current_only, style=style)
        result = match_rows(rows, stats, current_only=current_only, style=style, rates=rates)
    return Matched(stats, result)


def stored_flows(session: Session) -> list[FlowRecord]:
    """Every flow of the store (current reports after carry-forward, files not withdrawn), once."""
    rows = read_store(session, Projection(needs=Needs.NONE, flows=True))
    return collapse_restatements(flow_records(rows.reports, rows.flow_files))


def list_flows(
    session: Session,
    *,
    recipient: RecipientFilter | None = None,
    donor: tuple[str, str] | None = None,
    year: int | None = None,
    area: FlowArea | None = None,
    side: FlowSide | None = None,
) -> list[FlowRecord]:
    """``tracker assistance list``: every stored flow that passes the filters, sorted."""
    return select_flows(
        stored_flows(session), recipient=recipient, donor=donor, year=year, area=area, side=side
    )


# --- importing ---------------------------------------------------------------------------------


@dataclass
class FlowFileResult:
    """One flow file of an import: its outcome, how many rows it holds, every issue."""

    path: str
    sha256: str | None
    outcome: Outcome
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        """How many issues of ``severity`` the file has."""
        return sum(1 for i in self.issues if i.severity is severity)

    def as_json(self) -> dict[str, object]:
        """A ``files`` entry: ``rows`` instead of the report keys; issues add row and column."""
        return {
            "path": self.path,
            "sha256": self.sha256,
            "outcome": self.outcome.value,
            "rows": self.rows,
            "issues": [issue_json(i) for i in self.issues],
        }


def issue_json(found: Issue) -> dict[str, object]:
    """An issue of a flow file with its ``row`` and ``column`` (None when it names no cell)."""
    data: dict[str, object] = dict(found.as_json())
    match = _CELL.search(found.cell or "")
    data["row"] = int(match[2]) if match else None
    data["column"] = match[1] if match else None
    return data


@dataclass
class FlowImport:
    """Everything one ``tracker assistance import`` did (or, with ``dry_run``, would do)."""

    files: list[FlowFileResult]
    dry_run: bool = False

    def _n(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome is outcome)

    def summary(self) -> dict[str, int]:
        """``files``, ``imported``, ``unchanged``, ``rejected``, ``rows`` and issue counts."""
        return {
            "files": len(self.files),
            "imported": self._n(Outcome.IMPORTED),
            "unchanged": self._n(Outcome.UNCHANGED),
            "rejected": self._n(Outcome.REJECTED),
            "rows": sum(f.rows for f in self.files if f.outcome is Outcome.IMPORTED),
            "errors": sum(f.count(Severity.ERROR) for f in self.files),
            "warnings": sum(f.count(Severity.WARNING) for f in self.files),
            "infos": sum(f.count(Severity.INFO) for f in self.files),
        }

    def summary_text(self) -> str:
        """``2 files: 1 imported (12 rows), 1 unchanged, 0 rejected; 0 errors, 1 warning``."""
        s = self.summary()
        return (
            f"{plural(s['files'], 'file')}: {s['imported']} imported "
            f"({plural(s['rows'], 'row')}), {s['unchanged']} unchanged, {s['rejected']} "
            f"rejected; {plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}"
        )

    @property
    def exit_code(self) -> int:
        """1 when any file was rejected, else 0."""
        return 1 if self._n(Outcome.REJECTED) else 0

    def as_json(self) -> dict[str, object]:
        """The JSON document (``tracker import``'s shape, per file ``rows``)."""
        data: dict[str, object] = {
            "files": [f.as_json() for f in self.files],
            "summary": self.summary(),
        }
        if self.dry_run:
            data["dry_run"] = True
        return data


def import_flow_files(
    engine: Engine,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    source: str | None = None,
    run_id: int | None = None,
    read: Callable[[Path], ParsedFlowFile] | None = None,
) -> FlowImport:
    """Read and store each flow file in a transaction of its own (rolled back for a dry run).

    ``source`` fills the Source of rows that leave it blank. ``run_id``: the audit run the
    files' outcomes join (None: not recorded, as for a dry run).
    """
    results = []
    for path in paths:
        parsed = (read or _read)(path)
        if source:
            parsed.rows = [{**r, "source": r.get("source") or source} for r in parsed.rows]
        if not parsed.ok:
            result = FlowFileResult(
                parsed.path, parsed.sha256 or None, Outcome.REJECTED, 0, list(parsed.issues)
            )
            if run_id is not None:
                record_files(engine, run_id, [_outcome(result)])
        else:
            result = _store(engine, parsed, dry_run=dry_run, run_id=run_id)
        results.append(result)
    return FlowImport(results, dry_run)


def _read(path: Path) -> ParsedFlowFile:
    # The flow-file reader (layouts, cell rules) is imported by the import only: the match,
    # the listing and the donor workbook never read a file.
    from tracker.ingest.flowfile import ParsedFlowFile, read_flow_file

    if not path.exists():
        parsed = ParsedFlowFile(str(path), path.name, "", 0, "csv")
        parsed.issues.append(issue(str(path), "file-not-found"))
        return parsed
    return read_flow_file(path)


def _outcome(result: FlowFileResult) -> FileOutcome:
    return FileOutcome(
        path=result.path,
        sha256=result.sha256,
        outcome=result.outcome.value,
        errors=result.count(Severity.ERROR),
        warnings=result.count(Severity.WARNING),
    )


def _identity(row: Mapping[str, object]) -> tuple[object, ...]:
    """What makes two flow rows the same flow (``assistance.md`` §3)."""
    donor = row.get("donor_iso3") or ("org", " ".join(str(row.get("donor_name")).lower().split()))
    currency = row.get("currency")
    return (
        donor,
        str(row["recipient_kind"]),
        row.get("recipient_iso3"),
        row.get("recipient_region"),
        str(row["area"]),
        row["year"],
        row.get("amount"),
        None if currency is None else str(currency).upper(),
        None if row.get("flow_type") is None else str(row["flow_type"]),
    )


def _duplicates(session: Session, parsed: ParsedFlowFile) -> list[Issue]:
    """``duplicate-flow`` for each row equal to a row of another stored file."""
    query = (
        select(
            Flow.donor_iso3,
            Flow.donor_name,
            Flow.recipient_kind,
            Flow.recipient_iso3,
            Flow.recipient_region,
            Flow.area,
            Flow.year,
            Flow.amount,
            Flow.currency,
            Flow.flow_type,
            Flow.source_row,
            FlowFile.file_name,
        )
        .join(FlowFile, FlowFile.id == Flow.flow_file_id)
        .where(FlowFile.sha256 != parsed.sha256)
        .order_by(FlowFile.id, Flow.id)
    )
    stored: dict[tuple[object, ...], tuple[int, str]] = {}
    for *values, row, name in session.execute(query).tuples():
        keys = (
            "donor_iso3",
            "donor_name",
            "recipient_kind",
            "recipient_iso3",
            "recipient_region",
            "area",
            "year",
            "amount",
            "currency",
            "flow_type",
        )
        as_row = {
            k: (v.value if hasattr(v, "value") else v) for k, v in zip(keys, values, strict=True)
        }
        stored.setdefault(_identity(as_row), (row, name))
    notes = []
    for row in parsed.rows:
        found = stored.get(_identity(row))
        if found is not None:
            notes.append(
                issue(
                    parsed.path,
                    "duplicate-flow",
                    sheet=parsed.sheet,
                    cell=row["cell"] if parsed.sheet else f"row {row['source_row']}",
                    other_row=found[0],
                    file=found[1],
                )
            )
    return notes


def _store(
    engine: Engine, parsed: ParsedFlowFile, *, dry_run: bool, run_id: int | None
) -> FlowFileResult:
    issues = list(parsed.issues)
    with Session(engine) as session:
        transaction = session.begin()
        try:
            existing = session.scalar(select(FlowFile).where(FlowFile.sha256 == parsed.sha256))
            if existing is not None:
                if existing.is_withdrawn:
                    command = command_line("assistance", "reinstate", parsed.sha256[:12])
                    command += ' --reason "…"'
                    issues.append(issue(parsed.path, "flow-file-withdrawn", command=command))
                result = FlowFileResult(
                    parsed.path, parsed.sha256, Outcome.UNCHANGED, len(parsed.rows), issues
                )
            else:
                issues.extend(_duplicates(session, parsed))
                file_row = FlowFile(
                    sha256=parsed.sha256,
                    file_name=parsed.file_name,
                    imported_at=clock.now(),
                    import_run_id=run_id,
                )
                session.add(file_row)
                session.flush()
                rows = [{**r, "flow_file_id": file_row.id} for r in parsed.rows]
                insert_rows(session.connection(), Flow.__tablename__, rows)
                result = FlowFileResult(
                    parsed.path, parsed.sha256, Outcome.IMPORTED, len(parsed.rows), issues
                )
            if run_id is not None and not dry_run:
                record_files(session.connection(), run_id, [_outcome(result)])
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
        except (IntegrityError, LoaderError) as exc:
            transaction.rollback()
            result = _refused_or_stored(engine, parsed, issues, exc)
            if run_id is not None and not dry_run:
                record_files(engine, run_id, [_outcome(result)])
        except BaseException:
            transaction.rollback()
            raise
    return result


def _refused_or_stored(
    engine: Engine, parsed: ParsedFlowFile, issues: list[Issue], exc: Exception
) -> FlowFileResult:
    """A refused write: ``unchanged`` when another process stored the file, else ``rejected``.

    The SHA-256 is unique, so a concurrent import of the same file fails here; anything else
    the database refuses (a constraint the reader did not check) rejects the file whole.
    """
    with Session(engine) as session:
        stored = session.scalar(select(FlowFile.id).where(FlowFile.sha256 == parsed.sha256))
    if stored is not None:
        return FlowFileResult(
            parsed.path, parsed.sha256, Outcome.UNCHANGED, len(parsed.rows), issues
        )
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    refused = issue(parsed.path, "store-refused", reason=text)
    return FlowFileResult(parsed.path, parsed.sha256, Outcome.REJECTED, 0, [*issues, refused])


# --- withdrawing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowWithdrawal:
    """What ``assistance withdraw`` or ``reinstate`` did to one flow file."""

    action: str  # "withdraw" or "reinstate"
    sha256: str
    file_name: str
    flows: int
    changed: bool


def find_flow_file(session: Session, sha: str) -> FlowFile:
    """The stored flow file whose SHA-256 is ``sha`` or starts with it (8+ hex characters)."""
    listing = command_line("assistance", "list", "--format", "json")
    return find_by_sha256(session, FlowFile, sha, what="flow file", listing=listing)


def set_withdrawn(
    session: Session,
    sha: str,
    *,
    withdrawn: bool,
    reason: str,
    now: dt.datetime | None = None,
    app_user: str | None = None,
) -> FlowWithdrawal:
    """Withdraw (or reinstate) a flow file: its flows are never counted or listed while withdrawn.

    Doing it twice changes nothing and records nothing; a change lands with its audit event.
    """
    why = check_reason(reason)
    found = find_flow_file(session, sha)
    flows = len(session.scalars(select(Flow.id).where(Flow.flow_file_id == found.id)).all())
    action = "withdraw" if withdrawn else "reinstate"
    changed = bool(found.is_withdrawn) is not withdrawn
    if changed:
        session.execute(
            update(FlowFile)
            .where(FlowFile.id == found.id)
            .values(
                is_withdrawn=withdrawn,
                withdrawn_at=(now or clock.now()) if withdrawn else None,
            )
            .execution_options(synchronize_session=False)
        )
        done = "withdrawn" if withdrawn else "reinstated"
        record_event(
            session,
            action,
            found.sha256,
            reason=why,
            detail=f"flow file {found.file_name} ({plural(flows, 'flow')}) {done}",
            app_user=app_user,
        )
    return FlowWithdrawal(action, found.sha256, found.file_name, flows, changed)


# --- the web pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StateSupport:
    """The *Support* section of a State page: its match per article and its flows.

    ``statuses``: article → the State's match (only the articles whose numerator holds it);
    ``received``: flows to the State; ``provided``: flows from it (as a donor); both every flow
    of the store (no window), sorted as ``assistance list``.
    """

    iso3: str
    as_of: int
    since: int
    statuses: dict[int, StateMatch]
    received: tuple[FlowRecord, ...]
    provided: tuple[FlowRecord, ...]


def state_support(session: Session, iso3: str, *, as_of: int | None = None) -> StateSupport:
    """What the State page's Support section shows for ``iso3`` (the match and every flow)."""
    return support_of(compute_match(session, as_of=as_of).result, stored_flows(session), iso3)


def support_of(result: MatchResult, every: Sequence[FlowRecord], iso3: str) -> StateSupport:
    """``iso3``'s Support section from the whole match and every stored flow (pure).

    The web app computes those two once per store generation and picks each State's part.
    """
    from tracker.assistance.listing import RecipientFilter
    from tracker.assistance.rows import Party
    from tracker.enums import RecipientKind

    statuses = {
        article.article: match
        for article in result.articles
        for match in article.states
        if match.state == iso3
    }
    received = select_flows(every, recipient=RecipientFilter(RecipientKind.STATE, iso3))
    provided = select_flows(every, donor=Party(iso3, iso3).key)
    return StateSupport(
        iso3, result.as_of, result.since, statuses, tuple(received), tuple(provided)
    )
