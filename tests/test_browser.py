"""A real browser opens the HTML pages the municipality publishes or sends: the web edition of the
report (webb/) and the feedback pages per dropped file. Swedish law (DOS-lagen) requires WCAG 2.1 AA:

- axe-core, injected into each page, finds no violation of the WCAG 2.0/2.1 A and AA rules (nor of
  the few best-practice rules on landmarks and headings that the pages follow), at a desktop width
  and at 320 CSS pixels (WCAG 1.4.10, reflow), with every <details> opened as a reader would;
- every page of the web edition is reached from index.html by keyboard alone: Tab to a link, Enter;
- the first Tab stop is the skip link, and Enter on it moves focus into <main>;
- the pages work offline: a request that is not file:// is aborted, and none is attempted.

Headless Chromium is Debian's (`chromium`, installed by .ci/run), driven by Playwright with that
executable (no `playwright install`: it downloads a browser); axe.min.js comes from the installed
axe-playwright-python package, so nothing is fetched at test time."""

from __future__ import annotations

import os
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from tests.conftest import EXAMPLE, FIXTURES

pytestmark = pytest.mark.client  # a real browser (Debian's chromium)

CHROMIUM = shutil.which("chromium")
try:
    from importlib.resources import files

    from playwright.sync_api import sync_playwright

    AXE_JS = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
except (ImportError, FileNotFoundError):  # the test extras are not installed
    sync_playwright, AXE_JS = None, None
NEEDED = CHROMIUM is not None and AXE_JS is not None
if not NEEDED and os.environ.get("CI"):
    raise RuntimeError("CI must have chromium (.ci/run installs it) and the test extras' playwright and "
                       "axe-playwright-python")
if not NEEDED:
    pytest.skip("chromium is not installed (apt-get install chromium), or playwright/axe-playwright-python "
                "is not (pip install -e '.[test]')", allow_module_level=True)

# WCAG 2.0 and 2.1, levels A and AA; and the best-practice rules on landmarks, headings and the skip link.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BEST_PRACTICE = ["landmark-one-main", "region", "page-has-heading-one", "heading-order", "skip-link"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
               "rules": {rule: {"enabled": True} for rule in BEST_PRACTICE},
               "resultTypes": ["violations"]}
VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 320, "height": 640}]  # desktop; WCAG 1.4.10's 320 px
SKIP_LINK = "Hoppa till innehållet"
MOST_NODES_SHOWN = 8  # of each violation on a page, in the failure's message
MOST_TAB_STOPS = 3000  # a page with more stops than this never gives focus back: a keyboard trap


def cli(*args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def web_edition(prefect_server, tmp_path_factory) -> Path:
    """`followup run` on a copy of the bundled example: the web edition's folder (webb/)."""
    folder = tmp_path_factory.mktemp("webb")
    inbox = folder / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    code, output = cli("run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox), "--year", "2023",
                       "--output", str(folder / "out"))
    web = folder / "out" / "vasteras-social" / "2023" / "webb"
    assert code == 0, output
    assert (web / "index.html").exists(), sorted(p.name for p in web.parent.iterdir())
    return web


@pytest.fixture(scope="module")
def feedback_pages(tmp_path_factory) -> list[Path]:
    """`followup check --feedback` on copies of the bundled example's inbox and of the test drop (every
    status and severity, files that could not be read): every page, each folder's index.html first."""
    pages = []
    for name, program, inbox in [("exempel", EXAMPLE / "program.yaml", EXAMPLE / "inbox"),
                                 ("testfiler", FIXTURES / "program_small.yaml", FIXTURES / "drop")]:
        folder = tmp_path_factory.mktemp(f"aterkoppling-{name}")
        shutil.copytree(inbox, folder / "inbox")  # keeps the files' times: older than the settle time
        code, output = cli("check", "--program", str(program), "--inbox", str(folder / "inbox"),
                           "--feedback", str(folder / "feedback"))
        assert code in (0, 1), output  # 1: some rows were rejected, as the feedback says
        found = sorted(folder.joinpath("feedback").glob("*.html"), key=lambda p: (p.name != "index.html", p.name))
        assert len(found) > 10 and found[0].name == "index.html", (found, output)
        pages.extend(found)
    return pages


class Offline:
    """A browser context that aborts every request that is not file:// and records each attempt."""

    def __init__(self, browser, viewport: dict) -> None:
        self.attempts: list[str] = []
        self.context = browser.new_context(viewport=viewport, java_script_enabled=True, service_workers="block")
        self.context.route("**/*", self._route)
        self.context.on("request", self._request)
        self.page = self.context.new_page()
        self.page.on("websocket", lambda socket: self._attempt(socket.url))

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self._attempt(route.request.url)
            route.abort("internetdisconnected")

    def _request(self, request) -> None:  # also what a route would not see
        if not request.url.startswith(("file://", "data:", "about:")):
            self._attempt(request.url)

    def _attempt(self, url: str) -> None:
        if url not in self.attempts:
            self.attempts.append(url)

    def open(self, path: Path | str) -> None:
        """Load the page; it must attempt no request off this machine (each page is judged on its own)."""
        self.attempts.clear()
        self.page.goto(path.as_uri() if isinstance(path, Path) else path, wait_until="load")
        assert self.attempts == [], f"{path} tried to load from the network: {self.attempts}"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def tabs(browser):
    """One offline tab per viewport (desktop first)."""
    opened = [Offline(browser, viewport) for viewport in VIEWPORTS]
    yield opened
    for tab in opened:
        tab.context.close()


def axe_violations(tab: Offline, page: Path) -> list[str]:
    """axe-core's violations on the page (every <details> open), one readable entry each: the rule, its
    impact and help, then each offending node's target, HTML and what to fix."""
    tab.open(page)
    tab.page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    tab.page.add_script_tag(content=AXE_JS)
    result = tab.page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert tab.attempts == [], f"{page} tried to load from the network: {tab.attempts}"
    where = f"{'/'.join(page.parts[-3:])} at {tab.page.viewport_size['width']}px"
    found = []
    for violation in result["violations"]:
        nodes = violation["nodes"]
        shown = "".join(f"\n      {' '.join(map(str, node['target']))}: {node['html'][:300]}"
                        + "".join(f"\n        {line.strip()}" for line in node.get("failureSummary", "").splitlines()
                                  if line.strip())
                        for node in nodes[:MOST_NODES_SHOWN])
        more = f"\n      ... and {len(nodes) - MOST_NODES_SHOWN} more nodes" if len(nodes) > MOST_NODES_SHOWN else ""
        found.append(f"{where}: {violation['id']} ({violation['impact']}, {len(nodes)} nodes): {violation['help']} "
                     f"[{violation['helpUrl']}]{shown}{more}")
    return found


def assert_no_violations(tabs: list[Offline], pages: list[Path]) -> None:
    assert AXE_JS.lstrip().startswith("/*! axe v4."), AXE_JS[:40]
    found = [entry for tab in tabs for page in pages for entry in axe_violations(tab, page)]
    assert not found, f"axe-core found {len(found)} violations:\n" + "\n".join(found)


def test_axe_finds_no_violation_on_the_feedback_pages(tabs, feedback_pages):
    assert_no_violations(tabs, feedback_pages)


def test_axe_finds_no_violation_on_the_web_edition(tabs, web_edition):
    pages = sorted(web_edition.glob("*.html"))
    assert len(pages) >= 8, pages
    assert_no_violations(tabs, pages)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  return {tag: e.tagName.toLowerCase(), href: typeof e.href === 'string' ? e.href : null,
          text: (e.innerText || '').trim().slice(0, 80), inMain: e.closest('main') !== null,
          html: e.outerHTML.slice(0, 160)};
}"""


def tab_stops(tab: Offline, page: str) -> list[dict]:
    """Every element Tab focuses on the page, in order, from the page's top until focus leaves it."""
    tab.open(page)
    stops: list[dict] = []
    for _ in range(MOST_TAB_STOPS):
        tab.page.keyboard.press("Tab")
        focused = tab.page.evaluate(FOCUSED)
        if focused is None or (stops and focused["html"] == stops[0]["html"] and len(stops) > 1):
            return stops
        stops.append(focused)
    raise AssertionError(f"{page}: focus did not leave the page after {MOST_TAB_STOPS} Tab presses")


def page_of(url: str) -> str:
    return urldefrag(url)[0]


def test_every_page_of_the_web_edition_is_reached_by_keyboard(tabs, web_edition):
    """Breadth-first from index.html: Tab through each page, and for each link to a page not yet
    reached, Tab to it again and press Enter; the page that opens is the link's."""
    tab = tabs[0]
    start = (web_edition / "index.html").as_uri()
    reached, queue = {start}, deque([start])
    while queue:
        url = queue.popleft()
        stops = tab_stops(tab, url)
        assert stops, f"{url}: nothing takes keyboard focus"
        for position, stop in enumerate(stops, start=1):
            target = page_of(stop["href"] or "")
            if not target.startswith("file://") or target in reached or target == page_of(url):
                continue
            if Path(unquote(urlparse(target).path)).parent != web_edition or not target.endswith(".html"):
                continue  # the Word report, the feedback ...: outside webb/, not followed
            tab.open(url)
            for _ in range(position):
                tab.page.keyboard.press("Tab")
            assert tab.page.evaluate(FOCUSED)["href"] == stop["href"], (url, position, stop)
            with tab.page.expect_navigation(wait_until="load"):
                tab.page.keyboard.press("Enter")
            assert page_of(tab.page.url) == target, (url, stop, tab.page.url)
            assert tab.attempts == [], f"{target} tried to load from the network: {tab.attempts}"
            reached.add(target)
            queue.append(target)
    pages = {path.as_uri() for path in web_edition.glob("*.html")}
    assert len(pages) >= 8
    assert pages - reached == set(), f"not reached by keyboard from index.html: {sorted(pages - reached)}"


def test_the_first_tab_stop_is_the_skip_link_into_main(tabs, web_edition):
    for tab in tabs:
        for path in sorted(web_edition.glob("*.html")):
            tab.open(path)
            tab.page.keyboard.press("Tab")
            first = tab.page.evaluate(FOCUSED)
            assert first is not None and first["tag"] == "a" and first["text"] == SKIP_LINK, (path.name, first)
            assert first["href"] == f"{path.as_uri()}#innehall", first
            box = tab.page.evaluate("() => { const r = document.activeElement.getBoundingClientRect();"
                                    " return [r.left, r.top, r.width, r.height]; }")
            assert box[0] >= 0 and box[1] >= 0 and box[2] > 0 and box[3] > 0, (path.name, "skip link not shown", box)
            tab.page.keyboard.press("Enter")
            focused = tab.page.evaluate(FOCUSED)
            assert focused is not None and focused["inMain"], (path.name, "focus is not in <main>", focused)
            assert tab.attempts == [], f"{path} tried to load from the network: {tab.attempts}"


def test_a_request_off_this_machine_is_aborted_and_counted(browser, tmp_path):
    """The guard itself: a page that asks for an image over HTTP (loopback) gets nothing, and the
    attempt is recorded; file:// pages and their file:// parts load."""
    page = tmp_path / "natet.html"
    (tmp_path / "bild.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
                                       encoding="utf-8")
    page.write_text('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Nät</title></head><body>'
                    '<img id="lokal" src="bild.svg" alt="lokal"><img id="fjarr" src="http://127.0.0.1:9/bild.png"'
                    ' alt="fjärr"></body></html>', encoding="utf-8")
    tab = Offline(browser, VIEWPORTS[0])
    try:
        tab.page.goto(page.as_uri(), wait_until="load")
        widths = tab.page.evaluate("() => [lokal.naturalWidth, fjarr.naturalWidth]")
        assert widths == [4, 0]
        assert tab.attempts == ["http://127.0.0.1:9/bild.png"]
    finally:
        tab.context.close()
