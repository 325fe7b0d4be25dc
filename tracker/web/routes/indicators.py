"""``/indicators`` and ``/indicators/{id}``: the catalogue with its figures, one indicator in full.

The figures come from the indicators service, exactly as ``tracker indicators compute`` gets
them (:func:`tracker.services.indicators.compute_run` and ``compute_series``), and the
downloads are the command's own renderings (``render_csv``, ``render_json``, the workbook), so a
page, its downloads and the command line always agree. Routes only parse the query, call the
service and lay the results out; nothing is counted here.

- ``/indicators?as_of=A&plan=P``: every shipped indicator (or one catalogue's) for the as-of year
  (default: as ``tracker stats needs``); ``&format=csv|json|xlsx`` downloads them.
- ``/indicators/{id}?as_of=A&since=S&on=D&years=Y1-Y2``: the sentence, the States of the
  denominator and of the numerator with the evidence behind each (file, sheet!cell, carried
  forward marked), the reports left out, and the series over the years as a chart
  (``/indicators/{id}/chart.png``, drawn by the charts' own code) and a table;
  ``&format=csv|json|xlsx`` downloads it (JSON with the ``--explain`` provenance).

``on`` (YYYY-MM-DD, never after today) is ``--on``: the day the compliance and deadline
predicates are judged (default: the earlier of 31 December A+1 and today). The dashboard links
its compliance numbers here with ``on`` set to the day it judges them (today).

An unknown id is a 404 page that suggests the closest ids; a query value that is not a year or a
date (or an ``on`` after today), an unknown plan, or a window that ends before it starts is a 400
page saying what to give instead.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from tracker.web.pages import PageError, Visit, page

if TYPE_CHECKING:
    from tracker.indicators.catalogue import Loaded
    from tracker.indicators.model import Indicator
    from tracker.indicators.results import Evidence, IndicatorResult, Run, Series
    from tracker.services.indicators import Options

FORMATS = ("html", "csv", "json", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SERIES_YEARS = 5  # a series of one year is drawn over the last five years instead

# pyplot keeps global state: one chart is drawn at a time in this process.
_DRAWING = threading.Lock()


def _loaded() -> Loaded:
    """The shipped catalogues (validated; the tests check that they are)."""
    from tracker.indicators.catalogue import load_catalogues

    return load_catalogues().require_valid()


def _year(params: dict[str, str], name: str) -> int | None:
    """A year of the query (``as_of``, ``since``), or None when not given (400 when not a year)."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1990 <= int(raw) <= 2200:
        raise PageError(
            "Not a year",
            f"{name}={raw} is not a reporting year: give a year such as 2024 (or leave it empty "
            "for the default).",
        )
    return int(raw)


def _options(visit: Visit) -> Options:
    from tracker.errors import UsageError
    from tracker.services.indicators import Options
    from tracker.services.stats import check_window
    from tracker.web.params import day

    params = visit.params
    as_of, since = _year(params, "as_of"), _year(params, "since")
    on = day(params, "on")
    if as_of is not None and since is not None:
        try:
            check_window(as_of, since)
        except UsageError as exc:
            raise PageError("Window out of order", _query_words(str(exc))) from exc
    return Options(as_of=as_of, since=since, on=on, database=visit.web.settings.database_name)


def _query_words(message: str) -> str:
    """A service message naming options (``--as-of``) said with the query's names (``as_of``)."""
    return message.replace("--as-of", "as_of").replace("--since", "since")


def _format(visit: Visit) -> str:
    fmt = visit.params.get("format", "html")
    if fmt not in FORMATS:
        raise PageError(
            "Unknown format", f"format={fmt} is not one of {', '.join(FORMATS)}.", status=400
        )
    return fmt


def _compute(visit: Visit, indicators: tuple[Indicator, ...], options: Options) -> Run | None:
    """The run of ``indicators`` (None on a store without reports; 400 for bad usage)."""
    from tracker.errors import TrackerError, UsageError
    from tracker.services.indicators import compute_run
    from tracker.services.stats import NO_REPORTS

    try:
        return compute_run(visit.db, _loaded(), indicators, options)
    except UsageError as exc:
        raise PageError("Cannot compute these figures", _query_words(str(exc))) from exc
    except TrackerError as exc:  # no reports: the page says so and lists the indicators
        if str(exc) != NO_REPORTS:
            raise
        return None


def _download(visit: Visit, fmt: str, data: Run, stem: str, *, explain: bool) -> Response:
    """The command's own CSV, JSON or workbook of ``data``, as an attachment."""
    from tracker.indicators.output import render_csv, render_json

    if fmt == "csv":
        body: bytes = ("\ufeff" + render_csv(data)).encode()
        kind, name = "text/csv; charset=utf-8", f"{stem}.csv"
    elif fmt == "json":
        body = (render_json(data, explain=explain) + "\n").encode()
        kind, name = "application/json", f"{stem}.json"
    else:
        import io

        from tracker.indicators.workbook import build_workbook

        out = io.BytesIO()
        build_workbook(data).save(out)
        body, kind, name = out.getvalue(), XLSX, f"{stem}.xlsx"
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return visit.finish(Response(body, media_type=kind, headers=headers))


def _query(**values: object) -> str:
    """``?as_of=2024&plan=lausanne`` (empty values left out)."""
    kept = {k: str(v) for k, v in values.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


# --- /indicators ------------------------------------------------------------------------------


@page()
def catalogue_page(visit: Visit) -> Response:
    """Every indicator (or one plan's) with its sentence and figures for the as-of year."""
    from tracker.errors import UsageError
    from tracker.indicators.catalogue import select

    fmt = _format(visit)
    options = _options(visit)
    loaded = _loaded()
    plan = visit.params.get("plan", "").strip() or None
    try:
        chosen = select(loaded, plan=plan)
    except UsageError as exc:
        raise PageError("Unknown plan", f"{exc}. Leave it empty for every indicator.") from exc
    run = _compute(visit, chosen, options)
    if fmt != "html":
        if run is None:
            raise PageError(
                "Nothing to download", "no reports: run tracker import first.", status=404
            )
        suffix = f"-{plan.casefold()}" if plan else ""
        return _download(visit, fmt, run, f"indicators-{run.as_of}{suffix}", explain=False)
    from tracker.indicators.output import opening

    query = _query(as_of=options.as_of, plan=plan)
    rows = [_row(i, run.result(i.id) if run else None, _query(as_of=options.as_of)) for i in chosen]
    return visit.render(
        "indicators.html",
        title="Indicators",
        run=run,
        opening=opening(run) if run else None,
        rows=rows,
        as_of=options.as_of if options.as_of is not None else (run.as_of if run else ""),
        plan=plan or "",
        plans=[(c.key, c.plan or "Core indicators (every plan)") for c in loaded.catalogues],
        query=query,
        downloads=_download_links("/indicators", query),
    )


def _row(indicator: Indicator, result: IndicatorResult | None, query: str) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "href": f"/indicators/{indicator.id}{query}",
        "label": indicator.label,
        "title": indicator.shown_title(),
        "theme": indicator.theme,
        "computable": indicator.computable,
        "sentence": _said(result) if result else None,
        "numerator": result.numerator if result else None,
        "denominator": result.denominator if result else None,
        "value": result.value_text() if result else "—",
    }


def _said(result: IndicatorResult) -> str:
    """The sentence, or what the text output prints in its place."""
    return result.sentence if result.sentence is not None else result.status_text()


def _download_links(path: str, query: str) -> list[tuple[str, str]]:
    join = "&" if query else "?"
    return [
        ("CSV", f"{path}{query}{join}format=csv"),
        ("JSON", f"{path}{query}{join}format=json"),
        ("workbook (xlsx)", f"{path}{query}{join}format=xlsx"),
    ]


# --- /indicators/{id} -------------------------------------------------------------------------


def _indicator(visit: Visit) -> Indicator:
    """The indicator the address names, or the 404 page with the closest ids."""
    from tracker.indicators.vocabulary import closest

    wanted = visit.request.path_params["indicator_id"]
    loaded = _loaded()
    found = loaded.get(wanted)
    if found is None:
        near = closest(wanted, [i.id for i in loaded.indicators])
        raise Missing(wanted, tuple(near))
    return found


class Missing(PageError):
    """An unknown indicator id (404), with the closest known ids."""

    def __init__(self, wanted: str, near: tuple[str, ...]) -> None:
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        super().__init__(
            "No such indicator",
            f"There is no indicator {wanted!r}.{hint} The Indicators page lists them all.",
            status=404,
        )
        self.wanted, self.near = wanted, near


def _missing(visit: Visit, exc: Missing) -> Response:
    return visit.render(
        "indicator_missing.html",
        status=404,
        title="No such indicator",
        wanted=exc.wanted,
        near=exc.near,
        query=_query(as_of=visit.params.get("as_of", "").strip()),
    )


def _series_years(visit: Visit, run: Run) -> tuple[int, int]:
    """``years=Y1-Y2``, else the needs window S–A (the last five years when it is one year)."""
    from tracker.errors import UsageError
    from tracker.services.indicators import parse_years

    raw = visit.params.get("years", "").strip()
    if raw:
        try:
            return parse_years(raw)
        except UsageError as exc:
            raise PageError("Not a series of years", _years_words(str(exc))) from exc
    if run.since < run.as_of:
        return run.since, run.as_of
    return run.as_of - SERIES_YEARS + 1, run.as_of


def _years_words(message: str) -> str:
    return message.replace("--years", "years=")


def _series(visit: Visit, indicator: Indicator, first: int, last: int) -> Series:
    from tracker.errors import TrackerError, UsageError
    from tracker.services.indicators import Options, compute_series
    from tracker.services.stats import NO_REPORTS

    options = Options(database=visit.web.settings.database_name)
    try:
        return compute_series(visit.db, _loaded(), (indicator,), first, last, options)
    except UsageError as exc:
        raise PageError("Cannot compute this series", _query_words(str(exc))) from exc
    except TrackerError as exc:
        if str(exc) != NO_REPORTS:
            raise
        raise PageError("No figures", f"{exc}: there is nothing to draw yet.", status=404) from exc


@dataclass(frozen=True)
class Shown:
    """Evidence as a page shows it: where (sheet!cell), in what, and whether carried forward."""

    where: str | None  # ``Form F!B1`` for a report cell
    text: str  # the rest: the file and report, or the membership record, decision, absence
    carried: str | None = None  # ``carried forward from 2023 into the 2024 annual report``


def shown(evidence: Evidence | None) -> Shown | None:
    """How a page writes ``evidence`` (the text of ``--explain``, split for the eye)."""
    from tracker.indicators.results import CellEvidence

    if evidence is None:
        return None
    if not isinstance(evidence, CellEvidence):
        return Shown(None, evidence.as_text())
    # The text of --explain, split: the cell, the report it is in, the carry-forward.
    where = f"{evidence.sheet}!{evidence.cell}"
    mark = "carried forward "
    text, carried, rest = evidence.as_text().removeprefix(where + " ").rpartition("; " + mark)
    if not carried:
        return Shown(where, rest)
    return Shown(where, text, mark + rest)


@page()
def indicator_page(visit: Visit) -> Response:
    """One indicator: sentence, both State lists with evidence, the series, downloads."""
    from tracker.indicators.sentences import NameBook

    try:
        indicator = _indicator(visit)
    except Missing as exc:
        return _missing(visit, exc)
    fmt = _format(visit)
    options = _options(visit)
    run = _compute(visit, (indicator,), options)
    if fmt != "html":
        if run is None:
            raise PageError(
                "Nothing to download", "no reports: run tracker import first.", status=404
            )
        return _download(visit, fmt, run, f"{indicator.id}-{run.as_of}", explain=True)
    result = run.result(indicator.id) if run else None
    names = NameBook()
    states: list[dict[str, Any]] = []
    if result is not None:
        for iso3 in sorted(result.denominator_states, key=lambda s: _name_key(names.name(s), s)):
            evidence = result.evidence.get(iso3)
            states.append(
                {
                    "iso3": iso3,
                    "name": names.name(iso3),
                    "in_numerator": iso3 in result.numerator_states,
                    "denominator": shown(evidence.denominator if evidence else None),
                    "numerator": shown(evidence.numerator if evidence else None),
                }
            )
    series_rows: list[dict[str, Any]] = []
    chart = None
    years = None
    if run is not None and indicator.computable:
        first, last = _series_years(visit, run)
        years = f"{first}-{last}"
        series = _series(visit, indicator, first, last)
        for year_run in series.runs:
            one = year_run.results[0]
            series_rows.append(
                {
                    "year": year_run.as_of,
                    "id": one.id,
                    "status": one.status.value,
                    "numerator": one.numerator,
                    "denominator": one.denominator,
                    "value": one.value_text(),
                }
            )
        chart = f"/indicators/{indicator.id}/chart.png{_query(years=years)}"
    query = _query(as_of=options.as_of, since=options.since, on=options.on)
    return visit.render(
        "indicator.html",
        title=f"{indicator.label} ({indicator.id})",
        indicator=indicator,
        in_words=indicator.in_words(),
        run=run,
        result=result,
        sentence=_said(result) if result else None,
        opening=_opening(run),
        states=states,
        numerator_states=[s for s in states if s["in_numerator"]],
        series=series_rows,
        years=years,
        chart=chart,
        as_of=options.as_of if options.as_of is not None else (run.as_of if run else ""),
        since=options.since,
        back=f"/indicators{_query(as_of=options.as_of)}",
        downloads=_download_links(f"/indicators/{indicator.id}", query),
    )


def _opening(run: Run | None) -> str | None:
    from tracker.indicators.output import opening

    return opening(run) if run else None


def _name_key(name: str, iso3: str) -> tuple[str, str]:
    from tracker.indicators.sentences import sort_key

    return sort_key(name, iso3)


# --- /indicators/{id}/chart.png ---------------------------------------------------------------


@page()
def chart_image(visit: Visit) -> Response:
    """The indicator drawn by ``tracker indicators chart``'s code: a series, or one year."""
    import tempfile
    from pathlib import Path

    from tracker.indicators.charts import NotChartable, draw, series_chart, year_chart

    try:
        indicator = _indicator(visit)
    except Missing as exc:
        return _missing(visit, exc)
    if not indicator.computable:
        raise PageError(
            "No chart",
            f"{indicator.id} is not computable from Article 7 reports, so it has no chart.",
            status=404,
        )
    raw_years = visit.params.get("years", "").strip()
    try:
        if raw_years:
            from tracker.errors import UsageError
            from tracker.services.indicators import parse_years

            try:
                first, last = parse_years(raw_years)
            except UsageError as exc:
                raise PageError("Not a series of years", _years_words(str(exc))) from exc
            spec = series_chart(_series(visit, indicator, first, last), indicator.id)
        else:
            run = _compute(visit, (indicator,), _options(visit))
            if run is None:
                raise PageError("No chart", "no reports: run tracker import first.", status=404)
            spec = year_chart(run.result(indicator.id), run.as_of)
    except NotChartable as exc:
        raise PageError("No chart", f"{exc}.", status=404) from exc
    with tempfile.TemporaryDirectory() as folder, _DRAWING:
        path = draw(spec, Path(folder) / "chart.png")
        body = path.read_bytes()
    return visit.finish(Response(body, media_type="image/png"))


ROUTES = [
    Route("/indicators", catalogue_page, methods=["GET"], name="indicators"),
    Route("/indicators/{indicator_id}", indicator_page, methods=["GET"], name="indicator"),
    Route(
        "/indicators/{indicator_id}/chart.png",
        chart_image,
        methods=["GET"],
        name="indicator-chart",
    ),
]
