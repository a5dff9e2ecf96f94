"""Fetch a program's Kolada values from the Kolada API v3 into an ordinary inbox file.

`/v3/data/kpi/{kpis}/municipality/{ids}/year/{years}` answers `{"values": [{"kpi",
"municipality", "period", "values": [{"gender", "count", "status", "value"}]}], "count",
"next_url"}`, at most 5,000 results a page; a path segment holds at most 25 ids. Each page is
followed through `next_url` until it is empty. The values are written as they came, in Kolada's
own JSON, into one file named for the program and the date: first under a hidden name
(`.<name>.partial`, which intake skips) and renamed when complete, so intake never sees half a
file and a failed fetch leaves nothing behind. From then on it is a dropped file like any other:
archived, fingerprinted, checked and listed.

HTTP is httpx (timeouts), retries are tenacity (exponential backoff on 429 and 5xx, honouring
`Retry-After`, and on connection errors). Each answer is kept for the day in a cache folder, so a
second fetch the same day asks nothing already answered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from sources.errors import FollowupError
from sources.kolada import KOLADA_SHAPED
from sources.program import Program

log = logging.getLogger(__name__)

DEFAULT_URL = "https://api.kolada.se/v3"
URL_VARIABLE = "FOLLOWUP_KOLADA_URL"
IDS_PER_SEGMENT = 25
PER_PAGE = 5000
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
ATTEMPTS = 5
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is capped


class FetchError(FollowupError):
    """The API could not be reached or answered wrongly; says what was fetched and what not."""


def base_url() -> str:
    return os.environ.get(URL_VARIABLE, DEFAULT_URL).rstrip("/")


@dataclass
class Fetched:
    """What one fetch asked and got."""

    records: list[dict] = field(default_factory=list)
    requests: int = 0  # HTTP requests sent (cache hits not counted)
    cached: int = 0  # pages answered from today's cache
    done: list[str] = field(default_factory=list)  # the request groups fully fetched, as 'N00957 …'

    @property
    def values(self) -> int:
        return sum(len(record.get("values") or []) for record in self.records)


def kolada_ids(program: Program) -> list[str]:
    """The program's indicators that are Kolada KPIs (ids shaped like Kolada's)."""
    return sorted(indicator for indicator in program.indicators() if KOLADA_SHAPED.match(indicator))


def area_ids(program: Program) -> list[str]:
    """The program's municipality, its peers (the program's and each indicator's), its references and Riket."""
    areas = {program.municipality.code, "0000", *program.peers}
    for indicator in program.indicators().values():
        areas |= set(program.peers_for(indicator))
        if indicator.reference:
            areas.add(indicator.reference)
    return sorted(areas)


def chunks(items: list[str], size: int = IDS_PER_SEGMENT) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _retryable(error: BaseException) -> bool:
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code == 429 or error.response.status_code >= 500
    return isinstance(error, (httpx.TransportError, _Truncated))


class _Truncated(Exception):
    """A body that is not the whole JSON document (a connection cut mid-answer)."""


def _wait(state: RetryCallState) -> float:
    """Retry-After when the server gives one (seconds), else exponential backoff from 0,5 s."""
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, httpx.HTTPStatusError):
        after = error.response.headers.get("Retry-After")
        if after and after.strip().isdigit():
            return min(float(after), MAX_RETRY_AFTER)
    return wait_exponential(multiplier=0.5, max=8)(state)


class KoladaClient:
    """GET with timeouts, retries and a cache of today's answers."""

    def __init__(self, url: str | None = None, cache: Path | None = None, today: dt.date | None = None,
                 transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] | None = None) -> None:
        self.url = (url or base_url()).rstrip("/")
        self.cache = cache
        self.today = today or dt.date.today()
        self.client = httpx.Client(timeout=TIMEOUT, transport=transport, follow_redirects=True,
                                   headers={"Accept": "application/json", "User-Agent": "followup"})
        self.requests = 0
        self.cached = 0
        self._get = retry(retry=retry_if_exception(_retryable), wait=_wait, stop=stop_after_attempt(ATTEMPTS),
                          reraise=True, sleep=sleep or time.sleep)(self._get_once)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _cache_path(self, url: str) -> Path | None:
        if self.cache is None:
            return None
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.cache / self.today.isoformat() / f"{digest}.json"

    def get(self, url: str) -> dict:
        path = self._cache_path(url)
        if path is not None and path.exists():
            self.cached += 1
            return json.loads(path.read_text(encoding="utf-8"))
        document = self._get(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            partial.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            partial.replace(path)
        return document

    def _get_once(self, url: str) -> dict:
        self.requests += 1
        response = self.client.get(url)
        response.raise_for_status()
        try:
            document = response.json()
        except ValueError:
            raise _Truncated(url) from None
        if not isinstance(document, dict) or not isinstance(document.get("values"), list):
            raise FetchError(f"Koladas svar på {url} har inte API:ts form (en lista 'values'). Kontrollera adressen "
                             f"i {URL_VARIABLE}.")
        return document

    def pages(self, url: str) -> Iterator[dict]:
        """Each page of an answer, following next_url until it is empty."""
        while url:
            document = self.get(url)
            yield document
            url = document.get("next_url") or ""


def data_urls(base: str, kpis: list[str], areas: list[str], years: list[int]) -> list[tuple[str, str]]:
    """(label, url) per request group: up to 25 KPIs by up to 25 areas, all the years."""
    year_text = ",".join(str(year) for year in years)
    return [(f"{_span(kpi_chunk, 'nyckeltal', 'nyckeltal')} för {_span(area_chunk, 'område', 'områden')}",
             f"{base}/data/kpi/{','.join(kpi_chunk)}/municipality/{','.join(area_chunk)}/year/{year_text}"
             f"?per_page={PER_PAGE}")
            for kpi_chunk in chunks(kpis) for area_chunk in chunks(areas)]


def _span(ids: list[str], one: str, many: str) -> str:
    """'nyckeltal N00957', '25 nyckeltal (N00300–N02902)'."""
    return f"{one} {ids[0]}" if len(ids) == 1 else f"{len(ids)} {many} ({ids[0]}–{ids[-1]})"


def fetch_values(client: KoladaClient, kpis: list[str], areas: list[str], years: list[int],
                 progress: Callable[[int, int], None] | None = None) -> Fetched:
    """Every value record of these KPIs, areas and years. A group that cannot be fetched raises
    FetchError naming what was fetched and what was not."""
    fetched = Fetched()
    groups = data_urls(client.url, kpis, areas, years)
    for number, (label, url) in enumerate(groups, start=1):
        try:
            for page in client.pages(url):
                fetched.records += [record for record in page["values"] if isinstance(record, dict)]
        except (httpx.HTTPError, _Truncated) as exc:
            missing = [name for name, _ in groups[number - 1:]]
            raise FetchError(_failure(exc, client.url, fetched.done, missing)) from None
        fetched.done.append(label)
        if progress:
            progress(number, len(groups))
    fetched.requests, fetched.cached = client.requests, client.cached
    return fetched


def _failure(exc: Exception, url: str, done: list[str], missing: list[str]) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        why = f"Kolada svarade {exc.response.status_code} efter {ATTEMPTS} försök"
    elif isinstance(exc, _Truncated):
        why = f"Koladas svar bröts av (ofullständig JSON) efter {ATTEMPTS} försök"
    else:
        why = f"Kolada ({url}) kunde inte nås efter {ATTEMPTS} försök ({type(exc).__name__})"
    fetched = (f"Hämtat: {'; '.join(done)}." if done else "Inget hämtades.")
    return (f"{why}. {fetched} Inte hämtat: {'; '.join(missing)}. Ingen fil har skrivits i inkorgen. Försök igen "
            f"senare, eller kontrollera nätet och adressen ({URL_VARIABLE}).")


def fetch_kpi_list(client: KoladaClient) -> list[dict]:
    """Kolada's KPI list (`/kpi`), every page."""
    rows: list[dict] = []
    url = f"{client.url}/kpi?per_page={PER_PAGE}"
    try:
        for page in client.pages(url):
            rows += [row for row in page["values"] if isinstance(row, dict) and row.get("id")]
    except (httpx.HTTPError, _Truncated) as exc:
        raise FetchError(_failure(exc, client.url, [], ["nyckeltalslistan"])) from None
    return rows


def fetched_name(program: Program, today: dt.date) -> str:
    return f"kolada_{program.id}_{today.isoformat()}.json"


def write_fetched(fetched: Fetched, inbox: Path, program: Program, today: dt.date) -> Path:
    """The values as one Kolada API JSON file in the inbox: written hidden, then renamed."""
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / fetched_name(program, today)
    partial = inbox / f".{target.name}.partial"
    document = {"values": fetched.records, "count": len(fetched.records),
                "source": "Kolada API v3", "fetched": today.isoformat()}
    partial.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(target)
    return target


def cache_dir() -> Path:
    """Today's answers are kept under XDG_CACHE_HOME (or ~/.cache)/followup/kolada."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "followup" / "kolada"
