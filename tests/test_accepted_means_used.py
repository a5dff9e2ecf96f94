"""The invariant of the intake: in every file that is not rejected as a whole, every non-empty
cell is either in the ledger (its row recorded, the cell's column one the follow-up reads) or
named by an issue (its row, or its column by header). Nothing a user dropped is left unused
without a word. Checked over every file the project has: the hostile corpus, the drop folder,
the intake cases and the bundled examples' inboxes.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from checks.drop import files_table
from checks.runner import check_all
from sources.columns import (
    STATISTICS_COLUMNS,
    SUBMISSION_COLUMNS,
    SUBMISSION_TEMPLATE_EXTRAS,
    match_columns,
    normalise_header,
)
from sources.intake import take_in
from sources.ledger import Ledger
from sources.program import load_program
from sources.readers import _KNOWN, TEMPLATE_SHEETS, _classify, read_dropped
from sources.statistics import period_columns
from sources.submissions import is_template
from sources.tabular import read_tables, shown
from tests.conftest import EXAMPLE, FIXTURES, ROOT
from tests.fixtures.build_cases import CASES, apply_mtimes

FOLDERS = [("corpus", FIXTURES / "corpus", FIXTURES / "program_small.yaml", None),
           ("drop", FIXTURES / "drop", FIXTURES / "program_small.yaml", None),
           *((f"cases/{p.name}", p, FIXTURES / "program_cases.yaml", "2023") for p in sorted(CASES.iterdir())),
           ("vasteras", EXAMPLE / "inbox", EXAMPLE / "program.yaml", "2023"),
           ("eskilstuna", ROOT / "examples" / "eskilstuna" / "inbox", ROOT / "examples" / "eskilstuna" / "program.yaml",
            "2022"),
           ("umea", ROOT / "examples" / "umea" / "inbox", ROOT / "examples" / "umea" / "program.yaml", "2024"),
           *((f"exports/{p.name}", p, FIXTURES / "program_exports.yaml", "2023")
             for p in sorted((FIXTURES / "exports").iterdir()))]


# Issues on a table's header row that mean the table was not read at all.
TABLE_RULES = {"känd_tabell", "mallens_kolumner", "obligatoriska_kolumner", "sammanslagna_rubriker"}


def take_in_everything(folder, program_path, period, tmp_path):
    inbox = tmp_path / "inkorg"
    shutil.copytree(folder, inbox)
    apply_mtimes(inbox, folder.name)
    program = load_program(program_path)
    with Ledger(tmp_path / "ut" / "ledger.sqlite") as ledger:
        dropped, intake_issues = take_in(inbox, tmp_path / "ut" / "archive", ledger)
        checked = check_all([read_dropped(f) for f in dropped], program, 1990, 2026, intake_issues, period=period)
        ledger.record_outcome(files_table(dropped, checked.files), checked.issues, checked.ledger_statistics,
                              checked.ledger_submissions)
        tables = {name: ledger.table(name) for name in ("files", "statistics", "submissions")}
    return dropped, checked, tables


def _prefilled(cells, table, found) -> bool:
    """A template row that only holds what the template itself filled in (the committee and the
    period; on the Inrapportering sheet also the goal and its title): not input."""
    own = {found.get("committee"), found.get("period")}
    if table.sheet.strip().lower() == "inrapportering":
        own |= {found.get("goal")} | {i for i, h in enumerate(table.headers)
                                      if normalise_header(h) in SUBMISSION_TEMPLATE_EXTRAS}
    return all(index in own for index, cell in enumerate(cells) if cell is not None)


def unaccounted(dropped, checked, tables) -> list[str]:
    """Every non-empty cell that is neither in the ledger nor named by an issue, as text."""
    problems: list[str] = []
    status = checked.files.set_index("file")["status"]
    records = pd.concat([tables["statistics"][["sha256", "sheet", "row"]],
                         tables["submissions"][["sha256", "sheet", "row"]]])
    recorded = set(zip(records["sha256"], records["sheet"].fillna(""), records["row"], strict=True))
    raw_values = {(r.sha256, r.sheet or "", r.row, r.period): r.raw_value for r in tables["statistics"].itertuples()}
    raw_by_row: dict[tuple, set] = {}  # a column per measure: the row's recorded values as written
    for r in tables["statistics"].itertuples():
        raw_by_row.setdefault((r.sha256, r.sheet or "", r.row), set()).add(r.raw_value)
    dims_by_row: dict[tuple, set] = {}  # a column that splits the values: its categories, kept in the ledger
    for r in tables["statistics"][tables["statistics"]["dims"].notna()].itertuples():
        dims_by_row.setdefault((r.sha256, r.sheet or "", r.row), set()).update(json.loads(r.dims).values())
    preambles = tables["files"].set_index("sha256")["preamble"].fillna("").to_dict()
    for f in dropped:
        if status.get(f.name) in (None, "avvisad"):
            continue  # nothing of the file is used; its issues say why
        issues = checked.issues[checked.issues["file"] == f.name]
        on_rows = {(sheet or "", int(row)) for sheet, row in zip(issues["sheet"], issues["row"], strict=True)
                   if not pd.isna(row)}
        read = read_tables(f.archived, _KNOWN)
        template = is_template(read.tables)
        for table in read.tables:
            sheet = table.sheet
            if template and sheet.strip().lower() in TEMPLATE_SHEETS:
                continue  # the template's own instructions and lists
            about = " ".join(issues.loc[(issues["sheet"].fillna("") == sheet), ["value", "message"]]
                             .fillna("").astype(str).agg(" ".join, axis=1))
            for _, line in table.preamble:
                if line not in preambles.get(f.sha256, ""):
                    problems.append(f"{f.name} {sheet}: rubrikraden '{line}' finns inte i registret")
            refused = issues[(issues["sheet"].fillna("") == sheet) & (issues["row"] == table.header_row)
                             & issues["rule"].isin(TABLE_RULES)]
            kind = _classify(table.headers)
            if kind is None or not refused.empty:
                if refused.empty and not (issues["rule"] == "känd_tabell").any():
                    problems.append(f"{f.name} {sheet}: fliken är inte läst och inget säger det")
                continue  # the issue on the header row says the table was not read
            aliases = SUBMISSION_COLUMNS if kind == "submissions" else STATISTICS_COLUMNS
            found = match_columns(table.headers, aliases)
            read_columns = set(found.values()) | set(period_columns(table.headers))
            read_columns |= {i for i, h in enumerate(table.headers)
                             if normalise_header(h) in SUBMISSION_TEMPLATE_EXTRAS}
            for row, cells in table.rows:
                if (sheet, row) in on_rows:
                    continue
                in_ledger = (f.sha256, sheet, row) in recorded
                if kind == "submissions" and not in_ledger and _prefilled(cells, table, found):
                    continue
                for index, cell in enumerate(cells):
                    if cell is None:
                        continue
                    header = table.headers[index] if index < len(table.headers) else ""
                    if in_ledger and index in read_columns:
                        if kind == "statistics" and index == found.get("value"):
                            period = str(cells[found["period"]]) if "period" in found else None
                            written = raw_values.get((f.sha256, sheet, row, period), shown(cell))
                            if written is not None and written != shown(cell):
                                problems.append(f"{f.name} {sheet} rad {row}: '{shown(cell)}' registrerat som "
                                                f"'{written}'")
                        continue
                    if header and f"'{header}'" in about:
                        continue  # the column is named by a note ("används inte")
                    if in_ledger and shown(cell) in dims_by_row.get((f.sha256, sheet, row), set()):
                        continue  # a category of a splitting column (födelseland), in the ledger's dims
                    if in_ledger and shown(cell) in raw_by_row.get((f.sha256, sheet, row), set()):
                        continue  # a value of a column per measure, recorded as written
                    if isinstance(cell, str) and f"'{cell}'" in about:
                        continue  # a footnote line, quoted by the file's note ("textrad")
                    problems.append(f"{f.name} {sheet} rad {row} kolumn {header or index + 1}: {shown(cell)!r}")
    return problems


@pytest.mark.parametrize("name, folder, program, period", FOLDERS, ids=[f[0] for f in FOLDERS])
def test_every_cell_of_an_accepted_file_is_in_the_ledger_or_an_issue(name, folder, program, period, tmp_path):
    dropped, checked, tables = take_in_everything(folder, program, period, tmp_path)
    assert unaccounted(dropped, checked, tables) == []


def test_the_invariant_sees_a_row_that_went_missing(tmp_path):
    dropped, checked, tables = take_in_everything(CASES / "s13_ny_export_bredvid_forra", FIXTURES /
                                                  "program_cases.yaml", "2023", tmp_path)
    stats = tables["statistics"]
    tables["statistics"] = stats[~((stats["indicator"] == "N00957") & (stats["period"] == "2020")
                                   & (stats["row"] == 3))]
    assert unaccounted(dropped, checked, tables) == [
        "kolada_export_2012-2022.csv  rad 3 kolumn kpi: 'N00957'",
        "kolada_export_2012-2022.csv  rad 3 kolumn municipality_id: '0160'",
        "kolada_export_2012-2022.csv  rad 3 kolumn year: '2020'",
        "kolada_export_2012-2022.csv  rad 3 kolumn gender: 'T'",
        "kolada_export_2012-2022.csv  rad 3 kolumn value: '24.9'",
        "kolada_export_2012-2023.csv  rad 3 kolumn kpi: 'N00957'",
        "kolada_export_2012-2023.csv  rad 3 kolumn municipality_id: '0160'",
        "kolada_export_2012-2023.csv  rad 3 kolumn year: '2020'",
        "kolada_export_2012-2023.csv  rad 3 kolumn gender: 'T'",
        "kolada_export_2012-2023.csv  rad 3 kolumn value: '24.9'"]
