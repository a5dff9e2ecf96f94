"""Indicator charts split by sex. Chart functions return a Figure; `save_figure` writes it.

Lines are told apart without colour too (line style and marker): total solid black, women
dashed with circles, men dash-dotted with squares, the reference dotted grey, the target a
thin line with its label. Colours are from the Okabe-Ito palette (safe for colour blindness).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from report.explain import area_name  # noqa: E402
from report.texts import LIGHT_FILLS, SEX_WORDS, format_number, format_value, join_words  # noqa: E402
from sources.program import Indicator  # noqa: E402

STYLES = {
    "T": {"color": "#000000", "linestyle": "-", "linewidth": 2.2, "marker": None},
    "K": {"color": "#D55E00", "linestyle": "--", "linewidth": 1.6, "marker": "o", "markersize": 4},
    "M": {"color": "#0072B2", "linestyle": "-.", "linewidth": 1.6, "marker": "s", "markersize": 4},
}
REFERENCE_STYLE = {"color": "#777777", "linestyle": ":", "linewidth": 1.8}
TARGET_COLOR = "#009E73"
FIGSIZE = (4.0, 3.1)  # inserted 8 cm wide, two charts side by side
DPI = 150


@dataclass(frozen=True)
class ChartData:
    """What one indicator chart shows: the municipality's series by sex and the comparisons."""

    indicator: Indicator
    municipality: str
    series: dict[str, pd.Series]  # sex -> values by year
    reference: pd.Series | None = None
    reference_area: str | None = None

    @property
    def has_data(self) -> bool:
        return any(not s.dropna().empty for s in self.series.values())


def chart_data(indicator: Indicator, municipality_code: str, municipality: str,
               series: dict[tuple[str, str, str], pd.Series]) -> ChartData:
    sexes = ("T", "K", "M") if indicator.by_sex else ("T",)
    own = {sex: series[(indicator.id, municipality_code, sex)] for sex in sexes
           if (indicator.id, municipality_code, sex) in series}
    reference = None
    if indicator.reference:
        reference = series.get((indicator.id, indicator.reference, "T"))
    return ChartData(indicator, municipality, own, reference, indicator.reference)


def _axis_formatter(axes) -> FuncFormatter:
    """Swedish tick labels with as many decimals as the tick spacing needs (0,5 steps: one)."""
    ticks = sorted(axes.get_yticks())
    steps = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if b > a]
    step = min(steps) if steps else 1.0
    decimals = max(0, min(4, -math.floor(math.log10(step)))) if step < 1 else 0
    if step < 1 and round(step * 10**decimals) % 1:
        decimals += 1
    return FuncFormatter(lambda value, _pos: format_number(value, decimals))


def indicator_chart(data: ChartData) -> Figure:
    """A line chart of one indicator: the municipality by sex, reference and target."""
    figure = Figure(figsize=FIGSIZE, dpi=DPI)
    axes = figure.add_subplot()
    for sex, values in data.series.items():
        values = values.dropna()
        if values.empty:
            continue
        label = f"{data.municipality}, {SEX_WORDS[sex].lower()}" if len(data.series) > 1 else data.municipality
        axes.plot(values.index, values.values, label=label, **STYLES[sex])
    if data.reference is not None and not data.reference.dropna().empty:
        ref = data.reference.dropna()
        axes.plot(ref.index, ref.values, label=f"{area_name(data.reference_area).capitalize()}, totalt",
                  **REFERENCE_STYLE)
    target = data.indicator.target
    if target is not None:
        axes.axhline(target.value, color=TARGET_COLOR, linewidth=1.2)
        axes.annotate(f"Mål {target.year}: {format_value(target.value, data.indicator.unit)}",
                      xy=(0.01, target.value), xycoords=("axes fraction", "data"),
                      xytext=(0, 3), textcoords="offset points", fontsize=7, color="#00684A")
    axes.set_xlabel("År", fontsize=8)
    axes.set_ylabel(textwrap.fill(data.indicator.unit or "värde", 18), fontsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(_axis_formatter(axes))
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    title = textwrap.wrap(f"{data.indicator.name} ({data.indicator.id})", 52)
    # An explicit y turns off matplotlib's automatic title placement, a quarter of a chart's drawing time.
    axes.set_title("\n".join(title[:3]), fontsize=8, loc="left", y=1.0, pad=6)
    axes.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.45, -0.2), ncol=2)
    figure.subplots_adjust(left=0.15, right=0.97, top=0.95 - 0.055 * min(len(title), 3), bottom=0.34)
    return figure


def alt_text(data: ChartData) -> str:
    """A Swedish description of the chart for screen readers (the picture's alt text)."""
    years = sorted({int(y) for s in data.series.values() for y in s.dropna().index})
    span = f"{years[0]}–{years[-1]}" if years else ""
    groups = join_words([SEX_WORDS[sex].lower() for sex in data.series])
    text = f"Linjediagram över {data.indicator.name}, {data.municipality} {span}, {groups}."
    latest_parts = []
    for sex, values in data.series.items():
        values = values.dropna()
        if not values.empty:
            latest_parts.append(f"{SEX_WORDS[sex].lower()} {format_value(float(values.iloc[-1]), data.indicator.unit)}"
                                f" ({int(values.index[-1])})")
    if latest_parts:
        text += f" Senaste värden: {join_words(latest_parts)}."
    if data.reference is not None and not data.reference.dropna().empty:
        text += f" Jämförelse med {area_name(data.reference_area)} (prickad linje)."
    if data.indicator.target is not None:
        text += (f" Målet är {format_value(data.indicator.target.value, data.indicator.unit)} år "
                 f"{data.indicator.target.year}.")
    return text


def save_figure(figure: Figure, path: Path) -> Path:
    """The one writer of charts: PNG at the figure's resolution.

    The figure is not registered with pyplot, so dropping it frees it; clearing it first would
    cost a sixth of the chart's time (measured in benchmarks/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI)
    return path


LIGHT_COLOURS = {f"{k}": f"#{v}" for k, v in LIGHT_FILLS.items()}
LIGHT_HATCHES = {"green": "", "yellow": "//", "red": "xx", "not_assessed": ".."}


def summary_chart(areas: pd.DataFrame) -> Figure:
    """Official goal lights per target area, stacked bars; hatching tells them apart in grey."""
    from report.texts import LIGHT_WORDS

    figure = Figure(figsize=(6.4, 0.45 * len(areas) + 1.3), dpi=DPI)
    axes = figure.add_subplot()
    names = [textwrap.fill(name, 28) for name in areas["area"]][::-1]
    left = [0] * len(areas)
    for light in ("green", "yellow", "red", "not_assessed"):
        counts = list(areas[light])[::-1]
        if not any(counts):
            continue
        bars = axes.barh(names, counts, left=left, color=LIGHT_COLOURS[light], hatch=LIGHT_HATCHES[light],
                         edgecolor="#333333", linewidth=0.6, label=LIGHT_WORDS[light])
        for bar, count in zip(bars, counts, strict=True):
            if count:
                axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(count),
                          ha="center", va="center", fontsize=8,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.set_xlabel("Antal mål", fontsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.4, -0.25), ncol=4)
    figure.subplots_adjust(left=0.32, right=0.97, top=0.97, bottom=0.28 if len(areas) > 3 else 0.4)
    return figure


def summary_alt_text(areas: pd.DataFrame) -> str:
    from report.texts import LIGHT_WORDS

    parts = []
    for row in areas.itertuples():
        counts = [f"{getattr(row, light)} {LIGHT_WORDS[light].lower()}" for light in
                  ("green", "yellow", "red", "not_assessed") if getattr(row, light)]
        parts.append(f"{row.area}: {join_words(counts)}")
    return "Liggande stapeldiagram över målens bedömning per målområde. " + "; ".join(parts) + "."


def district_chart(rows: pd.DataFrame) -> Figure:
    """One district indicator: each district's latest value as a bar, the whole municipality as a
    dashed line; the bars carry their light as hatching so the chart reads in grey too."""
    districts = rows[rows["light"].notna()]
    whole = rows[rows["light"].isna()]
    figure = Figure(figsize=(6.4, 0.42 * len(districts) + 1.5), dpi=DPI)
    axes = figure.add_subplot()
    names = [textwrap.fill(name, 24) for name in districts["district_name"]][::-1]
    values = [0.0 if pd.isna(v) else float(v) for v in districts["latest_value"]][::-1]
    lights = list(districts["light"])[::-1]
    axes.barh(names, values, color=[LIGHT_COLOURS[light] for light in lights],
              hatch=None, edgecolor="#333333", linewidth=0.6)
    for patch, light in zip(axes.patches, lights, strict=True):
        patch.set_hatch(LIGHT_HATCHES[light])
    unit = str(rows["unit"].iloc[0])
    if not whole.empty and pd.notna(whole["latest_value"].iloc[0]):
        value = float(whole["latest_value"].iloc[0])
        axes.axvline(value, color="#000000", linestyle="--", linewidth=1.4)
        axes.annotate(f"Hela kommunen {format_value(value, unit)}", xy=(value, 1.0), xycoords=("data", "axes fraction"),
                      xytext=(3, -10), textcoords="offset points", fontsize=7)
    axes.set_xlabel(unit or "värde", fontsize=8)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, 0)))
    axes.tick_params(labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    title = textwrap.wrap(f"{rows['name'].iloc[0]} ({rows['indicator'].iloc[0]})", 80)
    axes.set_title("\n".join(title[:2]), fontsize=8, loc="left")
    figure.subplots_adjust(left=0.28, right=0.97, top=0.88 - 0.04 * min(len(title), 2), bottom=0.2)
    return figure


def district_alt_text(rows: pd.DataFrame) -> str:
    from report.texts import LIGHT_WORDS

    unit = str(rows["unit"].iloc[0])
    parts = [f"{row.district_name} {format_value(row.latest_value, unit)} ({LIGHT_WORDS[row.light].lower()})"
             for row in rows[rows["light"].notna()].itertuples()]
    whole = rows[rows["light"].isna()]
    text = f"Liggande stapeldiagram över {rows['name'].iloc[0]} per stadsdel: {join_words(parts)}."
    if not whole.empty:
        text += f" Hela kommunen {format_value(whole['latest_value'].iloc[0], unit)} (streckad linje)."
    return text
