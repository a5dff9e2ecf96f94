"""A deterministic drop folder for any bundled program: Kolada-format statistics for the
municipality, Riket and the peer group, and one filled-in template per committee.

The series are invented but plausible: each indicator's level, yearly change, noise and sex gap
are drawn (fixed seed) from ranges that fit its unit, and committees mostly agree with the
computed rating.
Usage: python examples/generic_drop.py PROGRAM_DIR REPORT_YEAR [SEED] [--lights R,Y,G --trends U,F,D]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report.assess import assess_goals, assess_indicators  # noqa: E402
from sources.program import Indicator, Program, load_program  # noqa: E402
from sources.submissions import empty_submissions  # noqa: E402
from sources.templates import HEADER_ROW, build_template, template_name  # noqa: E402

FIRST_YEAR = 2012
NAMES = {"0000": "Riket", "1880": "Örebro", "0580": "Linköping", "0581": "Norrköping", "0380": "Uppsala",
         "0484": "Eskilstuna", "0680": "Jönköping", "2180": "Gävle", "1980": "Västerås", "1490": "Borås",
         "2480": "Umeå"}
LEVELS = {"procent": (8.0, 85.0), "index": (40.0, 70.0), "dagar": (10.0, 30.0), "antal/1000 inv": (2.0, 8.0),
          "kr/inv": (40.0, 80.0), "antal/100 000 inv": (20.0, 300.0), "ton/inv": (1.0, 5.0),
          "kg/inv": (5.0, 300.0), "antal": (300.0, 5000.0), "hektar": (1500.0, 4000.0)}
COMMENTS = {
    "red": "Utvecklingen går åt fel håll och insatserna behöver förstärkas i samverkan med andra nämnder.",
    "yellow": "Arbetet pågår men effekterna syns ännu inte fullt ut; skillnaderna mellan områden följs upp.",
    "green": "Målet bedöms vara uppfyllt; arbetet fortsätter för att behålla utvecklingen.",
}
LIGHT_SV = {"green": "grön", "yellow": "gul", "red": "röd"}
TREND_SV = {"improving": "förbättras", "unchanged": "oförändrad", "worsening": "försämras"}


def series_rows(program: Program, indicator: Indicator, rng: np.random.Generator, last_year: int) -> list[dict]:
    low, high = LEVELS.get(indicator.unit, (10.0, 90.0))
    base = rng.uniform(low, high)
    slope = rng.normal(0, 0.012) * base
    noise = 0.015 * base
    gap = rng.normal(0, 0.08) * base if indicator.by_sex else 0.0
    bound = 100.0 if indicator.unit == "procent" else 10 * high
    areas = [program.municipality.code, "0000", *program.peers]
    rows = []
    for area in areas:
        level = base * (1 + rng.normal(0, 0.06)) if area != program.municipality.code else base
        for year in range(FIRST_YEAR, last_year + 1):
            total = float(np.clip(level + slope * (year - FIRST_YEAR) + rng.normal(0, noise), 0, bound))
            values = {"T": total}
            if indicator.by_sex:
                values |= {"K": float(np.clip(total + gap, 0, bound)), "M": float(np.clip(total - gap, 0, bound))}
            for sex, value in values.items():
                rows.append({"indicator": indicator.id, "area": area, "year": year, "gender": sex,
                             "value": round(value, 1)})
    if indicator.by_district:
        rows += district_rows(program, indicator, rng, base, slope, noise, bound, last_year)
    return rows


def district_rows(program: Program, indicator: Indicator, rng: np.random.Generator, base: float, slope: float,
                  noise: float, bound: float, last_year: int) -> list[dict]:
    """Priority districts start off worse than the municipality and mostly catch up slowly."""
    rows = []
    worse = (0.65, 0.97) if indicator.direction == "increase" else (1.05, 1.6)
    for district in program.districts:
        level = base * rng.uniform(*worse)
        catch_up = rng.normal(0.4, 0.6) * abs(slope) * (1 if indicator.direction == "increase" else -1)
        for year in range(FIRST_YEAR, last_year + 1):
            value = level + (slope + catch_up) * (year - FIRST_YEAR) + rng.normal(0, 1.5 * noise)
            rows.append({"indicator": indicator.id, "area": district.code, "year": year, "gender": "T",
                         "value": round(float(np.clip(value, 0, bound)), 1)})
    return rows


def write_kolada_csv(rows: list[dict], path: Path, names: dict[str, str]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kpi", "municipality_id", "year", "count", "gender", "status", "value", "municipality",
                     "municipality_type"])
    for row in rows:
        writer.writerow([row["indicator"], row["area"], row["year"], 1, row["gender"], "", repr(row["value"]),
                         names.get(row["area"], row["area"]),
                         "L" if row["area"] == "0000" else "K" if len(row["area"]) == 4 else "D"])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def computed_goals(program: Program, rows: list[dict], year: int) -> dict[str, tuple[str, str]]:
    frame = pd.DataFrame(rows)
    frame["period"] = frame["year"].astype(str)
    frame["quarter"] = pd.NA
    goals = assess_goals(program, assess_indicators(program, frame, year), empty_submissions(), year)
    return {row.goal_id: (row.computed_light, row.computed_trend) for row in goals.itertuples()}


def official_ratings(program: Program, computed: dict, lights: tuple[int, int, int],
                     trends: tuple[int, int, int]) -> dict[str, tuple[str, str]]:
    """Committee ratings with exactly the given counts (red, yellow, green; improving, unchanged,
    worsening), given to the goals in the order of their computed ratings: to reproduce a
    published follow-up's totals (Västerås's ecological program 2023: 9/29/4 and 17/24/1)."""
    goals = program.goal_ids()
    if sum(lights) != len(goals) or sum(trends) != len(goals):
        raise SystemExit(f"the counts must add up to the program's {len(goals)} goals")
    light_rank = {"red": 0, "not_assessed": 1, "yellow": 1, "green": 2}
    trend_rank = {"improving": 0, "no_trend": 1, "unchanged": 1, "worsening": 2}
    by_light = sorted(goals, key=lambda goal: light_rank[computed[goal][0]])
    by_trend = sorted(goals, key=lambda goal: trend_rank[computed[goal][1]])
    light_of = dict(zip(by_light, ["red"] * lights[0] + ["yellow"] * lights[1] + ["green"] * lights[2], strict=True))
    trend_of = dict(zip(by_trend, ["improving"] * trends[0] + ["unchanged"] * trends[1] + ["worsening"] * trends[2],
                        strict=True))
    return {goal: (light_of[goal], trend_of[goal]) for goal in goals}


ACTIVITIES = ["Samverkan med civilsamhället i utsatta områden", "Kartläggning och analys av nuläget",
              "Kompetensutveckling för medarbetare", "Dialogmöten med invånare", "Riktad informationsinsats",
              "Pilotprojekt i en stadsdel", "Uppföljning av tidigare insatser"]
STATUS_SV = ["genomförd", "pågår", "ej påbörjad"]


def write_activities(sheet, goals: list, rng: np.random.Generator) -> None:
    """A few activities per committee with status and cost (tkr), from their own random stream."""
    row = 2
    for goal in goals:
        for _ in range(int(rng.integers(0, 3))):
            sheet.cell(row=row, column=1).value = goal.id
            sheet.cell(row=row, column=4).value = str(rng.choice(ACTIVITIES))
            sheet.cell(row=row, column=5).value = str(rng.choice(STATUS_SV, p=[0.4, 0.45, 0.15]))
            sheet.cell(row=row, column=6).value = int(rng.integers(1, 40)) * 50
            row += 1


def write_submission(program: Program, committee: str, computed: dict, year: int, rng: np.random.Generator,
                     path: Path, forced: dict | None = None, activity_rng: np.random.Generator | None = None) -> None:
    workbook = build_template(program, committee, program.period_label(year))
    sheet = workbook["Inrapportering"]
    goals = [goal for _, goal in program.goals() if committee in goal.committees]
    for offset, goal in enumerate(goals, start=1):
        if forced is not None:
            light, trend = forced[goal.id]
        else:
            if rng.random() > 0.8:
                continue
            light, trend = computed[goal.id]
            if light == "not_assessed" or rng.random() < 0.25:
                light = str(rng.choice(["red", "yellow", "green"], p=[0.3, 0.6, 0.1]))
            if trend == "no_trend" or rng.random() < 0.25:
                trend = str(rng.choice(["improving", "unchanged", "worsening"], p=[0.25, 0.6, 0.15]))
        row = HEADER_ROW + offset
        sheet.cell(row=row, column=5).value = LIGHT_SV[light]
        sheet.cell(row=row, column=6).value = TREND_SV[trend]
        sheet.cell(row=row, column=7).value = COMMENTS[light]
    if activity_rng is not None:
        write_activities(workbook["Aktiviteter"], goals, activity_rng)
    stamp = dt.datetime(year + 1, 2, 1, 12, 0, 0)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.save(path)


def generate(program_dir: Path, year: int, seed: int, output: Path | None = None,
             lights: tuple[int, int, int] | None = None, trends: tuple[int, int, int] | None = None) -> list[Path]:
    program = load_program(program_dir / "program.yaml")
    rng = np.random.default_rng(seed)
    activity_rng = np.random.default_rng(seed + 1)
    output = output or program_dir / "inbox"
    output.mkdir(parents=True, exist_ok=True)
    rows = [row for indicator in program.indicators().values() for row in series_rows(program, indicator, rng, year)]
    written = [output / f"kolada_export_{program.id}_{FIRST_YEAR}-{year}.csv"]
    write_kolada_csv(rows, written[0], {**NAMES, **program.district_names()})
    computed = computed_goals(program, rows, year)
    forced = official_ratings(program, computed, lights, trends) if lights and trends else None
    for committee in program.committees:
        if not any(committee in goal.committees for _, goal in program.goals()):
            continue
        path = output / template_name(program, committee, program.period_label(year))
        write_submission(program, committee, computed, year, rng, path, forced, activity_rng)
        written.append(path)
    return written


def _counts(text: str | None) -> tuple[int, int, int] | None:
    return tuple(int(part) for part in text.split(",")) if text else None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program_dir", type=Path)
    parser.add_argument("year", type=int)
    parser.add_argument("seed", type=int, nargs="?", default=1490)
    parser.add_argument("--lights", help="committee lights red,yellow,green (all goals rated)")
    parser.add_argument("--trends", help="committee arrows improving,unchanged,worsening")
    arguments = parser.parse_args()
    for written_path in generate(arguments.program_dir, arguments.year, arguments.seed,
                                 lights=_counts(arguments.lights), trends=_counts(arguments.trends)):
        sys.stdout.write(f"{written_path}\n")
