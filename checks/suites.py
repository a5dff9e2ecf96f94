"""Great Expectations suites per kind of file, as rules with Swedish messages.

Each rule pairs one expectation with the canonical column it concerns and a message that tells
the user what is wrong and what to do. The suites run on a prepared frame (see `prepare_*`):
derived columns such as `year` or `pct_value` let plain column expectations express rules that
would otherwise need conditions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from checks.issues import ERROR, WARNING
from sources.national import code_in_file_name
from sources.program import Program

PERIOD_PATTERN = r"^\d{4}(?:-Q[1-4]|-\d{4})?$"  # 2023, 2023-Q2, or a two-year period 2021-2022
NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
GENDERS = ["T", "K", "M"]
LIGHTS = ["green", "yellow", "red"]
TRENDS = ["improving", "unchanged", "worsening"]
ACTIVITY_STATUSES = ["done", "ongoing", "not_started"]


@dataclass(frozen=True)
class Rule:
    """One expectation, the column it concerns and how to tell the user about a failing row."""

    name: str
    kind: str  # expectation class name in great_expectations.expectations
    kwargs: dict[str, Any]
    column: str  # canonical column, for the issue's column
    raw: str  # frame column holding the text as written, quoted in the message
    message: Callable[[dict], str]
    severity: str = ERROR

    def expectation(self):
        import great_expectations.expectations as gxe  # slow import: only when checks run

        return getattr(gxe, self.kind)(**self.kwargs, meta={"rule": self.name})


def _q(value: object) -> str:
    return "" if value is None or value is pd.NA else str(value)


def _prepared(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """A copy with a record id and the year of each well-formed period (else null)."""
    prepared = frame.copy()
    prepared["record_id"] = range(len(prepared))
    period = prepared["period"].astype("string")
    prepared["year"] = pd.to_numeric(period.str.slice(0, 4).where(period.str.match(PERIOD_PATTERN)),
                                     errors="coerce").astype("Int64")
    return prepared, period


def _period_rules(min_year: int, max_year: int, missing_hint: str) -> list[Rule]:
    """Period filled in, well formed and plausible: the same for every kind of file."""
    return [
        Rule("period_ifylld", "ExpectColumnValuesToNotBeNull", {"column": "period"}, "period",
             "raw_period", lambda r: f"År/period saknas. {missing_hint}"),
        Rule("period_format", "ExpectColumnValuesToMatchRegex",
             {"column": "period", "regex": PERIOD_PATTERN}, "period", "raw_period",
             lambda r: (f"Perioden '{_q(r['raw_period'])}' är inte ett år eller kvartal. "
                        "Skriv året som 2023 eller kvartalet som 2023-Q2 (eller 2023K2).")),
        Rule("rimligt_år", "ExpectColumnValuesToBeBetween",
             {"column": "year", "min_value": min_year, "max_value": max_year}, "period", "raw_period",
             lambda r: (f"Året {_q(r['year'])} är inte rimligt; tillåtna år är {min_year}–{max_year}. "
                        "Kontrollera årtalet.")),
    ]


def prepare_statistics(frame: pd.DataFrame, program: Program) -> pd.DataFrame:
    """Add the derived columns the statistics suite checks."""
    prepared, period = _prepared(frame)
    value = prepared["value"].astype("string")
    numeric = pd.to_numeric(value.where(value.str.match(NUMBER_PATTERN)), errors="coerce")
    percent_ids = {ind.id for ind in program.indicators().values() if ind.is_percentage}
    prepared["pct_value"] = numeric.where(prepared["indicator"].isin(percent_ids)).astype("Float64")
    prepared["key"] = (prepared["indicator"].astype("string") + "|" + prepared["area"].astype("string")
                       + "|" + period + "|" + prepared["gender"].astype("string"))
    return prepared


def statistics_rules(program: Program, min_year: int, max_year: int) -> list[Rule]:
    indicators = sorted(program.indicators())
    return [
        Rule("nyckeltal_ifyllt", "ExpectColumnValuesToNotBeNull", {"column": "indicator"},
             "indicator", "indicator",
             lambda r: "Nyckeltal saknas på raden. Fyll i nyckeltalets id, t.ex. N00957."),
        Rule("känt_nyckeltal", "ExpectColumnValuesToBeInSet",
             {"column": "indicator", "value_set": indicators}, "indicator", "indicator",
             lambda r: (f"Nyckeltalet '{_q(r['indicator'])}' finns inte i programmet. Kontrollera "
                        "id:t, eller lägg till nyckeltalet i programfilen om det ska följas upp.")),
        Rule("område_ifyllt", "ExpectColumnValuesToNotBeNull", {"column": "area"}, "area", "raw_area",
             lambda r: "Område saknas. Ange kommunkoden med fyra siffror, t.ex. 1980 eller 0000 för riket."),
        *_period_rules(min_year, max_year, "Ange året, t.ex. 2023, eller kvartalet, t.ex. 2023-Q2."),
        Rule("känt_kön", "ExpectColumnValuesToBeInSet",
             {"column": "gender", "value_set": GENDERS}, "gender", "raw_gender",
             lambda r: (f"Könet '{_q(r['raw_gender'])}' känns inte igen. Använd T, K eller M "
                        "(Totalt, Kvinnor, Män).")),
        Rule("värde_är_tal", "ExpectColumnValuesToMatchRegex",
             {"column": "value", "regex": NUMBER_PATTERN}, "value", "raw_value",
             lambda r: (f"Värdet '{_q(r['raw_value'])}' är inte ett tal. Skriv talet med siffror, "
                        "t.ex. 12,5, eller lämna cellen tom om uppgift saknas.")),
        Rule("andel_0_100", "ExpectColumnValuesToBeBetween",
             {"column": "pct_value", "min_value": 0, "max_value": 100}, "value", "raw_value",
             lambda r: (f"Värdet {_q(r['raw_value'])} ligger utanför 0–100, men nyckeltalet "
                        f"{_q(r['indicator'])} är en andel i procent. Kontrollera värdet och enheten.")),
        Rule("unik_uppgift", "ExpectColumnValuesToBeUnique", {"column": "key"}, "value", "raw_value",
             lambda r: "Samma nyckeltal, område, period och kön förekommer på flera rader."),
    ]


def prepare_submissions(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns the submission suite checks."""
    prepared, period = _prepared(frame)
    prepared["pair"] = prepared["goal"].astype("string") + "|" + prepared["committee"].astype("string")
    is_assessment = prepared["activity"].isna()
    # In a national drop every municipality rates the same goals: its code (from the file name)
    # is part of what must be unique. A single municipality's files have no code: "".
    municipality = prepared["file"].map(code_in_file_name).fillna("").astype("string")
    prepared["key"] = (prepared["pair"] + "|" + period + "|" + municipality).where(is_assessment)
    return prepared


def submission_rules(program: Program, min_year: int, max_year: int) -> list[Rule]:
    goals = program.goal_ids()
    committees = sorted(program.committees)
    pairs = sorted(f"{goal}|{committee}" for goal, names in program.goal_committees().items()
                   for committee in names)
    return [
        Rule("mål_ifyllt", "ExpectColumnValuesToNotBeNull", {"column": "goal"}, "goal", "goal",
             lambda r: "Mål-id saknas på raden. Fyll i målets id, t.ex. 1.1."),
        Rule("känt_mål", "ExpectColumnValuesToBeInSet", {"column": "goal", "value_set": goals},
             "goal", "goal",
             lambda r: (f"Målet '{_q(r['goal'])}' finns inte i programmet. Använd ett av målens id "
                        "(se mallen, t.ex. 1.1) och lämna in filen igen.")),
        Rule("nämnd_ifylld", "ExpectColumnValuesToNotBeNull", {"column": "committee"}, "committee",
             "committee", lambda r: "Nämnd saknas på raden. Fyll i nämndens förkortning, t.ex. KS."),
        Rule("känd_nämnd", "ExpectColumnValuesToBeInSet",
             {"column": "committee", "value_set": committees}, "committee", "committee",
             lambda r: (f"Nämnden '{_q(r['committee'])}' finns inte i programmet. Använd en av "
                        f"förkortningarna {', '.join(committees)}.")),
        *_period_rules(min_year, max_year, "Ange året som rapporten gäller, t.ex. 2023."),
        Rule("känd_bedömning", "ExpectColumnValuesToBeInSet",
             {"column": "assessment", "value_set": LIGHTS}, "assessment", "raw_assessment",
             lambda r: (f"Bedömningen '{_q(r['raw_assessment'])}' känns inte igen. Välj grön, gul "
                        "eller röd, eller lämna cellen tom.")),
        Rule("känd_trend", "ExpectColumnValuesToBeInSet",
             {"column": "trend", "value_set": TRENDS}, "trend", "raw_trend",
             lambda r: (f"Trenden '{_q(r['raw_trend'])}' känns inte igen. Välj förbättras, "
                        "oförändrad eller försämras, eller lämna cellen tom.")),
        Rule("känd_aktivitetsstatus", "ExpectColumnValuesToBeInSet",
             {"column": "activity_status", "value_set": ACTIVITY_STATUSES}, "activity_status",
             "raw_activity_status",
             lambda r: (f"Statusen '{_q(r['raw_activity_status'])}' känns inte igen. Välj "
                        "genomförd, pågår eller ej påbörjad.")),
        Rule("kostnad_är_tal", "ExpectColumnValuesToMatchRegex",
             {"column": "cost_tkr", "regex": NUMBER_PATTERN}, "cost_tkr", "raw_cost_tkr",
             lambda r: (f"Kostnaden '{_q(r['raw_cost_tkr'])}' är inte ett tal. Ange kostnaden i "
                        "tusental kronor med siffror, t.ex. 250.")),
        Rule("ansvarig_nämnd", "ExpectColumnValuesToBeInSet", {"column": "pair", "value_set": pairs},
             "committee", "committee",
             lambda r: (f"Nämnden {_q(r['committee'])} står inte som ansvarig för mål "
                        f"{_q(r['goal'])} i programmet. Raden används, men kontrollera mål-id och nämnd."),
             severity=WARNING),
        Rule("unik_bedömning", "ExpectColumnValuesToBeUnique", {"column": "key"}, "goal", "goal",
             lambda r: "Samma mål, nämnd och period har bedömts på flera rader."),
    ]
