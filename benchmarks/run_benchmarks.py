"""Benchmarks: where the time goes and how close each stage is to its limit.

    .venv/bin/python benchmarks/run_benchmarks.py [--parts stages,cli,checks,charts,national]
        [--municipalities 40] [--full-national] [--rows 10000000] [--output results.md]

Writes a Markdown table per part (and the machine it ran on) to --output and to the terminal.
Only public tools: this repository, Prefect, Dask, Great Expectations, pandas, matplotlib.

- stages: the bundled example's stages called as plain functions (import, intake, checks,
  assess, charts, Word), and the same run as the Prefect flow (Prefect's overhead).
- cli: `followup run` with a new Prefect database, with an existing one, and against a Prefect
  server already running (as `followup serve` runs, PREFECT_API_URL set), against the same
  stages as plain functions in a new process (benchmarks/plain_annual.py); `followup check`.
- checks: the statistics suite in Great Expectations against the same rules in vectorised
  pandas (the limit), on a generated frame of --rows rows.
- charts: our 48 indicator charts against bare matplotlib drawing the same lines at the same
  size and resolution (the limit).
- national: `run_national` on --municipalities municipalities with 1 and 2 Dask workers
  (scaling efficiency, reports per minute, peak memory per worker); --full-national adds all
  290 on 2 workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "vasteras"
PYTHON = sys.executable
FOLLOWUP = str(Path(PYTHON).parent / "followup")


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def _table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _holds(condition: bool) -> str:
    return "yes" if condition else "no"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    packages = ", ".join(f"{name} {version(name)}" for name in
                         ("prefect", "prefect-dask", "distributed", "great-expectations", "pandas", "matplotlib",
                          "python-docx"))
    return (f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}; {packages}; "
            f"{dt.date.today().isoformat()}")


def part_stages() -> str:
    """The bundled example, stage by stage, as plain functions and as the Prefect flow."""
    import_time = _timed(subprocess.run, [PYTHON, "-c", "import flows.annual, checks.runner, report.document.sections"],
                         cwd=ROOT, check=True)[0]
    from checks.drop import files_table
    from checks.runner import check_all
    from report.context import ReportContext
    from report.document.builder import build_document, save_document
    from report.document.figures import render_charts, render_summary_chart
    from report.document.sections import SECTIONS
    from report.method.assess import assess
    from sources.intake import take_in
    from sources.ledger import Ledger
    from sources.program import load_program
    from sources.readers import read_source

    program = load_program(EXAMPLE / "program.yaml")
    work = Path(tempfile.mkdtemp(prefix="bench-stages-"))
    inbox = work / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    rows = []
    with Ledger(work / "ledger.sqlite") as ledger:
        t_intake, (files, intake_issues) = _timed(take_in, inbox, work / "archive", ledger, 0)
    t_read, results = _timed(lambda: [read_source(f.archived, f.name, f.sha256) for f in files])
    t_check_cold, checked = _timed(check_all, results, program, 1990, 2026, intake_issues, None)
    t_check, checked = _timed(check_all, results, program, 1990, 2026, intake_issues, None)
    t_assess, assessment = _timed(assess, program, checked.statistics, checked.submissions, 2023)
    t_charts, charts = _timed(render_charts, program, checked.statistics, work / "diagram")
    t_summary, overview = _timed(render_summary_chart, assessment, work / "diagram")
    context = ReportContext(program=program, year=2023, assessment=assessment, submissions=checked.submissions,
                            issues=checked.issues, files=files_table(files, checked.files), charts=charts,
                            summary_chart=overview)
    t_word, _ = _timed(lambda: save_document(build_document(context, SECTIONS), work / "rapport.docx"))
    plain = t_intake + t_read + t_check + t_assess + t_charts + t_summary + t_word
    rows += [["import (new process: flows, checks, report)", _s(import_time)],
             ["intake (fingerprint, archive, ledger)", _s(t_intake)], ["read 12 files", _s(t_read)],
             ["checks, first in the process (Great Expectations import and context)", _s(t_check_cold)],
             ["checks, again", _s(t_check)], ["assess", _s(t_assess)],
             [f"charts ({len(charts)} indicators)", _s(t_charts)], ["summary chart", _s(t_summary)],
             ["Word document", _s(t_word)], ["**all stages as plain functions (warm)**", _s(plain)]]

    from flows.prefect_env import apply_defaults, local_server

    apply_defaults()
    with local_server():
        from flows.annual import annual_followup

        flow_times = []
        for _ in range(2):
            out = work / f"flow-{len(flow_times)}"
            flow_times.append(_timed(annual_followup, program_path=EXAMPLE / "program.yaml", inbox=inbox,
                                     output=out, year=2023, settle_seconds=0)[0])
    rows += [["the same as the Prefect flow (real local server; includes ledger, feedback, outputs)",
              _s(flow_times[-1])],
             ["Prefect flow / plain functions", f"{flow_times[-1] / plain:.2f}×"]]
    shutil.rmtree(work, ignore_errors=True)
    return "### Stages of the bundled example (2023)\n\n" + _table(["Stage", "Time"], rows)


def part_cli() -> str:
    """The command line as a user runs it: a new Prefect database, then an existing one (median of
    3), against the same stages as plain functions in a new process (benchmarks/plain_annual.py)."""
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}
    env.pop("PREFECT_API_URL", None)
    shutil.copytree(EXAMPLE / "inbox", work / "inbox")
    time.sleep(6)  # the copies must be older than the intake's settle time (5 s), or they wait
    command = [FOLLOWUP, "run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(work / "inbox"),
               "--year", "2023", "--output", str(work / "out")]
    first = _timed(subprocess.run, command, env=env, capture_output=True, check=True)[0]
    runs = [_timed(subprocess.run, command, env=env, capture_output=True, check=True)[0] for _ in range(3)]
    plain = [float(subprocess.run([PYTHON, str(ROOT / "benchmarks" / "plain_annual.py"), str(EXAMPLE / "program.yaml"),
                                   str(work / "inbox"), str(work / f"plain-{k}"), "2023"], env=env, capture_output=True,
                                  check=True, text=True).stdout) for k in range(3)]
    check = [_timed(subprocess.run, [FOLLOWUP, "check", "--program", str(EXAMPLE / "program.yaml"), "--inbox",
                                     str(work / "inbox")], env=env, capture_output=True)[0] for _ in range(3)]
    served = _with_running_server(env, work, command)
    shutil.rmtree(work, ignore_errors=True)
    second, plain_time, check_time = stats.median(runs), stats.median(plain), stats.median(check)
    ratio = second / plain_time
    rows = [["`followup run`, new Prefect database (first run on a machine)", _s(first), "reported separately", "–"],
            ["`followup run`, Prefect database exists (median of 3)", _s(second), "≤ 10 s", _holds(second <= 10)],
            ["the same stages as plain functions in a new process (benchmarks/plain_annual.py, median of 3)",
             _s(plain_time), "–", "–"],
            ["`followup run` / plain functions", f"{ratio:.2f}×", "≤ 1,5×", _holds(ratio <= 1.5)],
            ["`followup run` against a Prefect server already running (PREFECT_API_URL, median of 3)",
             _s(served), "≤ 10 s", _holds(served <= 10)],
            ["`followup check` (median of 3)", _s(check_time), "≤ 8 s", _holds(check_time <= 8)]]
    return "### Command line, bundled example\n\n" + _table(["Run", "Wall time", "Target", "Holds"], rows)


def _with_running_server(env: dict, work: Path, command: list[str]) -> float:
    """`followup run` (median of 3) against a Prefect server started beforehand and left running,
    as in operation (`followup serve`); the server's start is not counted."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(PYTHON).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        served = {**env, "PREFECT_API_URL": url}
        subprocess.run(command, env=served, capture_output=True, check=True)  # the flow's first run registers it
        return stats.median(_timed(subprocess.run, command, env=served, capture_output=True, check=True)[0]
                            for _ in range(3))
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _benchmark_program(indicators: int):
    from sources.program import parse_program

    return parse_program({
        "id": "bench", "name": "Benchmark", "municipality": {"code": "1980", "name": "Västerås"},
        "committees": {"KS": "Kommunstyrelsen"},
        "areas": [{"id": "a", "name": "A", "goals": [{"id": "1", "title": "Mål", "committees": ["KS"], "indicators": [
            {"id": f"N{k:05d}", "name": f"Nyckeltal {k}", "unit": "procent" if k % 2 else "antal",
             "direction": "increase", **({"bounds": [0, 100]} if k % 2 else {})} for k in range(indicators)]}]}]})


def pandas_failing(prepared, min_year: int, max_year: int,
                   areas: set[str] | None = None) -> dict[str, int]:
    """The statistics rules in vectorised pandas: the number of failing rows per rule."""
    areas = areas if areas is not None else set()
    period_ok = prepared["period"].str.match(r"^\d{4}(?:-Q[1-4])?$").fillna(False)
    number_ok = prepared["value"].str.match(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$").fillna(False)
    year = prepared["year"]
    return {
        "nyckeltal_ifyllt": int(prepared["indicator"].isna().sum()),
        # An id the program does not use is set aside; only a typo or a malformed id is an error.
        "känt_nyckeltal": int(prepared["indicator_error"].notna().sum()),
        "område_ifyllt": int(prepared["area"].isna().sum()),
        "känt_område": int((~prepared["area"].isin(areas) & prepared["area"].notna()).sum()),
        "period_ifylld": int(prepared["period"].isna().sum()),
        "period_format": int((~period_ok & prepared["period"].notna()).sum()),
        "rimligt_år": int(((year < min_year) | (year > max_year)).fillna(False).sum()),
        "känt_kön": int((~prepared["gender"].isin(["T", "K", "M"]) & prepared["gender"].notna()).sum()),
        "kön_i_filen": int(prepared["gender_hint"].notna().sum()),
        "värde_är_tal": int((~number_ok & prepared["value"].notna()).sum()),
        "inom_gränserna": int((prepared["within_bounds"] == "nej").fillna(False).sum()),
        "enhet": int((prepared["unit_ok"] == "nej").fillna(False).sum()),
        "unik_uppgift": int(prepared["key"].dropna().duplicated(keep=False).sum()),
    }


def part_checks(rows: int) -> str:
    """Great Expectations against vectorised pandas on the same rules and the same frame."""
    from benchmarks.national_data import statistics_frame
    from checks.suites import prepare_statistics, statistics_rules
    from checks.validation import Validation
    from sources.areas import known_areas

    program = _benchmark_program(100)
    frame = statistics_frame(rows, indicators=[f"N{k:05d}" for k in range(100)])
    t_prepare, prepared = _timed(prepare_statistics, frame, program)
    rules = statistics_rules(program, 1990, 2026)
    validation = Validation(None)
    t_gx, failing = _timed(validation.failing_records, prepared, rules, "bench")
    t_pandas, counted = _timed(pandas_failing, prepared, 1990, 2026,
                               known_areas(program))
    gx_counts = {name: len(ids) for name, ids in failing.items()}
    agree = "yes" if gx_counts == counted else f"no: {gx_counts} vs {counted}"
    table = _table(["Rows", "Rules", "Prepare (shared)", "Great Expectations", "Vectorised pandas", "Ratio",
                    "Same failing rows", "Target", "Holds"],
                   [[f"{rows:,}".replace(",", " "), len(rules), _s(t_prepare), _s(t_gx), _s(t_pandas),
                     f"{t_gx / t_pandas:.2f}×", agree, "≤ 2×", _holds(t_gx / t_pandas <= 2)]])
    failing_rows = ", ".join(f"{name} {count}" for name, count in counted.items() if count)
    return f"### Checks on {rows:,} rows\n\n".replace(",", " ") + table + f"\n\nFailing rows: {failing_rows}."


def part_charts(repeats: int = 3) -> str:
    """Our indicator charts against bare matplotlib drawing the same lines (same size and dpi)."""
    import matplotlib
    from matplotlib.figure import Figure

    from checks.runner import check_all
    from report.document.charts import (
        DPI,
        FIGSIZE,
        PNG_SETTINGS,
        SVG_SETTINGS,
        chart_data,
        indicator_chart,
        save_figure,
    )
    from report.method.assess import annual_series
    from sources.program import load_program
    from sources.readers import read_source

    program = load_program(EXAMPLE / "program.yaml")
    source = EXAMPLE / "inbox" / "kolada_export_2012-2023.csv"
    statistics = check_all([read_source(source, source.name, "")], program, 1990, 2026, [], None).statistics
    series = annual_series(statistics)
    datas = [chart_data(i, "1980", "Västerås", series) for i in program.indicators().values()]
    datas = [d for d in datas if d.has_data]
    folder = Path(tempfile.mkdtemp(prefix="bench-charts-"))

    def ours(svg: bool):  # as report/document/figures.py draws them: each chart on the figure of the one before
        figure = None
        for k, data in enumerate(datas):
            figure = indicator_chart(data, figure)
            save_figure(figure, folder / f"ours-{k}.png", svg=svg)

    def bare(svg: bool):
        for k, data in enumerate(datas):
            figure = Figure(figsize=FIGSIZE, dpi=DPI)
            axes = figure.add_subplot()
            for values in data.series.values():
                values = values.dropna()
                axes.plot(values.index, values.values)
            if data.reference is not None:
                axes.plot(data.reference.index, data.reference.values)
            figure.savefig(folder / f"bare-{k}.png", dpi=DPI, pil_kwargs=PNG_SETTINGS)
            if svg:
                with matplotlib.rc_context(SVG_SETTINGS):  # the same kind of SVG as ours
                    figure.savefig(folder / f"bare-{k}.svg", format="svg", metadata={"Date": None})

    ours(True)  # warm fonts and caches for both
    n, rows = len(datas), []
    for svg, files in ((False, "PNG (Word)"), (True, "PNG and SVG (Word and the web edition)")):
        # in turn, ours then bare, so that a drift of the shared machine's speed hits both
        pairs = [(_timed(ours, svg)[0], _timed(bare, svg)[0]) for _ in range(repeats)]
        t_ours, t_bare = stats.median(p[0] for p in pairs), stats.median(p[1] for p in pairs)
        ratio = stats.median(p[0] / p[1] for p in pairs)
        rows.append([files, n, _s(t_ours), _s(t_bare), f"{ratio:.2f}×",
                     f"{t_ours / n * 1000:.0f} ms / {t_bare / n * 1000:.0f} ms", "≤ 1,2×", _holds(ratio <= 1.2)])
    shutil.rmtree(folder, ignore_errors=True)
    return "### Charts\n\n" + _table(
        ["Files", "Charts", "Ours", "Bare matplotlib, same lines and files", "Ratio (median of pairs)",
         "Per chart (ours / bare)", "Target", "Holds"], rows)


def _memory_course(memory: list[dict]) -> str:
    """Each worker's peak memory once the run has finished 24 reports and once it has finished 145
    (or all, in a smaller run), in the order the reports finished; whether it stayed flat."""
    cells = []
    for process in sorted({m["process"] for m in memory}):
        peaks = [(order, m["peak_memory_mb"]) for order, m in enumerate(memory, 1) if m["process"] == process]
        early = max((peak for order, peak in peaks if order <= 24), default=peaks[0][1])
        late = max((peak for order, peak in peaks if order <= 145), default=early)
        flat = late <= early * 1.1 and late < 700
        cells.append(f"{early:.0f} → {late:.0f} MB ({_holds(flat)})")
    return "; ".join(cells)


def part_national(municipalities: int, full: bool) -> str:
    """run_national with 1 and 2 workers on a generated national drop."""
    from benchmarks.national_data import generate
    from flows.national import run_national
    from flows.prefect_env import apply_defaults, local_server

    apply_defaults()
    work = Path(tempfile.mkdtemp(prefix="bench-national-"))
    drop = work / "drop"
    t_generate, written = _timed(generate, drop, 290)
    rows = []
    settings = [(municipalities, 1), (municipalities, 2)] + ([(290, 2)] if full else [])
    times = {}
    with local_server():
        for count, workers in settings:
            inbox = work / f"inbox-{count}-{workers}"
            inbox.mkdir()
            for path in written:
                os.link(path, inbox / path.name)
            elapsed, outcome = _timed(run_national, EXAMPLE / "program.yaml", inbox, work / f"out-{count}-{workers}",
                                      2023, None, workers, limit=count, settle_seconds=0)
            times[(count, workers)] = elapsed
            rows.append([count, workers, _s(elapsed), f"{outcome['reports'] / elapsed * 60:.1f}",
                         len(outcome["failed"]), f"{outcome['peak_memory_mb']:.0f} MB",
                         _memory_course(outcome["memory"])])
    one, two = times[(municipalities, 1)], times[(municipalities, 2)]
    shutil.rmtree(work, ignore_errors=True)
    return (f"### National run ({len(written) - 1} submission files and one statistics file of about half a "
            f"million rows, generated in {_s(t_generate)})\n\n"
            + _table(["Municipalities", "Workers", "Wall time (intake and checks included)", "Reports per minute",
                      "Failed", "Peak memory per worker", "Each worker's peak after 24 reports → after 145 "
                      "(or its last); target flat within 10 % and < 700 MB"], rows)
            + f"\n\nScaling efficiency from 1 to 2 workers ({municipalities} municipalities): "
              f"{one / (2 * two) * 100:.0f} % (time with 1 worker / (2 × time with 2 workers)); target ≥ 90 %: "
              f"{_holds(one / (2 * two) >= 0.9)}."
            + (f" 290 reports on 2 workers: {_s(times[(290, 2)])}; target ≤ 6 min: {_holds(times[(290, 2)] <= 360)}."
               if full else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="stages,cli,checks,charts,national")
    parser.add_argument("--municipalities", type=int, default=40)
    parser.add_argument("--full-national", action="store_true")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--output", type=Path, default=None)
    arguments = parser.parse_args()
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))
    parts = {"stages": part_stages, "cli": part_cli, "checks": lambda: part_checks(arguments.rows),
             "charts": part_charts,
             "national": lambda: part_national(arguments.municipalities, arguments.full_national)}
    sections = [f"Machine: {machine()}"]
    for name in arguments.parts.split(","):
        started = time.perf_counter()
        sections.append(parts[name]())
        sys.stderr.write(f"{name}: {time.perf_counter() - started:.0f} s\n")
    text = "\n\n".join(sections) + "\n"
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
