"""``/assistance``: needs matched with reported support, per article (``assistance.md`` §4).

The same result as ``tracker assistance match`` (defaults as ``tracker stats needs``; ``?as_of``
and ``?since`` choose the window): the sentences, and per article the States by status with
their deciding flows and cells. ``?format=json`` and ``?format=csv`` download the command's
shapes. Editors upload flow files through ``/import``.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.pages import PageError, Visit, page


def _year(visit: Visit, name: str) -> int | None:
    text = visit.params.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise PageError("Not a year", f"{name}={text} is not a year such as 2025.", status=400)
    return int(text)


@page()
def assistance_page(visit: Visit) -> Response:
    """The match sentences, the table, and the States by status with their flows."""
    from tracker.assistance.listing import SIDE_WORDS, amount_text, type_text
    from tracker.assistance.match import Status
    from tracker.assistance.output import amount_lines, render_csv, render_json
    from tracker.assistance.rows import state_name
    from tracker.assistance.sentences import flows_line
    from tracker.errors import TrackerError
    from tracker.services.assistance import compute_match
    from tracker.web.downloads import text_response

    as_of, since = _year(visit, "as_of"), _year(visit, "since")
    try:
        result = compute_match(visit.db, as_of=as_of, since=since).result
    except TrackerError as exc:  # an empty store, a window that ends before it starts
        raise PageError("No match", str(exc), status=400) from None
    fmt = visit.params.get("format", "html")
    if fmt == "json":
        body = render_json(result, explain=True)
        return visit.finish(text_response("assistance-match.json", body, "application/json"))
    if fmt == "csv":
        body = render_csv(result)
        return visit.finish(text_response("assistance-match.csv", body, "text/csv; charset=utf-8"))
    if fmt != "html":
        raise PageError(
            "Unknown format", f"format={fmt} is not one of html, json, csv.", status=404
        )
    return visit.render(
        "assistance.html",
        title="Needs and support",
        result=result,
        statuses=list(Status),
        flows_line=flows_line(result.flows_in_window, result.since, result.as_of),
        side_words=SIDE_WORDS,
        amount_text=amount_text,
        type_text=type_text,
        amount_lines=amount_lines,
        state_name=state_name,
    )


ROUTES = [Route("/assistance", assistance_page, methods=["GET"], name="assistance")]
