"""The report's charts drawn into files: one per indicator, the summary, one per district
indicator; a sentence instead of a chart where there is no data."""

from __future__ import annotations

import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from report.context import ChartImage
from report.document.charts import (
    ChartData,
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

MIN_CHARTS_PER_PROCESS = 6  # fewer charts are drawn in this process: starting another costs more


def _draw(jobs: list[tuple[ChartData, Path]]) -> list[Path]:
    """Draw and save charts one after the other, each on the figure of the one before."""
    figure, paths = None, []
    for data, path in jobs:
        figure = indicator_chart(data, figure)
        paths.append(save_figure(figure, path))
    return paths


def draw_charts(jobs: list[tuple[ChartData, Path]], processes: int = 1) -> list[Path]:
    """Draw and save the indicator charts, in `processes` processes when there are enough of them.

    The charts are independent and drawing them is CPU-bound Python (matplotlib), so on a
    machine with cores to spare they are drawn side by side in forked processes, which inherit
    the imported matplotlib and fonts (no start-up cost but the fork). Where fork is not
    available, or one process is asked for (the national run's workers already use every core),
    they are drawn here, one after the other; the files are the same either way. A drawing
    process that dies (killed, out of memory) fails the step with BrokenProcessPool instead of
    leaving it waiting, as multiprocessing's Pool would."""
    processes = min(processes, len(jobs) // MIN_CHARTS_PER_PROCESS)
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _draw(jobs)
    size = math.ceil(len(jobs) / (2 * processes))  # two parts a process: one slow part does not hold up the rest
    parts = [jobs[start:start + size] for start in range(0, len(jobs), size)]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        return [path for paths in pool.map(_draw, parts) for path in paths]


def render_charts(program: Program, statistics: pd.DataFrame, folder: Path,
                  processes: int = 1) -> dict[str, ChartImage]:
    """One chart per indicator (by sex where split); a sentence instead where there is no data."""
    series = annual_series(statistics)
    charts: dict[str, ChartImage] = {}
    drawn: dict[str, ChartData] = {}
    for indicator in program.indicators().values():
        data = chart_data(indicator, program.municipality.code, program.municipality.name, series)
        if not data.has_data:
            charts[indicator.id] = ChartImage(
                None, f"Diagram saknas för {indicator.name} ({indicator.id}): det finns inga värden "
                      f"för {program.municipality.name} i den inlämnade statistiken.")
            continue
        charts[indicator.id] = None  # its place in the program's order
        drawn[indicator.id] = data
    paths = draw_charts([(data, folder / f"{key}.png") for key, data in drawn.items()], processes)
    for (key, data), path in zip(drawn.items(), paths, strict=True):
        charts[key] = ChartImage(path, alt_text(data), chart_table(data))
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


def render_all_charts(program: Program, statistics: pd.DataFrame, assessment: Assessment, folder: Path,
                      processes: int = 1) -> tuple[dict[str, ChartImage], ChartImage, dict[str, ChartImage]]:
    """Every chart of a report: one per indicator, the summary, one per district indicator."""
    return (render_charts(program, statistics, folder, processes), render_summary_chart(assessment, folder),
            render_district_charts(assessment, folder))


def render_summary_chart(assessment: Assessment, folder: Path) -> ChartImage:
    path = save_figure(summary_chart(assessment.areas), folder / "sammanfattning.png")
    return ChartImage(path, summary_alt_text(assessment.areas), summary_table(assessment.areas))
