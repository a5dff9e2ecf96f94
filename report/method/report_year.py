"""Is the report year covered by the statistics?

A report for a year after the statistics' last year rates older values as if they were the
year's, and looks finished. `followup run` refuses it with a one-line reason unless
`--tillat-saknade-ar` is given; then the report says so on its title page.

"The statistics' last year" is what `followup check` holds a drop to when no year is given: the
latest year with a value for the program's municipality (report.method.coverage.default_year). For a
program followed up every other year, `year` is the last year of the period.
"""

from __future__ import annotations

import pandas as pd

from report.method.coverage import default_year
from sources.errors import FollowupError
from sources.program import Program

ALLOW_OPTION = "--tillat-saknade-ar"


class YearBeyondData(FollowupError):
    """The report year is after the statistics' last year (and that was not allowed)."""


def _last_year(program: Program, statistics: pd.DataFrame, year: int) -> int:
    # No value at all for the municipality is told by the checks of the drop, not here: the
    # fallback `year` makes such a drop count as covering the year.
    return default_year(program, statistics, year)


def _period_words(program: Program, year: int) -> str:
    """'Rapportåret 2026 ligger' or, every other year, 'Perioden 2023–2024 slutar'."""
    if program.follow_up.every_years == 1:
        return f"Rapportåret {year} ligger"
    return f"Perioden {program.period_label(year).replace('-', '–')} slutar"


def year_beyond_data(program: Program, statistics: pd.DataFrame, year: int) -> str | None:
    """The one-line Swedish reason to refuse a report for `year`, or None when the statistics
    reach the year."""
    last = _last_year(program, statistics, year)
    if year <= last:
        return None
    return (f"{_period_words(program, year)} efter statistikens sista år för {program.municipality.name} "
            f"({last}). Välj --year {last} eller tidigare, eller lägg till {ALLOW_OPTION} för att ändå "
            "göra rapporten.")


def year_beyond_data_warning(program: Program, statistics: pd.DataFrame, year: int) -> str | None:
    """The title page's sentence for a report made for a year after the statistics' last year
    (with --tillat-saknade-ar), or None when the statistics reach the year."""
    last = _last_year(program, statistics, year)
    if year <= last:
        return None
    return (f"{_period_words(program, year)} efter statistikens sista år ({last}): bedömningarna bygger på "
            f"värden till och med {last}.")


def report_year_warnings(program: Program, statistics: pd.DataFrame, year: int,
                         allow_missing_years: bool = False) -> list[str]:
    """The title page warnings about the report year; raises YearBeyondData when the year is
    after the statistics' last year and that is not allowed."""
    refusal = year_beyond_data(program, statistics, year)
    if refusal is None:
        return []
    if not allow_missing_years:
        raise YearBeyondData(refusal)
    return [year_beyond_data_warning(program, statistics, year)]
