"""``/states`` and ``/states/{ISO3}``: the States, and everything ``tracker state show`` gives.

``/states`` is ``tracker states list``: ``on`` (status on a date, default today) and
``parties_on`` (only the States Parties on that date), both never after today; the table sorts
and filters by query parameters (its filter box is the search box); ``?format=json|csv`` are the
CLI's shapes. ``/states/{ISO3}`` is ``tracker state show`` (``on``, default today): membership,
deadlines with their sources, each counted report's statuses with their cells, needs, every
version; each status and need links to the report it was read from. Any name the CLI accepts
leads to the State's ISO3 address; an unknown one is a 404 page with the CLI's suggestions.
``?format=json`` is ``tracker state show --format json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from tracker import clock
from tracker.carry import Provenance
from tracker.services.state_page import StatePage
from tracker.web import params
from tracker.web.figures import cached, cached_html, cli_csv, cli_json, output_format
from tracker.web.links import file_href, report_href, state_href, with_query
from tracker.web.pages import PageError, Visit, page
from tracker.web.tables import Column, table_view

COLUMNS = (
    Column("iso3", "ISO3", link="href"),
    Column("name", "State", link="href"),
    Column("signed", "Signed", "date"),
    Column("deposited", "Deposited", "date"),
    Column("deposit_type", "Deposit"),
    Column("entry_into_force", "In force", "date"),
    Column("withdrawal_effective", "Withdrawal effective", "date"),
    Column("status", "Status"),
)
VERSION_COLUMNS = (
    Column("reporting_year", "Year", "year"),
    Column("report_type", "Type"),
    Column("submitted", "Submitted", "date"),
    Column("standing", "Standing"),
    Column("channel", "Channel"),
    Column("file", "File", link="href"),
    Column("sha256", "SHA-256 (start)", link="file_href"),
)


@page()
def states_page(visit: Visit) -> Response:
    """The States with their membership and status on a day."""
    from tracker.listings import states as listing
    from tracker.listings.formats import to_json
    from tracker.services.membership import list_states

    fmt = output_format(visit)
    parties_on = params.day(visit.params, "parties_on")
    on = params.day(visit.params, "on")
    day = parties_on or on or clock.today()
    parties_only = parties_on is not None
    rows = list_states(visit.db, day, parties_only=parties_only)
    name = f"states-{'parties-' if parties_only else ''}{day.isoformat()}"
    if fmt == "json":
        return visit.finish(
            cli_json(f"{name}.json", to_json(listing.as_json(rows, day, parties_only=parties_only)))
        )
    if fmt == "csv":
        return visit.finish(cli_csv(f"{name}.csv", listing.as_csv(rows)))
    table_rows: list[dict[str, Any]] = [
        {
            "iso3": r.iso3,
            "name": r.name,
            "href": with_query(state_href(r.iso3), {"on": on}),
            "signed": r.signed,
            "deposited": r.deposited,
            "deposit_type": r.deposit_type,
            "entry_into_force": r.entry_into_force,
            "withdrawal_effective": r.withdrawal_effective,
            "status": r.status.value,
        }
        for r in rows
    ]
    query: dict[str, object] = {"parties_on": parties_on, "on": on}
    return visit.render(
        "states.html",
        title="States",
        day=day,
        on=on,
        parties_on=parties_on,
        parties_only=parties_only,
        states=table_view(
            table_rows, COLUMNS, visit.params, name="states", path="/states", default_sort="name"
        ),
        json_href=with_query("/states", query | {"format": "json"}),
        csv_href=with_query("/states", query | {"format": "csv"}),
    )


def _resolve(visit: Visit) -> str:
    """The ISO3 of the State in the address (404 with the CLI's suggestions when unknown)."""
    from tracker.errors import TrackerError
    from tracker.reference import require_state

    written = visit.request.path_params["state"]
    try:
        return require_state(written)
    except TrackerError as exc:
        raise PageError("Unknown State", f"{exc}.", status=404) from exc


def _cell(p: Provenance | None) -> dict[str, Any] | None:
    """A value's source as a link to the report it was read from."""
    from tracker.services.state_page import where

    if p is None:
        return None
    return {"text": where(p), "href": report_href(p.sha256, p.source_row)}


def page_view(page: StatePage) -> dict[str, Any]:
    """The page's values for the template (the words are the CLI's)."""
    from tracker.compliance.deadline_output import deadlines_title, disagreement_text, source_text
    from tracker.enums import FormStatus
    from tracker.readmodel import ARTICLE_FORMS
    from tracker.services.state_page import STATUS_WORDS

    deadlines = []
    if page.deadlines is not None:
        for a in page.deadlines.articles:
            deadlines.append(
                {
                    "article": a.article,
                    "obligation": a.obligation,
                    "deadline": a.deadline,
                    "source": source_text(a) if a.deadline is not None else None,
                    "source_cell": _cell(a.provenance),
                    "status": a.status.value if a.status is not None else None,
                    "status_cell": _cell(a.status_provenance),
                    "flags": ", ".join(a.flags),
                    "note": disagreement_text(a),
                }
            )
    years = []
    for y in page.years:
        ref = y.report.ref
        articles: list[dict[str, Any]] = []
        for number in (3, 4, 5):
            status = y.article(number)
            form = ARTICLE_FORMS[number]
            if status is None:
                articles.append({"article": number, "form": form, "status": None})
                continue
            words = STATUS_WORDS[number][status.status]
            if y.report.form_status.get(form) is FormStatus.NOT_APPLICABLE:
                words = "not applicable"
            articles.append(
                {
                    "article": number,
                    "form": form,
                    "status": status.status.value,
                    "words": words,
                    "cell": _cell(status.provenance),
                    "carried_from": status.provenance.carried_from,
                }
            )
        needs = [
            {
                "area": n.area.value.replace("_", " "),
                "description": n.description,
                "cost": n.estimated_cost,
                "currency": n.currency,
                "cell": _cell(n.provenance),
                "carried_from": n.provenance.carried_from,
            }
            for n in y.report.needs
        ]
        years.append(
            {
                "reporting_year": ref.reporting_year,
                "report_type": ref.report_type.value,
                "file": ref.file_name,
                "href": report_href(ref.sha256, ref.source_row),
                "submitted": ref.submitted_on,
                "counted": y.party_at_year_end,
                "articles": articles,
                "needs": needs,
            }
        )
    versions = [
        {
            "reporting_year": v.reporting_year,
            "report_type": v.report_type.value,
            "submitted": v.submitted,
            "standing": v.standing,
            "channel": v.channel,
            "file": v.file_name,
            "href": report_href(v.sha256, v.source_row),
            "sha256": v.sha256[:12],
            "file_href": file_href(v.sha256),
        }
        for v in page.versions
    ]
    return {
        "deadlines_title": deadlines_title(page.deadlines) if page.deadlines else None,
        "deadlines": deadlines,
        "years": years,
        "versions": versions,
    }


@page()
def state_page(visit: Visit) -> Response:
    """One State's page on a day (default today), or its JSON."""
    import json

    from tracker.membership import load_bundled_command
    from tracker.services.state_page import build_state_page, state_page_json

    fmt = output_format(visit, ("html", "json"))
    iso3 = _resolve(visit)
    if visit.request.path_params["state"] != iso3:
        return visit.redirect(
            state_href(iso3) + (f"?{visit.request.url.query}" if visit.request.url.query else "")
        )
    on = params.day(visit.params, "on")
    day: dt.date = on or clock.today()
    data = cached(visit, ("state", iso3, day), lambda: build_state_page(visit.db, iso3, day))
    if fmt == "json":
        text = json.dumps(state_page_json(data), indent=2, ensure_ascii=False)
        return visit.finish(cli_json(f"state-{iso3}-{day.isoformat()}.json", text))
    path = state_href(iso3)

    def values() -> dict[str, Any]:
        view = page_view(data)
        return {
            "page": data,
            "on": on,
            "request_path": path,
            "load_command": load_bundled_command(),
            "json_href": with_query(path, {"on": on, "format": "json"}),
            "deadlines_title": view["deadlines_title"],
            "deadlines": view["deadlines"],
            "years": view["years"],
            "versions": table_view(
                view["versions"],
                VERSION_COLUMNS,
                visit.params,
                name="versions",
                path=path,
                default_sort="reporting_year",
                default_desc=True,
            ),
        }

    body = cached_html(visit, ("state", iso3, day), "state_body.html", values)
    return visit.render("state.html", title=f"{data.name} ({iso3})", body=body)


ROUTES = [
    Route("/states", states_page, methods=["GET"], name="states"),
    Route("/states/{state}", state_page, methods=["GET"], name="state"),
]
