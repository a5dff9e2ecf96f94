"""The command line speaks Swedish: typer's frame, every help, the usage errors, and a report
year after the statistics' last year refused with a one-line reason."""

import re
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from report.method.report_year import YearBeyondData, report_year_warnings, year_beyond_data, year_beyond_data_warning
from tests.conftest import EXAMPLE
from tests.helpers import make_program

runner = CliRunner()


def invoke(args: list[str]):
    return runner.invoke(app, args, prog_name="followup")

COMMANDS = ["run", "run-many", "quarterly", "serve", "check", "templates"]
ENGLISH = ["Usage", "Options", "Commands", "Arguments", "Show this message", "required", "default:", "Error",
           "Missing", "Invalid", "Try ", "for help", "No such", "Input should", "Did you mean", "<path>", "<bool>",
           "<int", "Tjäna"]


def _text(output: str) -> str:
    """The output without rich's panel borders and line breaks, so a wrapped phrase reads whole."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", output)).strip()


def _english(text: str) -> list[str]:
    return [word for word in ENGLISH if word.lower() in text.lower()]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_swedish_and_ends_with_an_example(command):
    result = invoke([command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, result.output
    text = _text(result.output)
    assert _english(text) == [], text
    assert "Användning: followup" in text and "Flaggor" in text and "Visa den här hjälpen och avsluta." in text
    assert "Exempel: followup" in text
    assert text.rsplit("Exempel:", 1)[1].split()[0] == "followup"  # the example is the last thing said
    if command:
        assert f"Exempel: followup {command} --program examples/vasteras/program.yaml" in text


def test_serve_is_described_as_scheduled_prefect_runs():
    text = _text(invoke(["--help"]).output)
    assert "serve Kör uppföljningen enligt schema som Prefect-driftsättningar" in text
    assert "Kommandon" in text
    serve = _text(invoke(["serve", "--help"]).output)
    assert "den 1 mars kl. 6" in serve and "var 15:e minut på vardagar" in serve


def test_run_documents_the_option_for_missing_years():
    text = _text(invoke(["run", "--help"]).output)
    assert "--tillat-saknade-ar" in text and "[krävs]" in text and "[standard: output]" in text


def test_a_missing_required_option_is_named_in_swedish(tmp_path):
    result = invoke(["run", "--program", str(EXAMPLE / "program.yaml"), "--year", "2023"])
    assert result.exit_code == 2
    text = _text(result.output)
    assert _english(text) == [], text
    assert "Användning: followup run [FLAGGOR]" in text
    assert "Skriv 'followup run --help' för hjälp." in text
    assert "Fel Flaggan --inbox saknas: ange mappen där statistik och inrapporteringar lämnas." in text


def test_a_year_out_of_range_says_what_to_give():
    result = invoke(["run", "--program", "p.yaml", "--inbox", "in", "--year", "3000"])
    assert result.exit_code == 2
    text = _text(result.output)
    assert _english(text) == [], text
    assert "Ogiltigt värde för --year: 3000 ligger utanför 1990–2100. Ange ett år från 1990 till 2100." in text


@pytest.mark.parametrize(("args", "message"), [
    (["run", "--year", "tjugo"], "Ogiltigt värde för --year: 'tjugo' är inget heltal. Ange ett år med siffror, "
                                 "till exempel --year 2023."),
    (["run", "--inbx", "x"], "Flaggan --inbx finns inte. Menade du --inbox?"),
    (["run", "--year"], "Flaggan --year behöver ett värde."),
    (["quarterly", "--quarter", "5"], "Ogiltigt värde för --quarter: 5 ligger utanför 1–4. Ange ett kvartal från 1 "
                                      "till 4."),
    (["runn"], "Kommandot 'runn' finns inte. Menade du 'run' eller 'run-many'?"),
    (["run", "--program", "p", "--inbox", "i", "--year", "2023", "extra"],
     "Oväntat värde utan flagga: extra. Varje värde anges efter sin flagga, till exempel --year 2023."),
])
def test_other_usage_errors_are_swedish(args, message):
    result = invoke(args)
    assert result.exit_code == 2
    text = _text(result.output)
    assert _english(text) == [], text
    assert message in text


def _statistics(last: int) -> pd.DataFrame:
    """Values for Stockholm up to `last` and for the country one year further."""
    rows = [("N1", "0180", year, "T", 1.0) for year in range(last - 4, last + 1)] + [("N1", "0000", last + 1, "T", 1.0)]
    return pd.DataFrame(rows, columns=["indicator", "area", "year", "sex", "value"])


PROGRAM = """          - {id: N1, name: Arbetslöshet, unit: procent, direction: decrease}"""


def test_a_year_after_the_statistics_is_refused_with_the_exact_reason():
    program, statistics = make_program(PROGRAM), _statistics(2023)
    reason = ("Rapportåret 2026 ligger efter statistikens sista år för Stockholm (2023). Välj --year 2023 eller "
              "tidigare, eller lägg till --tillat-saknade-ar för att ändå göra rapporten.")
    assert year_beyond_data(program, statistics, 2026) == reason
    assert year_beyond_data(program, statistics, 2024) is not None  # the country's 2024 value does not count
    assert year_beyond_data(program, statistics, 2023) is None  # the statistics' last year
    assert year_beyond_data(program, statistics, 2020) is None
    with pytest.raises(YearBeyondData, match=re.escape(reason)):
        report_year_warnings(program, statistics, 2026)
    assert report_year_warnings(program, statistics, 2023) == []
    warning = ("Rapportåret 2026 ligger efter statistikens sista år (2023): bedömningarna bygger på värden till och "
               "med 2023.")
    assert year_beyond_data_warning(program, statistics, 2026) == warning
    assert report_year_warnings(program, statistics, 2026, allow_missing_years=True) == [warning]
    # No value at all for the municipality is the drop checks' business, not a year to refuse.
    assert year_beyond_data(program, statistics[statistics["area"] != "0180"], 2026) is None


def test_a_biennial_program_is_judged_by_the_end_of_its_period():
    program, statistics = make_program(PROGRAM, extra="follow_up: {every_years: 2}"), _statistics(2022)
    assert year_beyond_data(program, statistics, 2022) is None  # the period 2021–2022
    assert year_beyond_data(program, statistics, 2024) == (
        "Perioden 2023–2024 slutar efter statistikens sista år för Stockholm (2022). Välj --year 2022 eller "
        "tidigare, eller lägg till --tillat-saknade-ar för att ändå göra rapporten.")
    assert year_beyond_data_warning(program, statistics, 2024) == (
        "Perioden 2023–2024 slutar efter statistikens sista år (2022): bedömningarna bygger på värden till och "
        "med 2022.")


def test_run_for_a_year_after_the_statistics_ends_with_exit_1_and_the_reason(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(EXAMPLE / "inbox" / "kolada_export_2012-2023.csv", inbox)  # statistics up to 2023
    result = invoke(["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox),
                                 "--year", "2026", "--output", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        "fel: Rapportåret 2026 ligger efter statistikens sista år för Västerås (2023). Välj --year 2023 eller "
        "tidigare, eller lägg till --tillat-saknade-ar för att ändå göra rapporten.")
    assert not (tmp_path / "out" / "vasteras-social" / "2026").exists()
