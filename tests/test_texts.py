import datetime as dt

from report.texts import (
    NBSP,
    count_noun,
    counts_sentence,
    format_date,
    format_number,
    format_rate,
    format_value,
    light_label,
    trend_label,
    trends_sentence,
)


def test_swedish_numbers():
    assert format_number(1234.56) == f"1{NBSP}235"
    assert format_number(12.345) == "12,3"
    assert format_number(0.5) == "0,50"
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
