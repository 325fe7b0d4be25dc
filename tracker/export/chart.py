"""The Summary's native bar chart: States with obligations vs those that declared needs.

A native chart (``openpyxl.chart.BarChart``) drawn from the Summary table's cells, not a
picture, so that it stays true to the numbers beside it and opens in Excel and LibreOffice.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList

OBLIGATIONS_COLOUR = "4F6D8F"
NEEDS_COLOUR = "E59A3C"


def add_needs_chart(
    sheet: Any,
    *,
    header_row: int,
    last_row: int,
    category_column: int,
    first_series_column: int,
    anchor: str,
) -> Any:
    """A clustered bar chart of two adjacent series columns of the table at ``header_row``.

    Categories come from ``category_column`` (the themes); the series titles from the header.
    Returns the chart (already placed at ``anchor``).
    """
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Obligations and declared assistance needs, by article"
    chart.y_axis.title = "States parties"
    chart.y_axis.number_format = "0"
    chart.y_axis.majorUnit = None
    chart.x_axis.title = None
    # openpyxl 3.1 marks axes deleted by default; Excel then draws no axis labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(
        sheet,
        min_col=first_series_column,
        max_col=first_series_column + 1,
        min_row=header_row,
        max_row=last_row,
    )
    categories = Reference(
        sheet,
        min_col=category_column,
        max_col=category_column,
        min_row=header_row + 1,
        max_row=last_row,
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    for series, colour in zip(chart.series, (OBLIGATIONS_COLOUR, NEEDS_COLOUR), strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.legend.position = "b"
    chart.gapWidth = 80
    chart.height = 9.0  # cm
    chart.width = 18.0
    sheet.add_chart(chart, anchor)
    return chart
