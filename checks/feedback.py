"""Feedback per dropped file, in Swedish, as small HTML pages next to the drop folder.

One page per file (what was detected, how many rows were used, each issue with its place and
what to do) and an index page. The folder is next to the inbox, never inside it: a page in the
inbox would itself be taken in as a dropped file.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from sources.vocabulary import FILE_ACCEPTED, FILE_PARTLY, FILE_REJECTED, FILE_UNUSED, NOTE, WARNING

STYLE = """body{font-family:Arial,Helvetica,sans-serif;max-width:60em;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;
vertical-align:top}th{background:#e6e6e6}.fel{color:#a30000;font-weight:bold}.varning{color:#7a5200}
.notering{color:#3d4f66}.accepterad{color:#00684a}.avvisad{color:#a30000}"""
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


def _count(value: object) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def counts_text(f) -> str:
    """'202 rader: 201 används, 1 avvisad' (and what was set aside or lost in a cell); a file with
    several values a row (a column per year) is counted as a statistician counts it: '3 rader
    med 15 värden: 10 används, ...'."""
    rows, accepted = _count(getattr(f, "rows", 0)), _count(getattr(f, "accepted", 0))
    lines = _count(getattr(f, "lines", 0))
    parts = [f"{accepted} används"]
    rejected, set_aside = _count(getattr(f, "rejected", 0)), _count(getattr(f, "set_aside", 0))
    cells = _count(getattr(f, "cells_rejected", 0))
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
        rows, lines = _count(f.rows), _count(getattr(f, "lines", 0))
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


def _e(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def page_name(file: str) -> str:
    return re.sub(r"[^\w.-]+", "_", file) + ".html"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>")


def _coverage_table(coverage: pd.DataFrame, year: int | None) -> str:
    rows = "".join(f"<tr><td>{_e(c.indicator)}</td><td>{_e(c.name)}</td><td>{_e(c.years)}</td>"
                   f"<td>{_e(c.report_year)}</td><td>{_e(c.comparison)}</td><td>{_e(c.sexes)}</td>"
                   f"<td>{_e(c.consequences) or 'komplett'}</td></tr>" for c in coverage.itertuples())
    return (f"<h2>Täckning per nyckeltal mot {_e(year)}</h2><p>Vilka år, jämförelser och kön som finns i statistiken, "
            "vad som saknas för året och vad det betyder för bedömningen.</p><table><tr><th>Nyckeltal</th>"
            "<th>Namn</th><th>År</th><th>Rapportåret</th><th>Jämförelse</th><th>Kön</th><th>Följd</th></tr>"
            + rows + "</table>")


def _issue_rows(issues: pd.DataFrame) -> str:
    rows = []
    for i in grouped_issues(issues):
        rows.append(f'<tr><td class="{_e(i["severity"])}">{_e(i["severity"])}</td><td>{_e(i["sheet"])}</td>'
                    f'<td>{_e(i["rows"])}</td><td>{_e(i["column"])}</td><td>{_e(i["value"])}</td>'
                    f'<td>{_e(i["rule"])}</td><td>{_e(i["message"])}</td></tr>')
    return ("<table><tr><th>Allvar</th><th>Flik</th><th>Rad</th><th>Kolumn</th><th>Värde</th><th>Regel</th>"
            "<th>Vad är fel och vad ska göras</th></tr>" + "".join(rows) + "</table>")


def write_feedback(folder: Path, files: pd.DataFrame, issues: pd.DataFrame, datadocs: Path | None = None,
                   coverage: pd.DataFrame | None = None, coverage_year: int | None = None) -> Path:
    """Write one page per file and an index (with the coverage per indicator, when given);
    returns the index page."""
    folder.mkdir(parents=True, exist_ok=True)
    links = []
    for f in files.itertuples():
        own = issues[issues["file"] == f.file]
        status = getattr(f, "status", FILE_REJECTED)
        version = getattr(f, "version", None)
        facts = [("Fil", f.file), ("Version", "" if version is None or pd.isna(version) else int(version)),
                 ("Mottagen", local_time(getattr(f, "received", ""))), ("SHA-256", getattr(f, "sha256", "")),
                 ("Innehåll", getattr(f, "kind", "")), ("Period", _plain(getattr(f, "period", ""))),
                 ("Läst som", getattr(f, "format", "")), ("Rader", counts_text(f))]
        body = (f"<h1>Återkoppling: {_e(f.file)}</h1>"
                f'<p class="{_e(status)}">{_e(status_text(f, own))}</p>'
                "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts if v != "")
                + "</table>")
        body += ("<h2>Fel, varningar och noteringar</h2>" + _issue_rows(own)) if not own.empty else \
            "<h2>Fel, varningar och noteringar</h2><p>Inga.</p>"
        body += '<p><a href="index.html">Alla filer</a></p>'
        (folder / page_name(f.file)).write_text(_page(f"Återkoppling {f.file}", body), encoding="utf-8")
        links.append(f'<tr><td><a href="{_e(page_name(f.file))}">{_e(f.file)}</a></td><td class="{_e(status)}">'
                     f"{_e(status)}</td><td>{_count(f.rows)}</td><td>{_count(f.accepted)}</td>"
                     f"<td>{_count(f.rejected)}</td><td>{len(own)}</td></tr>")
    orphans = issues[~issues["file"].isin(files["file"])]
    body = ("<h1>Återkoppling på inlämnade filer</h1><p>En sida per fil med det som lästs och varje rad som inte "
            "har kunnat användas, med flik, rad, kolumn, regel och vad som ska göras. Originalfilerna är "
            "arkiverade oförändrade.</p><table><tr><th>Fil</th><th>Status</th><th>Rader</th><th>Används</th>"
            "<th>Avvisade</th><th>Fel, varningar och noteringar</th></tr>" + "".join(links) + "</table>")
    if not orphans.empty:
        body += ("<h2>Inkorgen, programfilen och filer som inte har lästs</h2><table><tr><th>Fil</th><th>Allvar</th>"
                 "<th>Regel</th><th>Meddelande</th></tr>"
                 + "".join(f'<tr><td>{_e(i.file)}</td><td class="{_e(i.severity)}">{_e(i.severity)}</td>'
                           f"<td>{_e(i.rule)}</td><td>{_e(i.message)}</td></tr>" for i in orphans.itertuples())
                 + "</table>")
    if coverage is not None:
        body += _coverage_table(coverage, coverage_year)
    if datadocs is not None:
        target = os.path.relpath(datadocs / "index.html", folder)
        body += (f'<p>Great Expectations rapport över kontrollerna (Data Docs): <a href="{_e(target)}">'
                 f"{_e(target)}</a></p>")
    index = folder / "index.html"
    index.write_text(_page("Återkoppling på inlämnade filer", body), encoding="utf-8")
    return index
