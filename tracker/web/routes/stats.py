"""``/stats/needs``: the "X of Y" statistics with the report and cell behind every State.

Query ``as_of``, ``since``, ``current`` (defaults as ``tracker stats needs``): per article the
sentence, the States of the denominator and of the numerator, each with the report and the cell
that put it there (carried-forward forms marked, as ``--explain``), then the reports left out
and why. ``?format=json`` is ``tracker stats needs --format json --explain``, ``?format=csv``
``--format csv``: the same functions. The figures come from
:func:`tracker.services.stats.compute_needs_statistics` through the figure cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup
from starlette.responses import Response
from starlette.routing import Route

from tracker.stats.needs import NeedsStatistics
from tracker.stats.rules import Evidence
from tracker.web import params
from tracker.web.figures import cached, cached_html, cli_csv, cli_json, output_format
from tracker.web.links import report_href, state_href, with_query
from tracker.web.pages import PageError, Visit, page


def needs_query(visit: Visit) -> tuple[int | None, int | None, bool]:
    """``as_of``, ``since`` and ``current`` from the query (400 for a bad value)."""
    as_of = params.year(visit.params, "as_of")
    since = params.year(visit.params, "since")
    current = params.flag(visit.params, "current")
    if as_of is not None and since is not None and since > as_of:
        raise PageError(
            "Bad value for since",
            f"since {since} is after as_of {as_of}: the window of needs must end at the as-of "
            "year (give an earlier since or a later as_of).",
            status=400,
        )
    return as_of, since, current


def needs_statistics(
    visit: Visit, as_of: int | None, since: int | None, current: bool
) -> NeedsStatistics | str:
    """The statistics (cached), or the service's message when the store holds no report."""
    from tracker.errors import TrackerError, UsageError
    from tracker.services.stats import compute_needs_statistics

    try:
        return cached(
            visit,
            ("needs", as_of, since, current),
            lambda: compute_needs_statistics(
                visit.db, as_of=as_of, since=since, current_only=current
            ),
        )
    except UsageError as exc:
        raise PageError("Bad value for since", str(exc), status=400) from exc
    except TrackerError as exc:
        return str(exc)


def needs_href(stats: NeedsStatistics, anchor: str = "") -> str:
    """``/stats/needs`` for the same as-of year, window and ``current`` (at ``anchor``)."""
    query: dict[str, object] = {"as_of": stats.as_of, "since": stats.since}
    if stats.current_only:
        query["current"] = 1
    return with_query("/stats/needs", query, anchor)


def evidence_rows(stats: NeedsStatistics, evidence: Mapping[str, Evidence]) -> list[dict[str, Any]]:
    """One row per State: the report and the cell that put it in the count."""
    rows = []
    for state in sorted(evidence):
        e = evidence[state]
        p, counted = e.provenance, e.report
        carried = None
        if p.carried_from is not None:
            carried = (
                f"carried forward from {p.carried_from} into the {counted.reporting_year} "
                f"{counted.report_type.value} report ({counted.file_name})"
            )
        rows.append(
            {
                "state": state,
                "name": stats.name(state),
                "state_href": state_href(state),
                "file": p.file,
                "reporting_year": p.reporting_year,
                "report_type": p.report_type.value,
                "submitted": p.submitted,
                "cell": f"{p.sheet}!{p.cell}",
                "href": report_href(p.sha256, p.source_row),
                "carried": carried,
                "counted_href": report_href(counted.sha256, counted.source_row),
            }
        )
    return rows


def article_views(stats: NeedsStatistics) -> list[dict[str, Any]]:
    """Each article: its sentence, then the States of both counts with their evidence."""
    return [
        {
            "article": s.article,
            "sentence": s.sentence,
            "denominator": s.denominator,
            "numerator": s.numerator,
            "areas": ", ".join(a.value.replace("_", " ") for a in s.count.areas),
            "denominator_rows": evidence_rows(stats, s.count.denominator_evidence),
            "numerator_rows": evidence_rows(stats, s.count.numerator_evidence),
        }
        for s in stats.statistics
    ]


def table_rows(stats: NeedsStatistics) -> list[dict[str, Any]]:
    """The small table under the sentences, each number linking to its States."""
    return [
        {
            "article": s.article,
            "denominator": s.denominator,
            "numerator": s.numerator,
            "share": "—" if s.share is None else f"{s.share * 100:.1f}%",  # as the CLI's table
            "denominator_href": needs_href(stats, f"article-{s.article}-denominator"),
            "numerator_href": needs_href(stats, f"article-{s.article}-numerator"),
        }
        for s in stats.statistics
    ]


def excluded(stats: NeedsStatistics) -> list[dict[str, Any]]:
    """The reports left out, each with its reason."""
    return [
        {
            "state": e.ref.state_iso3,
            "name": stats.name(e.ref.state_iso3),
            "state_href": state_href(e.ref.state_iso3),
            "reporting_year": e.ref.reporting_year,
            "report_type": e.ref.report_type.value,
            "file": e.ref.file_name,
            "href": report_href(e.ref.sha256, e.ref.source_row),
            "reason": e.reason,
        }
        for e in stats.counts.excluded
    ]


@page()
def needs_page(visit: Visit) -> Response:
    """The statistics with their provenance; or the download the query asks for."""
    from tracker.stats.output import (
        TABLE_HEADER,
        header_line,
        missing_membership_warning,
        missing_year_warning,
        render_csv,
        render_json,
    )

    fmt = output_format(visit)
    as_of, since, current = needs_query(visit)
    stats = needs_statistics(visit, as_of, since, current)
    if isinstance(stats, str):
        if fmt != "html":
            raise PageError("Nothing to download", f"{stats}.", status=404)
        problem = {"problem": stats, "stats": None, "as_of": as_of, "since": since}
        body = Markup(
            visit.web.render_template("stats_needs_body.html", problem | {"current": current})
        )
        return visit.render("stats_needs.html", title="Needs statistics", body=body)
    name = f"needs-statistics-{stats.as_of}"
    if fmt == "json":
        return visit.finish(cli_json(f"{name}.json", render_json(stats, explain=True)))
    if fmt == "csv":
        return visit.finish(cli_csv(f"{name}.csv", render_csv(stats)))
    warnings = [
        w for w in (missing_year_warning(stats, as_of), missing_membership_warning(stats)) if w
    ]
    base = needs_href(stats)
    figures = stats

    def values() -> dict[str, Any]:
        return {
            "problem": None,
            "stats": figures,
            "as_of": figures.as_of,
            "since": figures.since,
            "current": figures.current_only,
            "header": header_line(figures),
            "table_header": TABLE_HEADER,
            "table": table_rows(figures),
            "articles": article_views(figures),
            "excluded": excluded(figures),
            "warnings": warnings,
            "json_href": base + ("&" if "?" in base else "?") + "format=json",
            "csv_href": base + ("&" if "?" in base else "?") + "format=csv",
        }

    body = cached_html(visit, ("needs", as_of, since, current), "stats_needs_body.html", values)
    return visit.render("stats_needs.html", title="Needs statistics", body=body)


ROUTES = [Route("/stats/needs", needs_page, methods=["GET"], name="stats-needs")]
