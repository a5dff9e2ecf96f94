"""The national run: reference data, the generator, the split per municipality, the same checks
in pandas as in Great Expectations (the benchmark's limit), and one smoke run on Dask."""

import sys

import pandas as pd
import pytest
from docx import Document

from sources.locking import RunInProgress
from sources.national import code_in_file_name, municipality_names, program_for
from sources.program import load_program
from tests.conftest import ROOT
from tests.helpers import lock_held_elsewhere

sys.path.insert(0, str(ROOT))
from benchmarks.national_data import generate, statistics_frame, statistics_rows  # noqa: E402

PROGRAM = ROOT / "examples" / "vasteras" / "program.yaml"


def test_the_290_municipalities_with_their_codes():
    names = municipality_names()
    assert len(names) == 290
    assert all(len(code) == 4 and code.isdigit() for code in names)
    assert (names["0114"], names["0180"], names["1980"], names["2584"]) == (
        "Upplands Väsby", "Stockholm", "Västerås", "Kiruna")
    assert "0000" not in names


def test_a_submission_file_names_its_municipality():
    assert code_in_file_name("inrapportering_0114_2023.xlsx") == "0114"
    assert code_in_file_name("0180_2023-Q2.xlsx") == "0180"
    assert code_in_file_name("inrapportering_vasteras-ekologisk_ks_2023.xlsx") is None  # 2023: a year
    assert code_in_file_name("inrapportering_9999_2023.xlsx") is None  # not a municipality
    assert code_in_file_name("kolada_nationell_2008-2023.csv") is None
    assert code_in_file_name("inrapportering_ks_2023.xlsx") is None


def test_generator_is_deterministic_and_kolada_sized(tmp_path):
    program = load_program(PROGRAM)
    series = sum(3 if indicator.by_sex else 1 for indicator in program.indicators().values())
    assert series == 108
    written = generate(tmp_path / "a", municipalities=3)
    again = generate(tmp_path / "b", municipalities=3)
    assert [p.name for p in written] == ["kolada_nationell_2008-2023.csv", "inrapportering_0114_2023.xlsx",
                                         "inrapportering_0115_2023.xlsx", "inrapportering_0117_2023.xlsx"]
    assert written[0].read_bytes() == again[0].read_bytes()
    frame = pd.read_csv(written[0], dtype={"municipality_id": str})
    assert len(frame) == 4 * 16 * series  # 3 municipalities and Riket, 2008-2023
    assert sorted(frame["municipality_id"].unique()) == ["0000", "0114", "0115", "0117"]
    # the full setting: 290 municipalities and Riket, about half a million rows
    import numpy as np

    full = statistics_rows(program, sorted(municipality_names()), np.random.default_rng(290))
    assert len(full) == 291 * 16 * 108 == 502_848


def test_split_gives_each_municipality_its_own_slice():
    from report.national import municipalities_in, split_national

    program = load_program(PROGRAM)
    statistics = pd.DataFrame({"indicator": "N00957", "area": ["0114", "0115", "0000", "1880", "0180"],
                               "period": "2023", "year": 2023, "quarter": pd.NA, "gender": "T",
                               "value": [1.0, 2.0, 3.0, 4.0, 5.0]})
    submissions = pd.DataFrame({"file": ["inrapportering_0114_2023.xlsx", "inrapportering_0115_2023.xlsx"],
                                "goal": ["1.1", "1.2"]})
    files = pd.DataFrame({"file": ["kolada_nationell_2008-2023.csv", "inrapportering_0114_2023.xlsx",
                                   "inrapportering_0115_2023.xlsx"]})
    issues = pd.DataFrame({"file": ["inrapportering_0115_2023.xlsx"], "severity": ["fel"]})
    municipalities = municipalities_in(statistics, municipality_names())
    assert municipalities == [("0114", "Upplands Väsby"), ("0115", "Vallentuna"), ("0180", "Stockholm"),
                              ("1880", "Örebro")]
    first, second = split_national(program, statistics, submissions, files, issues, municipalities[:2])
    assert first.program.id == "vasteras-social-0114"
    assert first.program.municipality.name == "Upplands Väsby"
    # own rows, Riket and the program's peer group (Örebro is one of them; Stockholm is not)
    assert sorted(first.statistics["area"]) == ["0000", "0114", "1880"]
    assert list(first.submissions["goal"]) == ["1.1"] and list(second.submissions["goal"]) == ["1.2"]
    assert list(first.files["file"]) == ["kolada_nationell_2008-2023.csv", "inrapportering_0114_2023.xlsx"]
    assert first.issues.empty and len(second.issues) == 1


def test_pandas_limit_finds_the_same_failing_rows_as_great_expectations():
    from benchmarks.run_benchmarks import _benchmark_program, pandas_failing
    from checks.suites import prepare_statistics, statistics_rules
    from checks.validation import Validation
    from sources.areas import known_areas

    program = _benchmark_program(10)
    frame = statistics_frame(20_000, indicators=[f"N{k:05d}" for k in range(12)])  # two unknown indicators
    prepared = prepare_statistics(frame, program)
    rules = statistics_rules(program, 1990, 2026)
    failing = Validation(None).failing_records(prepared, rules, "likhet")
    counted = pandas_failing(prepared, 1990, 2026, known_areas(program))
    assert {name: len(ids) for name, ids in failing.items()} == counted
    # N00010 and N00011, every 12th row each: not Kolada ids and close to the program's, so typos
    assert counted["känt_nyckeltal"] == 20_000 // 12 * 2
    assert (counted["känt_kön"], counted["värde_är_tal"]) == (4, 20)


def test_national_run_on_dask_lists_a_failing_municipality_and_finishes_the_others(prefect_server, tmp_path,
                                                                                     monkeypatch):
    """Three municipalities on a one-worker LocalCluster; one cannot write its output folder."""
    from prefect.settings import PREFECT_API_URL

    from flows.national import run_national

    # The Dask worker is another process: it reaches the test server through the environment.
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    inbox = tmp_path / "inkorg"
    generate(inbox, municipalities=3)
    output = tmp_path / "ut"
    output.mkdir()
    (output / "vasteras-social-0115").write_text("en fil där mappen skulle ligga", encoding="utf-8")
    outcome = run_national(PROGRAM, inbox, output, 2023, None, 1, settle_seconds=0)
    assert outcome["reports"] == 2
    assert [(f["code"], f["name"]) for f in outcome["failed"]] == [("0115", "Vallentuna")]
    summary = pd.read_csv(outcome["summary"], dtype={"kod": str})
    assert list(zip(summary["kod"], summary["status"], strict=True)) == [
        ("0114", "klar"), ("0115", "misslyckades"), ("0117", "klar")]
    program = load_program(PROGRAM)
    report = output / "vasteras-social-0117" / "2023" / "uppfoljning_vasteras-social-0117_2023.docx"
    document = Document(report)
    goal_cells = {row.cells[0].text for table in document.tables if len(table.columns) == 6
                  and table.rows[0].cells[2].text == "Bedömning" for row in table.rows[1:]}
    assert goal_cells == {f"{goal.id} {goal.title}" for _, goal in program.goals()}
    assert document.sections[0].header.paragraphs[0].text.startswith("Österåker – Program för social hållbarhet")
    assert program_for(program, "0117", "Österåker").municipality.code == "0117"
    assert outcome["issues"] == 0
    # Data Docs in the national run's folder, linked from every report's annex
    datadocs = output / "vasteras-social-nationell" / "2023" / "datadocs" / "index.html"
    assert datadocs.is_file()
    links = {link.address for paragraph in document.paragraphs for link in paragraph.hyperlinks
             if "datadocs" in link.address}
    assert links == {"../../vasteras-social-nationell/2023/datadocs/index.html"}
    assert (report.parent / next(iter(links))).resolve() == datadocs.resolve()
    assert [(m["process"] > 0, m["memory_mb"] > 0) for m in outcome["memory"]] == [(True, True)] * 2
    # the same per-period lock as the annual run: a second national run of the period is refused
    with lock_held_elsewhere(output / "vasteras-social-nationell" / ".2023.lock"), \
            pytest.raises(RunInProgress, match="nationell"):
        run_national(PROGRAM, inbox, output, 2023, None, 1, settle_seconds=0)


def test_completed_yields_each_report_as_it_finishes_and_keeps_none(prefect_server):
    """The national flow's loop over finished reports: all of them, in the order they finish, and
    none kept once read (Prefect's as_completed kept every future, so Dask kept every report's
    data on its worker)."""
    import gc
    import threading
    import weakref

    from prefect import flow, task
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.national import completed

    gates = {name: threading.Event() for name in ("a", "b", "c")}

    def alive_after_callbacks(refs: list) -> int:
        """The futures still alive once the worker threads have left their done callbacks (which
        hold the future for a moment after the loop has it); at most 5 s."""
        for _ in range(50):
            gc.collect()
            alive = sum(ref() is not None for ref in refs)
            if not alive:
                return 0
            threading.Event().wait(0.1)
        return alive

    @task
    def waits_for(name: str) -> str:
        gates[name].wait(30)
        return name

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=3))
    def three() -> tuple[list, list]:
        order, read, kept = [], [], []
        gates["b"].set()
        for future, name in completed(waits_for.submit, ["a", "b", "c"], 3):
            order.append((name, future.result()))
            read.append(weakref.ref(future))
            del future
            kept.append(alive_after_callbacks(read))  # while the others still run
            gates["c" if name == "b" else "a"].set()
        return order, kept

    order, kept = three()
    assert order == [("b", "b"), ("c", "c"), ("a", "a")]
    assert kept == [0, 0, 0]


def test_completed_keeps_at_most_a_window_of_reports_on_the_cluster():
    """Dask hands a worker every task submitted to it, with its data: the national flow submits a
    window of reports and the next one as each finishes."""
    from concurrent.futures import Future

    from flows.national import completed

    submitted = []

    def submit(item: int) -> Future:
        submitted.append(item)
        future = Future()
        future.set_result(item * 10)
        return future

    seen = [(future.result(), item, len(submitted)) for future, item in completed(submit, list(range(7)), 3)]
    assert seen == [(0, 0, 3), (10, 1, 4), (20, 2, 5), (30, 3, 6), (40, 4, 7), (50, 5, 7), (60, 6, 7)]
