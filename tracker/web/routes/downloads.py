"""``/downloads``: the donor workbook, blank and pre-filled templates, the plans workbook.

Each is made by the service of the command that writes it (``tracker export donors``,
``tracker template [--state]``, ``tracker plans compare --format xlsx``) into a private
temporary folder and sent as an attachment.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.pages import PageError, Visit, page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _send(visit: Visit, name: str, write: Callable[[Path], object]) -> Response:
    with tempfile.TemporaryDirectory(prefix="tracker-download-") as tmp:
        path = Path(tmp) / "out.xlsx"
        write(path)
        data = path.read_bytes()
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return visit.finish(Response(data, media_type=XLSX, headers=headers))


def _int(visit: Visit, key: str) -> int | None:
    raw = visit.params.get(key, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise PageError("Not a year", f"{key}={raw} is not a year.", status=400)
    return int(raw)


@page()
def downloads_page(visit: Visit) -> Response:
    """The list of downloads with their options."""
    from tracker.layouts import TEMPLATE_LAYOUT, get_layout
    from tracker.services.reports import list_reports

    states = sorted({c.key.state_iso3 for c in list_reports(visit.db)})
    return visit.render(
        "downloads.html",
        title="Downloads",
        languages=get_layout(TEMPLATE_LAYOUT).languages,
        states=states,
    )


@page()
def donors_download(visit: Visit) -> Response:
    """The donor workbook (as-of, since, on), as ``tracker export donors``."""
    from tracker.errors import TrackerError
    from tracker.services.export import write_donor_workbook

    as_of, since = _int(visit, "as_of"), _int(visit, "since")
    raw_on = visit.params.get("on", "").strip()
    try:
        import datetime as dt

        on = dt.date.fromisoformat(raw_on) if raw_on else None
    except ValueError:
        raise PageError(
            "Not a date", f"on={raw_on} is not a date (YYYY-MM-DD).", status=400
        ) from None
    url = visit.web.settings.database_url
    try:
        return _send(
            visit,
            f"donors-{as_of or 'latest'}.xlsx",
            lambda p: write_donor_workbook(visit.db, p, as_of, since, on, database_url=url),
        )
    except TrackerError as exc:
        raise PageError("No donor workbook", str(exc), status=400) from exc


@page()
def template_download(visit: Visit) -> Response:
    """A blank template in a language, or a State's pre-filled one (``tracker template``)."""
    from tracker.errors import TrackerError
    from tracker.layouts import TEMPLATE_LAYOUT, get_layout
    from tracker.reference import require_state
    from tracker.services.prefill import prefill
    from tracker.template import write_template

    lang = visit.params.get("lang", "").strip() or None
    if lang is not None and lang not in get_layout(TEMPLATE_LAYOUT).languages:
        raise PageError(
            "Unknown language", f"lang={lang} is not a language of the template.", status=400
        )
    state = visit.params.get("state", "").strip()
    if not state:
        return _send(
            visit, f"article7-{lang or 'en'}.xlsx", lambda p: write_template(p, lang or "en")
        )
    try:
        filled = prefill(visit.db, require_state(state), year=_int(visit, "year"), lang=lang)
    except TrackerError as exc:
        raise PageError("No template", str(exc), status=404) from exc
    return _send(
        visit,
        filled.file_name,
        lambda p: write_template(p, filled.lang, filled.layout_id, filled.fill),
    )


@page()
def plans_download(visit: Visit) -> Response:
    """The action-plan comparison workbook."""
    from tracker.services.plans import write_comparison_workbook

    return _send(visit, "action-plans.xlsx", lambda p: write_comparison_workbook(visit.db, p))


ROUTES = [
    Route("/downloads", downloads_page, methods=["GET"], name="downloads"),
    Route("/downloads/donors.xlsx", donors_download, methods=["GET"], name="download-donors"),
    Route("/downloads/template.xlsx", template_download, methods=["GET"], name="download-template"),
    Route("/downloads/plans.xlsx", plans_download, methods=["GET"], name="download-plans"),
]
