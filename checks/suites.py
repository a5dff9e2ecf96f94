"""Great Expectations suites per kind of file, as rules with Swedish messages.

Each rule pairs one expectation with the canonical column it concerns and a message that tells
the user what is wrong and what to do. The suites run on a prepared frame (see `prepare_*`):
derived columns such as `year`, `within_bounds` or `name_period_ok` let plain column expectations
express rules that would otherwise need conditions.

What a failing rule does is part of the rule: an error in a `row` rule rejects the row, an
error in a `cell` rule rejects only that cell (the rest of the row is used), a warning keeps
the row, and a note that `sets_aside` keeps the row out of this run without calling it wrong
(a submission for another period).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal

import pandas as pd

from sources.areas import area_names, code_for_name, known_areas
from sources.columns import GENDER_CODES
from sources.issues import ERROR, NOTE, WARNING
from sources.names import committee_in_name, period_in_name, same_period
from sources.national import code_in_file_name
from sources.program import Program
from sources.vocabulary import (
    ACTIVITY_STATUSES,
    LIGHTS,
    TRENDS,
)

SUBMISSION_PERIOD = r"^\d{4}(?:-Q[1-4]|-\d{4})?$"  # 2023, 2023-Q2, or a two-year period 2021-2022
STATISTICS_PERIOD = r"^\d{4}(?:-Q[1-4])?$"  # statistics are per year or quarter
NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
GENDERS = ["T", "K", "M"]
YES = "ja"
NO = "nej"


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
    scope: Literal["row", "cell"] = "row"  # what an error rejects
    sets_aside: bool = False  # a note that keeps the row out of this run

    def description(self) -> str:
        """The rule as the Data Docs show it, in the feedback's words: its name and column."""
        rejects = {"row": "raden används inte", "cell": "cellen används inte"}[self.scope] if self.severity == ERROR \
            else "raden läggs åt sidan" if self.sets_aside else "raden används"
        return (f"Regel {self.name}, kolumn {self.column} ({self.severity}: {rejects}). "
                "Samma meddelanden som återkopplingen per fil.")

    def expectation(self):
        import great_expectations.expectations as gxe  # slow import: only when checks run

        return getattr(gxe, self.kind)(**self.kwargs, meta={"rule": self.name},
                                        description=self.description())


def _q(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def _prepared(frame: pd.DataFrame, pattern: str) -> tuple[pd.DataFrame, pd.Series]:
    """A copy with a record id and the year of each well-formed period (else null)."""
    prepared = frame.copy()
    prepared["record_id"] = range(len(prepared))
    period = prepared["period"].astype("string")
    prepared["year"] = pd.to_numeric(period.str.slice(0, 4).where(period.str.match(pattern)),
                                     errors="coerce").astype("Int64")
    return prepared, period


def _yes_no(condition: pd.Series, applies: pd.Series) -> pd.Series:
    """'ja'/'nej' where the check applies, null elsewhere (GX skips nulls)."""
    return pd.Series(condition.map({True: YES, False: NO}), index=condition.index,
                     dtype="string").where(applies)


def _period_rules(min_year: int, max_year: int, missing_hint: str, pattern: str, format_message) -> list[Rule]:
    """Period filled in, well formed and plausible."""
    return [
        Rule("period_ifylld", "ExpectColumnValuesToNotBeNull", {"column": "period"}, "period",
             "raw_period", lambda r: f"År/period saknas. {missing_hint}"),
        Rule("period_format", "ExpectColumnValuesToMatchRegex",
             {"column": "period", "regex": pattern}, "period", "raw_period", format_message),
        Rule("rimligt_år", "ExpectColumnValuesToBeBetween",
             {"column": "year", "min_value": min_year, "max_value": max_year}, "period", "raw_period",
             lambda r: (f"Året {_q(r['year'])} är inte rimligt; tillåtna år är {min_year}–{max_year}. "
                        "Kontrollera årtalet.")),
    ]


def normalise_unit(text: object) -> str:
    """'antal per 1 000 invånare' and 'Antal/1000 inv.' -> 'antalper1000inv'; 'procent' -> '%'."""
    value = str(text or "").strip().lower().replace("\u00a0", " ")
    for long, short in (("andel (%)", "%"), ("andel, %", "%"), ("procent", "%"), ("percent", "%"),
                        ("invånare", "inv"), ("/", " per ")):
        value = value.replace(long, short)
    return "".join(ch for ch in value if not ch.isspace() and ch != ".")


# Columns a statistics frame may lack (a frame made without the reader, as the benchmarks do).
OPTIONAL_STATISTICS = ("unit", "status", "gender_hint", "raw_area", "raw_period", "raw_gender", "raw_value",
                       "reader_error", "gender_given", "name_kpi", "table", "content", "measure", "dims",
                       "dim_totals", "marker", "marker_zero", "marker_meaning", "origin", "indicator_given",
                       "file")


def _read_symbols(prepared: pd.DataFrame, program: Program) -> None:
    """A symbol is read by its file's conventions; where the file does not say where it comes
    from but the program names an SCB table for the indicator, by SCB's ('-' is zero)."""
    from sources.symbols import meaning

    scb = {i.id for i in program.indicators().values() if i.source and i.source.scb}
    unknown = prepared["marker"].notna() & ~prepared["origin"].isin(["px", "scb", "kolada"]) \
        & prepared["indicator"].isin(list(scb))
    for index in prepared.index[unknown]:
        symbol = meaning(prepared.at[index, "marker"], "scb")
        prepared.at[index, "marker_zero"] = symbol.zero
        prepared.at[index, "marker_meaning"] = symbol.text
        prepared.at[index, "origin"] = "scb"
    zero = prepared["marker"].notna() & prepared["marker_zero"].fillna(False).astype(bool)
    prepared.loc[zero, "value"] = "0"


def prepare_statistics(frame: pd.DataFrame, program: Program) -> pd.DataFrame:
    """Add the derived columns the statistics suite checks: each row tied to its indicator,
    symbols read by their source, area names as codes, the rows of a split table not used."""
    from sources.indicator_sources import breakdown, group_of, tie_rows
    from sources.kolada import KOLADA_SHAPED

    frame = frame.reindex(columns=[*frame.columns, *(c for c in OPTIONAL_STATISTICS if c not in frame)])
    frame = tie_rows(frame, program)
    prepared, period = _prepared(frame, STATISTICS_PERIOD)
    _read_symbols(prepared, program)
    indicators = program.indicators()
    known_ids = {*indicators, *([program.deflator.id] if program.deflator else [])}
    hint = _indicator_hint(program)
    ids = prepared["indicator"].astype("string")
    unknown = [value for value in ids.dropna().unique() if value not in known_ids]
    typos = {value: hint(value) for value in unknown}
    # An id the program does not use is set aside; an error only where it looks like a typo of
    # one of the program's, or is neither the program's nor shaped like Kolada's.
    prepared["indicator_problem"] = ids.map(
        {value: ("typo" if typos[value] else "other" if KOLADA_SHAPED.match(value) else "unknown")
         for value in unknown}).astype("string")
    prepared["indicator_hint"] = ids.map({value: typos[value] for value in unknown}).astype("string")
    # A measure column no indicator names, in a file whose other measure columns are named: not used.
    tied_files = set(prepared.loc[prepared["tied_by"].notna(), "file"])
    untied_measure = prepared["indicator"].isna() & prepared["measure"].notna() & prepared["file"].isin(tied_files)
    prepared.loc[untied_measure, "indicator_problem"] = "measure"
    # Another content of an SCB table the program reads (BE0101N2 beside BE0101N1): not used.
    prepared.loc[prepared["indicator"].isna() & prepared["other_content"].notna(), "indicator_problem"] = "content"
    prepared["indicator_error"] = prepared["indicator_problem"].where(
        prepared["indicator_problem"].isin(["typo", "unknown"]))
    prepared["breakdown"] = breakdown(prepared, program)
    prepared["group"] = group_of(prepared, program)
    names = area_names(program)
    known = known_areas(program)
    area = prepared["area"].astype("string")
    unique = [value for value in area.dropna().unique() if value not in known]
    mapped = {value: code for value in unique if (code := code_for_name(value, names))}
    prepared["area_named"] = area.where(area.isin(list(mapped)))
    if mapped:
        prepared["area"] = area.replace(mapped)
    value = prepared["value"].astype("string")
    numeric = pd.to_numeric(value.where(value.str.match(NUMBER_PATTERN)), errors="coerce")
    huge = numeric.abs() == float("inf")  # '1e400': a number no statistic has, so no number
    if huge.any():
        prepared.loc[huge, "value"] = "inf"
        numeric = numeric.where(~huge)
    # Bounds only where the program declares them: a "(%)" in Kolada is often a ratio or a
    # deviation (self-financing at 131 %, a net cost deviation of -3 %), not a share.
    bounds = {ind.id: ind.bounds for ind in indicators.values() if ind.bounds is not None}
    low = prepared["indicator"].map({k: b[0] for k, b in bounds.items()})
    high = prepared["indicator"].map({k: b[1] for k, b in bounds.items()})
    prepared["bounds"] = prepared["indicator"].map({k: f"{b[0]:g}–{b[1]:g}" for k, b in bounds.items()})
    prepared["within_bounds"] = _yes_no((numeric >= low) & (numeric <= high), numeric.notna() & low.notna())
    # A blank (no value published) is no competitor: only rows with a value need a unique key.
    prepared["slot"] = (prepared["indicator"].astype("string") + "|" + prepared["area"].astype("string")
                        + "|" + period + "|" + prepared["gender"].astype("string"))
    prepared["key"] = prepared["slot"].where(value.notna())
    units = {ind.id: normalise_unit(ind.unit) for ind in indicators.values() if ind.unit.strip()}
    expected = prepared["indicator"].map(units)
    given = prepared["unit"].map(normalise_unit, na_action="ignore")
    prepared["unit_ok"] = _yes_no(given == expected, prepared["unit"].notna() & expected.notna())
    prepared["expected_unit"] = prepared["indicator"].map({i.id: i.unit for i in indicators.values()})
    return prepared


def _indicator_hint(program: Program) -> Callable[[object], str]:
    """A hint where the file's id and a program id look like one typed twice: close, and one of
    them unknown to Kolada (N03700 and N03703 are both real, and no typo of each other)."""
    from sources.kolada import kolada_kpis

    ids = sorted(program.indicators())
    known = kolada_kpis()

    def hint(indicator: object) -> str:
        close = difflib.get_close_matches(str(indicator), ids, n=1, cutoff=0.8)
        if not close or (str(indicator) in known and close[0] in known):
            return ""
        return f" Programmet har {close[0]}, som liknar det: kontrollera id:t i filen och i programfilen."
    return hint


def _no_indicator_message(r: dict) -> str:
    """The row has no indicator: say what the file offered and how to tie it to one."""
    if not r.get("indicator_given"):
        offered = [f"tabell {_q(r['table'])}" if _q(r.get("table")) else "",
                   f"innehåll {_q(r['content'])}" if _q(r.get("content")) else "",
                   f"kolumnen '{_q(r['measure'])}'" if _q(r.get("measure")) else ""]
        offered = [text for text in offered if text]
        said = f" (filen anger {', '.join(offered)})" if offered else ""
        return ("Raden säger inte vilket nyckeltal den gäller: filen har ingen kolumn för nyckeltal, inget "
                f"Kolada-id i filens namn, och inget nyckeltal i programmet anger filen som källa{said}. Ange "
                "under nyckeltalet i programfilen var värdena kommer ifrån: source: {scb: {table: ..., "
                "content: ...}} för en tabell från SCB, source: {file: 'filnamn*'} eller source: {column: "
                "'kolumnens rubrik'}; eller döp filen med nyckeltalets Kolada-id (t.ex. N00957_ohalsotal.csv).")
    return "Nyckeltal saknas på raden. Fyll i nyckeltalets id, t.ex. N00957."


def statistics_rules(program: Program, min_year: int, max_year: int) -> list[Rule]:
    example = program.municipality.code
    return [
        Rule("nyckeltal_ifyllt", "ExpectColumnValuesToNotBeNull", {"column": "indicator"},
             "indicator", "indicator", _no_indicator_message),
        Rule("känt_nyckeltal", "ExpectColumnValuesToBeNull",
             {"column": "indicator_error"}, "indicator", "indicator",
             lambda r: (f"Nyckeltalet '{_q(r['indicator'])}' finns inte i programmet"
                        + (". Kontrollera id:t, eller lägg till nyckeltalet i programfilen om det ska följas upp."
                           if _q(r["indicator_problem"]) == "typo" else
                           " och är inte ett Kolada-id. Kontrollera id:t, eller lägg till nyckeltalet i "
                           "programfilen om det ska följas upp.")
                        + _q(r["indicator_hint"]))),
        Rule("område_ifyllt", "ExpectColumnValuesToNotBeNull", {"column": "area"}, "area", "raw_area",
             lambda r: f"Område saknas. Ange kommunkoden med fyra siffror, t.ex. {example} eller 0000 för riket."),
        Rule("känt_område", "ExpectColumnValuesToBeInSet",
             {"column": "area", "value_set": sorted(known_areas(program))}, "area", "raw_area",
             lambda r: (f"Området '{_q(r['raw_area'])}' känns inte igen som kommunkod, kommunnamn eller "
                        f"stadsdel i programmet. Ange kommunkoden med fyra siffror (t.ex. {example} för "
                        f"{program.municipality.name}, 0000 för riket), eller lägg till stadsdelen under "
                        "districts i programfilen.")),
        *_period_rules(min_year, max_year, "Ange året, t.ex. 2023, eller kvartalet, t.ex. 2023-Q2.",
                       STATISTICS_PERIOD, _statistics_period_message),
        Rule("känt_kön", "ExpectColumnValuesToBeInSet",
             {"column": "gender", "value_set": GENDERS}, "gender", "raw_gender",
             _sex_message),
        Rule("kön_i_filen", "ExpectColumnValuesToBeNull", {"column": "gender_hint"}, "gender", "raw_gender",
             _sex_hint_message),
        Rule("värde_är_tal", "ExpectColumnValuesToMatchRegex",
             {"column": "value", "regex": NUMBER_PATTERN}, "value", "raw_value",
             lambda r: (f"Värdet '{_q(r['raw_value'])}' är inte ett tal. Skriv talet med siffror, "
                        "t.ex. 12,5, eller lämna cellen tom om uppgift saknas.")),
        Rule("inom_gränserna", "ExpectColumnValuesToBeInSet",
             {"column": "within_bounds", "value_set": [YES]}, "value", "raw_value",
             lambda r: (f"Värdet {_q(r['raw_value'])} ligger utanför gränserna {_q(r['bounds'])} som programmet "
                        f"anger för {_q(r['indicator'])} (bounds). Kontrollera värdet och enheten, eller ändra "
                        "bounds i programfilen om nyckeltalet inte är en andel.")),
        Rule("enhet", "ExpectColumnValuesToBeInSet", {"column": "unit_ok", "value_set": [YES]}, "unit", "unit",
             lambda r: (f"Enheten '{_q(r['unit'])}' är inte programmets enhet för {_q(r['indicator'])} "
                        f"('{_q(r['expected_unit'])}'); raden har inte använts, så att värden i olika enheter "
                        "inte hamnar i samma serie. Räkna om värdet till programmets enhet, eller ändra "
                        "enheten i programfilen om den är fel där.")),
        Rule("unik_uppgift", "ExpectColumnValuesToBeUnique", {"column": "key"}, "value", "raw_value",
             lambda r: "Samma nyckeltal, område, period och kön förekommer på flera rader."),
    ]


def _statistics_period_message(r: dict) -> str:
    period = _q(r["raw_period"])
    if ("-" in _q(r["period"]) and "Q" not in _q(r["period"])) or "/" in period:
        return (f"Perioden '{period}' sträcker sig över två år (t.ex. ett läsår); statistiken följs upp per år, "
                "så raden har inte använts. Ange året som värdet redovisas för (som Kolada gör, t.ex. 2024 för "
                "läsåret 2023/24) och lämna in filen igen.")
    if re.match(r"^\d{4}\s*M\d{2}$", period, re.IGNORECASE):
        return (f"Perioden '{period}' är en månad; uppföljningen görs per år eller kvartal, så värdet har inte "
                "använts. Ta ut tabellen per år (eller kvartal) från Statistikdatabasen och lämna in den igen.")
    return (f"Perioden '{period}' är inte ett år eller kvartal. Skriv året som 2023 eller kvartalet som 2023-Q2 "
            "(eller 2023K2).")


def _sex_message(r: dict) -> str:
    raw = _q(r["raw_gender"])
    code, _, label = raw.strip().lower().partition(" ")
    if code in GENDER_CODES and label in GENDER_CODES and GENDER_CODES[code] != GENDER_CODES[label]:
        return (f"Könet '{raw}' går inte att läsa: koden och texten säger olika kön (i SCB:s tabeller är 1 män, "
                "2 kvinnor och 1+2 totalt). Raden har inte använts; kontrollera filen och ta ut tabellen igen.")
    return f"Könet '{raw}' känns inte igen. Använd T, K eller M (Totalt, Kvinnor, Män)."


def _sex_hint_message(r: dict) -> str:
    sex, where, word = (_q(r["gender_hint"]).split(":") + ["", "", ""])[:3]
    return (f"Filen har ingen kolumn för kön, men {where} säger '{word}'. Raderna skulle annars läsas som "
            "totalt (T) för både kvinnor och män och har inte använts. Lägg till en kolumn Kön "
            f"(här {sex}) och lämna in filen igen.")


def prepare_submissions(frame: pd.DataFrame, program: Program, period: str | list[str] | None = None) -> pd.DataFrame:
    """Add the derived columns the submission suite checks.

    `period` is the run's period (the report's '2023', a quarter's '2023-Q3'), or the periods the
    run uses (the report's and, on a first run, the previous one it compares with): rows for any
    other period are set aside. The file's name is compared with its content (period, committee)."""
    periods = [period] if isinstance(period, str) else list(period or [])
    prepared, text_period = _prepared(frame, SUBMISSION_PERIOD)
    prepared["pair"] = prepared["goal"].astype("string") + "|" + prepared["committee"].astype("string")
    is_assessment = prepared["activity"].isna()
    # In a national drop every municipality rates the same goals: its code (from the file name)
    # is part of what must be unique. A single municipality's files have no code: "".
    names = prepared["file"].map(lambda name: PurePosixPath(name).name)
    prepared["municipality"] = names.map(code_in_file_name).fillna("").astype("string")
    prepared["key"] = (prepared["pair"] + "|" + text_period + "|" + prepared["municipality"]).where(is_assessment)
    named_period = names.map(period_in_name)
    prepared["name_period"] = named_period
    agrees = [same_period(content, named) for content, named in zip(prepared["period"], named_period, strict=True)]
    prepared["name_period_ok"] = pd.Series([None if a is None else (YES if a else NO) for a in agrees],
                                           index=prepared.index, dtype="string")
    committees = list(program.committees)
    named_committee = names.map(lambda name: committee_in_name(name, committees, program.id))
    prepared["name_committee"] = named_committee
    prepared["name_committee_ok"] = _yes_no(prepared["committee"] == named_committee,
                                            named_committee.notna() & prepared["committee"].notna())
    prepared["run_period"] = " och ".join(periods)
    prepared["run_period_ok"] = _yes_no(prepared["period"].isin(periods),
                                        pd.Series(bool(periods), index=prepared.index) & prepared["period"].notna())
    _prepare_actions(prepared, program)
    cost = prepared["cost_tkr"].astype("string")
    prepared["cost_value"] = pd.to_numeric(cost.where(cost.str.match(NUMBER_PATTERN)), errors="coerce")
    return prepared


DATE_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"


def _prepare_actions(prepared: pd.DataFrame, program: Program) -> None:
    """The action columns' derived checks: further goals the program does not have, and a planned
    start after the deadline."""
    for name in ("action_id", "also_goals", "owner", "start", "deadline", "effect_indicator"):
        if name not in prepared:
            prepared[name] = None
    goals = set(program.goal_ids())
    unknown = prepared["also_goals"].map(
        lambda text: ", ".join(g for g in text.split(";") if g not in goals) if isinstance(text, str) else None)
    prepared["also_goals_unknown"] = unknown
    prepared["also_goals_ok"] = _yes_no(unknown == "", prepared["also_goals"].notna())
    start, deadline = prepared["start"].astype("string"), prepared["deadline"].astype("string")
    both = start.str.match(DATE_PATTERN).fillna(False) & deadline.str.match(DATE_PATTERN).fillna(False)
    prepared["dates_ok"] = _yes_no(start.fillna("") <= deadline.fillna(""), both)


def _action_rules(program: Program) -> list[Rule]:
    indicators = sorted(program.indicators())
    date_hint = "Skriv datumet som år-månad-dag, t.ex. 2024-03-31. Cellen har inte använts; aktiviteten används."
    return [
        Rule("datum_planerad_start", "ExpectColumnValuesToMatchRegex", {"column": "start", "regex": DATE_PATTERN},
             "start", "raw_start",
             lambda r: f"Planerad start '{_q(r['raw_start'])}' är inte ett datum. {date_hint}", scope="cell"),
        Rule("datum_klart_senast", "ExpectColumnValuesToMatchRegex", {"column": "deadline", "regex": DATE_PATTERN},
             "deadline", "raw_deadline",
             lambda r: f"Klart senast '{_q(r['raw_deadline'])}' är inte ett datum. {date_hint}", scope="cell"),
        Rule("start_före_slut", "ExpectColumnValuesToBeInSet", {"column": "dates_ok", "value_set": [YES]},
             "deadline", "raw_deadline",
             lambda r: (f"Aktiviteten ska vara klar {_q(r['deadline'])}, före sin planerade start {_q(r['start'])}. "
                        "Aktiviteten används; rätta datumen nästa gång."), severity=WARNING),
        Rule("kända_övriga_mål", "ExpectColumnValuesToBeInSet", {"column": "also_goals_ok", "value_set": [YES]},
             "also_goals", "also_goals",
             lambda r: (f"Även mål anger {_q(r['also_goals_unknown'])}, som inte finns i programmet. Skriv målens id "
                        "med komma emellan, t.ex. 1.2, 1.3. Cellen har inte använts; aktiviteten används."),
             scope="cell"),
        Rule("känt_nyckeltal_för_effekt", "ExpectColumnValuesToBeInSet",
             {"column": "effect_indicator", "value_set": indicators}, "effect_indicator", "effect_indicator",
             lambda r: (f"Nyckeltalet '{_q(r['effect_indicator'])}' finns inte i programmet. Välj ett av målens "
                        "nyckeltal i listan. Cellen har inte använts; aktiviteten används."), scope="cell"),
    ]


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
        *_period_rules(min_year, max_year, "Ange året som rapporten gäller, t.ex. 2023.", SUBMISSION_PERIOD,
                       lambda r: (f"Perioden '{_q(r['raw_period'])}' är inte ett år eller kvartal. "
                                  "Skriv året som 2023 eller kvartalet som 2023-Q2 (eller 2023K2).")),
        Rule("period_som_filnamnet", "ExpectColumnValuesToBeInSet",
             {"column": "name_period_ok", "value_set": [YES]}, "period", "raw_period",
             lambda r: (f"Raden gäller {_q(r['period'])}, men filens namn säger {_q(r['name_period'])}: filen "
                        "är troligen ifylld i en mall för fel år. Raden har inte använts. Fyll i mallen för "
                        f"{_q(r['name_period'])} (followup templates) och lämna in den igen.")),
        Rule("nämnd_som_filnamnet", "ExpectColumnValuesToBeInSet",
             {"column": "name_committee_ok", "value_set": [YES]}, "committee", "committee",
             lambda r: (f"Raden gäller {_q(r['committee'])}, men filens namn säger {_q(r['name_committee'])}: "
                        f"filen är troligen {_q(r['name_committee'])}s inrapportering ifylld i "
                        f"{_q(r['committee'])}s mall. Raden har inte använts och påverkar inte "
                        f"{_q(r['committee'])}s egen inrapportering. Fyll i {_q(r['name_committee'])}s egen "
                        "mall och lämna in den igen.")),
        Rule("period_för_körningen", "ExpectColumnValuesToBeInSet",
             {"column": "run_period_ok", "value_set": [YES]}, "period", "raw_period",
             lambda r: (f"Raden gäller {_q(r['period'])}; den här uppföljningen gäller {_q(r['run_period'])}, "
                        "så raden används inte här."), severity=NOTE, sets_aside=True),
        Rule("känd_bedömning", "ExpectColumnValuesToBeInSet",
             {"column": "assessment", "value_set": list(LIGHTS)}, "assessment", "raw_assessment",
             _assessment_message, scope="cell"),
        Rule("känd_trend", "ExpectColumnValuesToBeInSet",
             {"column": "trend", "value_set": list(TRENDS)}, "trend", "raw_trend",
             lambda r: (f"Trenden '{_q(r['raw_trend'])}' känns inte igen. Välj förbättras, "
                        "oförändrad eller försämras, eller lämna cellen tom. Cellen har inte använts; "
                        "resten av raden används."), scope="cell"),
        Rule("känd_aktivitetsstatus", "ExpectColumnValuesToBeInSet",
             {"column": "activity_status", "value_set": list(ACTIVITY_STATUSES)}, "activity_status",
             "raw_activity_status",
             lambda r: (f"Statusen '{_q(r['raw_activity_status'])}' känns inte igen. Välj "
                        "genomförd, pågår, försenad, ej påbörjad eller avbruten. Cellen har inte använts; "
                        "resten av raden används."), scope="cell"),
        Rule("kostnad_är_tal", "ExpectColumnValuesToMatchRegex",
             {"column": "cost_tkr", "regex": NUMBER_PATTERN}, "cost_tkr", "raw_cost_tkr",
             lambda r: (f"Kostnaden '{_q(r['raw_cost_tkr'])}' är inte ett tal. Ange kostnaden i "
                        "tusental kronor med siffror, t.ex. 250. Cellen har inte använts; aktiviteten "
                        "används."), scope="cell"),
        Rule("kostnad_ej_negativ", "ExpectColumnValuesToBeBetween",
             {"column": "cost_value", "min_value": 0}, "cost_tkr", "raw_cost_tkr",
             lambda r: (f"Kostnaden {_q(r['raw_cost_tkr'])} är negativ. Ange kostnaden i tusental kronor som "
                        "ett tal från 0 och uppåt (en intäkt eller ett bidrag hör inte hit). Cellen har inte "
                        "använts; aktiviteten används."), scope="cell"),
        Rule("ansvarig_nämnd", "ExpectColumnValuesToBeInSet", {"column": "pair", "value_set": pairs},
             "committee", "committee",
             lambda r: (f"Nämnden {_q(r['committee'])} står inte som ansvarig för mål "
                        f"{_q(r['goal'])} i programmet. Raden används, men kontrollera mål-id och nämnd."),
             severity=WARNING),
        Rule("unik_bedömning", "ExpectColumnValuesToBeUnique", {"column": "key"}, "goal", "goal",
             lambda r: "Samma mål, nämnd och period har bedömts på flera rader."),
        *_action_rules(program),
    ]


def _assessment_message(r: dict) -> str:
    given = _q(r["raw_assessment"])
    if len(given.strip()) == 1:
        return (f"Bedömningen '{given}' är bara en bokstav och kan läsas på flera sätt (G kan vara grön eller gul). "
                "Skriv ut ordet: grön, gul eller röd. Cellen har inte använts; resten av raden används.")
    return (f"Bedömningen '{given}' känns inte igen. Välj grön, gul eller röd, eller lämna cellen tom. Cellen "
            "har inte använts; resten av raden används.")
