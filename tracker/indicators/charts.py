"""Charts of indicators (``spec/indicators.md`` §8): a pure description, then matplotlib.

:class:`ChartSpec` says what a chart shows (kind, title, categories, series with their values
and colours, axis) and is built from results by pure functions, tested on their own. Only
:func:`draw` imports matplotlib (Agg backend, DejaVu Sans, 16 × 9 cm; PNG at 200 dpi, SVG with a
fixed ``svg.hashsalt`` and no date, so that the same description gives the same file).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import TrackerError
from tracker.indicators.model import Unit
from tracker.indicators.results import IndicatorResult, Run, Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes

COUNTED_COLOUR = "4F6D8F"  # the donor workbook's obligations colour
OF_WHICH_COLOUR = "E59A3C"  # and its needs colour
LINE_COLOURS = ("4F6D8F", "E59A3C", "6B8E23", "8B3A62", "2F8F9D", "B8860B")
COUNTED = "States parties counted"
OF_WHICH = "Of which"

WIDTH_CM, HEIGHT_CM = 16.0, 9.0
PNG_DPI = 200
SVG_SALT = "ccm-needs-tracker"


class ChartKind(enum.StrEnum):
    """Grouped bars (a bar per series in each category) or lines (a point per category)."""

    BARS = "bars"
    LINE = "line"


@dataclass(frozen=True)
class ChartSeries:
    """One series: its name (the legend), a value per category (None: a gap), its colour."""

    name: str
    values: tuple[float | None, ...]
    colour: str


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart shows, with no drawing library involved."""

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    y_label: str
    y_max: float | None = None  # 100 for percentages; None: fitted to the data
    value_labels: bool = False  # the figures written on the bars


class NotChartable(TrackerError):
    """An indicator that cannot be drawn (not computable, or no figure at all)."""


def _check(result: IndicatorResult) -> None:
    if not result.indicator.computable:
        raise NotChartable(f"{result.id} is not computable from Article 7 reports")


def year_chart(result: IndicatorResult, as_of: int) -> ChartSpec:
    """One year: bars of the denominator and the numerator, with their figures."""
    _check(result)
    if result.denominator is None or result.numerator is None:
        raise NotChartable(f"{result.id} has no figures for {as_of} ({result.status.value})")
    return ChartSpec(
        ChartKind.BARS,
        f"{result.indicator.label}, as of {as_of}",
        (result.indicator.label,),
        (
            ChartSeries(COUNTED, (float(result.denominator),), COUNTED_COLOUR),
            ChartSeries(OF_WHICH, (float(result.numerator),), OF_WHICH_COLOUR),
        ),
        "States parties",
        value_labels=True,
    )


def series_chart(series: Series, indicator_id: str) -> ChartSpec:
    """A series: a line of the value per year (percentages on a 0–100 axis)."""
    results = [_pick(run, indicator_id) for run in series.runs]
    first = results[0]
    _check(first)
    percentage = first.unit is Unit.PERCENTAGE
    return ChartSpec(
        ChartKind.LINE,
        f"{first.indicator.label}, {series.first}–{series.last}",
        tuple(str(run.as_of) for run in series.runs),
        (
            ChartSeries(
                first.indicator.label,
                tuple(None if r.value is None else float(r.value) for r in results),
                LINE_COLOURS[0],
            ),
        ),
        "% of States parties" if percentage else "States parties",
        y_max=100.0 if percentage else None,
    )


def _pick(run: Run, indicator_id: str) -> IndicatorResult:
    return next(r for r in run.results if r.id == indicator_id or r.series_of == indicator_id)


def chapter_chart(
    theme: str, as_of: int, run: Run, series: Series | None, ids: Sequence[str]
) -> ChartSpec | None:
    """The progress report's chart of one chapter (None when nothing in it can be drawn).

    A line per percentage indicator over the plan's years (axis 0–100) when there is any;
    else grouped bars per count indicator, States parties counted vs of which.
    """
    computed = [r for r in run.results if r.id in ids and r.denominator is not None]
    percentages = [r for r in computed if r.unit is Unit.PERCENTAGE]
    title = f"{theme}, {as_of}"
    if percentages:
        runs = series.runs if series is not None else (run,)
        lines = tuple(
            ChartSeries(
                r.indicator.label,
                tuple(None if (v := _pick(y, r.id).value) is None else float(v) for y in runs),
                LINE_COLOURS[index % len(LINE_COLOURS)],
            )
            for index, r in enumerate(percentages)
        )
        categories = tuple(str(y.as_of) for y in runs)
        return ChartSpec(ChartKind.LINE, title, categories, lines, "% of States parties", 100.0)
    counts = [r for r in computed if r.unit is Unit.COUNT]
    if not counts:
        return None
    return ChartSpec(
        ChartKind.BARS,
        title,
        tuple(r.indicator.label for r in counts),
        (
            ChartSeries(COUNTED, tuple(float(r.denominator or 0) for r in counts), COUNTED_COLOUR),
            ChartSeries(OF_WHICH, tuple(float(r.numerator or 0) for r in counts), OF_WHICH_COLOUR),
        ),
        "States parties",
        value_labels=True,
    )


# --- drawing (matplotlib, imported here only) -------------------------------------------------


def _wrap(label: str, width: int = 16) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def draw(
    spec: ChartSpec, path: Path, *, width_cm: float = WIDTH_CM, height_cm: float = HEIGHT_CM
) -> Path:
    """Draw ``spec`` into ``path`` (``.png`` at 200 dpi, or ``.svg``); returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise TrackerError(f"a chart is written as .png or .svg, not {path.name!r}")
    rc: dict[str, Any] = {
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "svg.hashsalt": SVG_SALT,
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with plt.rc_context(rc):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=(width_cm / 2.54, height_cm / 2.54))
        try:
            _plot(axes, spec)
            axes.set_title(spec.title, fontsize=10, loc="left")
            axes.set_ylabel(spec.y_label)
            axes.grid(axis="y", color="#D9D9D9", linewidth=0.6)
            axes.set_axisbelow(True)
            if len(spec.series) > 1 or spec.kind is ChartKind.LINE:
                axes.legend(frameon=False, fontsize=7)
            figure.tight_layout()
            path.parent.mkdir(parents=True, exist_ok=True)
            if suffix == ".png":
                figure.savefig(path, dpi=PNG_DPI, metadata={"Software": None})
            else:
                figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(figure)
    return path


def _plot(ax: Axes, spec: ChartSpec) -> None:
    positions = list(range(len(spec.categories)))
    if spec.kind is ChartKind.BARS:
        count = max(len(spec.series), 1)
        width = 0.8 / count
        for index, series in enumerate(spec.series):
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            heights = [v or 0.0 for v in series.values]
            bars = ax.bar(offsets, heights, width, label=series.name, color=f"#{series.colour}")
            if spec.value_labels:
                ax.bar_label(bars, labels=[f"{h:g}" for h in heights], padding=2, fontsize=7)
        ax.set_xticks(positions, [_wrap(c) for c in spec.categories])
        top = max([v or 0.0 for s in spec.series for v in s.values] + [1.0])
        ax.set_ylim(0, spec.y_max or top * 1.15)
    else:
        for series in spec.series:
            xs = [p for p, v in zip(positions, series.values, strict=True) if v is not None]
            ys = [v for v in series.values if v is not None]
            ax.plot(xs, ys, marker="o", label=series.name, color=f"#{series.colour}")
        ax.set_xticks(positions, list(spec.categories))
        top = max([v or 0.0 for s in spec.series for v in s.values] + [1.0])
        # A little room above the top so that a point at 100% is not cut in half.
        ax.set_ylim(0, (spec.y_max or top * 1.1) * 1.04)
        ax.set_xlim(-0.5, len(positions) - 0.5)
        if spec.y_max:
            ax.set_yticks([spec.y_max * i / 10 for i in range(11)])
            return
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
