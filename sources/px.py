"""PC-Axis (.px), the format of SCB's Statistikdatabasen and every PX-Web, read as a table of cells.

A PX file is a list of keywords (`KEYWORD[lang]("subkey")=value;`) and a DATA part holding the
cube's values in the order of its variables: STUB first, then HEADING, the last varying fastest.
The reader follows Statistics Sweden's PX-file format specification: CODEPAGE (else CHARSET
"ANSI", Windows-1252) decides the encoding; a file in several languages is read in Swedish where
it has Swedish; CODES give the codes beside the names (VALUES); TIMEVAL marks the time variable,
CONTVARIABLE the content variable, whose codes are SCB's content codes; KEYS (a sparse cube)
list the rows they hold, the others are zero as the format says; the DATA symbols "." to
"......" and "-" keep the text the file gives them (DATASYMBOL1-6, DATASYMBOLNIL).

The cube becomes one long table, a row per value, with the columns the statistics reader knows
(region, tid, kön, tabell, innehåll, värde) and one column per other variable, so that a PX file
is checked like any other export. Each value keeps the line of the file it stands on.

We read the format ourselves rather than with pyaxis: pyaxis needs the encoding from the caller,
drops the symbols' text (`.` becomes '' and `..` NaN), has no KEYS, gives no line numbers and
configures the root logger when imported (docs/design_decisions.md).
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sources.columns import SEX_NAMES, labelled, normalise_header
from sources.numbers import Number, decimal_number
from sources.tabular import Cell, Table, TableRead, UnreadableFile

TIME_NAMES = {"tid", "år", "ar", "period", "year", "time", "månad", "kvartal", "quarter", "month", "valår"}
REGION_NAMES = {"region", "område", "omrade", "kommun", "län", "lan", "municipality", "county", "geo"}
# The PX symbols in DATA and the keyword that names each (the file's own text for it).
SYMBOL_KEYWORDS = {".": "DATASYMBOL1", "..": "DATASYMBOL2", "...": "DATASYMBOL3", "....": "DATASYMBOL4",
                   ".....": "DATASYMBOL5", "......": "DATASYMBOL6", "-": "DATASYMBOLNIL"}
_KEY = re.compile(r"^([A-Za-z0-9-]+)(?:\[([A-Za-z_-]{2,8})\])?(?:\((.*)\))?$", re.DOTALL)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


@dataclass
class PxKeywords:
    """The keywords of a file: (name, language or None, subkeys) -> the value's items."""

    entries: dict[tuple[str, str | None, tuple[str, ...]], list[str]] = field(default_factory=dict)
    language: str | None = None  # the language read: 'sv' where the file has it, else its own

    def get(self, name: str, *subkeys: str, default_subkeys: tuple[str, ...] | None = None) -> list[str] | None:
        """The value in the language read, else in the file's default language."""
        if self.language is not None:
            found = self.entries.get((name, self.language, tuple(subkeys)))
            if found is not None:
                return found
        return self.entries.get((name, None, default_subkeys if default_subkeys is not None else tuple(subkeys)))

    def text(self, name: str, *subkeys: str) -> str | None:
        found = self.get(name, *subkeys)
        return "".join(found) if found else None


def decode_px(data: bytes) -> tuple[str, str]:
    """The file's text and its encoding: a BOM, else CODEPAGE, else UTF-8 if it is valid, else
    Windows-1252 (CHARSET="ANSI", and the default)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    head = data[:8192].decode("latin-1")
    declared = re.search(r'CODEPAGE\s*=\s*"([^"]+)"', head)
    candidates = []
    if declared:
        candidates.append(declared.group(1).strip().lower())
    elif any(byte >= 0x80 for byte in data):
        # Text with letters beyond ASCII that is valid UTF-8 is UTF-8, whatever CHARSET says:
        # Windows-1252 Swedish text ('å' is one byte, E5) is almost never valid UTF-8.
        candidates.append("utf-8")
    if re.search(r'CHARSET\s*=\s*"ANSI"', head, re.IGNORECASE):
        candidates.append("cp1252")
    candidates += ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


def _split_outside_quotes(text: str, separators: str, brackets: bool = False) -> list[str]:
    parts, current, quoted, depth = [], [], False, 0
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and brackets and char == "(":
            depth += 1
        elif not quoted and brackets and char == ")":
            depth = max(depth - 1, 0)
        elif not quoted and depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _items(value: str) -> list[str]:
    """'"a","b"' -> ['a', 'b']; adjacent strings are one ('"ab" "c"' -> 'abc'); bare tokens as written."""
    items = []
    for part in _split_outside_quotes(value, ",", brackets=True):
        part = part.strip()
        if not part:
            continue
        strings = re.findall(r'"([^"]*)"', part)
        if strings and re.fullmatch(r'(?:\s*"[^"]*"\s*)+', part):
            items.append("".join(strings))
        else:
            items.append(part)
    return items


def parse_keywords(text: str) -> tuple[PxKeywords, str, int]:
    """The keywords, the DATA part's text and the line DATA starts on."""
    keywords = PxKeywords()
    statement: list[str] = []
    quoted = False
    line = 1
    for index, char in enumerate(text):
        if char == "\n":
            line += 1
        if char == '"':
            quoted = not quoted
        if not quoted and char == "=" and "".join(statement).strip().upper() == "DATA":
            return keywords, text[index + 1:], line
        if not quoted and char == ";":
            _add_statement(keywords, "".join(statement))
            statement = []
            continue
        statement.append(char)
    raise UnreadableFile("PX-filen har ingen DATA-del (nyckelordet DATA= saknas), så inga värden kan läsas. "
                         "Spara tabellen igen från Statistikdatabasen som PX-fil och lämna in den igen.")


def _add_statement(keywords: PxKeywords, statement: str) -> None:
    statement = statement.strip()
    if not statement:
        return
    key, sep, value = (part for part in _split_at_equals(statement))
    if not sep:
        return
    match = _KEY.match(key.strip())
    if not match:
        return
    name, language, subkeys = match.group(1).upper(), match.group(2), match.group(3)
    keywords.entries[(name, language, tuple(_items(subkeys)) if subkeys else ())] = _items(value)


def _split_at_equals(statement: str) -> tuple[str, str, str]:
    quoted = False
    for index, char in enumerate(statement):
        if char == '"':
            quoted = not quoted
        elif char == "=" and not quoted:
            return statement[:index], "=", statement[index + 1:]
    return statement, "", ""


def data_tokens(text: str, first_line: int) -> list[tuple[str, int, bool]]:
    """(token, line, quoted) for each value of the DATA part, up to its closing ';'."""
    tokens: list[tuple[str, int, bool]] = []
    line = first_line
    for match in re.finditer(r'"([^"]*)"|([^\s,;"]+)|(;)|(\n)', text):
        if match.group(4):
            line += 1
        elif match.group(3):
            break
        elif match.group(1) is not None:
            tokens.append((match.group(1), line, True))
        else:
            tokens.append((match.group(2), line, False))
    return tokens


@dataclass
class Variable:
    name: str  # in the language read
    default_name: str  # in the file's own language: what keywords without [lang] are keyed by
    values: list[str]
    codes: list[str] | None
    role: str = "other"  # time, region, sex, content, other

    def keyword(self, keywords: PxKeywords, name: str) -> list[str] | None:
        return keywords.get(name, self.name, default_subkeys=(self.default_name,))

    def cell(self, index: int) -> str:
        """'0160 Täby', '1 män' (code and label, read together), SCB's content code, the year."""
        label = self.values[index]
        code = self.codes[index] if self.codes and index < len(self.codes) else None
        if self.role == "content" and code is not None:
            return code  # SCB's content code (BE0101F1): what an indicator's source names
        if self.role == "time":
            return label
        return labelled(code, label)


def _variables(keywords: PxKeywords, names: list[str], defaults: list[str]) -> list[Variable]:
    variables = []
    for name, default in zip(names, defaults, strict=False):
        values = keywords.get("VALUES", name, default_subkeys=(default,))
        if values is None:
            raise UnreadableFile(f"PX-filen saknar VALUES för variabeln '{name}', så värdena kan inte placeras. "
                                 "Spara tabellen igen från Statistikdatabasen och lämna in den igen.")
        codes = keywords.get("CODES", name, default_subkeys=(default,))
        variables.append(Variable(name, default, values, codes if codes and len(codes) == len(values) else None))
    return variables


def _assign_roles(keywords: PxKeywords, variables: list[Variable]) -> None:
    content = keywords.text("CONTVARIABLE")
    timed = {subkeys[0] for (name, _, subkeys) in keywords.entries if name == "TIMEVAL" and subkeys}
    mapped = {subkeys[0] for (name, _, subkeys) in keywords.entries if name == "MAP" and subkeys}
    taken: set[str] = set()
    for variable in variables:
        key = normalise_header(variable.name)
        names = {variable.name, variable.default_name}
        if variable.name == content:
            role = "content"
        elif names & timed or (key in TIME_NAMES and not timed):
            role = "time"
        elif names & mapped or key in REGION_NAMES:
            role = "region"
        elif key in SEX_NAMES:
            role = "sex"
        else:
            role = "other"
        if role != "other" and role in taken:
            role = "other"
        taken.add(role)
        variable.role = role


def _value_cell(token: str, quoted: bool) -> Cell:
    if not quoted and _NUMBER.match(token):
        return decimal_number(token) or token
    return token


def _matrix(keywords: PxKeywords, tokens: list[tuple[str, int, bool]], stub: list[Variable],
            heading: list[Variable], data_line: int) -> list[tuple[tuple[int, ...], Cell, int]]:
    """(index of each variable's value, cell, line) for every cell of the cube."""
    columns = list(itertools.product(*(range(len(v.values)) for v in heading)))
    rows = list(itertools.product(*(range(len(v.values)) for v in stub)))
    keyed = [v for v in stub if v.keyword(keywords, "KEYS") is not None]
    cells: list[tuple[tuple[int, ...], Cell, int]] = []
    if not keyed:
        expected = len(rows) * len(columns)
        if len(tokens) != expected:
            raise UnreadableFile(
                f"PX-filen har {len(tokens)} värden i DATA men variablerna ger {expected} "
                f"({' × '.join(str(len(v.values)) for v in stub + heading)}); värdena kan inte placeras. "
                "Spara tabellen igen från Statistikdatabasen och lämna in den igen.")
        for position, (row, column) in enumerate(itertools.product(rows, columns)):
            token, line, quoted = tokens[position]
            cells.append(((*row, *column), _value_cell(token, quoted), line))
        return cells
    # KEYS: each line names its stub values (by code or by value), then holds its columns.
    by_line: dict[int, list[tuple[str, int, bool]]] = {}
    for token in tokens:
        by_line.setdefault(token[1], []).append(token)
    seen: dict[tuple[int, ...], list[tuple[Cell, int]]] = {}
    for line, line_tokens in sorted(by_line.items()):
        keys, values = line_tokens[:len(stub)], line_tokens[len(stub):]
        index = []
        for variable, (key, _, _) in zip(stub, keys, strict=False):
            kind = "".join(variable.keyword(keywords, "KEYS") or ["VALUES"]).upper()
            names = variable.codes if kind == "CODES" and variable.codes else variable.values
            if key not in names:
                raise UnreadableFile(f"PX-filen har på rad {line} nyckeln '{key}', som inte finns bland "
                                     f"variabeln '{variable.name}':s värden. Spara tabellen igen och lämna in den.")
            index.append(names.index(key))
        if len(values) != len(columns):
            raise UnreadableFile(f"PX-filen har på rad {line} {len(values)} värden men rubriken ger {len(columns)}. "
                                 "Spara tabellen igen från Statistikdatabasen och lämna in den igen.")
        seen[tuple(index)] = [(_value_cell(token, quoted), line) for token, _, quoted in values]
    for row in rows:
        found = seen.get(row)
        for position, column in enumerate(columns):
            if found is None:  # a row KEYS leave out is zero (PX-file format specification)
                cells.append(((*row, *column), Number(Decimal(0), "0"), data_line))
            else:
                cells.append(((*row, *column), found[position][0], found[position][1]))
    return cells


def read_px_tables(path: Path) -> TableRead:
    try:
        return _read_px(path)
    except (TypeError, AttributeError, KeyError, IndexError) as exc:  # a file not as the format says
        raise UnreadableFile(
            f"PX-filen följer inte PC-Axis-formatet ({type(exc).__name__}), så värdena kan inte placeras. Spara "
            "tabellen igen från Statistikdatabasen och lämna in den igen.") from exc


def _read_px(path: Path) -> TableRead:
    text, encoding = decode_px(path.read_bytes())
    keywords, data, data_line = parse_keywords(text)
    languages = [item.lower() for item in (keywords.get("LANGUAGES") or [])]
    default_language = (keywords.text("LANGUAGE") or "").lower() or None
    keywords.language = "sv" if "sv" in languages and default_language != "sv" else None
    stub_names, heading_names = keywords.get("STUB") or [], keywords.get("HEADING") or []
    default_stub = keywords.entries.get(("STUB", None, ()), stub_names)
    default_heading = keywords.entries.get(("HEADING", None, ()), heading_names)
    if not stub_names and not heading_names:
        raise UnreadableFile("PX-filen saknar STUB och HEADING, så värdena kan inte placeras. Spara tabellen "
                             "igen från Statistikdatabasen och lämna in den igen.")
    stub = _variables(keywords, stub_names, default_stub)
    heading = _variables(keywords, heading_names, default_heading)
    variables = stub + heading
    _assign_roles(keywords, variables)
    cells = _matrix(keywords, data_tokens(data, data_line), stub, heading, data_line)
    matrix = keywords.text("MATRIX")
    named = {"region": "region", "time": "tid", "sex": "kön", "content": "innehåll"}
    headers = [named.get(v.role, v.name) for v in variables] + ["tabell", "värde"]
    rows = []
    for index, cell, line in cells:
        rows.append((line, [*(v.cell(i) for v, i in zip(variables, index, strict=True)), matrix, cell]))
    table = Table(sheet="", header_row=data_line, headers=headers, rows=rows)
    title = keywords.text("TITLE") or keywords.text("DESCRIPTION")
    table.preamble = [(1, title)] if title else []
    table.origin = "px"
    table.symbols = {symbol: text for symbol, name in SYMBOL_KEYWORDS.items()
                     if (text := keywords.text(name)) is not None}
    for variable in variables:
        eliminated = variable.keyword(keywords, "ELIMINATION")
        if variable.role == "other" and eliminated and eliminated[0].upper() not in ("YES", "NO"):
            label = eliminated[0]
            if label in variable.values:
                table.totals[named.get(variable.role, variable.name)] = variable.cell(variable.values.index(label))
    table.source_lines = [line for name in ("NOTEX", "NOTE") if (line := keywords.text(name))]
    found = (("table", matrix), ("title", title), ("source", keywords.text("SOURCE")),
             ("units", keywords.text("UNITS")))
    details = {"format": "PC-Axis (.px)", "encoding": encoding, "records": len(rows),
               **{key: value for key, value in found if value}}
    return TableRead([table], details)
