"""The PC-Axis reader on Statistics Sweden's own example files (tests/fixtures/px/, see its
README), checked against pyaxis where pyaxis can read the file."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest

from sources.numbers import Number
from sources.px import read_px_tables
from sources.symbols import meaning
from sources.tabular import UnreadableFile
from tests.conftest import FIXTURES

PX = FIXTURES / "px"


def cells(path) -> list:
    return [row[-1] for _, row in read_px_tables(path).tables[0].rows]


def plain_cells(path) -> list:
    """Numbers as Decimal, symbols as the text they are written with."""
    return [cell.value if isinstance(cell, Number) else cell for cell in cells(path)]


# BE0101F1symbnotkeys.px uses KEYS, which pyaxis does not read.
@pytest.mark.parametrize("name", ["BE0101F1datasymbols.px", "BE0101F1nildotsymbols.px", "BE0101N1.px",
                                  "HA0201E8.px", "officialstatistics.px"])
def test_every_number_agrees_with_pyaxis(name):
    pyaxis = pytest.importorskip("pyaxis.pyaxis")
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        theirs = pyaxis.parse(str(PX / name), encoding="windows-1252")["DATA"]["DATA"].tolist()
    finally:  # pyaxis configures the root logger when it parses
        root.setLevel(level)
        root.handlers[:] = handlers
    ours = cells(PX / name)
    assert len(ours) == len(theirs)
    numbers = [(cell.value, Decimal(str(other))) for cell, other in zip(ours, theirs, strict=True)
               if isinstance(cell, Number)]
    assert numbers and all(a == b for a, b in numbers)


def test_the_cube_is_read_in_stub_then_heading_order_with_codes_beside_names():
    table = read_px_tables(PX / "BE0101F1symbnotkeys.px").tables[0]
    assert table.headers == ["region", "age", "tid", "innehåll", "kön", "tabell", "värde"]
    assert len(table.rows) == 48  # 4 regions x 3 ages x 1 year x 2 types x 2 sexes
    line, first = table.rows[0]
    assert (line, first[:6]) == (76, ["00 Sweden", "20", "2003", "BE0101F1", "1 men", "BE0101F1"])
    # The last variable varies fastest: sex, then type (SCB's content codes BE0101F1/F2).
    assert [row[3:5] for _, row in table.rows[:4]] == [["BE0101F1", "1 men"], ["BE0101F1", "2 women"],
                                                        ["BE0101F2", "1 men"], ["BE0101F2", "2 women"]]
    assert table.rows[-1] == (87, ["0115 Vallentuna", "22", "2003", "BE0101F2", "2 women", "BE0101F1",
                                   Number(Decimal(35), "35")])


def test_the_files_symbols_keep_their_text_and_what_the_file_says_they_mean():
    path = PX / "BE0101F1nildotsymbols.px"
    table = read_px_tables(path).tables[0]
    assert plain_cells(path)[:8] == ["-", ".", "..", "...", Decimal(0), Decimal(0), Decimal(0), Decimal(0)]
    assert table.symbols == {".": "n.a.", "..": "unknown", "...": "hidden", "....": "secret",
                             ".....": "classified", "......": "not used", "-": "nothing"}
    assert meaning("-", "px", table.symbols) == meaning("-", "px", table.symbols).__class__(
        True, "filens förklaring: 'nothing'; noll")
    assert meaning("...", "px", table.symbols).text == "filens förklaring: 'hidden'"
    assert not meaning("...", "px", table.symbols).zero
    # Without the file's own legend, SCB's meanings.
    assert meaning("..", "px", {}).text == "uppgift inte tillgänglig eller för osäker för att anges"


def test_a_file_in_several_languages_is_read_in_swedish():
    read = read_px_tables(PX / "officialstatistics.px")
    table = read.tables[0]
    assert table.headers == ["region", "ålder", "tid", "innehåll", "kön", "tabell", "värde"]
    assert table.rows[0][1][0] == "00 Riket"
    assert read.details["title"] == "Flyttningar efter region, ålder, tid, typ och kön"
    assert read.details["source"] == "Statistiska centralbyrån (SCB)"
    assert table.source_lines == ["Obligatorisk svensk not", "Test svensk not"]


def test_rows_that_keys_leave_out_are_zero(tmp_path):
    lines = (PX / "BE0101F1symbnotkeys.px").read_bytes().splitlines()
    last = next(i for i, line in enumerate(lines) if line.startswith(b'"0115 Vallentuna","22"'))
    lines[last - 1] = lines[last - 1].rstrip() + b";"
    del lines[last]
    sparse = tmp_path / "sparse.px"
    sparse.write_bytes(b"\n".join(lines))
    full, left_out = plain_cells(PX / "BE0101F1symbnotkeys.px"), plain_cells(sparse)
    assert len(left_out) == 48
    assert left_out[:-4] == full[:-4]
    assert full[-4:] == [Decimal(20), Decimal(23), Decimal(33), Decimal(35)]
    assert left_out[-4:] == [Decimal(0)] * 4


def test_codepage_decides_the_encoding(tmp_path):
    text = ('CHARSET="ANSI";\nCODEPAGE="utf-8";\nMATRIX="BE0101N1";\nSTUB="region";\nHEADING="år";\n'
            'VALUES("region")="Upplands Väsby";\nCODES("region")="0114";\nVALUES("år")="2023";\n'
            'DATA=\n48115;\n')
    path = tmp_path / "utf8.px"
    path.write_bytes(text.encode("utf-8"))
    read = read_px_tables(path)
    assert read.details["encoding"] == "utf-8"
    assert read.tables[0].rows == [(10, ["0114 Upplands Väsby", "2023", "BE0101N1", Number(Decimal(48115), "48115")])]


def test_a_cube_with_too_few_values_is_refused_in_swedish(tmp_path):
    text = ('CHARSET="ANSI";\nSTUB="region";\nHEADING="år";\nVALUES("region")="Täby","Vallentuna";\n'
            'VALUES("år")="2022","2023";\nDATA=\n1 2 3;\n')
    path = tmp_path / "kort.px"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(UnreadableFile) as raised:
        read_px_tables(path)
    assert str(raised.value) == ("PX-filen har 3 värden i DATA men variablerna ger 4 (2 × 2); värdena kan inte "
                                 "placeras. Spara tabellen igen från Statistikdatabasen och lämna in den igen.")


def test_jsonstat_values_agree_with_pyjstat():
    """SCB's API answer (tests/fixtures/exports/e10...) read by our reader and by pyjstat."""
    import json

    from sources.jsonstat import read_jsonstat_tables

    pyjstat = pytest.importorskip("pyjstat.pyjstat")
    path = next((FIXTURES / "exports").glob("e10_*/*.json"))
    theirs = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe", naming="id")
    table = read_jsonstat_tables(json.loads(path.read_text(encoding="utf-8"))).tables[0]
    assert table.headers == ["region", "kön", "innehåll", "tid", "tabell", "värde", "status"]
    ours = [[row[0].split(" ")[0], row[1].split(" ")[0], row[2], row[3],
             float(row[5].value) if isinstance(row[5], Number) else None] for _, row in table.rows]
    expected = [[r.Region, r.Kon, r.ContentsCode, r.Tid, None if r.value != r.value else r.value]
                for r in theirs.itertuples()]
    assert ours == expected
    # The value pyjstat gives as NaN keeps its status symbol as written.
    assert [row[5] for _, row in table.rows if not isinstance(row[5], Number)] == [".."]
