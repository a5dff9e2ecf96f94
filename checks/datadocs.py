"""Great Expectations' Data Docs made to work without internet and to start in Swedish.

GX's pages load jQuery, Bootstrap, bootstrap-table, Vega and Font Awesome from public CDNs, and
its index page draws its tables with them: on a municipal network without internet access a
browser waits on them and the index shows no table at all. After GX has built the site, every
page loses its remote scripts and stylesheets (and its inline scripts, which only drive them)
and gets a local stylesheet instead; GX's logo is taken from the site's own images; the index is
replaced by a plain page listing this run's validation results and suites. Every text from a
dropped file was escaped before GX rendered it (checks/validation.py), and the index escapes
what it writes.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from checks.feedback import local_time

STYLESHEET = "static/styles/uppfoljning.css"
_REMOTE = re.compile(r'<script\b[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>'
                     r'|<link\b[^>]*\bhref="https?://[^"]*"[^>]*/?>', re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)
_REMOTE_IMAGE = re.compile(r'src="https?://great-expectations-web-assets[^"/]*/[^"]*?([\w.-]+\.(?:png|svg))(?:\?[^"]*)?"')

CSS = """\
body { font-family: "Liberation Sans", Arial, sans-serif; margin: 1rem 2rem; color: #1a1a1a; background: #fff; }
a { color: #0b4f8a; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #b0b0b0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
.tab-content > .tab-pane, .collapse { display: block; }
img { max-width: 16rem; }
nav ul, .nav { list-style: none; padding-left: 0; }
"""


@dataclass(frozen=True)
class DocsResult:
    """One validation result of the run, as the index lists it."""

    suite: str
    page: Path  # the result's page in the site
    success: bool
    evaluated: int
    failed: int
    run_time: dt.datetime


def make_offline(docs_dir: Path, results: list[DocsResult], suites: dict[str, Path]) -> None:
    """Rewrite every page of the site to load nothing from the internet, and write its index."""
    sheet = docs_dir / STYLESHEET
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(CSS, encoding="utf-8")
    for page in docs_dir.rglob("*.html"):
        base = Path(os.path.relpath(docs_dir, page.parent)).as_posix()
        text = _INLINE_SCRIPT.sub("", _REMOTE.sub("", page.read_text(encoding="utf-8")))
        text = _REMOTE_IMAGE.sub(rf'src="{base}/static/images/\1"', text)
        text = text.replace("</head>", f'<link rel="stylesheet" href="{base}/{STYLESHEET}">\n</head>', 1)
        page.write_text(text, encoding="utf-8")
    (docs_dir / "index.html").write_text(index_page(docs_dir, results, suites), encoding="utf-8")


def _link(docs_dir: Path, page: Path, text: str) -> str:
    target = Path(os.path.relpath(page.resolve(), docs_dir.resolve())).as_posix()
    return f'<a href="{html.escape(target)}">{html.escape(text)}</a>'


def index_page(docs_dir: Path, results: list[DocsResult], suites: dict[str, Path]) -> str:
    """The site's first page, in Swedish: each validation result with its outcome, then the suites."""
    rows = "\n".join(
        f"<tr><td>{_link(docs_dir, r.page, r.suite)}</td><td>{'godkänd' if r.success else 'inte godkänd'}</td>"
        f"<td>{r.evaluated}</td><td>{r.failed}</td>"
        f"<td>{html.escape(local_time(r.run_time.isoformat()))}</td></tr>"
        for r in results)
    suite_items = "\n".join(f"<li>{_link(docs_dir, page, name)}</li>" for name, page in suites.items())
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kontrollerna med Great Expectations (Data Docs)</title>
<link rel="stylesheet" href="{STYLESHEET}">
</head>
<body>
<main>
<h1>Kontrollerna med Great Expectations (Data Docs)</h1>
<p>Varje regel som de inlämnade filerna kontrollerades mot, och hur många rader som bröt mot den.
Samma meddelanden står i återkopplingen per fil. Sidorna fungerar utan internet.</p>
<h2>Kontroller i den här körningen</h2>
<table>
<thead><tr><th scope="col">Regelsamling</th><th scope="col">Utfall</th><th scope="col">Regler</th>
<th scope="col">Regler med fel</th><th scope="col">Körd</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Regelsamlingar</h2>
<ul>
{suite_items}
</ul>
</main>
</body>
</html>
"""
