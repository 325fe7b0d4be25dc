"""Chart descriptions (pure) and their drawing: 16 × 9 cm, PNG 200 dpi, deterministic SVG."""

from __future__ import annotations

import pytest

from tests.indicator_examples import worked_run, worked_series
from tracker.errors import TrackerError
from tracker.indicators.charts import (
    COUNTED,
    OF_WHICH,
    ChartKind,
    NotChartable,
    chapter_chart,
    draw,
    series_chart,
    year_chart,
)


def test_one_year_is_bars_of_denominator_and_numerator_with_figures():
    spec = year_chart(worked_run().result("core.needs.art4"), 2024)
    assert spec.kind is ChartKind.BARS and spec.value_labels
    assert spec.title == "Article 4, as of 2024"
    assert [(s.name, s.values, s.colour) for s in spec.series] == [
        (COUNTED, (3.0,), "4F6D8F"),
        (OF_WHICH, (2.0,), "E59A3C"),
    ]


def test_a_series_is_a_line_of_the_value_per_year_on_a_0_to_100_axis():
    spec = series_chart(
        worked_series(["core.reporting.on_time"], 2021, 2024), "core.reporting.on_time"
    )
    assert spec.kind is ChartKind.LINE and spec.title == "Annual reports on time, 2021–2024"
    assert spec.categories == ("2021", "2022", "2023", "2024")
    assert spec.series[0].values == (40.0, 40.0, 40.0, 40.0) and spec.y_max == 100.0
    counts = series_chart(worked_series(["core.needs.art4"], 2023, 2024), "core.needs.art4")
    assert counts.y_max is None and counts.series[0].values == (2.0, 2.0)


def test_a_non_computable_indicator_gets_one_clear_line():
    with pytest.raises(
        NotChartable, match=r"^lausanne.46 is not computable from Article 7 reports$"
    ):
        year_chart(worked_run().result("lausanne.46"), 2024)
    with pytest.raises(NotChartable, match=r"^lausanne.46 is not computable"):
        series_chart(worked_series(["lausanne.46"], 2023, 2024), "lausanne.46")


def test_a_chapter_draws_lines_of_its_percentages_else_bars_of_its_counts():
    run = worked_run()
    series = worked_series(None, 2021, 2024)
    transparency = [
        "core.reporting.on_time",
        "core.reporting.initial_overdue",
        "lausanne.43a",
        "lausanne.46",
    ]
    lines = chapter_chart("Transparency", 2024, run, series, transparency)
    assert lines.kind is ChartKind.LINE and lines.y_max == 100.0
    assert [s.name for s in lines.series] == [
        "Annual reports on time",
        "Initial reports within the deadline",
    ]
    assert lines.categories == ("2021", "2022", "2023", "2024")
    bars = chapter_chart("Victim assistance", 2024, run, None, ["core.obligations.art5"])
    assert bars.kind is ChartKind.BARS and bars.categories == ("Article 5 obligations",)
    assert [s.values for s in bars.series] == [(5.0,), (2.0,)]
    assert chapter_chart("Transparency", 2024, run, None, ["lausanne.46"]) is None


def test_drawing_png_size_and_svg_without_date_are_deterministic(tmp_path):
    from PIL import Image

    spec = year_chart(worked_run().result("core.needs.art4"), 2024)
    png = draw(spec, tmp_path / "a.png")
    with Image.open(png) as image:
        width, height = image.size
        dpi = image.info.get("dpi")
    assert abs(width - 16 / 2.54 * 200) <= 2 and abs(height - 9 / 2.54 * 200) <= 2
    assert dpi is not None and round(dpi[0]) == 200
    first = draw(spec, tmp_path / "a.svg").read_bytes()
    second = draw(spec, tmp_path / "b.svg").read_bytes()
    assert first == second
    assert b"<dc:date>" not in first and b"<path" in first
    assert draw(spec, tmp_path / "c.png").read_bytes() == png.read_bytes()
    with pytest.raises(TrackerError, match=r"as \.png or \.svg"):
        draw(spec, tmp_path / "chart.pdf")
