"""What the feedback per dropped file says, in Swedish: the status sentence, the row counts as a
statistician counts them, the issues grouped by message, times in Swedish local time. The pages
that show it are laid out by report/document/feedback_pages.py; the terminal lines by checks/drop.py.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from sources.vocabulary import FILE_ACCEPTED, FILE_PARTLY, FILE_REJECTED, FILE_UNUSED, NOTE, WARNING

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_time(stamp: object) -> str:
    """'2024-02-03T10:15:00+00:00' -> '2024-02-03 11:15' in Swedish local time."""
    if stamp is None or (not isinstance(stamp, str) and pd.isna(stamp)) or not str(stamp):
        return ""
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _plain(value: object) -> str:
    return value if isinstance(value, str) else ""


def count_of(value: object) -> int:
    """A count from the files table (empty or missing: 0)."""
    return 0 if value is None or pd.isna(value) else int(value)


def counts_text(f) -> str:
    """'202 rader: 201 används, 1 avvisad' (and what was set aside or lost in a cell); a file with
    several values a row (a column per year) is counted as a statistician counts it: '3 rader
    med 15 värden: 10 används, ...'."""
    rows, accepted = count_of(getattr(f, "rows", 0)), count_of(getattr(f, "accepted", 0))
    lines = count_of(getattr(f, "lines", 0))
    parts = [f"{accepted} används"]
    rejected, set_aside = count_of(getattr(f, "rejected", 0)), count_of(getattr(f, "set_aside", 0))
    cells = count_of(getattr(f, "cells_rejected", 0))
    if rejected:
        parts.append(f"{rejected} {'avvisad' if rejected == 1 else 'avvisade'}")
    if set_aside:
        parts.append(f"{set_aside} {'lagd' if set_aside == 1 else 'lagda'} åt sidan (se noteringarna)")
    if cells:
        parts.append(f"{cells} {'rad' if cells == 1 else 'rader'} med en cell som inte har använts")
    if lines and lines != rows:
        return f"{lines} {'rad' if lines == 1 else 'rader'} med {rows} {'värde' if rows == 1 else 'värden'}: " \
            + ", ".join(parts)
    return f"{rows} {'rad' if rows == 1 else 'rader'}: " + ", ".join(parts)


def grouped_issues(issues: pd.DataFrame, most: int = 5) -> list[dict]:
    """A file's issues grouped by sheet, severity, rule, column and message, in the order they
    first occur, with their rows as ranges ('rad 12–245'): 128 lines of one message are one line
    to read. A rule with more than `most` different messages in one column (a value per row) is
    one line that quotes the first and counts the rest. issues.csv keeps one line per row."""
    from sources.issues import row_ranges

    groups: dict[tuple, dict] = {}
    for issue in issues.itertuples():
        key = (_plain(issue.sheet), issue.severity, issue.rule, _plain(issue.column))
        group = groups.setdefault(key, {"sheet": key[0], "severity": key[1], "rule": key[2], "column": key[3],
                                        "messages": {}})
        rows, values = group["messages"].setdefault(issue.message, ([], []))
        if not pd.isna(issue.row):
            rows.append(int(issue.row))
        if _plain(issue.value) and _plain(issue.value) not in values:
            values.append(_plain(issue.value))
    result = []
    for group in groups.values():
        messages = group.pop("messages")
        if len(messages) > most:
            rows = [row for found, _ in messages.values() for row in found]
            values = list(dict.fromkeys(value for _, found in messages.values() for value in found))
            first = next(iter(messages))
            count = len(set(rows)) or len(messages)
            shown = ", ".join(repr(v) for v in values[:4]) + (" ..." if len(values) > 4 else "")
            entries = [(f"{first} ({count} {'rad' if count == 1 else 'rader'} har samma regel"
                        + (f", med värdena {shown}" if values else "") + "; varje rad står i issues.csv.)",
                        rows, values)]
        else:
            entries = [(message, rows, values) for message, (rows, values) in messages.items()]
        for message, rows, values in entries:
            result.append({**group, "count": max(len(set(rows)), 1),
                           "rows": row_ranges(rows) if rows else "",
                           "value": ", ".join(values[:3]) + (" ..." if len(values) > 3 else ""),
                           "message": message})
    return result


def status_text(f, issues: pd.DataFrame) -> str:
    """The file's status in a sentence that never says more than is true."""
    status = getattr(f, "status", FILE_REJECTED)
    severities = set(issues["severity"]) if not issues.empty else set()
    if status == FILE_ACCEPTED:
        extra = ("; läs varningarna nedan" if WARNING in severities
                 else "; se noteringarna nedan" if NOTE in severities else "")
        rows, lines = count_of(f.rows), count_of(getattr(f, "lines", 0))
        if lines and lines != rows:
            counted = f"alla {rows} värden ({lines} {'rad' if lines == 1 else 'rader'}) har"
        else:
            counted = "filens enda rad har" if rows == 1 else f"alla {rows} rader har"
        return f"✓ Accepterad: {counted} använts{extra}."
    if status == FILE_PARTLY:
        return f"▲ Delvis använd: {counts_text(f)}. Se nedan vad som inte har använts och varför."
    if status == FILE_UNUSED:
        return ("○ Används inte: raderna har ersatts av nyare uppgifter, gäller en annan period än "
                "uppföljningen eller områden som programmet inte jämför med; se nedan.")
    return "■ Avvisad: inga rader har använts, se nedan."
