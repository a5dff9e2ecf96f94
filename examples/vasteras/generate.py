"""Write the bundled example's drop folder: plausible statistics and committee submissions.

Deterministic (fixed seed): running it again gives the same files (the workbooks' zip
timestamps aside), which a test checks. The output is committed, so a first run needs no
generation step. Usage: python examples/vasteras/generate.py [OUTPUT_DIR]

The series are invented (example data, not Västerås's statistics) but shaped like the real ones
(levels near the published ones, trends, sex gaps of the real sign and size, publication lags, the
2020 pandemic dip); the indicator ids and titles are Kolada's. A total is the mean of the women's
and men's values, so it lies between them. Two realistic defects
are planted so that the report's data-quality annex has something to show: a value typed with
the letter O instead of a zero, and a submission row for a goal id that does not exist.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from sources.program import Program, load_program  # noqa: E402
from sources.templates import HEADER_ROW, build_template, fill_activity  # noqa: E402

SEED = 1980
YEARS = list(range(2012, 2024))
REPORT_YEAR = 2023
SURVEY_YEARS = [2013, 2015, 2017, 2019, 2020, 2021, 2022, 2023]
ELECTION_VALUES = {  # Valdeltagande (N05401), election years: the published turnouts, rounded
    "N05401": {"1980": {2014: 84.5, 2018: 85.1, 2022: 82.6}, "0000": {2014: 82.8, 2018: 84.1, 2022: 80.9}},
}
MUNICIPALITIES = {
    "1980": "Västerås", "0000": "Riket", "1880": "Örebro", "0580": "Linköping",
    "0581": "Norrköping", "0380": "Uppsala", "0484": "Eskilstuna", "0680": "Jönköping",
    "2180": "Gävle",
}
# Indicators delivered in the statistics unit's own compilation (Swedish Excel CSV) rather than
# the Kolada export: safety, violence and democracy figures, Västerås and Riket only.
OWN_COMPILATION = ["N07401", "N07402", "N07403", "N00610", "N00614", "N00301", "N05401", "N05826"]


@dataclass(frozen=True)
class Shape:
    """How one indicator's Västerås series runs: level in 2012, change a year, noise, the
    women's deviation from the total (men get the opposite), Riket's distance from Västerås."""

    base: float
    slope: float
    noise: float
    gap: float = 0.0
    riket: float = 0.0
    years: tuple[int, ...] = tuple(YEARS)
    last: int = REPORT_YEAR
    covid: float = 0.0  # added in 2020 and, halved, in 2021
    decimals: int = 1
    bounds: tuple[float, float] = (0.0, 100.0)


S = Shape
SHAPES: dict[str, Shape] = {
    "N00957": S(31.0, -0.5, 0.3, gap=5.0, riket=-1.0, last=2022, bounds=(0, 365)),
    "N00925": S(83.6, 0.07, 0.15, riket=0.2, last=2022, bounds=(0, 120), decimals=2),
    "N00923": S(79.8, 0.12, 0.15, riket=0.1, last=2022, bounds=(0, 120), decimals=2),
    "N00938": S(9.5, -0.1, 0.3, gap=3.0, riket=-0.2, covid=1.2, last=2022, bounds=(0, 365)),
    "N00975": S(14.0, 0.3, 0.4, gap=3.0, riket=-1.2, last=2022, bounds=(0, 365)),
    "N07401": S(165.0, -2.0, 9.0, riket=-12.0, last=2022, bounds=(0, 10000)),
    "N07402": S(20.0, -0.5, 2.0, riket=-1.0, last=2022, bounds=(0, 10000)),
    "N00620": S(28.0, 0.3, 1.5, gap=2.0, riket=-1.0, years=tuple(SURVEY_YEARS)),
    "N15720": S(92.0, 0.1, 0.8, gap=-1.0, riket=0.5, last=2022),
    "N00596": S(60.0, 0.5, 2.0, gap=-3.0, years=tuple(SURVEY_YEARS)),
    "N15418": S(73.0, -0.3, 1.2, gap=3.5, riket=1.5, last=2022),
    "N15424": S(84.0, -0.2, 1.0, gap=2.0, riket=1.0, last=2022),
    "N11800": S(84.0, 0.4, 0.8, riket=1.0, last=2022),
    "N18891": S(6.5, 0.2, 0.3, gap=2.5, last=2022),
    "N17445": S(63.0, 0.6, 1.2, gap=4.5, riket=2.0, last=2022),
    "N01982": S(40.0, 0.6, 0.3, gap=7.0, riket=1.5, last=2022),
    "N02904": S(15.0, -0.35, 0.4, riket=-3.0, last=2022),
    "N17434": S(78.0, -0.2, 1.2, gap=1.0, last=2021),
    "N03921": S(9.0, -0.2, 0.5, gap=-1.5, riket=-0.4, covid=3.0),
    "N00700": S(35.0, 1.5, 1.5, gap=-9.0, last=2021),
    "N00973": S(45.0, 0.8, 3.0, gap=-8.0, last=2022),
    "N03926": S(2.5, 0.05, 0.15, gap=-0.2, riket=-0.1, covid=0.6),
    "N31816": S(2.4, -0.04, 0.08, gap=-0.1, riket=-0.9, last=2022, decimals=2),
    "N00914": S(78.0, 0.3, 0.4, gap=-2.5, riket=0.5, covid=-1.0, last=2022),
    "N03920": S(8.5, -0.1, 0.3, gap=-0.5, riket=-0.5, covid=2.0),
    "N07907": S(17.0, 0.15, 0.4, gap=-0.5, riket=-1.0, last=2022),
    "N07917": S(4.5, 0.1, 0.6, riket=-1.0, last=2022, bounds=(0, 100)),
    "N00306": S(55.0, 0.2, 1.5, riket=1.0, years=tuple(SURVEY_YEARS)),
    "N31807": S(5.5, -0.12, 0.1, riket=-0.4, last=2022, decimals=2),
    "N07902": S(95.0, 1.2, 0.5, last=2022, bounds=(0, 1000)),
    "N05401": S(84.0, 0.0, 0.0, riket=-1.5, years=(2014, 2018, 2022)),
    "N05826": S(14.0, 0.5, 0.0, gap=-1.0, years=(2014, 2018, 2022)),
    "N00653": S(38.0, 0.2, 2.0, gap=2.0, riket=2.0, years=tuple(SURVEY_YEARS)),
    "N00669": S(32.0, -0.3, 2.0, gap=-1.0, riket=0.0, years=tuple(SURVEY_YEARS)),
    "N00300": S(48.0, 0.1, 1.5, riket=1.0, years=tuple(SURVEY_YEARS)),
    "N00535": S(45.0, 0.5, 2.0, gap=1.0, riket=-2.0, years=tuple(SURVEY_YEARS)),
    "N00952": S(80.0, 0.6, 0.3, last=2021),
    "N00309": S(60.0, -0.2, 1.5, riket=1.0, years=tuple(SURVEY_YEARS)),
    "N00664": S(30.0, -0.4, 2.0, gap=1.0, riket=0.5, years=tuple(SURVEY_YEARS)),
    "N00997": S(0.300, 0.001, 0.003, riket=0.010, last=2021, decimals=3, bounds=(0, 1)),
    "N02902": S(8.0, -0.1, 0.3, gap=0.1, riket=-0.4, last=2022),
    "N00610": S(60.0, -0.5, 2.0, gap=-11.0, years=tuple(SURVEY_YEARS)),
    "N00301": S(52.0, -0.3, 1.5, riket=2.0, years=tuple(SURVEY_YEARS)),
    "N07403": S(1050.0, 5.0, 35.0, riket=-60.0, last=2022, bounds=(0, 100000)),
    "N00614": S(30.0, 0.6, 2.0, gap=10.0, years=tuple(SURVEY_YEARS)),
    "N09888": S(12.0, -0.2, 0.5, gap=2.5, riket=1.5, covid=-1.5, last=2022),
    "N09807": S(4.5, -0.15, 0.2, covid=-1.0, last=2022, decimals=2, bounds=(0, 100)),
    "N00593": S(62.0, 0.3, 2.0, gap=2.0, riket=-3.0, years=tuple(SURVEY_YEARS)),
}


def _series(rng: np.random.Generator, shape: Shape, level: float, noise_scale: float) -> dict[int, float]:
    values = {}
    for year in YEARS:
        if year not in shape.years or year > shape.last:
            continue
        value = level + shape.slope * (year - 2012) + rng.normal(0, shape.noise * noise_scale)
        value += shape.covid if year == 2020 else shape.covid / 2 if year == 2021 else 0.0
        values[year] = float(np.clip(value, *shape.bounds))
    return values


def statistics_rows(program: Program, rng: np.random.Generator) -> list[dict]:
    """Long rows: indicator, area, year, gender, value (None = not published)."""
    rows = []
    for indicator in program.indicators().values():
        shape = SHAPES[indicator.id]
        peer_levels = {code: shape.base * rng.normal(1.0, 0.07) for code in MUNICIPALITIES
                       if code not in ("1980", "0000")}
        for code in MUNICIPALITIES:
            if indicator.id in OWN_COMPILATION and code not in ("1980", "0000"):
                continue
            level = (shape.base if code == "1980" else shape.base + shape.riket if code == "0000"
                     else peer_levels[code])
            fixed = ELECTION_VALUES.get(indicator.id, {}).get(code)
            total = fixed if fixed else _series(rng, shape, level, 0.5 if code == "0000" else 1.0)
            sexes = {"T": total}
            if indicator.by_sex:
                for sex, sign in (("K", 1.0), ("M", -1.0)):
                    sexes[sex] = {year: float(np.clip(value + sign * shape.gap
                                                      + rng.normal(0, shape.noise * 0.5), *shape.bounds))
                                  for year, value in total.items()}
                # The total is the mean of women's and men's values (about as many of each), so it
                # always lies between them, also once rounded.
                sexes["T"] = {year: 0.5 * sexes["K"][year] + 0.5 * sexes["M"][year] for year in total}
            for sex, values in sexes.items():
                for year in YEARS:
                    value = values.get(year)
                    rows.append({"indicator": indicator.id, "area": code, "year": year, "gender": sex,
                                 "value": None if value is None else round(value, shape.decimals)})
    return rows


def write_kolada_csv(rows: list[dict], path: Path) -> None:
    """Kolada's value records: kpi,municipality_id,year,count,gender,status,value,... (UTF-8)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kpi", "municipality_id", "year", "count", "gender", "status", "value",
                     "municipality", "municipality_type"])
    for row in rows:
        if row["indicator"] in OWN_COMPILATION:
            continue
        value = "" if row["value"] is None else repr(row["value"])
        writer.writerow([row["indicator"], row["area"], row["year"], 1, row["gender"], "", value,
                         MUNICIPALITIES[row["area"]], "L" if row["area"] == "0000" else "K"])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def _swedish_number(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text


def write_swedish_excel_csv(rows: list[dict], path: Path) -> None:
    """As Swedish Excel saves 'CSV (semikolonavgränsad)': cp1252, ';', decimal comma."""
    words = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
    lines = ["Nyckeltal;Kommun;År;Kön;Värde"]
    for row in rows:
        if row["indicator"] not in OWN_COMPILATION or row["value"] is None:
            continue
        value = _swedish_number(row["value"], SHAPES[row["indicator"]].decimals)
        if (row["indicator"], row["area"], row["year"], row["gender"]) == ("N00614", "1980", 2017, "K"):
            value = value.replace("0", "O", 1) if "0" in value else "3O,5"  # planted typo
        lines.append(f"{row['indicator']};{row['area']};{row['year']};{words[row['gender']]};{value}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


COMMENTS = {
    "red": [
        "Utvecklingen går åt fel håll och insatserna behöver förstärkas. {n} ser ett behov av "
        "bättre samverkan med andra nämnder och med civilsamhället.",
        "Målet bedöms inte nås under programperioden med nuvarande insatser. Orsaksanalysen "
        "pekar på ökade skillnader mellan kommundelarna.",
    ],
    "yellow": [
        "Arbetet pågår enligt plan men effekterna syns ännu inte fullt ut i statistiken. {n} "
        "följer utvecklingen uppdelat på kön.",
        "Flera aktiviteter har genomförts under året. Resultaten varierar mellan grupper och "
        "kommundelar, och arbetet fortsätter under nästa år.",
        "Delar av målet är uppfyllda. Pandemins efterverkningar påverkar fortfarande resultaten.",
    ],
    "green": [
        "Målet bedöms vara uppfyllt. {n} fortsätter arbetet för att behålla den positiva "
        "utvecklingen.",
    ],
}
ACTIVITIES = [
    "Följa utvecklingen gällande skillnader i hälsa för att tillsätta rätt insatser",
    "Utveckla nya arbetsmetoder för särskilt sårbara målgrupper",
    "Kompetenshöjande insatser för medarbetare",
    "Utveckla metoder som stärker underrepresenterade gruppers delaktighet",
    "Kommunicera fakta om stadsdelarna till invånarna",
    "Genomföra kartläggningar av trygghet i stadsdelarna",
    "Införa evidensbaserade metoder i det våldsförebyggande arbetet",
    "Utökat öppethållande på fritidsgårdar",
    "Boendemöten i samverkan med bostadsbolagen",
    "Trygghetsvandringar",
]
LIGHT_SV = {"green": "grön", "yellow": "gul", "red": "röd"}
TREND_SV = {"improving": "förbättras", "unchanged": "oförändrad", "worsening": "försämras"}
STATUS_SV = ["genomförd", "pågår", "ej påbörjad"]


def slug(text: str) -> str:
    return (text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o"))


OWNERS = ["Verksamhetschef", "Utvecklingsledare", "Enhetschef", "Strateg", "Folkhälsostrateg"]


def computed_goal_ratings(program: Program, rows: list[dict], year: int = REPORT_YEAR) -> dict[str, tuple[str, str]]:
    """Goal id -> (light, trend) as the default method computes them from these statistics.

    Committees read the same statistics, so their assessments mostly agree with it.
    """
    import pandas as pd

    from report.method.assess import assess_goals, assess_indicators
    from sources.submissions import empty_submissions

    frame = pd.DataFrame([row for row in rows if row["value"] is not None and row["year"] <= year])
    frame["period"] = frame["year"].astype(str)
    frame["quarter"] = pd.NA
    indicators = assess_indicators(program, frame, year)
    goals = assess_goals(program, indicators, empty_submissions().assign(year=[]), year)
    return {row.goal_id: (row.computed_light, row.computed_trend) for row in goals.itertuples()}


def committee_view(computed: tuple[str, str], rng: np.random.Generator) -> tuple[str, str]:
    """A committee's own assessment: usually the computed one, sometimes a step off."""
    light, trend = computed
    if light == "not_assessed" or rng.random() < 0.3:
        light = str(rng.choice(["red", "yellow", "green"], p=[0.3, 0.6, 0.1]))
    if trend == "no_trend" or rng.random() < 0.3:
        trend = str(rng.choice(["improving", "unchanged", "worsening"], p=[0.25, 0.6, 0.15]))
    return light, trend


@dataclass
class Action:
    """One activity of a committee's action plan, as reported in 2023 and, when it began earlier,
    in 2022 (with that year's status)."""

    goal: str
    name: str
    status: str | None  # 2023's status (None: not reported in 2023)
    cost: int
    action_id: str = ""
    owner: str = ""
    start: dt.date | None = None
    deadline: dt.date | None = None
    indicator: str | None = None
    status_2022: str | None = None  # None: not in the 2022 report (begun in 2023)


def plan_history(program: Program, committee: str, actions: list[Action], rng: np.random.Generator) -> list[Action]:
    """Ids, owners, dates and indicators for the 2023 activities, and their 2022 history: most
    began in 2022 (a done one was ongoing then; one not started was already promised then); an
    ongoing one past its deadline is reported delayed. A few of 2022's ongoing activities are not
    reported in 2023, and one is dropped. Drawn from the committee's own stream."""
    goals = {goal.id: goal for _, goal in program.goals()}
    for number, action in enumerate(actions, start=1):
        action.action_id = f"{committee}-{number}"
        action.owner = str(rng.choice(OWNERS))
        own = [indicator.id for indicator in goals[action.goal].indicators]
        action.indicator = str(rng.choice(own)) if own and rng.random() < 0.8 else None
        begun_before = rng.random() < 0.65
        if begun_before:
            action.start = dt.date(2022, int(rng.integers(1, 10)), 1)
            action.status_2022 = {"genomförd": "pågår", "pågår": str(rng.choice(["pågår", "ej påbörjad"])),
                                  "ej påbörjad": "ej påbörjad"}[action.status]
        else:
            action.start = dt.date(2023, int(rng.integers(1, 10)), 1)
        action.deadline = dt.date(action.start.year + int(rng.integers(0, 3)), 6 if rng.random() < 0.4 else 12,
                                  30 if rng.random() < 0.4 else 28)
        if action.deadline <= action.start:
            action.deadline = action.deadline.replace(year=action.deadline.year + 1)
        if action.status == "pågår" and action.deadline < dt.date(2023, 12, 31):
            action.status = "försenad"
    extra = []
    for index in range(int(rng.integers(0, 3))):  # 2022's ongoing activities, not reported in 2023, or dropped
        goal = str(rng.choice([goal.id for goal in goals.values() if committee in goal.committees]))
        extra.append(Action(goal=goal, name=str(rng.choice(ACTIVITIES)), status="avbruten" if index == 1 else None,
                            cost=int(rng.integers(1, 20)) * 50, action_id=f"{committee}-{len(actions) + index + 1}",
                            owner=str(rng.choice(OWNERS)), start=dt.date(2022, 3, 1), deadline=dt.date(2023, 12, 31),
                            status_2022="pågår"))
    return actions + extra


def _fill_actions(sheet, actions: list[Action], year: int) -> None:
    row = 2
    for action in actions:
        status = action.status if year == REPORT_YEAR else action.status_2022
        if status is None or (year < REPORT_YEAR and action.start.year > year):
            continue
        fill_activity(sheet, row, action_id=action.action_id, goal=action.goal, activity=action.name,
                      owner=action.owner, start=action.start, deadline=action.deadline,
                      effect_indicator=action.indicator, activity_status=status, cost_tkr=action.cost)
        row += 1


def write_submission(program: Program, committee: str, computed: dict[str, tuple[str, str]],
                     rng: np.random.Generator, path: Path) -> list[Action]:
    """The committee's template (`followup templates`), filled in as an official would; returns its
    activities (for the 2022 report)."""
    name = program.committees[committee]
    workbook = build_template(program, committee, str(REPORT_YEAR))
    sheet = workbook["Inrapportering"]
    goals = [goal for _, goal in program.goals() if committee in goal.committees]
    actions = []
    for offset, goal in enumerate(goals, start=1):
        row = HEADER_ROW + offset
        assessed = rng.random() < 0.75
        light, trend = committee_view(computed[goal.id], rng)
        comment = str(rng.choice(COMMENTS[light])).format(n=name)
        if assessed:
            sheet.cell(row=row, column=5).value = LIGHT_SV[light]
            sheet.cell(row=row, column=6).value = TREND_SV[trend]
            sheet.cell(row=row, column=7).value = comment
        for _ in range(int(rng.integers(0, 3))):
            actions.append(Action(goal=goal.id, name=str(rng.choice(ACTIVITIES)),
                                  status=str(rng.choice(STATUS_SV, p=[0.4, 0.45, 0.15])),
                                  cost=int(rng.integers(1, 40)) * 50))
    history = np.random.default_rng([SEED, 2022, list(program.committees).index(committee)])
    actions = plan_history(program, committee, actions, history)
    _fill_actions(workbook["Aktiviteter"], actions, REPORT_YEAR)
    if committee == "IFN":
        # Planted defect: a row added for a goal id that is not in the program (the checks reject it).
        row = HEADER_ROW + len(goals) + 1
        for column, value in enumerate(["1.6", "Stärka barns rätt till en trygg uppväxt", committee,
                                        str(REPORT_YEAR), "gul", "oförändrad", "Arbetet har startat under året."],
                                       start=1):
            sheet.cell(row=row, column=column).value = value
    _save(workbook, name, dt.datetime(2024, 1, 31, 12, 0, 0), path)
    return actions


def write_previous_submission(program: Program, committee: str, computed: dict[str, tuple[str, str]],
                              actions: list[Action], path: Path) -> None:
    """The committee's 2022 report: its assessments of that year and the activities begun by then."""
    name = program.committees[committee]
    year = REPORT_YEAR - 1
    rng = np.random.default_rng([SEED, year, list(program.committees).index(committee), 1])
    workbook = build_template(program, committee, str(year))
    sheet = workbook["Inrapportering"]
    for offset, goal in enumerate([goal for _, goal in program.goals() if committee in goal.committees], start=1):
        row = HEADER_ROW + offset
        light, trend = committee_view(computed[goal.id], rng)
        if rng.random() < 0.8:
            sheet.cell(row=row, column=5).value = LIGHT_SV[light]
            sheet.cell(row=row, column=6).value = TREND_SV[trend]
            sheet.cell(row=row, column=7).value = str(rng.choice(COMMENTS[light])).format(n=name)
    _fill_actions(workbook["Aktiviteter"], actions, year)
    _save(workbook, name, dt.datetime(year + 1, 1, 31, 12, 0, 0), path)


def _save(workbook, creator: str, stamp: dt.datetime, path: Path) -> None:
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = creator
    workbook.save(path)


def generate(output: Path) -> list[Path]:
    program = load_program(HERE / "program.yaml")
    rng = np.random.default_rng(SEED)
    output.mkdir(parents=True, exist_ok=True)
    rows = statistics_rows(program, rng)
    written = [output / "kolada_export_2012-2023.csv", output / "statistik_trygghet_demokrati_2012-2023.csv"]
    write_kolada_csv(rows, written[0])
    write_swedish_excel_csv(rows, written[1])
    computed = computed_goal_ratings(program, rows)
    computed_before = computed_goal_ratings(program, rows, REPORT_YEAR - 1)
    for committee in program.committees:
        path = output / f"inrapportering_{slug(committee)}_{REPORT_YEAR}.xlsx"
        actions = write_submission(program, committee, computed, rng, path)
        before = output / f"inrapportering_{slug(committee)}_{REPORT_YEAR - 1}.xlsx"
        write_previous_submission(program, committee, computed_before, actions, before)
        written += [path, before]
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "inbox"
    for path in generate(target):
        sys.stdout.write(f"{path}\n")
