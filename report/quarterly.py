"""The quarterly follow-up: which committees have not submitted for the period (the reminder
list), which indicators have new values since the previous quarter, and a short status document.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from docx import Document

from checks.runner import Checked
from report.document import save_document
from report.docx_tools import set_language
from report.outputs import protect, write_manifest
from report.sections import add_table, add_text
from report.texts import RECORD_NOTE, count_noun, format_date, format_number
from sources.program import Program
from sources.settings import RunSettings
from sources.vocabulary import ERROR, count_severity, severity_counts

LATEST = "latest_periods.json"  # the previous quarter's latest periods, for "new values"
REMINDER_COLUMNS = ["committee", "name", "goals"]
NEW_VALUE_COLUMNS = ["indicator", "name", "latest", "previous"]


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def reminder_list(program: Program, submissions: pd.DataFrame, period: str) -> pd.DataFrame:
    """Committees that answer for goals but have sent nothing for the period (and which goals)."""
    given = submissions[(submissions["period"] == period)
                        & submissions[["assessment", "trend", "comment", "activity"]].notna().any(axis=1)]
    rows = []
    for committee, name in program.committees.items():
        goals = [goal.id for _, goal in program.goals() if committee in goal.committees]
        if goals and given[given["committee"] == committee].empty:
            rows.append([committee, name, ", ".join(goals)])
    return pd.DataFrame(rows, columns=REMINDER_COLUMNS)


def _order(period: str) -> tuple[int, int]:
    """'2023' sorts after '2023-Q3' and level with '2023-Q4' (an annual value covers the year)."""
    year = int(period[:4])
    return (year, int(period[-1])) if "-Q" in period else (year, 4)


def latest_periods(statistics: pd.DataFrame, area: str) -> dict[str, str]:
    """Indicator -> the latest period with a value for the area."""
    own = statistics[statistics["area"] == area]
    latest: dict[str, str] = {}
    for indicator, group in own.groupby("indicator"):
        latest[str(indicator)] = max(group["period"].astype(str), key=_order)
    return latest


def new_values(program: Program, current: dict[str, str], previous: dict[str, str] | None) -> pd.DataFrame | None:
    """Indicators whose latest period is newer than at the previous quarterly run; None when there
    was no previous run to compare with (a first run has no "new" values, only values)."""
    if previous is None:
        return None
    rows = []
    for indicator in program.indicators().values():
        now = current.get(indicator.id)
        before = previous.get(indicator.id)
        if now is not None and (before is None or _order(now) > _order(before)):
            rows.append([indicator.id, indicator.name, now, before or ""])
    return pd.DataFrame(rows, columns=NEW_VALUE_COLUMNS)


def quarterly_summary(program: Program, period: str, reminders: pd.DataFrame, new: pd.DataFrame | None,
                      files: pd.DataFrame, issues: pd.DataFrame, previous_period: str | None,
                      with_values: int = 0) -> dict:
    return {
        "program": program.id, "period": period, "previous_period": previous_period,
        "committees_missing": len(reminders), "reminders": reminders.to_dict(orient="records"),
        "indicators_with_new_values": None if new is None else len(new), "indicators_with_values": with_values,
        "files": len(files),
        **severity_counts(issues),
    }


def new_values_sentence(new: pd.DataFrame | None, with_values: int, previous: str) -> str:
    if new is None:
        return (f"Det finns ingen kvartalsstatus för {previous} att jämföra med, så nya värden visas från nästa "
                f"kvartal; {count_noun(with_values, 'nyckeltal')} har värden i statistiken.")
    return f"{count_noun(len(new), 'nyckeltal')} har nya värden sedan {previous}."


def status_document(program: Program, period: str, reminders: pd.DataFrame, new: pd.DataFrame | None,
                    files: pd.DataFrame, issues: pd.DataFrame, generated: dt.date, with_values: int = 0) -> Document:
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



def write_quarterly_outputs(folder: Path, program: Program, period: str, settings: RunSettings, received: pd.DataFrame,
                            checked: Checked, previous: dict | None, started: dt.datetime,
                            version: tuple[int, str]) -> tuple[Path, dict]:
    """Reminders, new values, summary.json, latest_periods.json, the status document and manifest."""
    reminders = reminder_list(program, checked.submissions, period)
    current = latest_periods(checked.statistics, program.municipality.code)
    new = new_values(program, current, previous)
    earlier = quarter_label(*previous_quarter(int(period[:4]), int(period[-1])))
    summary = quarterly_summary(program, period, reminders, new, received, checked.issues,
                                None if previous is None else earlier, len(current))
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / LATEST).write_text(json.dumps(current, ensure_ascii=False, indent=2), encoding="utf-8")
    protect(reminders).to_csv(folder / "paminnelser.csv", index=False)
    protect(checked.issues).to_csv(folder / "issues.csv", index=False)
    report = save_document(status_document(program, period, reminders, new, received, checked.issues,
                                           settings.today, len(current)),
                           folder / f"kvartalsstatus_{program.id}_{period}.docx")
    write_manifest(folder, program, period, received, checked.issues, settings.parameters(), started, *version)
    return report, summary


def read_previous_latest(output: Path, program: Program, year: int, quarter: int) -> dict | None:
    """The latest periods recorded by the previous quarter's run, if there was one."""
    path = output / program.id / quarter_label(*previous_quarter(year, quarter)) / LATEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def quarterly_sentence(summary: dict) -> str:
    new = summary["indicators_with_new_values"]
    values = (f"{new} nyckeltal har nya värden sedan {summary['previous_period']}" if new is not None else
              f"ingen tidigare kvartalsstatus att jämföra med ({summary['indicators_with_values']} nyckeltal har "
              "värden)")
    return f"{summary['committees_missing']} nämnder har inte lämnat inrapportering för {summary['period']}; {values}."


def quarterly_markdown(program: Program, summary: dict, report: Path) -> str:
    return "\n".join([f"# Kvartalsstatus {summary['period']}: {program.name}", "", quarterly_sentence(summary), "",
                      *(f"- påminnelse: {r['committee']} ({r['name']})" for r in summary["reminders"]),
                      "", f"Statusdokument: `{report}`"])
