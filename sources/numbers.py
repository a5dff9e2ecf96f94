"""Numbers as the user wrote them: typed cells are kept, text is read by the file's own evidence.

A cell that is already a number (an XLSX or ODS number, a JSON number) is a `Number` and is
never parsed again as text. Text is read per column: the decimal mark is decided from values
that can only be read one way ("24,3", "1 234.5", "1.234.567"), never from a single value, and
a value that can be read two ways ("24.125": a decimal, or 24 125 with a thousands dot) is read
by what the rest of the column shows: the mark is a decimal mark where other values use it so,
a thousands separator where other values group thousands with it or use the other mark as the
decimal mark, and the value is refused where the column uses the mark both ways. When nothing
in the file decides it, a statistics value is read as a decimal number and the column gets a
warning; a cost is refused (see the callers).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# What statistics producers write for "no value published" (SCB writes ".."; PX files "." to
# "......" and "-" for nil), and what spreadsheets and pandas write for an empty number. What
# each means in its source is sources/symbols.py's.
MISSING_MARKERS = {"..", "...", ".", "-", "–", "—", "na", "n/a", "nan", "null", "none", "#saknas", "#n/a",
                   "…", "....", ".....", "......"}
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_SHAPE = re.compile(r"^([+-]?)(\d[\d.,]*|[.,]\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Number:
    """A cell that is already a number. `shown` is how the user sees it, for messages."""

    value: Decimal
    shown: str


def number_cell(value: int | float, percent: bool = False) -> Number:
    """A spreadsheet's numeric cell; a percent-formatted cell (0,817 shown as 81,7 %) is the
    percentage it shows."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    if percent:
        exact = exact * 100
        return Number(exact, f"{plain(exact).replace('.', ',')} %")
    return Number(exact, plain(exact).replace(".", ","))


def decimal_number(text: str) -> Number | None:
    """A number written with a decimal point and no grouping, as PC-Axis and JSON-stat write
    them ('24.125', '-3'); None for anything else."""
    try:
        exact = Decimal(text.strip())
        return Number(exact, plain(exact).replace(".", ",")) if exact.is_finite() else None
    except ArithmeticError:
        return None


def plain(value: Decimal) -> str:
    """'24.125', '2023', '-0.5': no exponent, no trailing zeros (an absurdly large or small
    number, 1e400, keeps its exponent: writing out its digits would take forever)."""
    if not value.is_finite():
        raise InvalidOperation(f"not a finite number: {value}")
    if abs(value.adjusted()) > 28:
        return f"{value:E}"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Reading:
    """How one text value reads: as a number (`value`), as no value (`marker` says which), or not
    at all (`problem`: 'not_a_number' or 'ambiguous')."""

    value: str | None = None  # canonical text, '-1234.5'
    marker: str | None = None  # the missing-value marker as written ('..', 'NaN')
    problem: str | None = None
    guessed: bool = False  # one separator and three digits, read as a decimal without evidence


@dataclass(frozen=True)
class _Shape:
    sign: str
    digits: str  # the digits with their separators, spaces removed
    exponent: str
    kind: str  # 'int', 'decimal', 'thousands', 'both', 'ambiguous', 'bad'
    mark: str | None = None  # the decimal mark ('decimal', 'both') or the separator in question


def _groups_ok(groups: list[str]) -> bool:
    """Thousands groups: 1-3 digits first (not a lone leading zero), then exactly three each."""
    return (1 <= len(groups[0]) <= 3 and groups[0].isdigit() and not groups[0].startswith("0")
            and all(len(g) == 3 and g.isdigit() for g in groups[1:]))


_SPACE_GROUPED = re.compile(r"^([+-]?)(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?:([.,])(\d+))?$")


@functools.lru_cache(maxsize=16384)
def _shape(text: str) -> _Shape:
    """How a text is written as a number (cached: a column repeats its values, and a national
    export's half a million values were shaped twice each, 6 of the 13 s it took to read)."""
    raw = text.strip().replace("\u2212", "-")
    if _SPACES.search(raw):
        # Spaces only ever group thousands ('1 234,5', '-12 345'); what follows a mark is decimals.
        grouped = _SPACE_GROUPED.match(raw)
        if not grouped or grouped.group(2).startswith("0"):
            return _Shape("", raw, "", "bad")
        digits = _SPACES.sub("", grouped.group(2))
        if grouped.group(3) is None:
            return _Shape(grouped.group(1), digits, "", "int")
        return _Shape(grouped.group(1), digits + grouped.group(3) + grouped.group(4), "", "decimal",
                      grouped.group(3))
    match = _SHAPE.match(raw)
    if not match:
        return _Shape("", raw, "", "bad")
    sign, digits, exponent = match.group(1), match.group(2), match.group(3) or ""
    commas, points = digits.count(","), digits.count(".")
    if not commas and not points:
        return _Shape(sign, digits, exponent, "int")
    if commas and points:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        other = "." if mark == "," else ","
        whole, _, fraction = digits.rpartition(mark)
        if other in fraction or not fraction.isdigit() or not _groups_ok(whole.split(other)) or exponent:
            return _Shape(sign, digits, exponent, "bad")
        return _Shape(sign, digits, exponent, "both", mark)
    mark = "," if commas else "."
    groups = digits.split(mark)
    if len(groups) > 2:
        if exponent or not _groups_ok(groups):
            return _Shape(sign, digits, exponent, "bad")
        return _Shape(sign, digits, exponent, "thousands", mark)
    whole, fraction = groups
    if fraction and not fraction.isdigit():
        return _Shape(sign, digits, exponent, "bad")
    if len(fraction) == 3 and _groups_ok([whole, fraction]) and not exponent:
        return _Shape(sign, digits, exponent, "ambiguous", mark)
    return _Shape(sign, digits, exponent, "decimal", mark)


@functools.lru_cache(maxsize=16384)
def _value(shape: _Shape, decimal: str | None) -> str:
    """Canonical text of a shape, with `decimal` the decimal mark (None: no decimals)."""
    other = {",": ".", ".": ","}
    digits = shape.digits
    if decimal is None:
        digits = digits.replace(",", "").replace(".", "")
    else:
        digits = digits.replace(other[decimal], "").replace(decimal, ".")
    if digits.startswith("."):
        digits = "0" + digits
    text = shape.sign.replace("+", "") + digits + shape.exponent
    try:
        return plain(Decimal(text))
    except ArithmeticError:  # InvalidOperation, and an exponent beyond what a Decimal holds
        return text


@dataclass(frozen=True)
class ColumnEvidence:
    """What a column shows about its marks: which is used as the decimal mark, which groups
    thousands (counts of values that can only be read one way)."""

    decimal: dict[str, int]
    thousands: dict[str, int]
    hint: str | None = None  # the file's own hint: a comma-separated file writes decimal points

    def decides(self, mark: str) -> str | None:
        """'decimal', 'thousands', 'conflict' or None (nothing in the file decides)."""
        other = "." if mark == "," else ","
        as_decimal, as_thousands = self.decimal.get(mark, 0), self.thousands.get(mark, 0)
        if as_decimal and as_thousands:
            return "conflict"
        if as_thousands:
            return "thousands"
        if as_decimal:
            return "decimal"
        if self.decimal.get(other, 0):
            return "thousands"  # a number has one decimal mark: the file's is the other one
        if self.hint == mark:
            return "decimal"
        return None


def column_evidence(texts: list[str], hint: str | None = None) -> ColumnEvidence:
    decimal: dict[str, int] = {}
    thousands: dict[str, int] = {}
    for text in texts:
        shape = _shape(text)
        if shape.kind == "decimal":
            decimal[shape.mark] = decimal.get(shape.mark, 0) + 1
        elif shape.kind == "thousands":
            thousands[shape.mark] = thousands.get(shape.mark, 0) + 1
        elif shape.kind == "both":
            other = "." if shape.mark == "," else ","
            decimal[shape.mark] = decimal.get(shape.mark, 0) + 1
            if other in shape.digits:
                thousands[other] = thousands.get(other, 0) + 1
    return ColumnEvidence(decimal, thousands, hint)


def read_number(text: str | None, evidence: ColumnEvidence, suffixes: tuple[str, ...] = ()) -> Reading:
    """One text value of a column, read with what the column shows (see the module docstring)."""
    if text is None or not text.strip():
        return Reading()
    raw = text.strip()
    if raw.lower() in MISSING_MARKERS:
        return Reading(marker=raw)
    for suffix in suffixes:
        if raw.lower().endswith(suffix):
            raw = raw[: -len(suffix)].strip()
    shape = _shape(raw)
    if shape.kind == "bad":
        return Reading(problem="not_a_number")
    if shape.kind == "int":
        return Reading(_value(shape, None))
    if shape.kind in ("decimal", "both"):
        return Reading(_value(shape, shape.mark))
    if shape.kind == "thousands":
        return Reading(_value(shape, None))
    decided = evidence.decides(shape.mark)
    if decided == "thousands":
        return Reading(_value(shape, None))
    if decided == "decimal":
        return Reading(_value(shape, shape.mark))
    if decided == "conflict":
        return Reading(problem="ambiguous")
    return Reading(_value(shape, shape.mark), guessed=True)


def both_readings(text: str) -> tuple[str, str]:
    """'24.125' -> ('24,125', '24 125'): the two ways an ambiguous value reads, in Swedish."""
    shape = _shape(text)
    as_decimal = _value(shape, shape.mark).replace(".", ",")
    whole = _value(shape, None)
    grouped = f"{int(whole):,}".replace(",", " ") if whole.lstrip("-").isdigit() else whole
    return as_decimal, grouped
