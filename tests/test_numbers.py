"""Numbers read as written: typed cells kept, text read by the column's own evidence, and what
cannot be read one way reported; with a property test over generated columns."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.numbers import Number, column_evidence, number_cell, read_number
from sources.statistics import read
from sources.tabular import Table


@pytest.mark.parametrize("text, evidence, expected", [
    ("12,5", [], "12.5"), ("1\u00a0234,5", [], "1234.5"), ("1 234,5", [], "1234.5"), ("1.234,5", [], "1234.5"),
    ("1,234.5", [], "1234.5"), ("\u22120,9", [], "-0.9"), ("1.234.567", [], "1234567"), ("0.125", [], "0.125"),
    ("24.125", ["24,3"], "24125"),  # the file's decimal mark is the comma
    ("24.125", ["24.5"], "24.125"),  # the file's decimal mark is the point
    ("24.125", ["1.234.567"], "24125"),  # the file groups thousands with points
    ("1,200", ["3.5"], "1200"),
])
def test_text_is_read_by_what_the_column_shows(text, evidence, expected):
    assert read_number(text, column_evidence(evidence)).value == expected


def test_what_cannot_be_read_one_way_is_said():
    assert read_number("24.125", column_evidence([])).guessed  # read as a decimal, and the reader says so
    assert read_number("24.125", column_evidence(["24.5", "1.234.567"])).problem == "ambiguous"
    assert read_number("ca 41", column_evidence([])).problem == "not_a_number"
    assert read_number("12 34", column_evidence([])).problem == "not_a_number"
    assert [read_number(m, column_evidence([])).marker for m in ("..", ".", "-", "NaN", "n/a")] == [
        "..", ".", "-", "NaN", "n/a"]
    assert read_number("1 200 tkr", column_evidence([]), ("tkr",)).value == "1200"


def test_a_numeric_cell_is_its_value_and_a_percent_cell_its_percentage():
    assert number_cell(24.125) == Number(Decimal("24.125"), "24,125")
    assert number_cell(0.817, percent=True).value == Decimal("81.7")
    assert number_cell(0.817, percent=True).shown == "81,7 %"


MARKS = {",": ".", ".": ","}


def formatted(value: Decimal, decimals: int, mark: str, group: str | None) -> str:
    """A value as a spreadsheet or an agency writes it: decimal mark, thousands groups."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if group:
        whole = f"{int(whole):,}".replace(",", group)
    return sign + whole + (mark + fraction if decimals else "")


def rows_named(text: str) -> set[int]:
    """'rad 2–4, 7' in a message -> {2, 3, 4, 7}."""
    found = re.search(r"rad ([\d–, ]+)", text)
    rows: set[int] = set()
    for part in (found.group(1).split(",") if found else []):
        part = part.strip()
        if "–" in part:
            first, last = part.split("–")
            rows |= set(range(int(first), int(last) + 1))
        elif part:
            rows.add(int(part))
    return rows


column = st.tuples(
    st.lists(st.tuples(st.integers(min_value=-10**8, max_value=10**8), st.integers(min_value=0, max_value=4)),
             min_size=1, max_size=12),
    st.sampled_from([",", "."]),
    st.sampled_from([None, " ", "\u00a0", "thousands"]),
    st.sampled_from(["text", "number", "mixed"]),
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(column)
def test_every_generated_value_is_read_back_exactly_or_reported(spec):
    values, mark, group, kinds = spec
    group = MARKS[mark] if group == "thousands" else group
    cells, originals = [], []
    for index, (digits, decimals) in enumerate(values):
        value = Decimal(digits).scaleb(-decimals)
        originals.append(value)
        as_number = kinds == "number" or (kinds == "mixed" and index % 2 == 0)
        cells.append(number_cell(float(value)) if as_number else formatted(value, decimals, mark, group))
    table = Table("", 1, ["kpi", "municipality_id", "year", "value"],
                  [(row, ["N00957", "0160", str(2000 + row), cell]) for row, cell in enumerate(cells, start=2)])
    frame, _, notes = read(table, "statistik.csv")
    reported = {note.row for note in notes if note.row is not None}
    for note in notes:
        if note.rule == "decimaltecken_antaget":
            reported |= rows_named(note.message)
    for (row, original), value in zip(enumerate(originals, start=2), frame["value"], strict=True):
        if isinstance(cells[row - 2], Number):
            assert Decimal(value) == Decimal(repr(float(original))), (cells[row - 2], value)
        elif value is None or Decimal(value) != original:
            assert row in reported, (cells[row - 2], value, [n.message for n in notes])
