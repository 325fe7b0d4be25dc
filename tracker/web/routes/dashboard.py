"""``/``: the dashboard — the needs figures, compliance, deadlines and the last import runs.

Query ``as_of``, ``since``, ``current`` as ``/stats/needs`` (defaults as ``tracker stats
needs``). The three needs sentences and their table, every number a link to the States behind
it (``/stats/needs?…#article-4-numerator``); the compliance sentences of the latest due year
(as ``tracker reports status`` with no option), their numbers linking to ``/compliance``
filtered to those States; the initial reports overdue today; the Article 3/4 deadlines passed
or falling in the next 12 months as known today; the last import runs. The figures come from
:func:`tracker.services.dashboard.build_dashboard` through the figure cache (keyed by the day
too: deadlines and compliance are judged today).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tracker import clock
from tracker.compliance.status import ReportingStatus
from tracker.stats.needs import NeedsStatistics
from tracker.web.figures import cached_html
from tracker.web.links import Piece, linked, state_href, with_query
from tracker.web.pages import PageError, Visit, page
from tracker.web.routes.stats import needs_href, needs_query, table_rows
from tracker.wording import count

RUNS_SHOWN = 5


def needs_sentences(stats: NeedsStatistics) -> list[tuple[Piece, ...]]:
    """The three sentences, each count a link to the States it counts."""
    return [
        linked(
            s.sentence,
            [
                (
                    count(s.denominator, stats.style),
                    needs_href(stats, f"article-{s.article}-denominator"),
                )
                if s.denominator
                else ("", ""),
                (
                    count(s.numerator, stats.style),
                    needs_href(stats, f"article-{s.article}-numerator"),
                ),
            ],
        )
        for s in stats.statistics
    ]


def compliance_href(status: ReportingStatus, show: str | None = None, anchor: str = "") -> str:
    """``/compliance`` for the same year (judged today), filtered to one status group."""
    return with_query("/compliance", {"year": status.year, "show": show}, anchor or "expected")


def compliance_sentences(status: ReportingStatus) -> list[tuple[Piece, ...]]:
    """The compliance sentences, each count a link to those States on ``/compliance``."""
    t = status.tally
    expected = compliance_href(status)
    numbers = [("on-time", t.on_time)] if status.due <= status.on else []
    numbers.append(("received", t.received))
    if t.expected == 0:
        return [linked(s, []) for s in status.sentences]
    return [
        linked(
            sentence,
            [
                (count(n, start=True), compliance_href(status, show)),
                (count(t.expected), expected),
            ],
        )
        for sentence, (show, n) in zip(status.sentences, numbers, strict=True)
    ]


@page()
def dashboard(visit: Visit) -> Response:
    """The dashboard of the store, judged today."""
    from tracker.errors import UsageError
    from tracker.services.audit import history, outcome_counts
    from tracker.services.dashboard import build_dashboard
    from tracker.services.history import who_ran

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
            "overdue_href": with_query("/compliance", {}, "overdue-initial"),
            "deadlines": deadlines,
        }

    key = ("dashboard", as_of, since, current, today)
    body = cached_html(visit, key, "dashboard_body.html", values)
    return visit.render("dashboard.html", title="Dashboard", body=body, runs=runs)


def _header(stats: NeedsStatistics | None) -> str:
    from tracker.stats.output import header_line

    return header_line(stats) if stats else ""


ROUTES = [Route("/", dashboard, methods=["GET"], name="dashboard")]
