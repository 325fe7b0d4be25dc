"""One State's page (``tracker state show``): what the ISU reads before meeting a delegation.

:func:`build_state_page` reads the State's rows from the store once (every version, with dates,
needs, its membership and the extension decisions) and :func:`state_page` makes them into a
:class:`StatePage` value (membership, deadlines, each counted report's Article 3/4/5 statuses
after carry-forward with the cell they came from, declared needs by year, every version
received). Everything is judged **as the store knew it on** ``on`` (``compliance.md``): the
counted reports are the versions received by then, the current one of each report chosen again
among them (:mod:`tracker.compliance.known`). :func:`render_state_page` turns the page into
text and :func:`state_page_json` into JSON. All but the read are pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.carry import ArticleStatus, CarryForward, EffectiveReport, Need, Provenance
from tracker.compliance.deadlines import StateDeadlines, deadlines_of_state
from tracker.compliance.known import known_by, known_on
from tracker.enums import FormStatus, ObligationStatus, ReportType
from tracker.membership import MemberStatus, is_party_on, load_bundled_command, status_on
from tracker.readmodel import ARTICLE_FORMS, Member, Rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# What each status means in the words of the forms (Forms B, F and H).
STATUS_WORDS: dict[int, dict[ObligationStatus, str]] = {
    3: {
        ObligationStatus.NONE: "never held",
        ObligationStatus.HAS: "holds stockpiles",
        ObligationStatus.HAD: "destruction completed",
    },
    4: {
        ObligationStatus.NONE: "no contamination",
        ObligationStatus.HAS: "contaminated",
        ObligationStatus.HAD: "clearance completed",
    },
    5: {
        ObligationStatus.NONE: "no victims",
        ObligationStatus.HAS: "victims",
        ObligationStatus.HAD: "victims (had)",
    },
}


@dataclass(frozen=True)
class YearReport:
    """One current report: its statuses and needs after carry-forward, and whether it counts."""

    report: EffectiveReport
    party_at_year_end: bool

    @property
    def reporting_year(self) -> int:
        """The report's reporting year."""
        return self.report.ref.reporting_year

    def article(self, number: int) -> ArticleStatus | None:
        """Article ``number``'s status (None: the form was not provided)."""
        return self.report.articles.get(number)


@dataclass(frozen=True)
class Version:
    """One stored version of a report (current, superseded or withdrawn)."""

    reporting_year: int
    report_type: ReportType
    submitted: dt.date | None
    file_name: str
    sha256: str
    channel: str
    is_current: bool  # on the page's date: the version counted for its report
    is_withdrawn: bool
    received_later: bool = False  # submitted after the page's date: not known then
    source_row: int = 0  # the file's row of a matrix report (0 for a form workbook)

    @property
    def standing(self) -> str:
        """current, superseded, withdrawn, or ``after --on`` (received after the page's date)."""
        if self.is_withdrawn:
            return "withdrawn"
        if self.received_later:
            return "after --on"
        return "current" if self.is_current else "superseded"


@dataclass(frozen=True)
class StatePage:
    """Everything ``tracker state show`` prints for one State."""

    iso3: str
    name: str
    on: dt.date
    status: MemberStatus
    membership: Member | None
    years: tuple[YearReport, ...]
    versions: tuple[Version, ...]
    deadlines: StateDeadlines | None = None  # Article 3/4 deadlines on ``on`` (compliance)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _order(report: EffectiveReport) -> tuple[int, int]:
    return report.ref.reporting_year, 0 if report.ref.report_type is ReportType.INITIAL else 1


def build_state_page(session: Session, state: str, on: dt.date) -> StatePage:
    """The page of ``state`` (any known name or ISO3; unknown: exit 1 with suggestions)."""
    from tracker.reference import require_state
    from tracker.services.store import Projection, Versions, read_store

    iso3 = require_state(state)
    # Carry-forward only ever reads the same State's reports: read only those.
    projection = Projection(
        versions=Versions.ALL, states=frozenset({iso3}), dates=True, members=True, decisions=True
    )
    return state_page(iso3, on, read_store(session, projection))


def state_page(iso3: str, on: dt.date, rows: Rows) -> StatePage:
    """The page of ``iso3`` on ``on`` from its rows: every version, membership, decisions."""
    from tracker.reference import states_by_iso3

    member = rows.members.get(iso3)
    status = status_on(
        on,
        has_record=member is not None,
        deposited=member.deposited if member else None,
        entry_into_force=member.entry_into_force if member else None,
        withdrawal_effective=member.withdrawal_effective if member else None,
    )
    raw = [r for r in rows.reports if r.ref.state_iso3 == iso3]
    known = known_on(raw, on)
    resolver = CarryForward(known)
    current = sorted(
        (resolver.resolve(r) for r in known if r.ref.is_current and not r.ref.is_withdrawn),
        key=_order,
    )
    counted_ids = {r.ref.report_id for r in current}
    eif = member.entry_into_force if member else None
    withdrawal = member.withdrawal_effective if member else None
    years = tuple(
        YearReport(r, is_party_on(_year_end(r.ref.reporting_year), eif, withdrawal))
        for r in current
    )
    versions = tuple(
        sorted(
            (
                Version(
                    r.ref.reporting_year,
                    r.ref.report_type,
                    r.ref.submitted_on,
                    r.ref.file_name,
                    r.ref.sha256,
                    r.ref.channel,
                    r.ref.report_id in counted_ids,
                    r.ref.is_withdrawn,
                    not r.ref.is_withdrawn and not known_by(r.ref, on),
                    r.ref.source_row,
                )
                for r in raw
            ),
            key=lambda v: (
                v.reporting_year,
                v.report_type.value,
                v.received_later,
                not v.is_current,
                -(v.submitted or dt.date.min).toordinal(),
                v.sha256,
            ),
        )
    )
    decisions = [d for d in rows.decisions if d.state_iso3 == iso3]
    deadlines = deadlines_of_state(iso3, current, eif, on, decisions)
    name = states_by_iso3()[iso3].name_en
    return StatePage(iso3, name, on, status, member, years, versions, deadlines)


# --- rendering (pure) ----------------------------------------------------------------------


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def where(provenance: Provenance) -> str:
    """``Form F!B1 in TCD-2019.xlsx`` and, for carried-forward data, the year it came from."""
    text = f"{provenance.sheet}!{provenance.cell} in {provenance.file}"
    if provenance.carried_from is not None:
        text += f", carried forward from {provenance.carried_from}"
    return text


def _article_line(year: YearReport, article: int) -> str:
    status = year.article(article)
    form = ARTICLE_FORMS[article]
    if status is None:
        return f"Article {article}: —  (Form {form} not provided)"
    words = STATUS_WORDS[article][status.status]
    if year.report.form_status.get(form) is FormStatus.NOT_APPLICABLE:
        words = "not applicable"
    return f"Article {article}: {status.status.value} ({words})  [{where(status.provenance)}]"


def _need_line(need: Need) -> str:
    text = need.area.value.replace("_", " ")
    if need.description:
        text += f": {need.description}"
    if need.estimated_cost is not None:
        text += f" (estimated {need.estimated_cost:,} {need.currency or ''})".rstrip()
    return f"{text}  [{where(need.provenance)}]"


def _membership_lines(page: StatePage) -> list[str]:
    m = page.membership
    if m is None:
        return [f"no membership record (load the reference list: {load_bundled_command()})"]
    deposit = _day(m.deposited) + (f" ({m.deposit_type})" if m.deposit_type else "")
    lines = [
        f"signed: {_day(m.signed)}",
        f"deposited: {deposit}",
        f"entry into force: {_day(m.entry_into_force)}",
    ]
    if m.withdrawal_effective:
        lines.append(f"withdrawal effective: {_day(m.withdrawal_effective)}")
    return lines


def render_state_page(page: StatePage) -> str:
    """The page as text: membership, deadlines, statuses and needs per year, versions received."""
    from tracker.compliance.deadline_output import deadline_lines, deadlines_title

    on = page.on.isoformat()
    lines = [f"{page.name} ({page.iso3})", f"Status on {on}: {page.status.value}"]
    lines += ["", "Membership", *(f"  {line}" for line in _membership_lines(page))]
    if page.deadlines is not None:
        lines += ["", deadlines_title(page.deadlines)]
        lines += [f"  {line}" for line in deadline_lines(page.deadlines)]

    lines += [
        "",
        f"Obligation statuses by reporting year (reports counted on {on}, after carry-forward)",
    ]
    if not page.years:
        empty = f"no report received by {on}" if page.versions else "no reports in the store"
        lines.append(f"  {empty}")
    for year in page.years:
        ref = year.report.ref
        note = "" if year.party_at_year_end else "  (not counted: not a State Party on 31 Dec)"
        lines.append(f"  {ref.reporting_year} {ref.report_type.value} ({ref.file_name}){note}")
        lines += [f"    {_article_line(year, a)}" for a in (3, 4, 5)]

    lines += ["", "Declared needs by reporting year"]
    with_needs = [y for y in page.years if y.report.needs]
    if not with_needs:
        lines.append("  none declared")
    for year in with_needs:
        ref = year.report.ref
        lines.append(f"  {ref.reporting_year} {ref.report_type.value}")
        lines += [f"    {_need_line(n)}" for n in year.report.needs]

    lines += ["", "Reports received (all versions; standing on the date above)"]
    if not page.versions:
        lines.append("  none")
    for v in page.versions:
        lines.append(
            f"  {v.reporting_year} {v.report_type.value:7} submitted {_day(v.submitted):10}  "
            f"{v.standing:10}  {v.channel:8}  {v.file_name}  sha256 {v.sha256[:12]}"
        )
    return "\n".join(lines)


# --- JSON (pure) -----------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _article_json(year: YearReport, article: int) -> dict[str, Any] | None:
    status = year.article(article)
    if status is None:
        return None
    words = STATUS_WORDS[article][status.status]
    if year.report.form_status.get(ARTICLE_FORMS[article]) is FormStatus.NOT_APPLICABLE:
        words = "not applicable"
    return {
        "status": status.status.value,
        "words": words,
        "completed_on": _iso(status.completed_on),
        "provenance": status.provenance.as_json(),
    }


def _need_json(need: Need) -> dict[str, Any]:
    return {
        "area": need.area.value,
        "description": need.description,
        "estimated_cost": None if need.estimated_cost is None else str(need.estimated_cost),
        "currency": need.currency,
        "provenance": need.provenance.as_json(),
    }


def state_page_json(page: StatePage) -> dict[str, Any]:
    """The page as the JSON of ``tracker state show --format json`` (``docs/compliance.md``)."""
    from tracker.compliance.deadline_output import deadlines_json

    m = page.membership
    return {
        "state": page.iso3,
        "name": page.name,
        "on": page.on.isoformat(),
        "status": page.status.value,
        "membership": None
        if m is None
        else {
            "signed": _iso(m.signed),
            "deposited": _iso(m.deposited),
            "deposit_type": m.deposit_type,
            "entry_into_force": _iso(m.entry_into_force),
            "withdrawal_effective": _iso(m.withdrawal_effective),
        },
        "deadlines": None if page.deadlines is None else deadlines_json(page.deadlines)["articles"],
        "years": [
            {
                "reporting_year": y.reporting_year,
                "report_type": y.report.ref.report_type.value,
                "file": y.report.ref.file_name,
                "submitted": _iso(y.report.ref.submitted_on),
                "party_at_year_end": y.party_at_year_end,
                "articles": {str(a): _article_json(y, a) for a in (3, 4, 5)},
                "needs": [_need_json(n) for n in y.report.needs],
            }
            for y in page.years
        ],
        "versions": [
            {
                "reporting_year": v.reporting_year,
                "report_type": v.report_type.value,
                "submitted": _iso(v.submitted),
                "standing": v.standing,
                "channel": v.channel,
                "file": v.file_name,
                "sha256": v.sha256,
            }
            for v in page.versions
        ],
    }
