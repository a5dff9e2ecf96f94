"""A deterministic drop folder for any bundled program: Kolada-format statistics for the
municipality, Riket and the peer group, and one filled-in template per committee.

The series are invented but plausible: each indicator's level, yearly change, noise and sex gap
are drawn (fixed seed) from ranges that fit its unit, and committees mostly agree with the
computed rating. Usage: python examples/generic_drop.py PROGRAM_DIR REPORT_YEAR [SEED]
"""

from __future__ import annotations

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
from sources.templates import HEADER_ROW, build_template  # noqa: E402

FIRST_YEAR = 2012
NAMES = {"0000": "Riket", "1880": "Örebro", "0580": "Linköping", "0581": "Norrköping", "0380": "Uppsala",
         "0484": "Eskilstuna", "0680": "Jönköping", "2180": "Gävle", "1980": "Västerås", "1490": "Borås",
         "2480": "Umeå"}
LEVELS = {"procent": (8.0, 85.0), "index": (40.0, 70.0), "dagar": (10.0, 30.0), "antal/1000 inv": (2.0, 8.0)}
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
    return rows


def write_kolada_csv(rows: list[dict], path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kpi", "municipality_id", "year", "count", "gender", "status", "value", "municipality",
                     "municipality_type"])
    for row in rows:
        writer.writerow([row["indicator"], row["area"], row["year"], 1, row["gender"], "", repr(row["value"]),
                         NAMES.get(row["area"], row["area"]), "L" if row["area"] == "0000" else "K"])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def computed_goals(program: Program, rows: list[dict], year: int) -> dict[str, tuple[str, str]]:
    frame = pd.DataFrame(rows)
    frame["period"] = frame["year"].astype(str)
    frame["quarter"] = pd.NA
    goals = assess_goals(program, assess_indicators(program, frame, year), empty_submissions(), year)
    return {row.goal_id: (row.computed_light, row.computed_trend) for row in goals.itertuples()}


def write_submission(program: Program, committee: str, computed: dict, year: int, rng: np.random.Generator,
                     path: Path) -> None:
    workbook = build_template(program, committee, program.period_label(year))
    sheet = workbook["Inrapportering"]
    goals = [goal for _, goal in program.goals() if committee in goal.committees]
    for offset, goal in enumerate(goals, start=1):
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
    stamp = dt.datetime(year + 1, 2, 1, 12, 0, 0)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.save(path)


def generate(program_dir: Path, year: int, seed: int, output: Path | None = None) -> list[Path]:
    program = load_program(program_dir / "program.yaml")
    rng = np.random.default_rng(seed)
    output = output or program_dir / "inbox"
    output.mkdir(parents=True, exist_ok=True)
    rows = [row for indicator in program.indicators().values() for row in series_rows(program, indicator, rng, year)]
    written = [output / f"kolada_export_{FIRST_YEAR}-{year}.csv"]
    write_kolada_csv(rows, written[0])
    computed = computed_goals(program, rows, year)
    for committee in program.committees:
        if not any(committee in goal.committees for _, goal in program.goals()):
            continue
        slug = committee.lower().translate(str.maketrans("åäö", "aao"))
        path = output / f"inrapportering_{slug}_{program.period_label(year)}.xlsx"
        write_submission(program, committee, computed, year, rng, path)
        written.append(path)
    return written


if __name__ == "__main__":
    directory, report_year = Path(sys.argv[1]), int(sys.argv[2])
    for written_path in generate(directory, report_year, int(sys.argv[3]) if len(sys.argv) > 3 else 1490):
        sys.stdout.write(f"{written_path}\n")
