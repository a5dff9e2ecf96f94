"""The Kolada fetch flow: the program's Kolada values into the inbox, before the annual and the
quarterly runs (flows/deployments.py). Only wiring: sources/kolada_api.py does the work; the
fetched file is then taken in by the next run like any dropped file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.tasks import load_program_task
from sources.kolada_api import KoladaClient, area_ids, fetch_values, kolada_ids, write_fetched
from sources.program import Program, peek_program_id

CACHE = ".kolada-cache"  # inside the output folder: the day's answers


def run_name() -> str:
    return f"kolada-hamtning-{peek_program_id(flow_run.parameters['program_path'])}"


@task(cache_policy=NO_CACHE, name="fetch-kolada")
def fetch_task(program: Program, inbox: Path, output: Path, years: list[int]) -> Path:
    today = dt.date.today()
    with KoladaClient(cache=output / CACHE, today=today) as client:
        fetched = fetch_values(client, kolada_ids(program), area_ids(program), years)
    path = write_fetched(fetched, inbox, program, today)
    get_run_logger().info("%d values in %d requests (%d from today's cache): %s", fetched.values, fetched.requests,
                          fetched.cached, path)
    return path


@flow(name="kolada_fetch", flow_run_name=run_name, log_prints=False)
def kolada_fetch(program_path: Path, inbox: Path, output: Path, feedback: Path | None = None,
                 first_year: int | None = None) -> Path:
    """Fetch the program's Kolada KPIs (municipality, peers, Riket) for the twelve years up to last
    year (or from `first_year`) into the inbox; returns the written file."""
    program = load_program_task(Path(program_path))
    last = dt.date.today().year - 1
    years = list(range(first_year or last - 11, last + 1))
    return fetch_task(program, Path(inbox), Path(output), years)
