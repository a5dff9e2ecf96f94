"""Indicator charts split by sex. Chart functions return a Figure; `save_figure` writes it.

Lines are told apart without colour too (line style and marker): total solid black, women
dashed with circles, men dash-dotted with squares, the reference dotted grey, the target a
thin line with its label. Colours are from the Okabe-Ito palette (safe for colour blindness).
"""

from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure, SubplotParams  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.textpath import text_to_path  # noqa: E402
from matplotlib.ticker import Formatter, MaxNLocator  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from report.method.explain import area_name  # noqa: E402
from report.texts import LIGHT_ADJECTIVES_NEUTER, LIGHT_FILLS, SEX_WORDS, join_words
from sources.formats import format_number, format_value, unit_text
from sources.program import Indicator  # noqa: E402
from sources.vocabulary import GREEN, NOT_ASSESSED, RED, YELLOW

STYLES = {
    "T": {"color": "#000000", "linestyle": "-", "linewidth": 2.2, "marker": None},
    "K": {"color": "#D55E00", "linestyle": "--", "linewidth": 1.6, "marker": "o", "markersize": 4},
    "M": {"color": "#0072B2", "linestyle": "-.", "linewidth": 1.6, "marker": "s", "markersize": 4},
}
REFERENCE_STYLE = {"color": "#777777", "linestyle": ":", "linewidth": 1.8}
TARGET_COLOR = "#009E73"
FIGSIZE = (4.0, 3.1)  # inserted 8 cm wide, two charts side by side
DPI = 150
LEGEND_TOP = 0.2  # figure fraction: 0.14 of the figure below the axes holds the year labels and "År"
PNG_SETTINGS = {"compress_level": 3}  # Pillow's default 6 wrote these charts larger and slower (1 837 / 1 804 kB)
SVG_SETTINGS = {"svg.fonttype": "none"}  # texts as <text>, in the page's own sans-serif when DejaVu is missing
LABEL_GROUND = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


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


MAX_TICK_DECIMALS = 10


def tick_decimals(ticks) -> int:
    """The fewest decimals that write every tick exactly: 22,5 for 22.5, 80,25 for 80.25, 0 for 1 000.

    Exact up to floating-point noise from the locator's arithmetic (0.1 * 3), judged against the
    spacing of the ticks, so that 0.30000000000000004 still needs one decimal, not seventeen."""
    values = sorted(float(t) for t in ticks if math.isfinite(t))
    if not values:
        return 0
    steps = [b - a for a, b in zip(values, values[1:], strict=False) if b > a]
    scale = min(steps) if steps else (abs(values[0]) or 1.0)
    tolerance = scale * 1e-6
    for decimals in range(MAX_TICK_DECIMALS + 1):
        if all(abs(value - round(value, decimals)) <= tolerance for value in values):
            return decimals
    return MAX_TICK_DECIMALS


class TickFormatter(Formatter):
    """Swedish tick labels, every tick of an axis with the decimals its ticks need.

    The decimals are worked out when matplotlib formats the ticks it draws (`set_locs` comes with
    the final ticks, after every artist is added and the limits are set), not when the formatter
    is made, so the labels always tell the ticks apart and show their exact values."""

    def __init__(self) -> None:
        self.decimals: int | None = None

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.decimals = tick_decimals(locs)

    def __call__(self, value, pos=None) -> str:
        decimals = self.decimals if self.decimals is not None else tick_decimals([value])
        return format_number(float(value), decimals)


def _capitalized(text: str) -> str:
    """The first letter upper case, the rest as it is ('Västra Götalands län', not '… götalands …')."""
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=4096)
def _text_width(text: str, fontsize: float) -> float:
    """A text's width in points (its glyphs' advances, without drawing the figure).

    The advances are a point or so wider than the ink's outline, so a margin is never too
    narrow; outlining the glyphs (TextPath) took a quarter of a chart's time, and tick labels
    repeat, hence the cache."""
    if not text:
        return 0.0
    return text_to_path.get_text_width_height_descent(text, FontProperties(size=fontsize), ismath=False)[0]


def _left_margin(axes, fontsize: float, ylabel_lines: int) -> float:
    """The figure fraction left of the axes that the widest y tick label and the axis label need
    (wider than the default for thousands: '17 000' and 'kronor' must not be cut off)."""
    low, high = sorted(axes.get_ylim())
    ticks = [t for t in axes.yaxis.get_major_locator()() if low <= t <= high]
    labels = TickFormatter().format_ticks(ticks)
    needed = max((_text_width(label, fontsize) for label in labels), default=0.0)
    needed += 3.5 + 3.5 + 4 + 8 * 1.2 * ylabel_lines + 4  # tick, pad, label pad, label, margin (points)
    return max(0.15, needed / (axes.figure.get_figwidth() * 72))


def _band_of_lines(axes, x_from: float, x_to: float, skip) -> list[tuple[float, float]]:
    """The y range (data units) of each drawn line where it passes between two axes fractions in x."""
    xmin, xmax = axes.get_xlim()
    width = (xmax - xmin) or 1.0
    ranges = []
    for line in axes.get_lines():
        if line is skip:
            continue
        xs = [(float(x) - xmin) / width for x in line.get_xdata()]
        ys = [float(y) for y in line.get_ydata()]
        inside = [y for x, y in zip(xs, ys, strict=True) if x_from <= x <= x_to]
        points = list(zip(xs, ys, strict=True))
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            for edge in (x_from, x_to):
                if min(x0, x1) < edge < max(x0, x1):
                    inside.append(y0 + (y1 - y0) * (edge - x0) / (x1 - x0))
        if inside:
            ranges.append((min(inside), max(inside)))
    return ranges


def _place_target_label(axes, target_line, value: float, text: str) -> None:
    """The target's label on its line, in the first of the four corners of the line (left or right
    end, above or below) that lies inside the chart and clear of the data lines; on a white ground."""
    fontsize, offset = 7, 3
    box = axes.get_position()
    width_pt = box.width * axes.figure.get_figwidth() * 72
    height_pt = box.height * axes.figure.get_figheight() * 72
    text_width = _text_width(text, fontsize) + 4
    ymin, ymax = axes.get_ylim()
    span = (ymax - ymin) or 1.0
    height = (fontsize * 1.25 + offset) / height_pt * span  # the label's height in data units
    padding = 2 / height_pt * span  # markers and line width
    width = min(0.98, text_width / width_pt)
    best = None
    for side, above in (("left", True), ("right", True), ("left", False), ("right", False)):
        x_from, x_to = (0.01, 0.01 + width) if side == "left" else (0.99 - width, 0.99)
        low, high = (value, value + height) if above else (value - height, value)
        fits = low >= min(ymin, ymax) and high <= max(ymin, ymax)
        overlap = sum(max(0.0, min(high + padding, top) - max(low - padding, bottom))
                      for bottom, top in _band_of_lines(axes, x_from, x_to, target_line))
        score = (not fits, overlap)
        if best is None or score < best[0]:
            best = (score, side, above)
        if fits and overlap == 0:
            break
    _, side, above = best
    axes.annotate(text, xy=(0.01 if side == "left" else 0.99, value), xycoords=("axes fraction", "data"),
                  xytext=(0, offset if above else -offset), textcoords="offset points",
                  ha=side, va="bottom" if above else "top", fontsize=fontsize, color="#00684A",
                  bbox=LABEL_GROUND)


LEGEND_FONT = 7  # points; the legend's measures below are matplotlib's legend defaults at this size
LEGEND_HANDLE, LEGEND_TEXT_PAD, LEGEND_COLUMN_GAP = 14.0, 5.6, 14.0  # points: 2, 0,8 and 2 em
LEGEND_TEXT, LEGEND_ROW, LEGEND_PAD = 7.92, 11.42, 6.3  # points: a text's height, a row, the border above


def _legend(figure: Figure, axes) -> None:
    """The lines' legend under the axes, as matplotlib's would be (two columns, the first filled
    first, centred at 0,45 of the axes' width, without a frame), its top at a fixed height of the
    figure: under the year labels and "År" however tall the title makes the axes.

    Drawn as a short line (with its marker) and a text per line, placed with the texts' cached
    widths: matplotlib's Legend lays out its boxes again on every draw, a sixth of a chart's time
    in PNG and SVG (measured: 65 → 54 ms a chart without it)."""
    entries = [line for line in axes.get_lines() if not line.get_label().startswith("_")]
    if not entries:
        return
    width_pt, height_pt = figure.get_figwidth() * 72, figure.get_figheight() * 72
    rows = math.ceil(len(entries) / 2)
    columns = [entries[:rows], entries[rows:]] if len(entries) > 1 else [entries]
    widths = [LEGEND_HANDLE + LEGEND_TEXT_PAD + max(_text_width(line.get_label(), LEGEND_FONT) for line in column)
              for column in columns]
    box = axes.get_position()
    left = (box.x0 + 0.45 * box.width) * width_pt - (sum(widths) + LEGEND_COLUMN_GAP * (len(widths) - 1)) / 2
    top = LEGEND_TOP * height_pt - LEGEND_PAD
    for column, column_width in zip(columns, widths, strict=True):
        for row, line in enumerate(column):
            y = (top - row * LEGEND_ROW - LEGEND_TEXT / 2) / height_pt  # the middle of the row's text
            xs = [left / width_pt, (left + LEGEND_HANDLE / 2) / width_pt, (left + LEGEND_HANDLE) / width_pt]
            figure.add_artist(Line2D(xs, [y] * 3, transform=figure.transFigure, markevery=[1],
                                     color=line.get_color(), linestyle=line.get_linestyle(),
                                     linewidth=line.get_linewidth(), marker=line.get_marker(),
                                     markersize=line.get_markersize()))
            figure.text((left + LEGEND_HANDLE + LEGEND_TEXT_PAD) / width_pt, y, line.get_label(),
                        fontsize=LEGEND_FONT, va="center", ha="left")
        left += column_width + LEGEND_COLUMN_GAP


def chart_title(name: str, identifier: str, width: int = 52, lines: int = 3) -> list[str]:
    """The title's lines: a name too long for three lines is shortened with '…', never the id,
    which ties the chart to its table row."""
    title = textwrap.wrap(f"{name} ({identifier})", width)
    if len(title) <= lines:
        return title
    shortened = textwrap.wrap(name, width)[:lines]
    ending = f"… ({identifier})"
    shortened[-1] = textwrap.shorten(shortened[-1], width - len(ending), placeholder="") + ending
    return shortened


def _marked(style: dict, values: pd.Series) -> dict:
    """A series with years between its values (an election every fourth year, a survey every
    other) gets a marker on each value, so the line is not read as yearly data."""
    years = [int(year) for year in values.index]
    if style.get("marker") is None and len(years) > 1 and max(years) - min(years) + 1 > len(years):
        return {**style, "marker": "D", "markersize": 4}
    return style


def _cleared(figure: Figure):
    """An earlier chart's axes as a new figure's are, with their ticks kept: its lines, texts and
    legend removed; its subplot position, data limits and view limits those of a new axes (the
    position matters: the y ticks are worked out from the axes' height before the margins are
    set, and without it 2 of the bundled example's 40 charts came out different)."""
    axes = figure.axes[0]
    for artist in [*axes.lines, *axes.texts, *figure.artists, *figure.texts]:
        artist.remove()
    new = SubplotParams()
    figure.subplots_adjust(left=new.left, right=new.right, bottom=new.bottom, top=new.top)
    axes.dataLim = Bbox.null()
    axes.viewLim.set_points(Bbox.unit().get_points())
    axes.ignore_existing_data_limits = True
    return axes


def indicator_chart(data: ChartData, figure: Figure | None = None) -> Figure:
    """A line chart of one indicator: the municipality by sex, reference and target.

    With `figure` (the previous chart's, saved), the chart is drawn on it instead of a new one:
    matplotlib then keeps the axes and their ticks, which each new figure makes again, a fifth
    of a chart's time (42 → 33 ms a PNG, measured); the files are byte for byte those of a new
    figure (a test compares them)."""
    axes = _cleared(figure) if figure is not None else Figure(figsize=FIGSIZE, dpi=DPI).add_subplot()
    figure = axes.figure
    for sex, values in data.series.items():
        values = values.dropna()
        if values.empty:
            continue
        label = f"{data.municipality}, {SEX_WORDS[sex].lower()}" if len(data.series) > 1 else data.municipality
        axes.plot(values.index, values.values, label=label, **_marked(STYLES[sex], values))
    if data.reference is not None and not data.reference.dropna().empty:
        ref = data.reference.dropna()
        axes.plot(ref.index, ref.values, label=f"{_capitalized(area_name(data.reference_area))}, totalt",
                  **REFERENCE_STYLE)
    target = data.indicator.target
    if target is not None:
        # axhline widens the y limits to take in the target, so its line and label are always shown.
        target_line = axes.axhline(target.value, color=TARGET_COLOR, linewidth=1.2)
    axes.set_xlabel("År", fontsize=8)
    ylabel = textwrap.fill(unit_text(data.indicator.unit, axis=True) or "värde", 18)
    axes.set_ylabel(ylabel, fontsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(TickFormatter())
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    title = chart_title(data.indicator.name, data.indicator.id)
    # An explicit y turns off matplotlib's automatic title placement, a quarter of a chart's drawing time.
    axes.set_title("\n".join(title[:3]), fontsize=8, loc="left", y=1.0, pad=6)
    top, bottom = 0.95 - 0.055 * min(len(title), 3), 0.34
    figure.subplots_adjust(left=_left_margin(axes, 7, ylabel.count("\n") + 1), right=0.97, top=top, bottom=bottom)
    _legend(figure, axes)
    if target is not None:  # placed last: it needs the final limits and the axes' size
        _place_target_label(axes, target_line, target.value,
                            f"Mål {target.year}: {format_value(target.value, data.indicator.unit)}"
                            + (" (påhittat)" if target.invented else ""))
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
        text += (f" Målet{' (påhittat för exemplet)' if data.indicator.target.invented else ''} är "
                 f"{format_value(data.indicator.target.value, data.indicator.unit)} år "
                 f"{data.indicator.target.year}.")
    return text


def save_figure(figure: Figure, path: Path, svg: bool = True) -> Path:
    """The one writer of charts: PNG at the figure's resolution (for Word) and, beside it, SVG
    (for the web edition, inlined there with its title and description).

    The SVG's texts are text (`svg.fonttype: none`), not glyph outlines: a screen reader, a search
    or a translation in the browser reads the labels, the file is half the size and written in
    two thirds of the time. The figure is not registered with pyplot, so dropping it frees it;
    clearing it first would cost a sixth of the chart's time (measured in benchmarks/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI, pil_kwargs=PNG_SETTINGS)
    if svg:
        with matplotlib.rc_context(SVG_SETTINGS):
            figure.savefig(path.with_suffix(".svg"), format="svg", metadata={"Date": None})
    return path


def chart_table(data: ChartData) -> pd.DataFrame:
    """The numbers behind an indicator chart: a row per year, a column per line, as Swedish text."""
    unit = data.indicator.unit
    columns = {f"{data.municipality}, {SEX_WORDS[sex].lower()}" if len(data.series) > 1 else data.municipality:
               values for sex, values in data.series.items()}
    if data.reference is not None and not data.reference.dropna().empty:
        columns[f"{_capitalized(area_name(data.reference_area))}, totalt"] = data.reference
    frame = pd.DataFrame(columns).sort_index()
    table = frame.map(lambda v: "–" if pd.isna(v) else format_value(float(v), unit))
    table.insert(0, "År", [str(int(year)) if isinstance(year, int | float) else str(year) for year in frame.index])
    return table.reset_index(drop=True)


def summary_table(areas: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the summary chart: the goals of each target area by light."""
    from report.texts import light_label

    table = pd.DataFrame({"Målområde": [str(area) for area in areas["area"]]})
    for light in (GREEN, YELLOW, RED, NOT_ASSESSED):
        table[light_label(light)] = [str(int(n)) for n in areas[light]]
    return table


def district_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind a district chart: each district's latest value and light."""
    from report.texts import light_label

    unit = str(rows["unit"].iloc[0])
    return pd.DataFrame({
        "Stadsdel": [str(r.district_name) for r in rows.itertuples()],
        "Senaste värde": ["–" if pd.isna(r.latest_value) else format_value(float(r.latest_value), unit)
                          for r in rows.itertuples()],
        "Ljus": [light_label(r.light) if isinstance(r.light, str) else "–" for r in rows.itertuples()],
    })


LIGHT_COLOURS = {f"{k}": f"#{v}" for k, v in LIGHT_FILLS.items()}
LIGHT_HATCHES = {GREEN: "", YELLOW: "//", RED: "xx", NOT_ASSESSED: ".."}


def summary_chart(areas: pd.DataFrame) -> Figure:
    """Official goal lights per target area, stacked bars; hatching tells them apart in grey."""
    from report.texts import LIGHT_WORDS

    figure = Figure(figsize=(6.4, 0.45 * len(areas) + 1.3), dpi=DPI)
    axes = figure.add_subplot()
    names = [textwrap.fill(name, 28) for name in areas["area"]][::-1]
    left = [0] * len(areas)
    for light in (GREEN, YELLOW, RED, NOT_ASSESSED):
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


def _counted_light(count: int, light: str) -> str:
    """'1 rött', '3 gula', '2 ej bedömda': the adjective agrees with mål (neuter) and the count."""
    one, many = LIGHT_ADJECTIVES_NEUTER[light]
    return f"{count} {one if count == 1 else many}"


def summary_alt_text(areas: pd.DataFrame) -> str:
    parts = []
    for row in areas.itertuples():
        counts = [_counted_light(int(getattr(row, light)), light) for light in
                  (GREEN, YELLOW, RED, NOT_ASSESSED) if getattr(row, light)]
        parts.append(f"{row.area}: {join_words(counts)}")
    return "Liggande stapeldiagram över målens bedömning per målområde. " + "; ".join(parts) + "."


def district_chart(rows: pd.DataFrame) -> Figure:
    """One district indicator: each district's latest value as a bar, the whole municipality as a
    dashed line; the bars carry their light as hatching so the chart reads in grey too."""
    districts = rows[rows["light"].notna()]
    whole = rows[rows["light"].isna()]
    whole_line = None
    figure = Figure(figsize=(6.4, 0.42 * len(districts) + 1.5), dpi=DPI)
    axes = figure.add_subplot()
    names = [textwrap.fill(name, 24) for name in districts["district_name"]][::-1]
    latest = [None if pd.isna(v) else float(v) for v in districts["latest_value"]][::-1]
    values = [0.0 if v is None else v for v in latest]
    lights = list(districts["light"])[::-1]
    axes.barh(names, values, color=[LIGHT_COLOURS[light] for light in lights],
              hatch=None, edgecolor="#333333", linewidth=0.6)
    for patch, light, value in zip(axes.patches, lights, latest, strict=True):
        patch.set_hatch(LIGHT_HATCHES[light])
        if value is None:  # no bar is not a bar of zero
            axes.text(0, patch.get_y() + patch.get_height() / 2, " inget värde", ha="left", va="center",
                      fontsize=7, color="#333333")
    if min(values) < 0:  # bars both ways from zero: the zero line is their common base
        axes.axvline(0, color="#333333", linewidth=0.8)
    unit = str(rows["unit"].iloc[0])
    if not whole.empty and pd.notna(whole["latest_value"].iloc[0]):
        value = float(whole["latest_value"].iloc[0])
        axes.axvline(value, color="#000000", linestyle="--", linewidth=1.4)
        whole_line = (value, f"Hela kommunen {format_value(value, unit)}")
    axes.set_xlabel(unit_text(unit, axis=True) or "värde", fontsize=8)
    axes.xaxis.set_major_formatter(TickFormatter())
    axes.tick_params(labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    # the title starts at the axes, a quarter in: 62 characters a line keep it inside the figure
    title = textwrap.wrap(f"{rows['name'].iloc[0]} ({rows['indicator'].iloc[0]})", 62)
    axes.set_title("\n".join(title[:3]), fontsize=8, loc="left")
    figure.subplots_adjust(left=0.28, right=0.97, top=0.88 - 0.04 * min(len(title), 3), bottom=0.2)
    if whole_line is not None:  # right of the line, or left of it where the right side has no room
        value, text = whole_line
        xmin, xmax = axes.get_xlim()
        room = (xmax - value) / ((xmax - xmin) or 1.0) * axes.get_position().width * figure.get_figwidth() * 72
        right = room >= _text_width(text, 7) + 6
        axes.annotate(text, xy=(value, 1.0), xycoords=("data", "axes fraction"), xytext=(3 if right else -3, -10),
                      textcoords="offset points", ha="left" if right else "right", fontsize=7, bbox=LABEL_GROUND)
    return figure


def district_alt_text(rows: pd.DataFrame) -> str:
    """Each district's value and light (the light's own name, as in the tables: '(gul)'), and the
    municipality's line where the chart draws one."""
    from report.texts import LIGHT_WORDS

    unit = str(rows["unit"].iloc[0])
    parts = [f"{row.district_name} {format_value(row.latest_value, unit)} ({LIGHT_WORDS[row.light].lower()})"
             for row in rows[rows["light"].notna()].itertuples()]
    whole = rows[rows["light"].isna()]
    text = f"Liggande stapeldiagram över {rows['name'].iloc[0]} per stadsdel: {join_words(parts)}."
    if not whole.empty and pd.notna(whole["latest_value"].iloc[0]):
        text += f" Hela kommunen {format_value(whole['latest_value'].iloc[0], unit)} (streckad linje)."
    return text
