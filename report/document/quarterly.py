"""The quarterly status document: reminders, actions not started, new values and the files received."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from docx import Document

from report.document.docx_tools import add_table, add_text, set_language
from report.method.quarterly import (
    NEW_VALUE_COLUMNS,
    REMINDER_COLUMNS,
    previous_quarter,
    quarter_label,
)
from report.texts import RECORD_NOTE, STATUS_WORDS, count_noun, new_values_sentence
from sources.formats import format_date, format_number
from sources.program import Program
from sources.vocabulary import ERROR, count_severity


def status_document(program: Program, period: str, reminders: pd.DataFrame, new: pd.DataFrame | None,
                    files: pd.DataFrame, issues: pd.DataFrame, generated: dt.date, with_values: int = 0,
                    stalled: pd.DataFrame | None = None) -> Document:
    """A short status document for the quarter, in Swedish."""
    document = Document()
    set_language(document, "sv-SE")
    document.core_properties.title = f"Kvartalsstatus {period}: {program.name}"
    document.core_properties.author = program.municipality.name
    document.core_properties.subject = f"Kvartalsuppföljning av {program.name.lower()}, {period}"
    document.add_heading(f"Kvartalsstatus {period}", level=0)
    add_text(document, f"{program.name}, {program.municipality.name}. {format_date(generated)}.")
    document.add_heading("Sammanfattning", level=1)
    total = sum(1 for committee in program.committees
                if any(committee in goal.committees for _, goal in program.goals()))
    previous = quarter_label(*previous_quarter(int(period[:4]), int(period[-1])))
    add_text(document, (f"{total - len(reminders)} av {count_noun(total, 'nämnd', definite=True)} har lämnat "
                        f"inrapportering för {period}. {new_values_sentence(new, with_values, previous)} "
                        f"{count_noun(len(files), 'fil')} har tagits emot; "
                        f"{count_severity(issues)} fel behöver rättas."))
    document.add_heading("Påminnelse: inrapportering saknas", level=1)
    if reminders.empty:
        add_text(document, "Alla ansvariga nämnder har lämnat inrapportering för perioden.")
    else:
        add_table(document, ["Nämnd", "Namn", "Mål att rapportera"],
               reminders[REMINDER_COLUMNS].values.tolist(), widths=[2.0, 7.0, 7.6], size=9)
    document.add_heading("Åtgärder som är försenade eller inte har påbörjats", level=1)
    if stalled is None or stalled.empty:
        add_text(document, f"Ingen åtgärd som har rapporterats för {period} står som försenad eller ej påbörjad.")
    else:
        add_text(document, f"{count_noun(len(stalled), 'åtgärd')} som har rapporterats för {period} är "
                           "försenade eller har inte påbörjats, per nämnd:")
        add_table(document, ["Nämnd", "Mål", "Åtgärd", "Status"],
                  [[s.committee, s.goal, s.activity, STATUS_WORDS[s.activity_status]] for s in stalled.itertuples()],
                  widths=[2.0, 1.6, 10.4, 2.6], size=9)
    document.add_heading("Nyckeltal med nya värden", level=1)
    if new is None:
        add_text(document, new_values_sentence(new, with_values, previous))
    elif new.empty:
        add_text(document, f"Inga nyckeltal har fått nya värden sedan {previous}.")
    else:
        add_table(document, ["Nyckeltal", "Namn", "Senaste period", "Förra kvartalet"],
               new[NEW_VALUE_COLUMNS].values.tolist(), widths=[2.0, 9.6, 2.5, 2.5], size=8)
    document.add_heading("Inlämnade filer", level=1)
    add_text(document, (f"Filernas period visas i tabellen; inrapportering för en annan period än {period} "
                        f"används inte i kvartalsstatusen. {RECORD_NOTE}"), size=9)
    add_table(document, ["Fil", "Period", "Status", "Poster", "Används", "Ej använda"],
              [[f.file, f.period if isinstance(f.period, str) else "", f.status, format_number(f.rows, 0),
                format_number(f.accepted, 0), format_number(f.rows - f.accepted, 0)] for f in files.itertuples()],
              widths=[6.0, 2.2, 3.0, 1.8, 1.8, 1.8], size=8)
    errors = issues[issues["severity"] == ERROR]
    if not errors.empty:
        add_table(document, ["Fil", "Rad", "Vad är fel och vad ska göras"],
               [[i.file, "" if pd.isna(i.row) else int(i.row), i.message] for i in errors.itertuples()],
               widths=[4.6, 1.2, 10.8], size=8)
    return document
