"""``/entry``: editors transcribe a report received outside the template (PDF, Word, e-mail).

``GET /entry`` chooses the State, report type, reporting year (and language); with them it
shows the form generated from the layout data (:mod:`tracker.services.entry`), an annual report
pre-filled by the service of ``tracker template --state`` (:mod:`tracker.services.prefill`).
``POST /entry`` either adds blank table rows (the form works without JavaScript) or saves:
each pre-filled form must be confirmed or edited, then the workbook ``tracker template
--state`` would write, filled in, is imported through the normal pipeline with channel
``entered`` (one transaction; the workbook is kept as the version's original). A rejected
workbook stores nothing and its issues are shown beside the inputs of their cells.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from tracker.enums import Channel, ReportType, WebRole
from tracker.web.pages import PageError, Visit, page


def _states() -> list[tuple[str, str]]:
    """Every State of the reference list: (ISO3, English name), by name."""
    from tracker.reference import reference_states

    return sorted(((s.iso3, s.name_en) for s in reference_states()), key=lambda s: s[1])


def _choice(visit: Visit, source: dict[str, Any]) -> dict[str, Any]:
    """The State, report type, year and language asked for (400 when one is not valid)."""
    from tracker.errors import TrackerError
    from tracker.layouts import TEMPLATE_LAYOUT, get_layout
    from tracker.reference import require_state

    try:
        iso3 = require_state(str(source.get("state", "")).strip())
    except TrackerError as exc:
        raise PageError("Unknown State", str(exc), status=400) from exc
    raw_type = str(source.get("type", "annual")).strip() or "annual"
    if raw_type not in {t.value for t in ReportType}:
        raise PageError("Unknown report type", f"type={raw_type}: use annual or initial.")
    raw_year = str(source.get("year", "")).strip()
    if raw_year and not (raw_year.isdigit() and 1990 <= int(raw_year) <= 2200):
        raise PageError("Not a year", f"year={raw_year} is not a reporting year.")
    lang = str(source.get("lang", "")).strip() or None
    if lang is not None and lang not in get_layout(TEMPLATE_LAYOUT).languages:
        raise PageError("Unknown language", f"lang={lang} is not a language of the template.")
    return {
        "iso3": iso3,
        "report_type": ReportType(raw_type),
        "year": int(raw_year) if raw_year else None,
        "lang": lang,
    }


def _prefill(visit: Visit, choice: dict[str, Any]) -> Any:
    from tracker.errors import TrackerError
    from tracker.services.prefill import prefill

    try:
        return prefill(
            visit.db,
            choice["iso3"],
            year=choice["year"],
            lang=choice["lang"],
            report_type=choice["report_type"],
        )
    except TrackerError as exc:
        raise PageError("Cannot open this report", str(exc), status=400) from exc


def _render(visit: Visit, p: Any, sheets: Any, nowhere: list[str], **extra: Any) -> Response:
    return visit.render(
        "entry.html",
        status=extra.pop("status", 200),
        problem=extra.pop("problem", None),
        title=f"Data entry: {p.state_name} {p.year} {p.report_type.value}",
        step="form",
        p=p,
        sheets=sheets,
        nowhere=nowhere,
        **extra,
    )


@page(WebRole.EDITOR)
def entry_page(visit: Visit) -> Response:
    """The choice of report, then the form (pre-filled for an annual report)."""
    from tracker.layouts import TEMPLATE_LAYOUT, get_layout
    from tracker.services.entry import build, values_of

    if not visit.params.get("state"):
        return visit.render(
            "entry.html",
            title="Data entry",
            step="choose",
            states=_states(),
            languages=get_layout(TEMPLATE_LAYOUT).languages,
        )
    p = _prefill(visit, _choice(visit, visit.params))
    layout = get_layout(p.layout_id)
    sheets, nowhere = build(layout, p, values_of(layout, p.fill))
    return _render(visit, p, sheets, nowhere, rows=0)


def _issues(result: Any) -> dict[tuple[str, str], list[str]]:
    """The import's issues by (sheet, cell), each as "severity code: message".

    The message is in the workbook's language, the English one after it when that differs
    (:func:`tracker.messages.message_pair`, as on ``/import``).
    """
    from tracker.messages import message_pair

    found: dict[tuple[str, str], list[str]] = {}
    for f in result.files:
        for i in f.issues:
            message, english = message_pair(i, f.language)
            text = f"{i.severity.value} {i.code}: {message}"
            if english != message:
                text += f" (English: {english})"
            found.setdefault((i.sheet or "", i.cell or ""), []).append(text)
    return found


@page(WebRole.EDITOR)
def entry_save(visit: Visit) -> Response:
    """Add blank rows, or save: confirm the pre-filled forms, write the workbook, import it."""
    from tracker.layouts import get_layout
    from tracker.services.entry import BLANK_ROWS, CONFIRM, build, compact, confirm, filled
    from tracker.services.uploads import Held, run_import
    from tracker.template import template_bytes
    from tracker.web.routes.imports import STORED, unzipped_limit

    assert visit.form is not None and visit.viewer is not None
    form = {k: str(v) for k, v in visit.form.items() if isinstance(v, str)}
    p = _prefill(visit, _choice(visit, form))
    layout = get_layout(p.layout_id)
    values = compact(layout, form)
    ticks = {k[len(CONFIRM) :] for k in form if k.startswith(CONFIRM)}
    raw_rows = form.get("rows", "0")
    rows = min(int(raw_rows), 200) if raw_rows.isdigit() else 0  # blank rows asked for
    if form.get("action") == "more":
        rows += BLANK_ROWS
        sheets, nowhere = build(layout, p, values, extra_rows=BLANK_ROWS + rows, ticks=ticks)
        return _render(visit, p, sheets, nowhere, rows=rows)
    values, edited, blocked = confirm(layout, p, values, ticks)
    if blocked:
        sheets, nowhere = build(
            layout, p, values, extra_rows=BLANK_ROWS + rows, ticks=ticks, edited=edited
        )
        forms = ", ".join(blocked)
        return _render(
            visit,
            p,
            sheets,
            nowhere,
            status=422,
            rows=rows,
            problem=(
                f"Nothing was saved: confirm or edit each pre-filled form first ({forms}). "
                "Tick “unchanged since the last report” under a form that is still true, or "
                "change what is no longer."
            ),
        )
    content = template_bytes(p.lang, p.layout_id, filled(layout, p.lang, values, p.fill))
    held = Held(hashlib.sha256(content).hexdigest(), f"{p.file_name[:-5]}-entered.xlsx", content)
    result = run_import(
        visit.web.engine,
        [held],
        dry_run=False,
        app_user=visit.viewer.name,
        max_unzipped_bytes=unzipped_limit(),
        channel=Channel.ENTERED,
    )
    outcome = result.files[0].outcome.value
    if outcome in STORED:
        done = "entered" if outcome != "unchanged" else "already stored: nothing changed"
        return visit.redirect(f"/reports/{held.sha256}?" + urlencode({"done": done}))
    sheets, nowhere = build(
        layout,
        p,
        values,
        extra_rows=BLANK_ROWS + rows,
        issues=_issues(result),
        ticks=ticks,
        edited=edited,
    )
    return _render(
        visit,
        p,
        sheets,
        nowhere,
        status=422,
        rows=rows,
        problem=(
            "Nothing was saved: the import rejected the report. Each problem is shown beside "
            "its field (with its cell in the workbook); correct them and save again."
        ),
    )


ROUTES = [
    Route("/entry", entry_page, methods=["GET"], name="entry"),
    Route("/entry", entry_save, methods=["POST"], name="entry-save"),
]
