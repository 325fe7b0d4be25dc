"""Put hand-made reports and memberships straight into a migrated store (for figure tests).

Import-path tests write real workbooks instead; these factories are for statistics, compliance
and state-page tests that need a few precise rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from decimal import Decimal

from sqlalchemy.orm import Session

from tracker.membership import entry_into_force
from tracker.models import (
    ArticleFact,
    Flow,
    FlowFile,
    FormStatusRow,
    Membership,
    Need,
    Report,
    SourceFile,
)
from tracker.models.enums import (
    Channel,
    FlowArea,
    FlowSide,
    FlowType,
    FormStatus,
    NeedArea,
    ObligationStatus,
    RecipientKind,
    ReportType,
)

_counter = itertools.count(1)
_FORM_OF = {3: "B", 4: "F", 5: "H"}
_STATUS_CELL = {3: "B1", 4: "B1", 5: "B1"}


def add_membership(
    session: Session,
    iso3: str,
    deposited: dt.date | None = dt.date(2009, 12, 1),
    withdrawal: dt.date | None = None,
    signed: dt.date | None = None,
) -> Membership:
    """A membership record; entry into force computed by the Convention's rule."""
    m = Membership(
        iso3=iso3,
        signed=signed,
        deposited=deposited,
        entry_into_force=entry_into_force(deposited) if deposited else None,
        withdrawal_effective=withdrawal,
    )
    session.add(m)
    session.flush()
    return m


def add_report(
    session: Session,
    iso3: str,
    year: int,
    *,
    report_type: ReportType = ReportType.ANNUAL,
    submitted: dt.date | None = None,
    articles: dict[int, str] | None = None,
    needs: list[NeedArea | tuple[NeedArea, str | None, Decimal | None, str | None]] | None = None,
    unchanged: dict[str, int] | None = None,
    not_applicable: str = "",
    current: bool = True,
    withdrawn: bool = False,
    file_name: str | None = None,
    period_from: dt.date | None = None,
    facts: dict[int, dict[str, object]] | None = None,
) -> Report:
    """A report version with article statuses (``{3: "has"}``), needs and cover statuses.

    Forms with data are ``changed``; ``unchanged`` maps forms to their last-reported year;
    letters in ``not_applicable`` are marked not applicable; other forms are not provided.
    ``facts`` adds columns to an article's fact row (``{3: {"deadline": date}}``).
    """
    n = next(_counter)
    name = file_name or f"{iso3}-{year}-{report_type.value}-{n}.xlsx"
    source = SourceFile(
        sha256=hashlib.sha256(f"{name}{n}".encode()).hexdigest(),
        file_name=name,
        path=name,
        size_bytes=1000,
        layout="ccm-a7/1",
        imported_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    session.add(source)
    report = Report(
        source_file=source,
        source_row=0,
        state_iso3=iso3,
        report_type=report_type,
        period_from=period_from or dt.date(year, 1, 1),
        period_to=dt.date(year, 12, 31),
        reporting_year=year,
        submitted_on=submitted,
        channel=Channel.WORKBOOK,
        layout="ccm-a7/1",
        sheet="Cover",
        cell="B1",
        is_current=current and not withdrawn,
        is_withdrawn=withdrawn,
    )
    session.add(report)
    session.flush()
    statuses: dict[str, tuple[FormStatus, int | None]] = {}
    for article, status in (articles or {}).items():
        statuses[_FORM_OF[article]] = (FormStatus.CHANGED, None)
        session.add(
            ArticleFact(
                report_id=report.id,
                article=article,
                status=ObligationStatus(status),
                sheet=f"Form {_FORM_OF[article]}",
                cell=_STATUS_CELL[article],
                **(facts or {}).get(article, {}),
            )
        )
    for row, need in enumerate(needs or [], start=2):
        area, description, cost, currency = (
            need if isinstance(need, tuple) else (need, None, None, None)
        )
        statuses["I"] = (FormStatus.CHANGED, None)
        session.add(
            Need(
                report_id=report.id,
                area=area,
                needed=True,
                description=description,
                estimated_cost=cost,
                currency=currency,
                sheet="Form I",
                cell=f"B{row}",
            )
        )
    for form, last in (unchanged or {}).items():
        statuses[form] = (FormStatus.UNCHANGED, last)
    for form in not_applicable:
        statuses[form] = (FormStatus.NOT_APPLICABLE, None)
    for row, form in enumerate("ABCDEFGHIJ", start=12):
        status, last = statuses.get(form, (FormStatus.NOT_PROVIDED, None))
        session.add(
            FormStatusRow(
                report_id=report.id,
                form=form,
                status=status,
                last_reported=last,
                sheet="Cover",
                cell=f"B{row}",
            )
        )
    session.flush()
    return report


def add_flow_file(
    session: Session, name: str, *, withdrawn: bool = False, sha256: str | None = None
) -> FlowFile:
    """A stored flow file (another source), its rows added with :func:`add_flow`."""
    found = FlowFile(
        sha256=sha256 or hashlib.sha256(f"{name}{next(_counter)}".encode()).hexdigest(),
        file_name=name,
        imported_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        is_withdrawn=withdrawn,
        withdrawn_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC) if withdrawn else None,
    )
    session.add(found)
    session.flush()
    return found


def recipient_fields(recipient: str) -> tuple[RecipientKind, str | None, str | None]:
    """``LAO`` → a State, ``Global``, ``region:002`` → a region: (kind, ISO3, region code)."""
    if recipient == "Global":
        return RecipientKind.GLOBAL, None, None
    if recipient.startswith("region:"):
        return RecipientKind.REGION, None, recipient.split(":", 1)[1]
    return RecipientKind.STATE, recipient, None


def flow_fields(
    donor: str,
    kind: RecipientKind,
    iso3: str | None,
    region: str | None,
    area: FlowArea,
    year: int,
    amount: str | None,
    currency: str | None,
    flow_type: FlowType | None,
) -> dict[str, object]:
    """The columns a stored flow and a read flow share; ``donor`` in three capitals is a State."""
    is_state = len(donor) == 3 and donor.isupper()
    return {
        "donor_iso3": donor if is_state else None,
        "donor_name": None if is_state else donor,
        "recipient_kind": kind,
        "recipient_iso3": iso3,
        "recipient_region": region,
        "area": area,
        "year": year,
        "amount": None if amount is None else Decimal(amount),
        "currency": currency,
        "flow_type": flow_type,
    }


def add_flow(
    session: Session,
    origin: Report | FlowFile,
    cell: str,
    donor: str,
    recipient: str,
    area: FlowArea,
    year: int,
    amount: str | None = None,
    currency: str | None = None,
    flow_type: FlowType | None = None,
    *,
    side: FlowSide | None = None,
    **extra: object,
) -> Flow:
    """A flow row of a report's Form I (side by who reports) or of a flow file.

    ``donor`` / ``recipient``: three capitals are an ISO3 code; ``recipient`` ``Global`` or
    ``region:002``; another donor is an organisation. ``side`` defaults to ``donor_report``
    for a report, ``other_source`` for a file.
    """
    is_file = isinstance(origin, FlowFile)
    kind, iso3, region = recipient_fields(recipient)
    row = Flow(
        side=side or (FlowSide.OTHER_SOURCE if is_file else FlowSide.DONOR_REPORT),
        **flow_fields(donor, kind, iso3, region, area, year, amount, currency, flow_type),
        report_id=None if is_file else origin.id,
        flow_file_id=origin.id if is_file else None,
        sheet=None if is_file else "Form I",
        cell=cell,
        source_row=int("".join(c for c in cell if c.isdigit())),
        **extra,
    )
    session.add(row)
    session.flush()
    return row
