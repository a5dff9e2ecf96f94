import pandas as pd

from report.charts import ChartData, alt_text, indicator_chart, save_figure


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
    figure = indicator_chart(chart)
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert len(set(labels)) == len(labels)
    assert all("," in label for label in labels)  # decimal comma
