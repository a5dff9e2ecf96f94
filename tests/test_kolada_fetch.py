"""`followup fetch` against a local server shaped like the Kolada API v3 (no internet): paging
through next_url, at most 25 ids a path segment, retries on 503 and on 429 with Retry-After, a
truncated body, an unknown KPI, the day's cache, and a fetched file that the checks accept like
any dropped file. And `followup indicators search/show` on the bundled KPI list."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from collections import defaultdict

import pytest
from typer.testing import CliRunner
from werkzeug import Response

from checks.runner import check_all
from flows.cli import app
from sources.kolada_api import FetchError, KoladaClient, area_ids, fetch_values, kolada_ids, write_fetched
from sources.readers import read_source
from tests.conftest import EXAMPLE

PAGE = 400  # the fake server's page size (Kolada's is 5,000), so that paging is exercised
TODAY = dt.date(2024, 2, 1)
DATA_PATH = re.compile(r"^/v3/data/kpi/([^/]+)/municipality/([^/]+)/year/([^/]+)$")


def example_records() -> dict[tuple[str, str, int], list[dict]]:
    """The bundled Kolada export as the API's records: (kpi, municipality, year) -> values by gender."""
    found: dict[tuple[str, str, int], list[dict]] = defaultdict(list)
    with (EXAMPLE / "inbox" / "kolada_export_2012-2023.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found[(row["kpi"], row["municipality_id"], int(row["year"]))].append(
                {"gender": row["gender"], "count": 1, "status": row["status"] or None,
                 "value": float(row["value"]) if row["value"] else None})
    return found


class FakeKolada:
    """The v3 data path with paging; `faults` is a list of responses to give first, in order."""

    def __init__(self, server) -> None:
        self.server = server
        self.records = example_records()
        self.faults: list[Response] = []
        self.paths: list[str] = []
        server.expect_request(re.compile(r"^/v3/.*")).respond_with_handler(self.handle)

    def handle(self, request) -> Response:
        self.paths.append(request.full_path)
        if self.faults:
            return self.faults.pop(0)
        if request.path == "/v3/kpi":  # the KPI list, on two pages
            page = int(request.args.get("page", 1))
            rows = [{"id": "N00957", "title": "Ohälsotal, dagar", "description": "Dagar med sjukpenning.",
                     "is_divided_by_gender": True, "publication_date": "2024-01-20"},
                    {"id": "N99001", "title": "Nytt nyckeltal, andel (%)", "description": "Nytt i år.",
                     "is_divided_by_gender": False, "publication_date": "2024-02-01"}][page - 1:page]
            next_url = self.server.url_for("/v3/kpi?per_page=5000&page=2") if page == 1 else ""
            return Response(json.dumps({"values": rows, "count": 1, "next_url": next_url}),
                            content_type="application/json")
        match = DATA_PATH.match(request.path)
        if not match:
            return Response("{}", status=404)
        kpis, areas, years = (part.split(",") for part in match.groups())
        assert len(kpis) <= 25 and len(areas) <= 25
        rows = [{"kpi": kpi, "municipality": area, "period": int(year), "values": values}
                for kpi in kpis for area in areas for year in years
                if (values := self.records.get((kpi, area, int(year))))]
        page = int(request.args.get("page", 1))
        chunk = rows[(page - 1) * PAGE:page * PAGE]
        more = page * PAGE < len(rows)
        next_url = self.server.url_for(f"{request.path}?per_page=5000&page={page + 1}") if more else ""
        return Response(json.dumps({"values": chunk, "count": len(chunk), "next_url": next_url}),
                        content_type="application/json")


@pytest.fixture
def kolada(httpserver):
    return FakeKolada(httpserver)


def _client(httpserver, tmp_path, waits=None) -> KoladaClient:
    return KoladaClient(url=httpserver.url_for("/v3"), cache=tmp_path / "cache", today=TODAY,
                        sleep=(waits.append if waits is not None else lambda _: None))


def test_fetch_pages_through_every_kpi_and_area_and_the_checks_accept_the_file(kolada, httpserver, tmp_path,
                                                                               vasteras_program):
    kpis, areas = kolada_ids(vasteras_program), area_ids(vasteras_program)
    assert (len(kpis), areas) == (48, ["0000", "0380", "0484", "0580", "0581", "0680", "1880", "1980", "2180"])
    with _client(httpserver, tmp_path) as client:
        fetched = fetch_values(client, kpis, areas, list(range(2012, 2024)))
    # 48 KPIs in two segments of at most 25 (the 8 of the municipality's own compilation have no
    # Kolada values); 4,320 records on pages of 400: 11 requests
    assert (fetched.requests, len(fetched.records), fetched.values) == (11, 4320, 10152)
    path = write_fetched(fetched, tmp_path / "inkorg", vasteras_program, TODAY)
    assert path.name == "kolada_vasteras-social_2024-02-01.json"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no partial file left
    checked = check_all([read_source(path)], vasteras_program, 1990, 2026)
    errors = checked.issues[checked.issues["severity"] == "fel"]
    assert errors.empty, errors[["rule", "message"]].values.tolist()
    files = checked.files.set_index("file").loc[path.name]
    assert (files["rows"], files["status"]) == (10152, "accepterad")
    # the same values as the bundled export
    assert len(checked.statistics) == 8667 == sum(1 for values in example_records().values() for v in values
                                                  if v["value"] is not None)


def test_a_second_fetch_the_same_day_asks_nothing(kolada, httpserver, tmp_path):
    for expected in (1, 0):
        with _client(httpserver, tmp_path) as client:
            fetched = fetch_values(client, ["N00957", "N00945"], ["1980", "0000"], [2021, 2022])
        assert fetched.requests == expected and fetched.values == 12  # N00957 T, K, M; 2 areas, 2 years
    assert fetched.cached == 1


def test_503_and_429_are_retried_honouring_retry_after(kolada, httpserver, tmp_path):
    kolada.faults = [Response("upptaget", status=503), Response("för många", status=429, headers={"Retry-After": "7"})]
    waits: list[float] = []
    with _client(httpserver, tmp_path, waits) as client:
        fetched = fetch_values(client, ["N00957"], ["1980"], [2022])
    assert fetched.requests == 3 and fetched.values == 3
    assert waits[1] == 7.0 and 0 < waits[0] <= 8


def test_a_truncated_body_that_persists_fails_clearly_and_writes_nothing(kolada, httpserver, tmp_path,
                                                                         vasteras_program):
    kolada.faults = [Response('{"values": [{"kpi": "N00', status=200, content_type="application/json")] * 5
    inbox = tmp_path / "inkorg"
    with _client(httpserver, tmp_path) as client, pytest.raises(FetchError) as error:
        fetch_values(client, ["N00957", "N00945"], ["1980"], [2022])
    assert str(error.value).startswith("Koladas svar bröts av (ofullständig JSON) efter 5 försök. Inget hämtades. "
                                       "Inte hämtat: 2 nyckeltal (N00957–N00945) för område 1980. Ingen fil har "
                                       "skrivits i inkorgen.")
    assert not inbox.exists()


def test_an_unknown_kpi_gives_no_values_and_the_rest_is_fetched(kolada, httpserver, tmp_path):
    with _client(httpserver, tmp_path) as client:
        fetched = fetch_values(client, ["N00957", "N99999"], ["1980"], [2022])
    assert {record["kpi"] for record in fetched.records} == {"N00957"}


def test_the_fetch_command_reads_its_address_from_the_environment(kolada, httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_KOLADA_URL", httpserver.url_for("/v3"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    inbox = tmp_path / "inkorg"
    result = CliRunner().invoke(app, ["fetch", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox),
                                      "--years", "2012-2023"])
    assert result.exit_code == 0, result.output
    assert "10\u00a0152 värden för 48 nyckeltal, 9 områden och åren 2012–2023 hämtade (11 anrop, 0 ur dagens cache)" \
        in result.output
    assert len(list(inbox.glob("kolada_vasteras-social_*.json"))) == 1
    # `followup check` takes the file in once it has lain still for its settle time (5 s)
    for path in inbox.iterdir():
        os.utime(path, (path.stat().st_mtime - 10, path.stat().st_mtime - 10))
    checked = CliRunner().invoke(app, ["check", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox),
                                       "--feedback", str(tmp_path / "svar")])
    assert checked.exit_code == 0, checked.output
    assert "1 fil kontrollerad, 0 fel." in checked.output
    down = CliRunner().invoke(app, ["fetch", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox),
                                    "--years", "20x3"])
    assert down.exit_code == 1 and "--years '20x3' går inte att läsa" in down.output


def test_indicator_search_and_show():
    found = CliRunner().invoke(app, ["indicators", "search", "ohälsotal"])
    assert found.exit_code == 0
    lines = found.output.splitlines()
    assert lines[0] == "id\ttitel\tenhet\tkön\tpublicerad"
    assert lines[1] == "N00957\tOhälsotal, dagar\tdagar\tK/M\t2023-01-23"
    assert lines[-1] == "11 nyckeltal."
    shown = CliRunner().invoke(app, ["indicators", "show", "n00957"])
    assert shown.output.startswith("N00957 Ohälsotal, dagar\nUppdelat på kön: ja.")
    assert "Källa: Försäkringskassan." in shown.output
    missing = CliRunner().invoke(app, ["indicators", "search", "xyzzy"])
    assert missing.exit_code == 1 and "Inga nyckeltal hittades för 'xyzzy'." in missing.output


def test_the_report_is_made_from_a_fetched_file(kolada, httpserver, tmp_path, vasteras_program, prefect_server):
    """The bundled inbox with the fetched JSON in place of the downloaded Kolada export."""
    import shutil

    from flows.annual import annual_followup

    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    for path in (EXAMPLE / "inbox").iterdir():
        if not path.name.startswith("kolada_export"):
            shutil.copy2(path, inbox / path.name)
    with _client(httpserver, tmp_path) as client:
        fetched = fetch_values(client, kolada_ids(vasteras_program), area_ids(vasteras_program),
                               list(range(2012, 2024)))
    write_fetched(fetched, inbox, vasteras_program, TODAY)
    final = annual_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, year=2023, output=tmp_path / "ut",
                            settle_seconds=0)  # just written: intake would otherwise leave it for the next run
    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    # the same ratings as from the downloaded export
    assert summary["goals"] == {"green": 1, "yellow": 16, "red": 7, "not_assessed": 0}
    manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["inputs"] if e["file"] == "kolada_vasteras-social_2024-02-01.json")
    assert entry["status"] == "accepterad"


def test_the_fetch_flow_runs_under_prefect(kolada, httpserver, tmp_path, monkeypatch, prefect_server):
    from flows.fetch import CACHE, kolada_fetch

    monkeypatch.setenv("FOLLOWUP_KOLADA_URL", httpserver.url_for("/v3"))
    path = kolada_fetch(program_path=EXAMPLE / "program.yaml", inbox=tmp_path / "inkorg", output=tmp_path / "ut",
                        first_year=2020)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert path.parent == tmp_path / "inkorg" and document["count"] == len(document["values"]) > 0
    assert {record["period"] for record in document["values"]} <= set(range(2020, dt.date.today().year))
    assert any((tmp_path / "ut" / CACHE).rglob("*.json"))  # the day's answers, for a second run


def test_the_indicator_list_is_refreshed_from_the_api(kolada, httpserver, tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_KOLADA_URL", httpserver.url_for("/v3"))
    target = tmp_path / "kpis.csv"
    updated = CliRunner().invoke(app, ["indicators", "update", "--fil", str(target)])
    assert updated.exit_code == 0 and f"2 nyckeltal skrivna till {target}" in updated.output
    found = CliRunner().invoke(app, ["indicators", "search", "nytt", "--fil", str(target)])
    assert found.output.splitlines()[1:] == ["N99001\tNytt nyckeltal, andel (%)\tandel (%)\t–\t2024-02-01",
                                             "1 nyckeltal."]
