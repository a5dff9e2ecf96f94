"""Feedback per dropped file, in Swedish, as small HTML pages next to the drop folder.

One page per file (what was detected, how many rows were used, each issue with its place and
what to do) and an index page. The folder is next to the inbox, never inside it: a page in the
inbox would itself be taken in as a dropped file.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pandas as pd

STYLE = """body{font-family:Arial,Helvetica,sans-serif;max-width:60em;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;
vertical-align:top}th{background:#e6e6e6}.fel{color:#a30000;font-weight:bold}.varning{color:#7a5200}
.accepterad{color:#00684a}.avvisad{color:#a30000}"""
STATUS_TEXT = {
    "accepterad": "✓ Accepterad: alla rader har godtagits.",
    "delvis accepterad": "▲ Delvis accepterad: några rader har inte använts, se nedan.",
    "avvisad": "■ Avvisad: inga rader har använts, se nedan.",
}


def _e(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def page_name(file: str) -> str:
    return re.sub(r"[^\w.-]+", "_", file) + ".html"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>")


def _issue_rows(issues: pd.DataFrame) -> str:
    rows = []
    for i in issues.itertuples():
        row = "" if pd.isna(i.row) else int(i.row)
        rows.append(f'<tr><td class="{_e(i.severity)}">{_e(i.severity)}</td><td>{_e(i.sheet)}</td><td>{row}</td>'
                    f"<td>{_e(i.column)}</td><td>{_e(i.value)}</td><td>{_e(i.rule)}</td><td>{_e(i.message)}</td></tr>")
    return ("<table><tr><th>Allvar</th><th>Flik</th><th>Rad</th><th>Kolumn</th><th>Värde</th><th>Regel</th>"
            "<th>Vad är fel och vad ska göras</th></tr>" + "".join(rows) + "</table>")


def write_feedback(folder: Path, files: pd.DataFrame, issues: pd.DataFrame, datadocs: Path | None = None) -> Path:
    """Write one page per file and an index; returns the index page."""
    folder.mkdir(parents=True, exist_ok=True)
    links = []
    for f in files.itertuples():
        own = issues[issues["file"] == f.file]
        status = getattr(f, "status", "avvisad")
        version = getattr(f, "version", None)
        facts = [("Fil", f.file), ("Version", "" if version is None or pd.isna(version) else int(version)),
                 ("Mottagen", getattr(f, "received", "")), ("SHA-256", getattr(f, "sha256", "")),
                 ("Innehåll", getattr(f, "kind", "")), ("Läst som", getattr(f, "format", "")),
                 ("Rader", f"{f.rows} lästa, {f.accepted} godtagna, {f.rejected} inte använda")]
        body = (f"<h1>Återkoppling: {_e(f.file)}</h1>"
                f'<p class="{_e(status)}">{_e(STATUS_TEXT.get(status, status))}</p>'
                "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts if v != "")
                + "</table>")
        body += ("<h2>Fel och varningar</h2>" + _issue_rows(own)) if not own.empty else \
            "<h2>Fel och varningar</h2><p>Inga.</p>"
        body += '<p><a href="index.html">Alla filer</a></p>'
        (folder / page_name(f.file)).write_text(_page(f"Återkoppling {f.file}", body), encoding="utf-8")
        links.append(f'<tr><td><a href="{_e(page_name(f.file))}">{_e(f.file)}</a></td><td class="{_e(status)}">'
                     f"{_e(status)}</td><td>{f.rows}</td><td>{f.accepted}</td><td>{f.rejected}</td>"
                     f"<td>{len(own)}</td></tr>")
    orphans = issues[~issues["file"].isin(files["file"])]
    body = ("<h1>Återkoppling på inlämnade filer</h1><p>En sida per fil med det som lästs och varje rad som inte "
            "har kunnat användas, med flik, rad, kolumn, regel och vad som ska göras. Originalfilerna är "
            "arkiverade oförändrade.</p><table><tr><th>Fil</th><th>Status</th><th>Rader</th><th>Godtagna</th>"
            "<th>Ej använda</th><th>Fel och varningar</th></tr>" + "".join(links) + "</table>")
    if not orphans.empty:
        body += "<h2>Filer som inte har lästs</h2><table><tr><th>Fil</th><th>Regel</th><th>Meddelande</th></tr>" + \
            "".join(f"<tr><td>{_e(i.file)}</td><td>{_e(i.rule)}</td><td>{_e(i.message)}</td></tr>"
                    for i in orphans.itertuples()) + "</table>"
    if datadocs is not None:
        target = os.path.relpath(datadocs / "index.html", folder)
        body += (f'<p>Great Expectations rapport över kontrollerna (Data Docs): <a href="{_e(target)}">'
                 f"{_e(target)}</a></p>")
    index = folder / "index.html"
    index.write_text(_page("Återkoppling på inlämnade filer", body), encoding="utf-8")
    return index
