"""What the figure pages share: the cache look-up, the downloads in the CLI's formats.

The pages (``routes/dashboard.py``, ``stats.py``, ``states.py``, ``compliance.py``) compute
nothing themselves: they ask a service through :func:`cached` and render its value. Downloads
are the CLI's own output (``--format json`` / ``--format csv`` of the same command, by the same
function); the CSV is passed through the formula-injection guard of the other downloads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from markupsafe import Markup
from starlette.responses import Response

from tracker.web.downloads import csv_response
from tracker.web.pages import PageError, Visit

T = TypeVar("T")

FORMATS = ("html", "json", "csv")


def cached(visit: Visit, key: Hashable, compute: Callable[[], T]) -> T:
    """The figures for ``key`` at the store's current generation (computed on a miss)."""
    return visit.web.figures.get(visit.db, key, compute)


def cached_html(
    visit: Visit, key: Hashable, template: str, values: Callable[[], dict[str, Any]]
) -> Markup:
    """The page's figure part rendered from ``template`` (cached like the figures themselves).

    The part depends only on the figures and the query (never on who asks: no contact detail
    and no form token is in it), so it is kept by ``(key, the query string, generation)``.
    """

    def render() -> Markup:
        return Markup(visit.web.render_template(template, values()))

    return cached(visit, ("html", key, visit.request.url.query), render)


def output_format(visit: Visit, allowed: tuple[str, ...] = FORMATS) -> str:
    """The ``format`` parameter: html (the page), or a download (404 for anything else)."""
    fmt = visit.params.get("format", "html") or "html"
    if fmt not in allowed:
        raise PageError(
            "Unknown format", f"format={fmt} is not one of {', '.join(allowed)}.", status=404
        )
    return fmt


def cli_csv(name: str, text: str) -> Response:
    """The CLI's ``--format csv`` text as a download, every cell guarded."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    return csv_response(name, header, body)


def cli_json(name: str, text: str) -> Response:
    """The CLI's ``--format json`` text as a download (the same bytes, and a newline)."""
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(text + "\n", media_type="application/json", headers=headers)
