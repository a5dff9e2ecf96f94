import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from report.document.charts import (
    ChartData,
    alt_text,
    district_alt_text,
    district_chart,
    indicator_chart,
    save_figure,
    summary_alt_text,
    tick_decimals,
)
from sources.formats import MINUS, NBSP, format_value
from sources.program import Target


def data(small_program):
    indicator = small_program.areas[0].goals[0].indicators[0]  # N00957, by sex, reference 0000
    series = {
        "T": pd.Series({2018: 26.0, 2019: 25.0, 2020: 24.0}),
        "K": pd.Series({2018: 30.0, 2019: 29.0, 2020: 28.5}),
        "M": pd.Series({2018: 22.0, 2019: 21.5, 2020: 19.0}),
    }
    return ChartData(indicator, "Stockholm", series, pd.Series({2018: 27.0, 2020: 27.5}), "0000")


def test_chart_has_lines_by_sex_reference_and_swedish_axis(small_program, tmp_path):
    figure = indicator_chart(data(small_program))
    axes = figure.axes[0]
    labels = [line.get_label() for line in axes.get_lines()]
    assert labels == ["Stockholm, totalt", "Stockholm, kvinnor", "Stockholm, män", "Riket, totalt"]
    styles = [line.get_linestyle() for line in axes.get_lines()]
    assert len(set(styles)) == 4  # told apart without colour
    assert axes.get_xlabel() == "År" and axes.get_ylabel() == "dagar"
    path = save_figure(figure, tmp_path / "N00957.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_target_line_and_alt_text(small_program):
    indicator = small_program.areas[0].goals[1].indicators[0]  # N00945, target 50 in 2030
    chart = ChartData(indicator, "Stockholm", {"T": pd.Series({2015: 39.09, 2020: 40.8})})
    figure = indicator_chart(chart)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == ["Mål 2030: 50,0\u00a0%"]
    assert alt_text(chart) == (
        "Linjediagram över Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel (%), "
        "Stockholm 2015–2020, totalt. Senaste värden: totalt 40,8\u00a0% (2020). "
        "Målet är 50,0\u00a0% år 2030.")


def test_no_data_is_known(small_program):
    indicator = small_program.areas[0].goals[1].indicators[0]
    assert not ChartData(indicator, "Stockholm", {"T": pd.Series(dtype=float)}).has_data


def test_axis_labels_have_the_decimals_the_ticks_need(small_program):
    indicator = small_program.areas[0].goals[0].indicators[0]
    chart = ChartData(indicator, "Stockholm", {"T": pd.Series({2018: 84.1, 2019: 84.25, 2020: 84.5})})
    ticks = drawn_ticks(indicator_chart(chart))
    assert_exact_labels(ticks)
    assert all("," in label for _, label in ticks)  # decimal comma


# Tick labels read back from drawn figures: each label is its tick's exact value in Swedish.

LONG_NAME = ("Ohälsotal, antal dagar med sjukpenning, sjuk- och aktivitetsersättning och "
             "rehabiliteringspenning per registrerad sjukförsäkrad 16–64 år")  # three title lines


def drawn_ticks(figure, axis="y"):
    """(tick, label) for the major ticks inside the view limits, after a real draw."""
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    axes = figure.axes[0]
    low, high = sorted(axes.get_ylim() if axis == "y" else axes.get_xlim())
    locs = axes.get_yticks() if axis == "y" else axes.get_xticks()
    labels = axes.get_yticklabels() if axis == "y" else axes.get_xticklabels()
    return [(float(loc), label.get_text()) for loc, label in zip(locs, labels, strict=True) if low <= loc <= high]


def parse_swedish(label):
    return float(label.replace(NBSP, "").replace(MINUS, "-").replace(",", "."))


def assert_exact_labels(ticks):
    """Every label parses back to its tick, labels are unique, one number of decimals per axis,
    and no more decimals than the ticks need."""
    labels = [label for _, label in ticks]
    assert len(ticks) >= 3
    assert len(set(labels)) == len(labels)
    for tick, label in ticks:
        assert parse_swedish(label) == pytest.approx(tick, rel=1e-12, abs=1e-12), (tick, label)
        assert "-" not in label and "." not in label and " " not in label
    decimals = {len(label.split(",")[1]) if "," in label else 0 for label in labels}
    assert len(decimals) == 1
    (count,) = decimals
    if count:
        assert any(abs(tick - round(tick, count - 1)) > 1e-9 for tick, _ in ticks)


def ohalsa(small_program, target, **update):
    indicator = small_program.areas[0].goals[0].indicators[0]
    return indicator.model_copy(update={"target": None if target is None else Target(value=target, year=2030),
                                        **update})


def test_ohalsotal_ticks_at_half_days_read_with_one_decimal_below_the_target_line(small_program):
    indicator = ohalsa(small_program, 22, name=LONG_NAME)
    chart = ChartData(indicator, "Västerås", {
        "T": pd.Series({2018: 35.0, 2020: 29.0, 2022: 23.0}),
        "K": pd.Series({2018: 34.0, 2022: 24.0}),
        "M": pd.Series({2018: 33.0, 2022: 23.5})}, pd.Series({2018: 30.0, 2022: 28.0}), "0000")
    ticks = drawn_ticks(indicator_chart(chart))
    assert_exact_labels(ticks)
    assert [label for _, label in ticks] == ["22,5", "25,0", "27,5", "30,0", "32,5", "35,0"]


def test_life_expectancy_ticks_at_quarter_years_read_with_two_decimals(small_program):
    indicator = ohalsa(small_program, None, id="N00925", name="Medellivslängd män", unit="år", by_sex=False,
                       reference=None)
    chart = ChartData(indicator, "Västerås", {"T": pd.Series({2018: 80.0, 2020: 80.75, 2022: 81.5})})
    ticks = drawn_ticks(indicator_chart(chart))
    assert_exact_labels(ticks)
    assert [label for _, label in ticks] == ["80,00", "80,25", "80,50", "80,75", "81,00", "81,25", "81,50"]


@pytest.mark.parametrize("values", [
    {2018: 80.0, 2019: 80.3, 2020: 80.1, 2021: 80.7, 2022: 81.0},  # life expectancy, 0,2 steps
    {2018: 12500.0, 2019: 14000.0, 2020: 17250.0},  # thousands
    {2018: -1.2, 2019: 0.4, 2020: -0.3, 2021: 0.9},  # negative
    {2018: 0.012, 2019: 0.0135, 2020: 0.011},  # tiny
    {2018: 1234567.0, 2019: 1250000.0},  # millions
])
def test_indicator_axis_labels_are_the_ticks_exact_values(small_program, values):
    indicator = ohalsa(small_program, None, by_sex=False, reference=None)
    ticks = drawn_ticks(indicator_chart(ChartData(indicator, "Västerås", {"T": pd.Series(values)})))
    assert_exact_labels(ticks)


def test_thousands_get_a_non_breaking_space_and_negatives_a_real_minus(small_program):
    indicator = ohalsa(small_program, None, by_sex=False, reference=None)
    large = drawn_ticks(indicator_chart(ChartData(indicator, "V", {"T": pd.Series({2018: 12500.0, 2020: 17250.0})})))
    assert "14\u00a0000" in [label for _, label in large]
    negative = drawn_ticks(indicator_chart(ChartData(indicator, "V", {"T": pd.Series({2018: -1.2, 2020: 0.9})})))
    assert [label for tick, label in negative if tick < 0] and all(
        label.startswith(MINUS) for tick, label in negative if tick < 0)


def test_axis_labels_follow_the_final_limits_not_the_first_ticks(small_program):
    """The target far outside the data widens the axis after the lines: the labels follow."""
    indicator = ohalsa(small_program, 40)
    chart = ChartData(indicator, "V", {"T": pd.Series({2015: 22.5, 2019: 22.6, 2023: 22.7})})
    figure = indicator_chart(chart)
    ticks = drawn_ticks(figure)
    assert_exact_labels(ticks)
    low, high = figure.axes[0].get_ylim()
    assert low < 22.5 and high > 40


@pytest.mark.parametrize(("target", "series"), [
    (22, {2015: 35.0, 2019: 27.0, 2023: 22.5}),  # below the data
    (40, {2015: 35.0, 2019: 27.0, 2023: 22.5}),  # above the data, outside its range
    (30, {2015: 30.5, 2019: 27.0, 2023: 30.2}),  # crossed by the data at both ends
])
def test_target_label_sits_on_the_target_line_inside_the_chart(small_program, target, series):
    indicator = ohalsa(small_program, target)
    figure = indicator_chart(ChartData(indicator, "Västerås", {"T": pd.Series(series)}))
    axes = figure.axes[0]
    (annotation,) = axes.texts
    assert annotation.get_text() == f"Mål 2030: {format_value(float(target), 'dagar')}"
    assert annotation.xy[1] == target
    assert [line.get_ydata()[0] for line in axes.get_lines() if line.get_color() == "#009E73"] == [target]
    low, high = axes.get_ylim()
    assert low < target < high
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    label = annotation.get_window_extent(renderer)
    box = axes.get_window_extent(renderer)
    line_y = axes.transData.transform((0, target))[1]
    assert box.x0 <= label.x0 and label.x1 <= box.x1 and box.y0 <= label.y0 and label.y1 <= box.y1
    on_line = 5 * figure.dpi / 72  # within 5 points (3 points offset): on the line, above or below it
    assert min(abs(label.y0 - line_y), abs(label.y1 - line_y)) < on_line


def test_target_label_keeps_clear_of_the_data(small_program):
    """Data starting just above the target at the left: the label moves where the lines are not."""
    indicator = ohalsa(small_program, 22)
    figure = indicator_chart(ChartData(indicator, "V", {"T": pd.Series({2015: 22.6, 2019: 30.0, 2023: 35.0})}))
    (annotation,) = figure.axes[0].texts
    assert (annotation.get_horizontalalignment(), annotation.get_verticalalignment()) != ("left", "bottom")
    assert annotation.xy[1] == 22


def test_reference_legend_label(small_program):
    figure = indicator_chart(data(small_program))
    legend = [text.get_text() for text in figure.texts]
    assert legend == ["Stockholm, totalt", "Stockholm, kvinnor", "Stockholm, män", "Riket, totalt"]


def test_legend_in_two_columns_under_the_year_label_inside_the_figure(small_program):
    """Four lines: two rows of two, the first column filled first; each entry's line in the style
    of the line it names, on the height of its text; nothing overlaps the axis label "År"."""
    figure = indicator_chart(data(small_program))
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = {text.get_text(): text.get_window_extent(renderer) for text in figure.texts}
    handles = list(figure.artists)
    total, women, men, riket = (texts[k] for k in ("Stockholm, totalt", "Stockholm, kvinnor", "Stockholm, män",
                                                   "Riket, totalt"))
    assert total.x0 == women.x0 and men.x0 == riket.x0 and total.x1 < men.x0  # the columns
    assert total.y0 == men.y0 and women.y0 == riket.y0 and women.y1 < total.y0  # the rows
    year_label = figure.axes[0].xaxis.label.get_window_extent(renderer)
    frame = figure.bbox
    for box in texts.values():
        assert box.y1 < year_label.y0 and frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
    named = {line.get_label(): line for line in figure.axes[0].get_lines()}
    for handle, text in zip(handles, figure.texts, strict=True):
        line = named[text.get_text()]
        assert (handle.get_linestyle(), handle.get_marker(), handle.get_color()) == \
            (line.get_linestyle(), line.get_marker(), line.get_color())
        box = texts[text.get_text()]
        y = handle.get_window_extent(renderer)
        assert box.y0 < (y.y0 + y.y1) / 2 < box.y1 and y.x1 < box.x0


def districts(values, whole, unit="procent", name="Andel elever med godkända betyg"):
    rows = [{"indicator": "U1", "name": name, "unit": unit, "district": "0180", "district_name": "Hela kommunen",
             "light": None, "latest_value": whole}]
    lights = ["green", "yellow", "red", "not_assessed"]
    for number, value in enumerate(values):
        rows.append({"indicator": "U1", "name": name, "unit": unit, "district": f"D{number}",
                     "district_name": f"Stadsdel {number + 1}", "light": lights[number % 4],
                     "latest_value": value})
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("values", "whole"), [
    ([0.5, 1.5, 3.5, 0.0], 2.0),  # tiny: 0,5 steps
    ([-2.5, 1.0, -0.5, 3.0], 0.3),  # negative
    ([12500.0, 18000.0, 9500.0], 14000.0),  # thousands
    ([0.01, 0.02, 0.0], 0.015),  # near zero
])
def test_district_axis_labels_are_the_ticks_exact_values(values, whole):
    ticks = drawn_ticks(district_chart(districts(values, whole)), axis="x")
    assert_exact_labels(ticks)


def test_district_axis_of_small_values(tmp_path):
    figure = district_chart(districts([0.5, 1.5, 3.5, 0.0], 2.0))
    ticks = drawn_ticks(figure, axis="x")
    assert [label for _, label in ticks] == ["0,0", "0,5", "1,0", "1,5", "2,0", "2,5", "3,0", "3,5"]
    assert [t.get_text() for t in figure.axes[0].texts] == [f"Hela kommunen {format_value(2.0, 'procent')}"]


def test_district_negative_values_have_minus_and_a_zero_line():
    figure = district_chart(districts([-2.5, 1.0, -0.5, 3.0], 0.3, unit="personer"))
    ticks = drawn_ticks(figure, axis="x")
    assert [label for _, label in ticks] == [f"{MINUS}2", f"{MINUS}1", "0", "1", "2", "3"]
    assert 0 in [line.get_xdata()[0] for line in figure.axes[0].get_lines()]


def test_district_missing_value_is_said_not_drawn_as_zero():
    figure = district_chart(districts([1.0, None], 1.0))
    assert "inget värde" in [t.get_text().strip() for t in figure.axes[0].texts]


def test_whole_municipality_label_stays_inside_the_figure():
    figure = district_chart(districts([12500.0, 18000.0, 9500.0], 14000.0, unit="kronor"))
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    (annotation,) = figure.axes[0].texts
    extent = annotation.get_window_extent(figure.canvas.get_renderer())
    assert 0 <= extent.x0 and extent.x1 <= figure.bbox.x1


def test_tick_decimals():
    assert tick_decimals([22.5, 25.0, 27.5]) == 1
    assert tick_decimals([80.0, 80.25, 80.5]) == 2
    assert tick_decimals([0.1 * 3, 0.1 * 4]) == 1  # floating-point noise is not a decimal
    assert tick_decimals([1000.0, 2000.0]) == 0
    assert tick_decimals([]) == 0


def test_summary_alt_text_agrees_with_mal():
    areas = pd.DataFrame([
        {"area": "Hälsa", "green": 0, "yellow": 3, "red": 1, "not_assessed": 0},
        {"area": "Demokrati", "green": 1, "yellow": 0, "red": 2, "not_assessed": 1},
        {"area": "Trygghet", "green": 2, "yellow": 1, "red": 0, "not_assessed": 2},
    ])
    assert summary_alt_text(areas) == (
        "Liggande stapeldiagram över målens bedömning per målområde. Hälsa: 3 gula och 1 rött; "
        "Demokrati: 1 grönt, 2 röda och 1 ej bedömt; Trygghet: 2 gröna, 1 gult och 2 ej bedömda.")


def test_district_alt_text():
    rows = districts([0.5, 1.5, 3.5, None], 2.0)
    rows.loc[4, "light"] = "not_assessed"
    percent = {value: format_value(value, "procent") for value in (0.5, 1.5, 3.5, 2.0)}  # '0,5 %' (texts.py)
    assert district_alt_text(rows) == (
        f"Liggande stapeldiagram över Andel elever med godkända betyg per stadsdel: Stadsdel 1 {percent[0.5]} (grön), "
        f"Stadsdel 2 {percent[1.5]} (gul), Stadsdel 3 {percent[3.5]} (röd) och Stadsdel 4 – (ej bedömd). "
        f"Hela kommunen {percent[2.0]} (streckad linje).")
    no_whole = districts([0.5], None)  # no value for the municipality: no line, so no sentence about one
    assert district_alt_text(no_whole) == (
        f"Liggande stapeldiagram över Andel elever med godkända betyg per stadsdel: Stadsdel 1 {percent[0.5]} (grön).")


def test_a_long_chart_title_is_shortened_but_keeps_its_id():
    from report.document.charts import chart_title

    name = ("Elever i årskurs 9 som känner sig trygga i skolan, Skolenkäten - Andel som svarat helt och "
            "hållet eller ganska bra stämmer, kommunala skolor, andel (%)")
    lines = chart_title(name, "N15649")
    assert len(lines) == 3 and all(len(line) <= 52 for line in lines)
    assert lines[-1].endswith("… (N15649)")
    assert chart_title("Ohälsotal, dagar", "N00957") == ["Ohälsotal, dagar (N00957)"]


def test_charts_drawn_in_two_processes_are_the_files_drawn_in_one(small_program, tmp_path):
    from report.document.figures import MIN_CHARTS_PER_PROCESS, draw_charts

    base = data(small_program)
    jobs = [(ChartData(base.indicator, f"Kommun {k}", {sex: values + k for sex, values in base.series.items()},
                       base.reference, "0000"), f"{k:02d}.png") for k in range(2 * MIN_CHARTS_PER_PROCESS)]
    serial = draw_charts([(chart, tmp_path / "ett" / name) for chart, name in jobs], processes=1)
    parallel = draw_charts([(chart, tmp_path / "två" / name) for chart, name in jobs], processes=2)
    assert [path.name for path in parallel] == [f"{k:02d}.png" for k in range(len(jobs))]  # in the jobs' order
    assert [path.parent.name for path in parallel] == ["två"] * len(jobs)
    assert [path.read_bytes() for path in parallel] == [path.read_bytes() for path in serial]
    assert len({path.read_bytes() for path in serial}) == len(jobs)  # each chart its own
    assert sorted(p.name for p in (tmp_path / "två").iterdir()) == sorted(
        [f"{k:02d}.png" for k in range(len(jobs))] + [f"{k:02d}.svg" for k in range(len(jobs))])


def test_a_chart_drawn_on_the_previous_charts_figure_is_the_chart_of_a_new_figure(tmp_path):
    """The charts of a report are drawn on one figure, each over the one before (figures._draw):
    its PNG and SVG are the chart drawn on a new figure, whatever came before it. The bundled
    example's first 16 charts: among them a chart after one whose wider tick labels moved the
    axes (the y ticks are worked out from the axes' height) and a target line after a chart of
    much higher values."""
    from checks.runner import check_all
    from report.document.charts import chart_data
    from report.document.figures import _draw
    from report.method.assess import annual_series
    from sources.program import load_program
    from sources.readers import read_source

    example = Path(__file__).resolve().parents[1] / "examples" / "vasteras"
    program = load_program(example / "program.yaml")
    source = example / "inbox" / "kolada_export_2012-2023.csv"
    statistics = check_all([read_source(source, source.name, "")], program, 1990, 2026, [], None).statistics
    series = annual_series(statistics)
    charts = [chart for chart in (chart_data(indicator, "1980", "Västerås", series)
                                  for indicator in program.indicators().values()) if chart.has_data][:16]

    def svg(path):  # matplotlib salts the SVG's marker and clip ids at random for each figure
        return re.sub(r'(?<=["#])[mp][0-9a-f]{10}\b', "id", path.with_suffix(".svg").read_text())

    reused = _draw([(chart, tmp_path / "reused" / f"{k}.png") for k, chart in enumerate(charts)])
    different = []
    for k, chart in enumerate(charts):
        new = save_figure(indicator_chart(chart), tmp_path / "new" / f"{k}.png")
        if reused[k].read_bytes() != new.read_bytes() or svg(reused[k]) != svg(new):
            different.append(k)
    assert (len(charts), different) == (16, [])
