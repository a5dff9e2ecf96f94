"""The report's charts drawn into files: one per indicator, the summary, one per district
indicator; a sentence instead of a chart where there is no data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from report.context import ChartImage
from report.document.charts import (
    alt_text,
    chart_data,
    chart_table,
    district_alt_text,
    district_chart,
    district_table,
    indicator_chart,
    save_figure,
    summary_alt_text,
    summary_chart,
    summary_table,
)
from report.method.assess import Assessment, annual_series
from sources.program import Program


def render_charts(program: Program, statistics: pd.DataFrame, folder: Path) -> dict[str, ChartImage]:
    """One chart per indicator (by sex where split); a sentence instead where there is no data."""
    series = annual_series(statistics)
    charts: dict[str, ChartImage] = {}
    for indicator in program.indicators().values():
        data = chart_data(indicator, program.municipality.code, program.municipality.name, series)
        if not data.has_data:
            charts[indicator.id] = ChartImage(
                None, f"Diagram saknas för {indicator.name} ({indicator.id}): det finns inga värden "
                      f"för {program.municipality.name} i den inlämnade statistiken.")
            continue
        path = save_figure(indicator_chart(data), folder / f"{indicator.id}.png")
        charts[indicator.id] = ChartImage(path, alt_text(data), chart_table(data))
    return charts


def render_district_charts(assessment: Assessment, folder: Path) -> dict[str, ChartImage]:
    """One bar chart per district indicator: the districts' latest values against the municipality."""
    if assessment.districts is None or assessment.districts.empty:
        return {}
    charts = {}
    for indicator, rows in assessment.districts.groupby("indicator", sort=False):
        if rows["latest_value"].isna().all():
            charts[indicator] = ChartImage(None, f"Diagram saknas för {rows['name'].iloc[0]} ({indicator}): "
                                                 "det finns inga värden per stadsdel i den inlämnade statistiken.")
            continue
        path = save_figure(district_chart(rows), folder / f"stadsdelar_{indicator}.png")
        charts[indicator] = ChartImage(path, district_alt_text(rows), district_table(rows))
    return charts


def render_all_charts(program: Program, statistics: pd.DataFrame, assessment: Assessment,
                      folder: Path) -> tuple[dict[str, ChartImage], ChartImage, dict[str, ChartImage]]:
    """Every chart of a report: one per indicator, the summary, one per district indicator."""
    return (render_charts(program, statistics, folder), render_summary_chart(assessment, folder),
            render_district_charts(assessment, folder))


def render_summary_chart(assessment: Assessment, folder: Path) -> ChartImage:
    path = save_figure(summary_chart(assessment.areas), folder / "sammanfattning.png")
    return ChartImage(path, summary_alt_text(assessment.areas), summary_table(assessment.areas))
