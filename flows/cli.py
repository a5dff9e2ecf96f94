"""The `followup` command line (DESIGN.md's contract for scripts and schedulers).

    followup run   --program P.yaml --inbox DIR --year 2023 [--output DIR]
    followup check --program P.yaml --inbox DIR

Exit status of `run`: 0 when the report was made (even with rejected rows, which the report
lists); 1 with a one-line reason when no report could be made. `check`: 0 when no row was
rejected, 1 when some were (the feedback lists them), 2 when the check could not run.
"""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from flows.prefect_env import apply_defaults
from sources.errors import FollowupError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Uppföljning av hållbarhetsprogram: kontroll av inlämnade filer och årsrapport.")

PROGRAM = typer.Option(..., "--program", help="Programfilen (YAML).")
INBOX = typer.Option(..., "--inbox", help="Mappen där statistik och inrapporteringar lämnas.")
OUTPUT = typer.Option(Path("output"), "--output", help="Mappen där rapporterna skrivs.")
FEEDBACK = typer.Option(None, "--feedback", help="Mappen för återkoppling per fil (standard: bredvid inkorgen).")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"fel: {message}", err=True)
    return typer.Exit(code)


def _load(program: Path, inbox: Path):
    from sources.program import load_program

    if not inbox.is_dir():
        raise _fail(f"Inkorgen {inbox} finns inte eller är ingen mapp. Ange mappen med --inbox.")
    try:
        return load_program(program)
    except FollowupError as exc:
        raise _fail(str(exc)) from None


@app.command()
def run(program: Path = PROGRAM, inbox: Path = INBOX,
        year: int = typer.Option(..., "--year", min=1990, max=2100, help="Rapportåret."),
        output: Path = OUTPUT, feedback: Path | None = FEEDBACK,
        pdf: bool = typer.Option(False, "--pdf", help="Skriv också en PDF med ifylld innehållsförteckning.")) -> None:
    """Gör årsrapporten för ett program och ett år."""
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    loaded = _load(program, inbox)  # fail fast, before Prefect's server starts
    apply_defaults()
    from flows.annual import annual_followup
    from report.texts import counts_sentence, trends_sentence

    try:
        final = annual_followup(program_path=program, inbox=inbox, output=output, year=year,
                                feedback=feedback.resolve() if feedback else None, pdf=pdf)
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        where = exc.filename or ""
        raise _fail(f"Filen eller mappen {where} kunde inte läsas eller skrivas ({exc.strerror}).") from None
    import json

    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    typer.echo(f"Rapporten för {loaded.name}, {loaded.municipality.name} {year} är klar: {final}")
    typer.echo(counts_sentence(summary["goals"], summary["goals_total"]) + " "
               + trends_sentence(summary["trends"]))
    if pdf and not list(final.glob("*.pdf")):
        typer.echo("varning: ingen PDF skrevs; LibreOffice (soffice) eller pdftotext saknas.", err=True)


@app.command("run-many")
def run_many(program: Path = PROGRAM, inbox: Path = INBOX,
             year: int = typer.Option(..., "--year", min=1990, max=2100, help="Rapportåret."),
             output: Path = OUTPUT, feedback: Path | None = FEEDBACK,
             dask_address: str | None = typer.Option(None, "--dask-address",
                                                     help="Ett befintligt Dask-kluster (tcp://värd:8786); "
                                                          "standard: FOLLOWUP_DASK_ADDRESS eller ett lokalt."),
             workers: int | None = typer.Option(None, "--workers", min=1, max=256,
                                                help="Antal processer i det lokala klustret (standard 2)."),
             limit: int | None = typer.Option(None, "--limit", min=1, help="Bara de första N kommunerna.")) -> None:
    """Gör en rapport per kommun ur en nationell inkorg, parallellt på Dask."""
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    loaded = _load(program, inbox)
    apply_defaults()
    from flows.national import run_national
    from flows.prefect_env import local_server
    from sources.settings import OperationSettings

    operations = OperationSettings()
    try:
        with local_server():
            outcome = run_national(program, inbox, output, year, dask_address or operations.dask_address,
                                   workers or operations.dask_workers, limit=limit, progress=True,
                                   feedback=feedback.resolve() if feedback else None)
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{outcome['reports']} rapporter för {loaded.name} {year} är klara; sammanställning: "
               f"{outcome['summary']}")
    if outcome["failed"]:
        typer.echo(f"{len(outcome['failed'])} kommuner misslyckades:", err=True)
        for item in outcome["failed"]:
            typer.echo(f"  {item['code']} {item['name']}: {item['error']}", err=True)
        raise typer.Exit(1)


@app.command()
def quarterly(program: Path = PROGRAM, inbox: Path = INBOX,
              year: int = typer.Option(..., "--year", min=1990, max=2100, help="Året."),
              quarter: int = typer.Option(..., "--quarter", min=1, max=4, help="Kvartalet (1-4)."),
              output: Path = OUTPUT, feedback: Path | None = FEEDBACK) -> None:
    """Gör kvartalsstatus: påminnelselista, nyckeltal med nya värden och ett kort statusdokument."""
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    loaded = _load(program, inbox)
    apply_defaults()
    from flows.quarterly import quarterly_followup

    try:
        final = quarterly_followup(program_path=program, inbox=inbox, output=output, year=year, quarter=quarter,
                                   feedback=feedback.resolve() if feedback else None)
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    import json

    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    from report.quarterly import quarterly_sentence

    typer.echo(f"Kvartalsstatus för {loaded.name} {year}-Q{quarter} är klar: {final}")
    typer.echo(quarterly_sentence(summary))


@app.command()
def serve(program: Path = PROGRAM, inbox: Path = INBOX, output: Path = OUTPUT,
          feedback: Path | None = FEEDBACK) -> None:
    """Tjäna de schemalagda körningarna (år, kvartal, inläsning) från en process."""
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    _load(program, inbox)
    apply_defaults()
    from prefect import serve as prefect_serve

    from flows.deployments import build_deployments

    prefect_serve(*build_deployments(program, inbox, output, feedback.resolve() if feedback else None))


@app.command()
def check(program: Path = PROGRAM, inbox: Path = INBOX, feedback: Path | None = FEEDBACK,
          year: int | None = typer.Option(None, "--year", min=1990, max=2100,
                                          help="Året att kontrollera mot (standard: senaste året i statistiken).")
          ) -> None:
    """Kontrollera inlämnade filer utan att göra någon rapport."""
    from checks.drop import check_drop, feedback_lines, files_table
    from checks.feedback import write_feedback
    from report.coverage import coverage, coverage_lines, default_year
    from report.outputs import DATADOCS
    from sources.kolada import program_issues
    from sources.settings import RunSettings

    loaded = _load(program.resolve(), inbox.resolve())
    settings = RunSettings(program_path=program, inbox=inbox, output=Path("output"), feedback=feedback)
    docs = settings.feedback_dir / DATADOCS
    try:
        files, checked = check_drop(loaded, settings.inbox, settings.min_year, settings.max_year,
                                    settle_seconds=settings.settle_seconds, docs_dir=docs,
                                    period=loaded.period_label(year) if year else None,
                                    program_issues=program_issues(loaded, program.name))
        checked_year = year or default_year(loaded, checked.statistics, settings.today.year - 1)
        table = coverage(loaded, checked.statistics, checked_year)
        index = write_feedback(settings.feedback_dir, files_table(files, checked.files), checked.issues, docs,
                               table, checked_year)
    except OSError as exc:
        raise _fail(f"Inkorgen kunde inte läsas eller återkopplingen skrivas ({exc}).", 2) from None
    for line in feedback_lines(checked):
        typer.echo(line)
    for line in coverage_lines(table, checked_year, given=year is not None):
        typer.echo(line)
    errors = int((checked.issues["severity"] == "fel").sum())
    typer.echo(f"{len(checked.files)} filer kontrollerade, {errors} fel. Återkoppling per fil: {index}")
    raise typer.Exit(1 if errors else 0)


QUARTER = typer.Option(None, "--quarter", min=1, max=4, help="Kvartal (1-4), om kvartalsvis.")
TEMPLATE_OUTPUT = typer.Option(Path("output/mallar"), "--output", help="Mappen där mallarna skrivs.")
TEMPLATE_YEAR = typer.Option(..., "--year", min=1990, max=2100, help="Året som ska rapporteras.")


@app.command()
def templates(program: Path = PROGRAM, year: int = TEMPLATE_YEAR, quarter: int | None = QUARTER,
              output: Path = TEMPLATE_OUTPUT) -> None:
    """Skriv en inrapporteringsmall per nämnd och period."""
    from sources.program import load_program
    from sources.templates import write_templates

    try:
        loaded = load_program(program.resolve())
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    period = f"{year}-Q{quarter}" if quarter else loaded.period_label(year)
    written = write_templates(loaded, period, output.resolve())
    for path in written:
        typer.echo(str(path))
    typer.echo(f"{len(written)} mallar för {period} skrivna till {output.resolve()}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
