"""``/``: the dashboard — the needs figures, compliance, deadlines and the last import runs.

Query ``as_of``, ``since``, ``current`` as ``/stats/needs`` (defaults as ``tracker stats
needs``). Every number that is an indicator's numerator or denominator links to that indicator's
page (``/indicators/{id}?…#numerator``), where both State lists stand with the cell behind each:

- the three needs sentences and their table: ``core.needs.art3/4/5`` (their ``.current`` three
  when ``current`` is on), same ``as_of`` and ``since``; the line under them still leads to
  ``/stats/needs``, every State counted with the report and cell;
- the compliance sentences of the latest due year (as ``tracker reports status`` with no
  option): ``core.reporting.on_time`` and ``core.reporting.received`` with ``as_of`` that year
  and ``on`` the day they are judged (today);
- the number of initial reports overdue today: ``core.reporting.initial_overdue`` on today.

Which number is which indicator comes from the shipped catalogue (:data:`NUMBER_IDS`, looked up
by id: a missing id fails, and a test checks them all), never from the template. The Article 3/4
deadlines passed or falling in the next 12 months as known today are a list (no count): it is
downloadable, ``?format=csv|json`` (:func:`tracker.services.dashboard.deadlines_json`, the shape
of ``tracker state show``'s deadlines). Then the last import runs. The figures come from
:func:`tracker.services.dashboard.build_dashboard` through the figure cache (keyed by the day
too: deadlines and compliance are judged today).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tracker import clock
from tracker.compliance.status import ReportingStatus
from tracker.services.dashboard import Dashboard
from tracker.stats.needs import NeedsStatistics
from tracker.web.downloads import csv_response, json_response
from tracker.web.figures import cached_html, output_format
from tracker.web.links import Piece, linked, state_href, with_query
from tracker.web.pages import PageError, Visit, page
from tracker.web.routes.stats import needs_href, needs_query
from tracker.wording import count

RUNS_SHOWN = 5
FORMATS = ("html", "csv", "json")

# The indicators behind the dashboard's numbers (ids of the shipped core catalogue).
INITIAL_OVERDUE_ID = "core.reporting.initial_overdue"


def number_ids() -> tuple[str, ...]:
    """Every indicator id a dashboard number can link to (a test checks each is shipped)."""
    from tracker.indicators.views import REPORTING_IDS, needs_ids

    return (*needs_ids(False), *needs_ids(True), *REPORTING_IDS, INITIAL_OVERDUE_ID)


def indicator_href(indicator_id: str, part: str, query: dict[str, object]) -> str:
    """``/indicators/{id}?…#numerator`` (or ``#denominator``) of a shipped indicator.

    The id is looked up in the shipped catalogues: an id that is no longer shipped raises
    :class:`LookupError` rather than linking to a "No such indicator" page.
    """
    from tracker.indicators.views import shipped

    indicator = shipped().get(indicator_id)
    if indicator is None:
        raise LookupError(f"the shipped catalogues have no indicator {indicator_id}")
    return with_query(f"/indicators/{indicator.id}", query, part)


def needs_numbers(stats: NeedsStatistics) -> list[dict[str, Any]]:
    """Per article: its indicator id, both counts and the link of each (same as_of and since)."""
    from tracker.indicators.views import needs_ids

    query: dict[str, object] = {"as_of": stats.as_of, "since": stats.since}
    return [
        {
            "article": s.article,
            "id": indicator_id,
            "statistic": s,
            "numerator_href": indicator_href(indicator_id, "numerator", query),
            "denominator_href": indicator_href(indicator_id, "denominator", query),
        }
        for s, indicator_id in zip(stats.statistics, needs_ids(stats.current_only), strict=True)
    ]


def needs_sentences(stats: NeedsStatistics) -> list[tuple[Piece, ...]]:
    """The three sentences, each count a link to its indicator's State list."""
    return [
        linked(
            n["statistic"].sentence,
            [
                (count(n["statistic"].denominator, stats.style), n["denominator_href"])
                if n["statistic"].denominator
                else ("", ""),
                (count(n["statistic"].numerator, stats.style), n["numerator_href"]),
            ],
        )
        for n in needs_numbers(stats)
    ]


def table_rows(stats: NeedsStatistics) -> list[dict[str, Any]]:
    """The small table under the sentences (as ``/stats/needs``'s), each count linked."""
    return [
        {
            "article": n["article"],
            "denominator": n["statistic"].denominator,
            "numerator": n["statistic"].numerator,
            "share": "—" if n["statistic"].share is None else f"{n['statistic'].share * 100:.1f}%",
            "denominator_href": n["denominator_href"],
            "numerator_href": n["numerator_href"],
        }
        for n in needs_numbers(stats)
    ]


def compliance_href(status: ReportingStatus) -> str:
    """``/compliance`` for the same year (judged today): the expected States and their reports."""
    return with_query("/compliance", {"year": status.year}, "expected")


def reporting_query(status: ReportingStatus) -> dict[str, object]:
    """The indicator page's query for the compliance figures: that year, judged that day."""
    return {"as_of": status.year, "on": status.on.isoformat()}


def compliance_sentences(status: ReportingStatus) -> list[tuple[Piece, ...]]:
    """The compliance sentences, each count a link to its ``core.reporting.*`` indicator.

    The on-time sentence is said once the year is due (as the view of ``core.reporting.*``):
    the sentences pair with the indicators from the last.
    """
    from tracker.indicators.views import REPORTING_IDS

    t = status.tally
    if t.expected == 0:
        return [linked(s, []) for s in status.sentences]
    numbers = [t.on_time] if status.due <= status.on else []
    numbers.append(t.received)
    ids = REPORTING_IDS[len(REPORTING_IDS) - len(numbers) :]
    query = reporting_query(status)
    return [
        linked(
            sentence,
            [
                (count(n, start=True), indicator_href(indicator_id, "numerator", query)),
                (count(t.expected), indicator_href(indicator_id, "denominator", query)),
            ],
        )
        for sentence, n, indicator_id in zip(status.sentences, numbers, ids, strict=True)
    ]


@page()
def dashboard(visit: Visit) -> Response:
    """The dashboard of the store, judged today."""
    from tracker.errors import UsageError
    from tracker.services.audit import history, outcome_counts
    from tracker.services.dashboard import build_dashboard
    from tracker.services.history import who_ran

    fmt = output_format(visit, FORMATS)
    as_of, since, current = needs_query(visit)
    today = clock.today()
    try:
        data = visit.web.figures.get(
            visit.db,
            ("dashboard", as_of, since, current, today),
            lambda: build_dashboard(
                visit.db, today, as_of=as_of, since=since, current_only=current
            ),
        )
    except UsageError as exc:
        raise PageError("Bad value for since", str(exc), status=400) from exc
    if fmt != "html":
        return visit.finish(deadlines_download(data, fmt))
    # Import runs are bookkeeping, not figures (they do not move the generation): read each time,
    # the files of each run counted by outcome in the database.
    last = history(visit.db, limit=RUNS_SHOWN, files=False)
    counts = outcome_counts(visit.db, [r.run_id for r in last])
    runs: list[dict[str, Any]] = [
        {
            "run_id": r.run_id,
            "href": f"/history/runs/{r.run_id}",
            "started_at": r.started_at,
            "who": who_ran(r),
            "outcomes": ", ".join(f"{n} {o}" for o, n in counts.get(r.run_id, [])) or "no file",
            "finished": r.finished_at is not None,
        }
        for r in last
    ]

    def values() -> dict[str, Any]:
        stats, reporting = data.stats, data.reporting
        deadlines = [
            {
                "state": d.state,
                "name": d.name,
                "href": state_href(d.state),
                "article": d.deadline.article,
                "deadline": d.deadline.deadline,
                "source": d.deadline.source_label,
                "flag": d.flag,
            }
            for d in data.deadlines
        ]
        overdue = (
            [
                {
                    "state": o.state,
                    "name": reporting.name(o.state),
                    "href": state_href(o.state),
                    "due": o.due,
                    "days": o.days_overdue,
                }
                for o in reporting.overdue_initial
            ]
            if reporting
            else []
        )
        return {
            "on": data.on,
            "stats": stats,
            "stats_problem": data.stats_problem,
            "as_of": stats.as_of if stats else as_of,
            "since": stats.since if stats else since,
            "current": current,
            "header": _header(stats),
            "sentences": needs_sentences(stats) if stats else [],
            "table": table_rows(stats) if stats else [],
            "needs_href": needs_href(stats) if stats else "/stats/needs",
            "reporting": reporting,
            "reporting_problem": data.reporting_problem,
            "compliance_sentences": compliance_sentences(reporting) if reporting else [],
            "compliance_href": compliance_href(reporting) if reporting else "/compliance",
            "overdue": overdue,
            "overdue_href": (
                indicator_href(INITIAL_OVERDUE_ID, "numerator", reporting_query(reporting))
                if reporting
                else None
            ),
            "deadlines": deadlines,
            "deadline_downloads": [
                ("CSV", with_query("/", {"format": "csv"})),
                ("JSON", with_query("/", {"format": "json"})),
            ],
        }

    key = ("dashboard", as_of, since, current, today)
    body = cached_html(visit, key, "dashboard_body.html", values)
    return visit.render("dashboard.html", title="Dashboard", body=body, runs=runs)


def deadlines_download(data: Dashboard, fmt: str) -> Response:
    """The deadlines list as ``tracker state show``'s deadlines: JSON, or its flat CSV (guarded)."""
    from tracker.services.dashboard import DEADLINE_COLUMNS, deadline_rows, deadlines_json

    name = f"deadlines-{data.on.isoformat()}"
    if fmt == "json":
        return json_response(f"{name}.json", deadlines_json(data))
    return csv_response(f"{name}.csv", DEADLINE_COLUMNS, deadline_rows(data))


def _header(stats: NeedsStatistics | None) -> str:
    from tracker.stats.output import header_line

    return header_line(stats) if stats else ""


ROUTES = [Route("/", dashboard, methods=["GET"], name="dashboard")]
