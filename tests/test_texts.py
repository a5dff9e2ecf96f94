import datetime as dt

from report.texts import count_noun, counts_sentence, light_label, trend_label, trends_sentence
from sources.formats import NBSP, format_date, format_number, format_rate, format_value


def test_swedish_numbers():
    assert format_number(1234.56) == f"1{NBSP}235"
    assert format_number(12.345) == "12,3"
    assert format_number(0.5) == "0,5"  # no trailing zero beside the value's own precision
    assert format_number(0.25) == "0,25"
    assert format_number(-3.25, 1) == "\u22123,2"
    assert format_number(-0.001, 1) == "0,0"
    assert format_rate(0.0086) == f"+0,9{NBSP}%/år"
    assert format_rate(-0.0123) == f"\u22121,2{NBSP}%/år"
    assert format_value(50, "procent") == f"50,0{NBSP}%"
    assert format_value(22, "dagar") == "22,0 dagar"
    assert format_date(dt.date(2026, 3, 1)) == "1 mars 2026"


def test_sentences_agree_in_number():
    assert counts_sentence({"red": 7, "yellow": 16, "green": 1}, 24) == (
        "Av 24 mål bedöms 7 som röda, 16 som gula och 1 som grönt.")
    assert counts_sentence({"red": 1, "yellow": 2, "not_assessed": 1}, 4) == (
        "Av 4 mål bedöms 1 som rött och 2 som gula; 1 är ej bedömt.")
    assert trends_sentence({"improving": 5, "unchanged": 17, "worsening": 2}) == (
        "Vidare bedöms 5 mål ha en positiv utveckling, 17 en oförändrad och 2 en negativ.")
    assert count_noun(1, "fil") == "1 fil" and count_noun(3, "fil") == "3 filer"


def test_light_and_trend_carry_word_and_symbol():
    assert light_label("red") == "■ Röd"
    assert light_label("green") == "● Grön"
    assert trend_label("worsening") == "↓ Försämras"


def test_light_fills_stay_apart_for_red_green_colour_blindness():
    """Simulated deuteranopia and protanopia (Machado et al. 2009, severity 1): the three light
    colours stay at least 20 CIELAB units apart, so colour is a usable extra carrier."""
    import itertools

    import numpy as np

    from report.texts import LIGHT_FILLS

    simulations = {
        "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                                  [-0.011820, 0.042940, 0.968881]]),
        "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                                [-0.003882, -0.048116, 1.051998]]),
    }

    def lab(hex_colour, matrix):
        srgb = np.array([int(hex_colour[i:i + 2], 16) for i in (0, 2, 4)]) / 255
        linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
        r, g, b = np.clip(matrix @ linear, 0, 1)
        x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

        def f(t):
            return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

        return np.array([116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))])

    for name, matrix in simulations.items():
        colours = [lab(LIGHT_FILLS[k], matrix) for k in ("green", "yellow", "red")]
        for a, b in itertools.combinations(colours, 2):
            assert np.linalg.norm(a - b) >= 20, name
