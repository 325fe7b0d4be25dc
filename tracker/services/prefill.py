"""The pre-fill of a State's next annual report: one service for the CLI and ``/entry``.

``tracker template --state`` writes it; the web app's ``/entry`` opens with it.

The source is the State's latest current report with an earlier reporting year. From it, after
carry-forward (:mod:`tracker.carry`, so an *unchanged* form shows the data it really points
at), the pre-fill takes what the spec lists: the cover's contacts, each form's status, the
Article 3/4/5 statuses with their completion dates, deadlines, extensions and recorded victims,
and the declared needs. Forms not applicable or not provided stay so; every other form is
offered as *unchanged (last reported Y)*, Y being the year whose data it shows. The date of
submission stays blank. Everything is written from the layout data (:mod:`tracker.layouts`):
which sheet holds which article, which field shows which fact column, how a code is written
in the language, so a new layout or language needs no change here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from tracker import clock
from tracker.carry import CarryForward
from tracker.enums import FormStatus, ReportType
from tracker.errors import TrackerError
from tracker.layouts import TEMPLATE_LAYOUT, FieldSpec, Layout, get_layout
from tracker.readmodel import RawReport
from tracker.services.store import (
    CoverDetails,
    Projection,
    Versions,
    cover_details,
    form_statuses,
    read_store,
)
from tracker.template import Filled


@dataclass(frozen=True)
class Offered:
    """What the pre-fill offers for one form: its status and the year its data is from."""

    status: FormStatus
    last_reported: int | None = None


@dataclass
class Prefill:
    """A State's report to fill in: its identity, the pre-filled cells and their source."""

    state_iso3: str
    state_name: str
    report_type: ReportType
    year: int
    lang: str
    layout_id: str
    fill: Filled
    source: RawReport | None = None
    offered: dict[str, Offered] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        """``ISO3-YEAR-annual.xlsx``, as ``--all-parties`` names it."""
        return f"{self.state_iso3}-{self.year}-{self.report_type.value}.xlsx"

    @property
    def source_label(self) -> str:
        """``TCD 2023 annual, chad-2023.xlsx (3f2a9c0d1e2b)``, or that there is none."""
        if self.source is None:
            return "no earlier report in the store"
        ref = self.source.ref
        return (
            f"{ref.state_iso3} {ref.reporting_year} {ref.report_type.value}, "
            f"{ref.file_name} ({ref.sha256[:12]})"
        )


def _rows(session: Session, iso3: str) -> tuple[list[RawReport], str]:
    rows = read_store(
        session,
        Projection(versions=Versions.CURRENT, states=frozenset({iso3}), dates=True, names=True),
    )
    reports = [r for r in rows.reports if not r.ref.is_withdrawn]
    return reports, rows.name(iso3)


def default_year(reports: list[RawReport], today: dt.date) -> int:
    """The year after the State's latest current report; without one, last calendar year."""
    years = [r.ref.reporting_year for r in reports]
    return max(years) + 1 if years else today.year - 1


def prefill(
    session: Session,
    iso3: str,
    *,
    year: int | None = None,
    lang: str | None = None,
    report_type: ReportType = ReportType.ANNUAL,
    layout_id: str = TEMPLATE_LAYOUT,
) -> Prefill:
    """The pre-filled report of State ``iso3`` for ``year`` (default: :func:`default_year`).

    An annual report is filled from the latest current report with an earlier reporting year,
    in that report's language unless ``lang`` is given; an initial report opens blank (it
    cannot use *unchanged*) with only its identity on the cover.
    """
    layout = get_layout(layout_id)
    reports, name = _rows(session, iso3)
    year = default_year(reports, clock.today()) if year is None else year
    earlier = [r for r in reports if r.ref.reporting_year < year]
    source = None
    if report_type is ReportType.ANNUAL and earlier:
        source = max(earlier, key=lambda r: (r.ref.reporting_year, r.ref.report_type.value))
    details = cover_details(session, source.ref.report_id) if source else None
    if lang is None:
        lang = details.language if details else "en"
    if lang not in layout.languages:
        raise TrackerError(
            f"layout {layout.id} has no language {lang!r}: use one of {', '.join(layout.languages)}"
        )
    result = Prefill(iso3, name, report_type, year, lang, layout.id, Filled(lang), source)
    _cover(layout, result, details)
    if source is not None:
        _forms(session, layout, result, source, CarryForward(reports))
        result.fill.marker = {
            "written by": "tracker (pre-filled template)",
            "state": iso3,
            "reporting year": str(year),
            "filled from": result.source_label,
            "source sha256": source.ref.sha256,
            "written on": clock.today().isoformat(),
        }
        result.fill.marked_forms = tuple(
            k for k, o in result.offered.items() if o.status is FormStatus.UNCHANGED
        )
    return result


def _label(layout: Layout, vocabulary: str, code: str, lang: str) -> str:
    return layout.vocabularies[vocabulary].label(code, lang)


def _cover(layout: Layout, p: Prefill, details: CoverDetails | None) -> None:
    values: dict[str, Any] = {
        "state": p.state_name,
        "report_type": _label(layout, "report_type", p.report_type.value, p.lang),
        "period_from": dt.date(p.year, 1, 1),
        "period_to": dt.date(p.year, 12, 31),
    }
    if details is not None:
        for name in ("organisation", "contact_name", "email", "telephone"):
            values[name] = getattr(details, name)
    p.fill.fields["cover"] = {k: v for k, v in values.items() if v is not None}


def _written(layout: Layout, spec: FieldSpec, value: Any, lang: str) -> Any:
    """A fact value as the template writes it in ``lang``."""
    if value is None:
        return None
    code = getattr(value, "value", value)  # enums to their codes
    if spec.type == "yes_no":
        if spec.if_yes is not None and code == spec.if_yes:
            code = "yes"
        elif spec.if_no is not None and code == spec.if_no:
            code = "no"
        return _label(layout, "yes_no", "yes" if code in ("yes", True) else "no", lang)
    if spec.type == "choice" and spec.vocabulary:
        return _label(layout, spec.vocabulary, str(code), lang)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _forms(
    session: Session, layout: Layout, p: Prefill, source: RawReport, carry: CarryForward
) -> None:
    rows: list[dict[str, Any]] = []
    cover = form_statuses(session, source.ref.report_id)
    for spec in layout.forms:
        letter = spec.form or ""
        info = cover.get(letter)
        status, last = (info.status, info.last_reported) if info else source.status_of(letter)
        if status is FormStatus.CHANGED:
            offered = Offered(FormStatus.UNCHANGED, source.ref.reporting_year)
        elif status is FormStatus.UNCHANGED and last is not None:
            offered = Offered(FormStatus.UNCHANGED, last)
        else:
            offered = Offered(status)
        p.offered[letter] = offered
        row: dict[str, Any] = {"form": letter}
        if offered.status in (FormStatus.UNCHANGED, FormStatus.NOT_APPLICABLE):
            row["status"] = _label(layout, "form_status", offered.status.value, p.lang)
        if offered.last_reported is not None:
            row["last_reported"] = offered.last_reported
        rows.append(row)
        if offered.status is FormStatus.UNCHANGED:
            _form_data(layout, p, letter, source, carry)
    p.fill.tables[("cover", "forms")] = rows


def _form_data(
    layout: Layout, p: Prefill, letter: str, source: RawReport, carry: CarryForward
) -> None:
    """The facts a form shows (after carry-forward) written into its sheet's fields and tables."""
    sheet = layout.sheet(letter)
    article = sheet.records.get("article_facts", {}).get("article")
    if article is not None:
        fact = carry.article(source, int(article))
        if fact is not None:
            values = {}
            for spec in sheet.fields:
                if spec.target == "article_facts" and spec.columns:
                    written = _written(layout, spec, getattr(fact, spec.columns[0], None), p.lang)
                    if written is not None:
                        values[spec.name] = written
            p.fill.fields[letter] = values
    for table in sheet.tables:
        if table.target != "needs":
            continue
        rows = []
        for need in carry.needs(source):
            row: dict[str, Any] = {}
            for spec in table.columns:
                value = True if spec.tick else getattr(need, spec.columns[0], None)
                written = _written(layout, spec, value, p.lang)
                if written is not None:
                    row[spec.name] = written
            rows.append(row)
        p.fill.tables[(letter, table.name)] = rows


def parties_on(session: Session, day: dt.date) -> list[str]:
    """The States Parties on ``day`` (by entry into force, withdrawals taken into account)."""
    from tracker.membership import is_party_on

    members = read_store(session, Projection(versions=Versions.NONE, members=True)).members
    return sorted(
        iso3
        for iso3, m in members.items()
        if is_party_on(day, m.entry_into_force, m.withdrawal_effective)
    )
