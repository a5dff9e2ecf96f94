"""The `followup` command line (DESIGN.md's contract for scripts and schedulers).

    followup run   --program P.yaml --inbox DIR --year 2023 [--output DIR] [--tillat-saknade-ar]
    followup check --program P.yaml --inbox DIR
    followup verify --output DIR

Exit status of `run`: 0 when the report was made (even with rejected rows, which the report
lists); 1 with a one-line reason when no report could be made (also for a year after the
statistics' last year, unless --tillat-saknade-ar). `check`: 0 when no row was rejected, 1 when
some were (the feedback lists them), 2 when the check could not run. `verify`: 0 when the archive,
the ledger and every manifest agree, 1 naming each difference. SIGTERM and Ctrl-C end a run with
one line and exit 1, its staging folder removed. A usage error: 2, with a Swedish line naming
the option.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from typer import rich_utils
from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError
from typer.core import TyperCommand, TyperGroup

from flows.prefect_env import apply_defaults, local_server
from flows.progress import ANNUAL_STEPS, QUARTERLY_STEPS, quiet_prefect, step_bar
from sources.errors import FollowupError
from sources.vocabulary import count_severity

# --- The Swedish frame -------------------------------------------------------------------------
# Typer 0.29 carries its own copy of click (typer._click) with the frame's words written in
# English, not through gettext. The frame is made Swedish in three places, all in this module:
# typer's rich help and error panels read their words from rich_utils' constants at each call
# (set below); the usage line and the help option come from SwedishCommand/SwedishGroup; and
# every usage error is rewritten in Swedish from the exception's parts (option, pydantic error
# type, range) where it is raised, in parse_args and the group's invoke.

RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "REQUIRED_LONG_STRING": "[krävs]",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "DEPRECATED_STRING": "(utgår) ",
    "ABORTED_TEXT": "Avbrutet.",
    "RICH_HELP": "Skriv [blue]'{command_path} {help_option}'[/] för hjälp.",
}
for _name, _word in RICH_WORDS.items():
    setattr(rich_utils, _name, _word)

USAGE_PREFIX = "Användning: "
HELP_TEXT = "Visa den här hjälpen och avsluta."
NOUNS = {"--year": "ett år", "--quarter": "ett kvartal", "--workers": "ett antal", "--limit": "ett antal"}
SAMPLES = {"--year": "2023", "--quarter": "2", "--workers": "2", "--limit": "10"}


class SwedishUsageError(UsageError):
    """A usage error whose message is already the Swedish line to show."""

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        """Without rich (TYPER_USE_RICH=0): the usage line, the hint and the reason."""
        if self.ctx is not None:
            typer.echo(f"{self.ctx.get_usage()}\nSkriv '{self.ctx.command_path} --help' för hjälp.", err=True)
        typer.echo(f"fel: {self.message}", err=True)


def _option(param: Any) -> str:
    opts = list(getattr(param, "opts", None) or [])
    long = [opt for opt in opts if opt.startswith("--")]
    return (long or opts or [str(getattr(param, "name", "?"))])[0]


def _value_problem(error: BadParameter) -> str:
    """Why an option's value was refused, from pydantic's error type (typer validates with it)."""
    param, name = error.param, _option(error.param)
    noun = NOUNS.get(name, "ett värde")
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    cause = error.__cause__
    detail = cause.errors()[0] if hasattr(cause, "errors") and cause.errors() else {}
    kind, value = detail.get("type", ""), detail.get("input", "")
    if kind in {"less_than_equal", "less_than", "greater_than_equal", "greater_than"}:
        if low is not None and high is not None:
            return f"{value} ligger utanför {low}–{high}. Ange {noun} från {low} till {high}."
        if low is not None:
            return f"{value} är för litet. Ange {noun} som är minst {low}."
        return f"{value} är för stort. Ange {noun} som är högst {high}."
    if kind == "int_parsing" or kind == "int_from_float":
        sample = f", till exempel {name} {SAMPLES[name]}" if name in SAMPLES else ""
        return f"'{value}' är inget heltal. Ange {noun} med siffror{sample}."
    if kind == "float_parsing":
        return f"'{value}' är inget tal. Ange {noun} med siffror."
    if kind == "bool_parsing":
        return f"'{value}' är varken ja eller nej."
    return f"'{value}' kan inte användas. Se hjälpen för {name}."


def swedish_message(error: UsageError) -> str:
    """One Swedish line for a usage error of typer's click: which option and what to do."""
    if isinstance(error, MissingParameter) and error.param is not None:
        name, what = _option(error.param), (error.param.help or "").strip().rstrip(".")
        return f"Flaggan {name} saknas" + (f": ange {what[:1].lower()}{what[1:]}." if what else ".")
    if isinstance(error, BadParameter) and error.param is not None:
        return f"Ogiltigt värde för {_option(error.param)}: {_value_problem(error)}"
    if isinstance(error, NoSuchOption):
        guess = " eller ".join(sorted(error.possibilities or []))
        return f"Flaggan {error.option_name} finns inte." + (f" Menade du {guess}?" if guess else "")
    if isinstance(error, BadOptionUsage):
        if "does not take a value" in error.message:
            return f"Flaggan {error.option_name} tar inget värde."
        return f"Flaggan {error.option_name} behöver ett värde."
    message = error.message
    if match := re.match(r"No such command '(.*?)'\.?(?: Did you mean (.*)\?)?$", message):
        guess = match.group(2)
        return f"Kommandot '{match.group(1)}' finns inte." + (
            f" Menade du {guess.replace(', ', ' eller ')}?" if guess else "")
    if message.startswith("Missing command"):
        return "Ange ett kommando, till exempel followup run."
    if match := re.match(r"Got unexpected extra argument\(s\) \((.*)\)", message):
        return (f"Oväntat värde utan flagga: {match.group(1)}. Varje värde anges efter sin flagga, "
                "till exempel --year 2023.")
    return f"Kommandoraden kunde inte tolkas: {message}"


def _swedish(error: UsageError, ctx) -> UsageError | None:
    """The Swedish error to raise instead, or None for one already Swedish (or the help)."""
    if isinstance(error, SwedishUsageError) or type(error).__name__ == "NoArgsIsHelpError":
        return None
    return SwedishUsageError(swedish_message(error), ctx=error.ctx or ctx)


class _SwedishFrame:
    """The usage line, the help option and the usage errors in Swedish."""

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help, option.metavar = HELP_TEXT, ""
        return option

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            swedish = _swedish(error, ctx)
            if swedish is None:
                raise
            raise swedish from error


class SwedishCommand(_SwedishFrame, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[FLAGGOR]"
        super().__init__(*args, **kwargs)


class SwedishGroup(_SwedishFrame, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[FLAGGOR]"
        kwargs["subcommand_metavar"] = "KOMMANDO [FLAGGOR]..."
        super().__init__(*args, **kwargs)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as error:
            swedish = _swedish(error, ctx)
            if swedish is None:
                raise
            raise swedish from error


app = typer.Typer(add_completion=False, no_args_is_help=True, cls=SwedishGroup,
                  help="Uppföljning av hållbarhetsprogram: kontroll av inlämnade filer, årsrapport, "
                       "kvartalsstatus och schemalagda körningar.",
                  epilog="Exempel: followup run --program examples/vasteras/program.yaml "
                         "--inbox examples/vasteras/inbox --year 2023 (followup KOMMANDO --help visar "
                         "kommandots flaggor).")


def command(name: str | None = None, example: str = ""):
    """A command of the app with the Swedish frame and its help ending in an example."""
    return app.command(name, cls=SwedishCommand, epilog=f"Exempel: {example}")


EXAMPLE_PROGRAM = "--program examples/vasteras/program.yaml"
EXAMPLE_INBOX = "--inbox examples/vasteras/inbox"
PROGRAM = typer.Option(..., "--program", metavar="FIL", help="Programfilen (YAML).")
INBOX = typer.Option(..., "--inbox", metavar="MAPP", help="Mappen där statistik och inrapporteringar lämnas.")
OUTPUT = typer.Option(Path("output"), "--output", metavar="MAPP", help="Mappen där rapporterna skrivs.")
FEEDBACK = typer.Option(None, "--feedback", metavar="MAPP",
                        help="Mappen för återkoppling per fil (standard: bredvid inkorgen).")
VERBOSE = typer.Option(False, "--verbose", "-v", metavar="",
                       help="Visa Prefects logg för varje steg (annars bara varningar, fel och en förloppsrad).")
ALLOW_MISSING_YEARS = typer.Option(False, "--tillat-saknade-ar", metavar="",
                                   help="Gör rapporten även om rapportåret ligger efter statistikens sista "
                                        "år; titelsidan säger då att bedömningarna bygger på äldre värden.")


def _year(help_text: str = "Rapportåret.", default: Any = ...) -> Any:
    return typer.Option(default, "--year", min=1990, max=2100, metavar="ÅR", help=help_text)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"fel: {message}", err=True)
    return typer.Exit(code)


def cannot_run(exc: BaseException, output: Path) -> str | None:
    """One Swedish line for why a run could not be made, from an error of the database or the
    file system (None for any other error: a defect, shown with its traceback)."""
    import errno
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        ledger, text = output / "ledger.sqlite", str(exc)
        if "locked" in text:
            return (f"Registret {ledger} är låst av en annan process (till exempel inläsningen); försök igen om en "
                    "stund.")
        if "readonly" in text:
            return f"Registret {ledger} är skrivskyddat; ge körningens användare skrivrätt till filen och dess mapp."
        if "not a database" in text or "malformed" in text:
            return (f"Registret {ledger} är skadat ({text}); återställ det från säkerhetskopian. Arkivet med "
                    "originalfilerna och den förra rapporten finns kvar.")
        return f"Registret {ledger} kunde inte användas ({text})."
    if isinstance(exc, OSError):
        where = exc.filename or output
        if exc.errno == errno.ENOSPC:
            return (f"Disken är full: {where} kunde inte skrivas. Frigör utrymme och kör igen; den förra "
                    "rapporten och arkivet finns kvar.")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"Behörighet saknas: {where} kunde inte läsas eller skrivas ({exc.strerror}). Ge körningens "
                    "användare skrivrätt till utmappen och läsrätt till inkorgen.")
        return f"Filen eller mappen {where} kunde inte läsas eller skrivas ({exc.strerror})."
    return None


def _unmade(exc: Exception, output: Path) -> typer.Exit:
    """The one-line exit for a run that could not be made; any other error is raised as it is."""
    reason = str(exc) if isinstance(exc, FollowupError) else cannot_run(exc, output)
    if reason is None:
        raise exc
    return _fail(reason)


def _load(program: Path, inbox: Path):
    from sources.program import load_program
    from sources.settings import OperationSettings

    if not inbox.is_dir():
        raise _fail(f"Inkorgen {inbox} finns inte eller är ingen mapp. Ange mappen med --inbox.")
    try:
        OperationSettings.load()  # the environment's settings too, before Prefect's server starts
        return load_program(program)
    except FollowupError as exc:
        raise _fail(str(exc)) from None


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler's timeout, a shutdown), raised like Ctrl-C so that every block on the
    way out runs: the staging folder is removed, the lock released, the Prefect server stopped."""


def _terminate(signum, frame) -> None:
    raise Terminated(signum)


INTERRUPTED = ("Körningen avbröts ({signal}); ingen ny rapport publicerades och den förra finns kvar. Kör "
               "kommandot igen för att göra rapporten.")


def _interrupted(exc: KeyboardInterrupt) -> typer.Exit:
    return _fail(INTERRUPTED.format(signal="SIGTERM" if isinstance(exc, Terminated) else "avbruten med Ctrl-C"))


@contextmanager
def guarded_run(loaded, output: Path, period: str, command_name: str, national: bool = False) -> Iterator[None]:
    """The period's lock, taken before Prefect's server starts (a run refused because another one
    holds it answers at once, in one line), and the run's outcome in the ledger's runs table:
    klar, avbruten or inte gjord with the reason. The flow takes the same lock again (re-entrant
    in a process, sources/locking.py), so a flow run from Python or a deployment is guarded too."""
    from report.locks import lock_path, national_lock_path
    from sources.locking import run_lock
    from sources.settings import OperationSettings

    path = (national_lock_path if national else lock_path)(output, loaded.id, period)
    what = f"{loaded.name} {period}" + (" (nationell)" if national else "")
    started = dt.datetime.now(dt.UTC)
    with run_lock(path, what, OperationSettings.load().lock_wait_seconds):
        try:
            yield
        except KeyboardInterrupt:
            _record(output, started, command_name, loaded.id, period, "avbruten", None)
            raise
        except Exception as exc:
            _record(output, started, command_name, loaded.id, period, "inte gjord", str(exc)[:500])
            raise
        _record(output, started, command_name, loaded.id, period, "klar", None)


def _record(output: Path, started: dt.datetime, command_name: str, program: str, period: str, outcome: str,
            reason: str | None) -> None:
    import os
    import sqlite3

    from sources.ledger import Ledger

    try:
        with Ledger(output / "ledger.sqlite", busy_seconds=5) as ledger:
            ledger.record_run(started.isoformat(timespec="seconds"),
                              dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), command_name, program, period,
                              outcome, reason, os.getpid())
    except (sqlite3.Error, OSError) as exc:  # the run's own line says why; the ledger may be the cause
        logging.getLogger(__name__).info("körningen kunde inte antecknas i registret: %s", exc)


@command(example=f"followup run {EXAMPLE_PROGRAM} {EXAMPLE_INBOX} --year 2023")
def run(program: Path = PROGRAM, inbox: Path = INBOX, year: int = _year(),
        output: Path = OUTPUT, feedback: Path | None = FEEDBACK,
        pdf: bool = typer.Option(False, "--pdf", metavar="",
                                 help="Skriv också en PDF med ifylld innehållsförteckning."),
        allow_missing_years: bool = ALLOW_MISSING_YEARS, verbose: bool = VERBOSE) -> None:
    """Gör årsrapporten för ett program och ett år.

    En körning för ett rapportår efter statistikens sista år avbryts med en förklaring, om
    inte --tillat-saknade-ar anges.
    """
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    loaded = _load(program, inbox)  # fail fast, before Prefect's server starts
    apply_defaults()
    quiet_prefect(verbose)
    try:
        steps = {name: words for name, words in ANNUAL_STEPS.items() if pdf or name != "write-pdf"}
        with guarded_run(loaded, output, loaded.period_label(year), "run"), local_server() as server, \
                step_bar(steps, enabled=not verbose):
            # imported while the server boots in its own process
            import great_expectations  # noqa: F401  (the checks need it; 1,7 s to import here)

            from flows.annual import annual_followup

            imports_done()
            server.ready()
            final = annual_followup(program_path=program, inbox=inbox, output=output, year=year,
                                    feedback=feedback.resolve() if feedback else None, pdf=pdf,
                                    allow_missing_years=allow_missing_years)
    except KeyboardInterrupt as exc:
        raise _interrupted(exc) from None
    except Exception as exc:
        raise _unmade(exc, output) from None
    import json

    from report.texts import counts_sentence, trends_sentence

    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    typer.echo(f"Rapporten för {loaded.name}, {loaded.municipality.name} {year} är klar: {final}")
    typer.echo(counts_sentence(summary["goals"], summary["goals_total"]) + " "
               + trends_sentence(summary["trends"]))
    if pdf and not list(final.glob("*.pdf")):
        typer.echo("varning: ingen PDF skrevs; LibreOffice (soffice) eller pdftotext saknas.", err=True)


@command("run-many", example=f"followup run-many {EXAMPLE_PROGRAM} --inbox /tmp/nationell --year 2023 "
                             "--workers 2 --limit 10")
def run_many(program: Path = PROGRAM, inbox: Path = INBOX, year: int = _year(),
             output: Path = OUTPUT, feedback: Path | None = FEEDBACK,
             dask_address: str | None = typer.Option(None, "--dask-address", metavar="ADRESS",
                                                     help="Ett befintligt Dask-kluster (tcp://värd:8786); "
                                                          "standard: FOLLOWUP_DASK_ADDRESS eller ett lokalt."),
             workers: int | None = typer.Option(None, "--workers", min=1, max=256, metavar="ANTAL",
                                                help="Antal processer i det lokala klustret (standard 2)."),
             limit: int | None = typer.Option(None, "--limit", min=1, metavar="ANTAL",
                                              help="Bara de första N kommunerna."),
             verbose: bool = VERBOSE) -> None:
    """Gör en rapport per kommun ur en nationell inkorg, parallellt på Dask."""
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    loaded = _load(program, inbox)
    apply_defaults()
    quiet_prefect(verbose)
    from sources.settings import OperationSettings

    try:
        operations = OperationSettings.load()
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    try:
        with guarded_run(loaded, output, loaded.period_label(year), "run-many", national=True), \
                local_server() as server:
            import great_expectations  # noqa: F401  (imported while the server boots)

            from flows.national import run_national

            imports_done()
            server.ready()
            outcome = run_national(program, inbox, output, year, dask_address or operations.dask_address,
                                   workers or operations.dask_workers, limit=limit, progress=True,
                                   feedback=feedback.resolve() if feedback else None)
    except KeyboardInterrupt as exc:
        raise _interrupted(exc) from None
    except Exception as exc:
        raise _unmade(exc, output) from None
    typer.echo(f"{outcome['reports']} rapporter för {loaded.name} {year} är klara; sammanställning: "
               f"{outcome['summary']}")
    if outcome["failed"]:
        typer.echo(f"{len(outcome['failed'])} kommuner misslyckades:", err=True)
        for item in outcome["failed"]:
            typer.echo(f"  {item['code']} {item['name']}: {item['error']}", err=True)
        raise typer.Exit(1)


@command(example=f"followup quarterly {EXAMPLE_PROGRAM} {EXAMPLE_INBOX} --year 2023 --quarter 2")
def quarterly(program: Path = PROGRAM, inbox: Path = INBOX, year: int = _year("Året."),
              quarter: int = typer.Option(..., "--quarter", min=1, max=4, metavar="KVARTAL",
                                          help="Kvartalet (1–4)."),
              output: Path = OUTPUT, feedback: Path | None = FEEDBACK, verbose: bool = VERBOSE) -> None:
    """Gör kvartalsstatus: påminnelselista, nyckeltal med nya värden och ett kort statusdokument."""
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    loaded = _load(program, inbox)
    apply_defaults()
    quiet_prefect(verbose)
    try:
        with guarded_run(loaded, output, f"{year}-Q{quarter}", "quarterly"), local_server() as server, \
                step_bar(QUARTERLY_STEPS, enabled=not verbose):
            import great_expectations  # noqa: F401  (imported while the server boots)

            from flows.quarterly import quarterly_followup

            imports_done()
            server.ready()
            final = quarterly_followup(program_path=program, inbox=inbox, output=output, year=year,
                                       quarter=quarter, feedback=feedback.resolve() if feedback else None)
    except KeyboardInterrupt as exc:
        raise _interrupted(exc) from None
    except Exception as exc:
        raise _unmade(exc, output) from None
    import json

    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    from report.texts import quarterly_sentence

    typer.echo(f"Kvartalsstatus för {loaded.name} {year}-Q{quarter} är klar: {final}")
    typer.echo(quarterly_sentence(summary))


@command(example=f"followup serve {EXAMPLE_PROGRAM} {EXAMPLE_INBOX} --output output")
def serve(program: Path = PROGRAM, inbox: Path = INBOX, output: Path = OUTPUT,
          feedback: Path | None = FEEDBACK) -> None:
    """Kör uppföljningen enligt schema som Prefect-driftsättningar, från en process tills den stoppas.

    Årsrapporten för föregående år den 1 mars kl. 6, kvartalsstatus den 15:e i månaden efter varje
    kvartal kl. 6 och inläsning med återkoppling var 15:e minut på vardagar (svensk tid).
    """
    program, inbox, output = program.resolve(), inbox.resolve(), output.resolve()
    _load(program, inbox)
    apply_defaults()
    from prefect import serve as prefect_serve

    from flows.deployments import build_deployments

    imports_done()
    prefect_serve(*build_deployments(program, inbox, output, feedback.resolve() if feedback else None))


VERIFY_OUTPUT = typer.Option(..., "--output", metavar="MAPP", help="Utmappen med arkivet, registret och rapporterna.")


@command(example="followup verify --output output")
def verify(output: Path = VERIFY_OUTPUT) -> None:
    """Kontrollera arkivet mot registret, registrets databas och varje rapports manifest.

    Slutstatus 0 när allt stämmer, 1 när något inte gör det (varje avvikelse skrivs ut).
    """
    from checks.verify import summary_lines, verify_output

    if not output.is_dir():
        raise _fail(f"Utmappen {output} finns inte eller är ingen mapp. Ange mappen med --output.")
    found = verify_output(output.resolve())
    for line in summary_lines(found):
        typer.echo(line)
    raise typer.Exit(1 if found.differences else 0)


@command(example=f"followup check {EXAMPLE_PROGRAM} {EXAMPLE_INBOX}")
def check(program: Path = PROGRAM, inbox: Path = INBOX, feedback: Path | None = FEEDBACK,
          year: int | None = _year("Året att kontrollera mot (standard: senaste året i statistiken).", None)
          ) -> None:
    """Kontrollera inlämnade filer utan att göra någon rapport."""
    from checks.drop import check_drop, feedback_lines, files_table
    from report.document.feedback_pages import write_feedback
    from report.method.coverage import coverage, coverage_lines, default_year
    from report.run_folder import DATADOCS
    from sources.kolada import program_issues
    from sources.settings import RunSettings

    loaded = _load(program.resolve(), inbox.resolve())
    import great_expectations  # noqa: F401  (the checks need it)

    imports_done()
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
    errors = count_severity(checked.issues)
    from report.texts import count_noun

    count = len(checked.files)
    done = "kontrollerad" if count == 1 else "kontrollerade"
    typer.echo(f"{count_noun(count, 'fil')} {done}, {errors} fel. Återkoppling per fil: {index}")
    raise typer.Exit(1 if errors else 0)


QUARTER = typer.Option(None, "--quarter", min=1, max=4, metavar="KVARTAL", help="Kvartal (1–4), om kvartalsvis.")
TEMPLATE_OUTPUT = typer.Option(Path("output/mallar"), "--output", metavar="MAPP", help="Mappen där mallarna skrivs.")
TEMPLATE_YEAR = _year("Året som ska rapporteras.")


TEMPLATE_ACTIONS = typer.Option(
    None, "--aktiviteter", metavar="FIL",
    help=("Förra periodens actions.csv (i rapportmappen, t.ex. output/vasteras-social/2023/actions.csv): "
          "nämndernas aktiviteter står då ifyllda i mallarna, med sina id, så att de följs upp."))


@command(example=(f"followup templates {EXAMPLE_PROGRAM} --year 2024 "
                  "--aktiviteter output/vasteras-social/2023/actions.csv"))
def templates(program: Path = PROGRAM, year: int = TEMPLATE_YEAR, quarter: int | None = QUARTER,
              output: Path = TEMPLATE_OUTPUT, actions: Path | None = TEMPLATE_ACTIONS) -> None:
    """Skriv en inrapporteringsmall per nämnd och period."""
    from report.run_folder import read_actions
    from sources.program import load_program
    from sources.templates import write_templates

    try:
        loaded = load_program(program.resolve())
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    if actions is not None and not actions.is_file():
        raise _fail(f"Filen {actions} finns inte. Ange förra periodens actions.csv ur rapportmappen, t.ex. "
                    "output/vasteras-social/2023/actions.csv, eller utelämna --aktiviteter.")
    period = f"{year}-Q{quarter}" if quarter else loaded.period_label(year)
    written = write_templates(loaded, period, output.resolve(), read_actions(actions) if actions else None)
    for path in written:
        typer.echo(str(path))
    typer.echo(f"{len(written)} mallar för {period} skrivna till {output.resolve()}")


YEARS = typer.Option(None, "--years", metavar="ÅR-ÅR",
                     help="Åren som hämtas, t.ex. 2012-2023 (standard: de tolv åren till och med förra året).")


def _years(text: str | None, today: dt.date) -> list[int]:
    if text is None:
        return list(range(today.year - 12, today.year))
    first, _, last = text.partition("-")
    if not (first.strip().isdigit() and (not last or last.strip().isdigit())):
        raise _fail(f"--years '{text}' går inte att läsa. Skriv ett år (2023) eller ett intervall (2012-2023).")
    start, end = int(first), int(last or first)
    if not 1990 <= start <= end <= 2100:
        raise _fail(f"--years '{text}': skriv första året före sista, mellan 1990 och 2100 (t.ex. 2012-2023).")
    return list(range(start, end + 1))


@command(example=f"followup fetch {EXAMPLE_PROGRAM} {EXAMPLE_INBOX} --years 2012-2023")
def fetch(program: Path = PROGRAM, inbox: Path = INBOX, years: str | None = YEARS) -> None:
    """Hämta programmets nyckeltal från Kolada (kommunen, jämförelsekommunerna och riket) till inkorgen."""
    from rich.progress import Progress

    from sources.kolada_api import (
        FetchError,
        KoladaClient,
        area_ids,
        cache_dir,
        fetch_values,
        kolada_ids,
        write_fetched,
    )
    from sources.program import load_program

    try:
        loaded = load_program(program.resolve())
    except FollowupError as exc:
        raise _fail(str(exc)) from None
    today = dt.date.today()
    wanted = _years(years, today)
    kpis, areas = kolada_ids(loaded), area_ids(loaded)
    if not kpis:
        raise _fail("Programmet har inga nyckeltal med Kolada-id (t.ex. N00957); inget att hämta.")
    try:
        with KoladaClient(cache=cache_dir(), today=today) as client, Progress(transient=True) as bar:
            job = bar.add_task("Hämtar från Kolada", total=None)
            fetched = fetch_values(client, kpis, areas, wanted,
                                   progress=lambda done, total: bar.update(job, completed=done, total=total))
    except FetchError as exc:
        raise _fail(str(exc)) from None
    path = write_fetched(fetched, inbox.resolve(), loaded, today)
    from sources.formats import format_number

    typer.echo(f"{format_number(fetched.values, 0)} värden för {len(kpis)} nyckeltal, {len(areas)} områden och åren "
               f"{wanted[0]}–{wanted[-1]} hämtade ({fetched.requests} anrop, {fetched.cached} ur dagens cache): {path}")
    typer.echo("Filen tas in av nästa check eller körning, när den har legat orörd i inkorgen i några sekunder.")


indicators_app = typer.Typer(add_completion=False, no_args_is_help=True, cls=SwedishGroup,
                             help="Sök bland Koladas nyckeltal (för att hitta id:n till programfilen).")
app.add_typer(indicators_app, name="indicators")
METADATA = typer.Option(None, "--fil", metavar="FIL",
                        help=("Nyckeltalslistan (standard: den som indicators update senast hämtade, annars den "
                              "medföljande)."))
WORDS = typer.Argument(..., metavar="ORD", help="Ord i id, titel eller beskrivning.")
KPI = typer.Argument(..., metavar="ID", help="Nyckeltalets id, t.ex. N00957.")


def _metadata_path(given: Path | None) -> Path:
    from sources.kolada_api import cache_dir

    return given or cache_dir().parent / "kolada_kpis.csv"


@indicators_app.command("search", cls=SwedishCommand, epilog="Exempel: followup indicators search ohälsotal")
def indicators_search(words: list[str] = WORDS, file: Path | None = METADATA) -> None:
    """Lista Koladas nyckeltal vars id, titel eller beskrivning innehåller orden."""
    from sources.kolada import kpi_unit, read_metadata, search_kpis

    found = search_kpis(words, read_metadata(_metadata_path(file)))
    if not found:
        typer.echo(f"Inga nyckeltal hittades för '{' '.join(words)}'.")
        raise typer.Exit(1)
    typer.echo("id\ttitel\tenhet\tkön\tpublicerad")
    for row in found:
        sex = "K/M" if row.get("is_divided_by_gender") in ("1", "True", "true") else "–"
        typer.echo(f"{row['id']}\t{row['title']}\t{kpi_unit(row['title']) or '–'}\t{sex}\t"
                   f"{row.get('publication_date') or '–'}")
    typer.echo(f"{len(found)} nyckeltal.")


@indicators_app.command("show", cls=SwedishCommand, epilog="Exempel: followup indicators show N00957")
def indicators_show(kpi: str = KPI, file: Path | None = METADATA) -> None:
    """Visa ett nyckeltals titel och hela beskrivning."""
    from sources.kolada import read_metadata

    row = next((row for row in read_metadata(_metadata_path(file)) if row["id"].upper() == kpi.strip().upper()), None)
    if row is None:
        raise _fail(f"Nyckeltalet {kpi} finns inte i listan. Sök med followup indicators search ORD.")
    sex = "ja" if row.get("is_divided_by_gender") in ("1", "True", "true") else "nej"
    typer.echo(f"{row['id']} {row['title']}\nUppdelat på kön: {sex}. Verksamhetsområde: "
               f"{row.get('operating_area') or '–'}. Publicerad: {row.get('publication_date') or '–'}.\n\n"
               f"{row.get('description') or '(ingen beskrivning)'}")


@indicators_app.command("update", cls=SwedishCommand, epilog="Exempel: followup indicators update")
def indicators_update(file: Path | None = METADATA) -> None:
    """Hämta Koladas aktuella nyckeltalslista från API:t (sökningen använder den sedan)."""
    from sources.kolada import write_metadata
    from sources.kolada_api import FetchError, KoladaClient, fetch_kpi_list

    try:
        with KoladaClient() as client:
            rows = fetch_kpi_list(client)
    except FetchError as exc:
        raise _fail(str(exc)) from None
    path = write_metadata(rows, _metadata_path(file))
    typer.echo(f"{len(rows)} nyckeltal skrivna till {path}")


def imports_done() -> None:
    """Python's garbage collector back on for a command's work, with what the imports made frozen.

    `main` turns the collector off while a command imports: Prefect, Great Expectations, pandas
    and matplotlib make some millions of objects that live as long as the process, and each full
    collection walked them all again (8 of them in `followup run`, 0,84 s; measured with
    `gc.callbacks`). Frozen, later collections skip them. A no-op where the collector is on (the
    commands called in-process, as the tests do)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also where it was inherited ignored (`cmd &`)
    gc.disable()  # until the command's imports are done (imports_done); short commands keep it off
    try:
        app()
    finally:
        # The command is done: its files are closed and its summary printed. Python's last garbage
        # collections at exit would then walk every object that Prefect, Great Expectations,
        # pandas and matplotlib made (0,8 s after `followup run`, measured); frozen, they are
        # skipped. Exit handlers (Prefect's log and event workers) still run.
        gc.freeze()


if __name__ == "__main__":
    main()
