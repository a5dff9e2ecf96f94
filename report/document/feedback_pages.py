"""The feedback pages per dropped file, in Swedish, next to the drop folder: one page per file
(what was detected, how many rows were used, each issue with its place and what to do) and an
index page. They are report-model blocks written with the web edition's templates (pages.py), so
they carry the same skip link, landmarks and table markup and pass the same browser checks.

The folder is next to the inbox, never inside it: a page in the inbox would itself be taken in
as a dropped file. What the pages say (status sentences, counts, grouped issues) is decided in
checks/feedback.py; this module only lays it out.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from checks.feedback import count_of, counts_text, grouped_issues, local_time, status_text
from report.document.model import Cell, Content, Run
from report.document.pages import render_page
from sources.vocabulary import FILE_REJECTED

TITLE = "Återkoppling på inlämnade filer"
FOOTER = "Återkoppling från uppföljningens kontroll av de inlämnade filerna. Originalfilerna är arkiverade oförändrade."
ISSUE_HEADERS = ["Allvar", "Flik", "Rad", "Kolumn", "Värde", "Regel", "Vad är fel och vad ska göras"]


def page_name(file: str) -> str:
    return re.sub(r"[^\w.-]+", "_", file) + ".html"


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def file_blocks(f, own: pd.DataFrame) -> Content:
    """One file's page: its status, what was read, its issues grouped by message."""
    out = Content()
    out.heading(f"Återkoppling: {f.file}", level=1)
    out.text(status_text(f, own))
    version = getattr(f, "version", None)
    facts = [("Fil", f.file), ("Version", "" if version is None or pd.isna(version) else str(int(version))),
             ("Mottagen", local_time(getattr(f, "received", ""))), ("SHA-256", _text(getattr(f, "sha256", ""))),
             ("Innehåll", _text(getattr(f, "kind", ""))), ("Period", _text(getattr(f, "period", ""))),
             ("Läst som", _text(getattr(f, "format", ""))), ("Rader", counts_text(f))]
    out.table(["Uppgift", "Värde"], [[name, value] for name, value in facts if value != ""])
    out.heading("Fel, varningar och noteringar", level=2)
    if own.empty:
        out.text("Inga.")
    else:
        out.table(ISSUE_HEADERS, [[i["severity"], i["sheet"], i["rows"], i["column"], i["value"], i["rule"],
                                   i["message"]] for i in grouped_issues(own)])
    return out


def index_blocks(folder: Path, files: pd.DataFrame, issues: pd.DataFrame, datadocs: Path | None,
                 coverage: pd.DataFrame | None, coverage_year: int | None) -> Content:
    """The index: every file with its status and counts, what could not be tied to a file, the
    coverage per indicator and the link to Great Expectations' Data Docs."""
    out = Content()
    out.heading(TITLE, level=1)
    out.text("En sida per fil med det som lästs och varje rad som inte har kunnat användas, med flik, rad, "
             "kolumn, regel och vad som ska göras. Originalfilerna är arkiverade oförändrade.")
    rows = []
    for f in files.itertuples():
        own = issues[issues["file"] == f.file]
        rows.append([Cell(f.file, link=page_name(f.file)), getattr(f, "status", FILE_REJECTED), count_of(f.rows),
                     count_of(f.accepted), count_of(f.rejected), len(own)])
    out.table(["Fil", "Status", "Rader", "Används", "Avvisade", "Fel, varningar och noteringar"], rows)
    orphans = issues[~issues["file"].isin(files["file"])]
    if not orphans.empty:
        out.heading("Inkorgen, programfilen och filer som inte har lästs", level=2)
        out.table(["Fil", "Allvar", "Regel", "Meddelande"],
                  [[_text(i.file), i.severity, i.rule, _text(i.message)] for i in orphans.itertuples()])
    if coverage is not None:
        out.heading(f"Täckning per nyckeltal mot {_text(coverage_year)}", level=2)
        out.text("Vilka år, jämförelser och kön som finns i statistiken, vad som saknas för året och vad det "
                 "betyder för bedömningen.")
        out.table(["Nyckeltal", "Namn", "År", "Rapportåret", "Jämförelse", "Kön", "Följd"],
                  [[_text(c.indicator), _text(c.name), _text(c.years), _text(c.report_year), _text(c.comparison),
                    _text(c.sexes), _text(c.consequences) or "komplett"] for c in coverage.itertuples()])
    if datadocs is not None:
        target = Path(os.path.relpath(datadocs / "index.html", folder)).as_posix()
        out.paragraph(Run("Great Expectations rapport över kontrollerna (Data Docs), med samma meddelanden "
                          "som här: "), Run(target, link=target))
    return out


def _page(blocks: Content, title: str, current: bool) -> str:
    return render_page(blocks, page_title=title, header=[TITLE], nav_label="Återkopplingens sidor",
                       nav=[{"href": "index.html", "text": "Alla filer", "current": current}], footer=FOOTER,
                       typography=False)


def write_feedback(folder: Path, files: pd.DataFrame, issues: pd.DataFrame, datadocs: Path | None = None,
                   coverage: pd.DataFrame | None = None, coverage_year: int | None = None) -> Path:
    """Write one page per file and an index (with the coverage per indicator, when given);
    returns the index page."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in files.itertuples():
        own = issues[issues["file"] == f.file]
        (folder / page_name(f.file)).write_text(_page(file_blocks(f, own), f"Återkoppling {f.file}", False),
                                                encoding="utf-8")
    index = folder / "index.html"
    index.write_text(_page(index_blocks(folder, files, issues, datadocs, coverage, coverage_year), TITLE, True),
                     encoding="utf-8")
    return index
