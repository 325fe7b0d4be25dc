"""One stored report as the web app shows it: cover, forms and statuses, every fact with its cell.

A page of the web app, not a figure: nothing here is counted. The facts are every row the import
stored for the report, table by table, with the sheet and cell each came from (and the extra
cells of deadlines and extensions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Flow, FormStatusRow, Report
from tracker.models.facts import (
    ArticleFact,
    ContaminatedArea,
    Destruction,
    FormText,
    ImplementationMeasure,
    NationalResource,
    Need,
    RiskEducationActivity,
    Stockpile,
)

#: The fact tables in the order of the forms, with their headings.
TABLES: tuple[tuple[str, Any], ...] = (
    ("Form texts (summaries)", FormText),
    ("National implementation measures (Form A)", ImplementationMeasure),
    ("Article 3, 4 and 5 statuses (Forms B, F, H)", ArticleFact),
    ("Stockpiles (Form B)", Stockpile),
    ("Destruction (Form B)", Destruction),
    ("Contaminated areas (Form F)", ContaminatedArea),
    ("Risk reduction education (Form G)", RiskEducationActivity),
    ("Assistance needs (Form I)", Need),
    ("National resources (Form I)", NationalResource),
    ("Assistance provided and received (Form I)", Flow),
)
_HIDDEN = {"id", "report_id", "flow_file_id", "sheet", "cell"}


@dataclass
class FactTable:
    """The rows of one fact table: column names, then each row's values and its cell."""

    title: str
    columns: list[str]
    rows: list[tuple[list[Any], str]] = field(default_factory=list)


@dataclass
class ReportView:
    """What ``/reports/{sha256}/{n}`` shows of one report."""

    report: Any  # the Report row (cover values)
    forms: list[Any]
    tables: list[FactTable]


def _value(v: Any) -> Any:
    return getattr(v, "value", v)


def report_view(session: Session, report_id: int) -> ReportView:
    """The cover, the form statuses and the facts of report ``report_id``."""
    report = session.get(Report, report_id)
    assert report is not None
    forms = list(
        session.scalars(
            select(FormStatusRow)
            .where(FormStatusRow.report_id == report_id)
            .order_by(FormStatusRow.form)
        )
    )
    tables = []
    for title, model in TABLES:
        names = [c.key for c in model.__table__.columns if c.key not in _HIDDEN]
        table = FactTable(title, names)
        for row in session.scalars(
            select(model).where(model.report_id == report_id).order_by(model.id)
        ):
            values = [_value(getattr(row, n)) for n in names]
            table.rows.append((values, f"{row.sheet}!{row.cell}"))
        if table.rows:
            tables.append(table)
    return ReportView(report, forms, tables)
