"""One interface over the readers: a dropped file in, its data plus its issues out.

A bad file never raises: it comes back with no rows and an issue that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

import pandas as pd

from sources import statistics, submissions
from sources.columns import STATISTICS_COLUMNS, SUBMISSION_COLUMNS
from sources.issues import ERROR, WARNING, Issue
from sources.tabular import UnreadableFile, read_tables

# Kind of data -> the module that reads it (each has matches, missing_columns and read).
READERS: dict[str, ModuleType] = {"statistics": statistics, "submissions": submissions}
KIND_LABELS = {"statistics": "statistik", "submissions": "inrapportering", "unknown": "okänd"}
# Sheets of our own committee template that hold no data.
TEMPLATE_SHEETS = {"instruktioner", "listor"}
SUBMISSION_SHEETS = {"inrapportering", "aktiviteter"}
_KNOWN = [STATISTICS_COLUMNS, SUBMISSION_COLUMNS]
_LABELS_SV = {
    "indicator": "nyckeltal", "area": "område", "period": "period/år", "value": "värde",
    "goal": "mål-id", "committee": "nämnd",
}


@dataclass
class ReadResult:
    """What one dropped file held: rows per kind of data, issues, and the headers as written."""

    file: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    headers: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, canonical)
    details: dict = field(default_factory=dict)
    preamble: dict[str, list[str]] = field(default_factory=dict)  # sheet -> the lines above its header
    listed_goals: dict[str, list[str]] = field(default_factory=dict)  # template sheet -> goal ids listed
    modified: str = ""  # the file's time stamp in the inbox (ISO, UTC): which of two files is newer
    received: str = ""  # when these bytes were first taken in

    @property
    def kind(self) -> str:
        kinds = [kind for kind, frame in self.frames.items() if not frame.empty]
        return kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "unknown")

    def rows(self, kind: str) -> int:
        frame = self.frames.get(kind)
        return 0 if frame is None else len(frame)


def _classify(headers: list[str]) -> str | None:
    # Submissions first: a submission sheet may also carry a "period" and a "value"-like column.
    for kind in ("submissions", "statistics"):
        if READERS[kind].matches(headers):
            return kind
    return None


def read_dropped(dropped) -> ReadResult:
    """Read a file taken in from the inbox (a `DroppedFile`): its archived copy, with its times."""
    return read_source(dropped.archived, dropped.name, dropped.sha256, dropped.modified, dropped.received)


def read_source(path: Path, name: str | None = None, sha256: str | None = None, modified: str = "",
                received: str = "") -> ReadResult:
    """Read one file (CSV, workbook, ODS or Kolada JSON) into canonical frames per kind, with issues.

    Every row carries its provenance: file name, sheet, row and (when given) the file's sha256.
    """
    path = Path(path)
    name = name or path.name
    result = ReadResult(file=name, modified=modified, received=received)
    try:
        read = read_tables(path, _KNOWN)
    except UnreadableFile as exc:
        result.issues.append(Issue(file=name, rule=exc.rule, message=str(exc)))
        return result
    except (OSError, MemoryError, RecursionError, ValueError, ArithmeticError) as exc:  # nothing may stop a run
        result.issues.append(Issue(file=name, rule="läsbar_fil",
                                   message=f"Filen kunde inte läsas ({type(exc).__name__}). Spara om den och "
                                           "lämna in den igen."))
        return result
    tables, result.details = read.tables, read.details
    result.issues += [replace(note, file=name) for note in read.notes]
    if not tables:
        if not any(issue.severity == ERROR for issue in result.issues):
            result.issues.append(Issue(file=name, rule="läsbar_fil",
                                       message="Filen innehåller inga rader. Lämna in filen igen med data."))
        return result
    in_template = submissions.is_template(tables)
    for table in tables:
        if table.preamble:
            result.preamble[table.sheet] = [line for _, line in table.preamble]
        kind = _classify(table.headers)
        if kind is None:
            if table.sheet.strip().lower() in TEMPLATE_SHEETS:
                continue
            where = f"fliken '{table.sheet}'" if table.sheet else "filen"
            result.issues.append(Issue(
                file=name, sheet=table.sheet, row=table.header_row, rule="känd_tabell",
                severity=ERROR if len(tables) == 1 else WARNING,
                message=(f"Rubrikerna i {where} känns inte igen som statistik (nyckeltal, område, "
                         "period, kön, värde) eller inrapportering (mål-id, nämnd, bedömning, trend, "
                         "kommentar); inget har lästs härifrån. Rätta rubrikraden."),
            ))
            continue
        reader = READERS[kind]
        missing = reader.missing_columns(table.headers, name)
        if missing:
            labels = ", ".join(_LABELS_SV.get(column, column) for column in missing)
            result.issues.append(Issue(
                file=name, sheet=table.sheet, row=table.header_row, rule="obligatoriska_kolumner",
                message=(f"Kolumn saknas: {labels}. Lägg till kolumnen i rubrikraden "
                         "och lämna in filen igen; inga rader har lästs från tabellen."),
            ))
            continue
        if kind == "submissions":
            refused, template_issues, listed = submissions.table_issues(table, name, in_template)
            result.issues += template_issues
            if refused:
                continue
            if listed is not None:
                result.listed_goals[table.sheet] = listed
        frame, headers, notes = reader.read(table, name, in_template)
        result.issues += [replace(note, file=name) for note in notes]
        frame["sha256"] = sha256
        if kind == "submissions" and table.sheet and table.sheet.strip().lower() not in SUBMISSION_SHEETS:
            result.issues.append(Issue(
                file=name, sheet=table.sheet, row=table.header_row, rule="fliknamn", severity=WARNING,
                message=(f"Fliken '{table.sheet}' har lästs som inrapportering, men mallens flikar heter "
                         "'Inrapportering' och 'Aktiviteter'. Kontrollera att rätt flik är ifylld.")))
        # The template's activity sheet may stay empty; an empty template has its own note.
        if frame.empty and table.sheet.strip().lower() != "aktiviteter" and not any(
                note.rule == "mål_ej_ifyllt" or note.severity == ERROR for note in notes):
            result.issues.append(Issue(
                file=name, sheet=table.sheet, row=table.header_row, rule="data_saknas",
                severity=WARNING, message=("Tabellen har rubriker men inga ifyllda rader; inget har lästs härifrån. "
                                           "Fyll i raderna under rubrikerna och lämna in filen igen."),
            ))
        for canonical, header in headers.items():
            result.headers[(table.sheet, canonical)] = header
        previous = result.frames.get(kind)
        result.frames[kind] = frame if previous is None else pd.concat([previous, frame],
                                                                        ignore_index=True)
    if result.rows("submissions") == 0 and any(issue.rule == "mål_ej_ifyllt" for issue in result.issues):
        empty = submissions.empty_template_note(result.issues)
        result.issues = [issue for issue in result.issues if issue.rule != "mål_ej_ifyllt"] + [empty]
    return result
