"""JSON-stat (2.0, and the 1.x bundle) as SCB's API answers it, read as a table of cells.

A JSON-stat dataset is a cube: `id` lists its dimensions in order, `size` their lengths, and
`value` holds the values with the last dimension varying fastest (a list, or a mapping from the
position to the value for a sparse cube); `status` gives a symbol per value ('..' not
available). The roles say which dimension is time, geography and the content ('metric', SCB's
ContentsCode). The cube becomes one long table, a row per value, numbered by its position in
`value` (the first is row 1), with the columns the statistics reader knows: region, tid, kön,
tabell, innehåll, värde, status, and one column per other dimension.

We read it ourselves rather than with pyjstat: pyjstat gives the labels or the ids, not both,
and leaves out the status symbols (docs/design_decisions.md).
"""

from __future__ import annotations

import itertools
import math

from sources.columns import SEX_NAMES, labelled, normalise_header
from sources.numbers import decimal_number, number_cell
from sources.symbols import names_scb
from sources.tabular import Cell, Table, TableRead, UnreadableFile


def is_jsonstat(document: object) -> bool:
    if not isinstance(document, dict):
        return False
    if document.get("class") in ("dataset", "bundle", "collection") and "values" not in document:
        return True
    if "dimension" in document and "value" in document:
        return True
    dataset = document.get("dataset")
    return isinstance(dataset, dict) and "dimension" in dataset


def _datasets(document: dict) -> list[dict]:
    """The datasets of a document: a 2.0 dataset, a 1.x bundle ({"dataset": {...}}), or a collection."""
    if document.get("class") == "collection":
        items = (document.get("link") or {}).get("item") or []
        return [item for item in items if isinstance(item, dict) and item.get("class") == "dataset"]
    if "dimension" in document and "value" in document:
        return [document]
    bundle = [value for value in document.values() if isinstance(value, dict) and "dimension" in value]
    return bundle


def _dimension_ids(dataset: dict) -> tuple[list[str], list[int]]:
    dimension = dataset.get("dimension") or {}
    ids = dataset.get("id") or dimension.get("id")  # 2.0 / 1.x
    sizes = dataset.get("size") or dimension.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise UnreadableFile("JSON-stat-filen saknar dimensionernas ordning (id och size), så värdena kan inte "
                             "placeras. Hämta svaret från SCB:s API igen (format json-stat2).")
    return [str(i) for i in ids], [int(s) for s in sizes]


def _categories(dimension: dict, size: int) -> tuple[list[str], list[str]]:
    """(codes, labels) of a dimension in its order."""
    category = dimension.get("category") or {}
    index = category.get("index")
    labels = category.get("label") or {}
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = [str(code) for code, _ in sorted(index.items(), key=lambda item: item[1])]
    else:
        codes = [str(code) for code in labels]
    if len(codes) != size:
        raise UnreadableFile("JSON-stat-filen har en dimension vars antal kategorier inte stämmer med size. "
                             "Hämta svaret från SCB:s API igen (format json-stat2).")
    return codes, [str(labels.get(code, code)) for code in codes]


def _at(container: object, position: int, count: int) -> object:
    if isinstance(container, list):
        return container[position] if position < len(container) else None
    if isinstance(container, dict):
        return container.get(str(position))
    if isinstance(container, str) and count:  # one status for every value
        return container
    return None


def _cell(value: object, status: object) -> Cell:
    if value is None or isinstance(value, bool):
        return str(status) if isinstance(status, str) and status.strip() else None
    if isinstance(value, (int, float)):
        return number_cell(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return decimal_number(value) or value
    return None


def _table(dataset: dict) -> tuple[Table, dict]:
    ids, sizes = _dimension_ids(dataset)
    dimensions = dataset["dimension"]
    roles = dataset.get("role") or dimensions.get("role") or {}
    role_of = {str(d): role for role in ("time", "geo", "metric") for d in roles.get(role, []) or []}
    columns, categories, kinds = [], [], []
    for dimension_id, size in zip(ids, sizes, strict=True):
        dimension = dimensions.get(dimension_id) or {}
        codes, labels = _categories(dimension, size)
        role = role_of.get(dimension_id)
        key = normalise_header(dimension_id)
        if role == "time":
            kind, header = "time", "tid"
        elif role == "geo":
            kind, header = "region", "region"
        elif role == "metric" or ("metric" not in role_of.values() and key in ("contentscode", "tabellinnehåll")):
            kind, header = "content", "innehåll"  # SCB's ContentsCode, also where `role` leaves it out
        elif key in SEX_NAMES or normalise_header(dimension.get("label", "")) in SEX_NAMES:
            kind, header = "sex", "kön"
        else:
            kind, header = "other", str(dimension.get("label") or dimension_id)
        columns.append(header)
        categories.append((codes, labels))
        kinds.append(kind)
    extension = dataset.get("extension") or {}
    table_id = (extension.get("px") or {}).get("tableid") if isinstance(extension.get("px"), dict) else None
    headers = [*columns, "tabell", "värde", "status"]
    values, status = dataset.get("value"), dataset.get("status")
    count = 1
    for size in sizes:
        count *= size
    rows = []
    for position, index in enumerate(itertools.product(*(range(size) for size in sizes))):
        cells: list[Cell] = []
        for kind, (codes, labels), i in zip(kinds, categories, index, strict=True):
            code, label = codes[i], labels[i]
            # '0160 Täby', '00 Riket', '1 män': the code is read with its label, the name shown.
            cells.append(code if kind in ("time", "content") else labelled(code, label))
        value, symbol = _at(values, position, count), _at(status, position, count)
        cell = _cell(value, symbol)
        cells += [table_id, cell, symbol if value is not None and isinstance(symbol, str) else None]
        rows.append((position + 1, cells))
    table = Table(sheet="", header_row=0, headers=headers, rows=rows)
    label = _text(dataset.get("label"))
    table.preamble = [(0, label)] if label else []
    source = _text(dataset.get("source")) or ""
    table.origin = "scb" if names_scb(source) else "jsonstat"
    details = {"format": "JSON-stat", "records": len(rows),
               **{key: value for key, value in (("table", table_id), ("title", label), ("source", source)) if value}}
    return table, details


def _text(value: object) -> str | None:
    """A label as text: a mapping by language gives the Swedish one, else the first."""
    if isinstance(value, dict):
        value = value.get("sv") or next(iter(value.values()), None)
    return str(value) if value not in (None, "") else None


def read_jsonstat_tables(document: dict) -> TableRead:
    datasets = _datasets(document)
    if not datasets:
        raise UnreadableFile("JSON-stat-filen innehåller ingen datamängd (dataset). Hämta svaret från SCB:s API "
                             "igen (format json-stat2).", rule="känd_tabell")
    tables, details = [], {}
    for dataset in datasets:
        try:
            table, found = _table(dataset)
        except (TypeError, AttributeError, KeyError, IndexError) as exc:  # a cube not as the format says
            raise UnreadableFile(
                "JSON-stat-filen följer inte formatet (dimensionerna, deras storlek eller värdena går inte ihop: "
                f"{type(exc).__name__}), så värdena kan inte placeras. Hämta svaret från SCB:s API igen "
                "(format json-stat2) och lämna in det.", rule="känd_tabell") from exc
        tables.append(table)
        details = details or found
    if len(tables) > 1:
        for number, table in enumerate(tables, start=1):
            table.sheet = f"datamängd {number}"
    return TableRead(tables, details)
