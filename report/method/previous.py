"""The previous follow-up that this period is compared with.

An earlier run's own ratings win (the ratings.csv of the previous period's folder, read by
report/run_folder.py's `previous_run`): basis "previous run". On a first run the previous period
is rated from the same files: the statistics up to its year, and the committees' assessments for
that period where the inbox has them (so a municipality's first year with the tool can give last
year's official, hand-made lights and arrows as an ordinary submission for that period): basis
"recomputed".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from report.method.assess import assess, ratings_table
from report.method.follow_up import period_actions
from sources.program import Program

PREVIOUS_RUN = "previous run"
RECOMPUTED = "recomputed"


@dataclass(frozen=True)
class Previous:
    period: str
    ratings: pd.DataFrame  # ratings.csv's rows (level, id, light, trend, ...)
    basis: str  # PREVIOUS_RUN or RECOMPUTED
    actions: pd.DataFrame | None = None  # the period's actions (actions.csv's rows), to follow up now


def recompute(program: Program, statistics: pd.DataFrame, submissions: pd.DataFrame, year: int) -> Previous | None:
    """The previous period rated from the same files, with the statistics up to its year; None
    when the statistics hold nothing that old."""
    before = program.previous_year(year)
    past = statistics[statistics["year"] <= before]
    if past.empty:
        return None
    period = program.period_label(before)
    return Previous(period, ratings_table(assess(program, past, submissions, before)), RECOMPUTED,
                    period_actions(submissions, period))


def periods_used(program: Program, year: int, previous: Previous | None) -> list[str]:
    """The submission periods a run uses: its own, and on a first run the previous one too (its
    committees' assessments make the previous period's official lights)."""
    own = program.period_label(year)
    return [own] if previous is not None else [own, program.period_label(program.previous_year(year))]
