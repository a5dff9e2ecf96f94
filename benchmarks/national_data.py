"""A deterministic national drop folder: the size of a real Kolada export for one program.

All 290 municipalities (their real codes, sources/data/kommuner.csv) and Riket 0000, every year
2008-2023, every indicator of the bundled program (split by sex where the program splits it):
about half a million statistic rows in one Kolada-format CSV, and one submission workbook per
municipality (`inrapportering_<code>_<year>.xlsx`, every goal rated by its committees).

    python benchmarks/national_data.py OUTPUT_DIR [--municipalities N] [--seed S]

`statistics_frame(rows)` makes the larger in-memory setting (10 million rows) for the
validation benchmark. Nothing here is committed output; the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sources.national import municipality_names  # noqa: E402
from sources.program import Program, load_program  # noqa: E402
from sources.templates import HEADER_ROW, SUBMISSION_HEADERS  # noqa: E402

PROGRAM = ROOT / "examples" / "vasteras" / "program.yaml"
FIRST_YEAR, LAST_YEAR = 2008, 2023
LEVELS = {"procent": (8.0, 85.0), "index": (40.0, 70.0), "dagar": (10.0, 30.0), "antal/1000 inv": (2.0, 8.0),
          "år": (78.0, 85.0), "kr/inv": (40.0, 80.0)}
LIGHTS = np.array(["grön", "gul", "röd"])
TRENDS = np.array(["förbättras", "oförändrad", "försämras"])
COMMENT = "Arbetet pågår enligt plan; effekterna följs upp i nästa uppföljning."


def statistics_rows(program: Program, codes: list[str], rng: np.random.Generator,
                    first: int = FIRST_YEAR, last: int = LAST_YEAR) -> pd.DataFrame:
    """Kolada value records for the program's indicators, every area and year, vectorised."""
    areas = np.array(["0000", *codes])
    years = np.arange(first, last + 1)
    frames = []
    for indicator in program.indicators().values():
        low, high = LEVELS.get(indicator.unit, (10.0, 90.0))
        bound = 100.0 if indicator.is_percentage else 10 * high
        base = rng.uniform(low, high) * (1 + rng.normal(0, 0.12, len(areas)))
        slope = rng.normal(0, 0.012, len(areas)) * base
        noise = rng.normal(0, 0.02, (len(areas), len(years))) * base[:, None]
        total = base[:, None] + slope[:, None] * (years - first)[None, :] + noise
        values = {"T": np.clip(total, 0, bound)}
        if indicator.by_sex:
            gap = rng.normal(0, 0.06, len(areas))[:, None] * base[:, None]
            values |= {"K": np.clip(total + gap, 0, bound), "M": np.clip(total - gap, 0, bound)}
        for sex, grid in values.items():
            frames.append(pd.DataFrame({
                "kpi": indicator.id, "municipality_id": np.repeat(areas, len(years)),
                "year": np.tile(years, len(areas)), "count": 1, "gender": sex, "status": "",
                "value": np.round(grid.ravel(), 1)}))
    return pd.concat(frames, ignore_index=True)


def write_statistics(frame: pd.DataFrame, path: Path, names: dict[str, str]) -> Path:
    frame = frame.assign(municipality=frame["municipality_id"].map(names).fillna("Riket"),
                         municipality_type=np.where(frame["municipality_id"] == "0000", "L", "K"))
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_submissions(program: Program, code: str, name: str, year: int, rng: np.random.Generator,
                      path: Path) -> Path:
    """One workbook per municipality: every goal and responsible committee, rated."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Inrapportering")
    sheet.append([f"Inrapportering {year}: {program.name}, {name}"])
    sheet.append([f"Samlad inrapportering för {name} ({code})."])
    assert HEADER_ROW == 3
    sheet.append(SUBMISSION_HEADERS)
    for _, goal in program.goals():
        for committee in goal.committees:
            sheet.append([goal.id, goal.title, committee, str(year),
                          str(rng.choice(LIGHTS, p=[0.2, 0.6, 0.2])), str(rng.choice(TRENDS, p=[0.3, 0.55, 0.15])),
                          COMMENT])
    workbook.save(path)
    return path


def generate(output: Path, municipalities: int = 290, seed: int = 290, program_path: Path = PROGRAM,
             year: int = LAST_YEAR) -> list[Path]:
    program = load_program(program_path)
    names = municipality_names()
    codes = sorted(names)[:municipalities]
    rng = np.random.default_rng(seed)
    output.mkdir(parents=True, exist_ok=True)
    written = [write_statistics(statistics_rows(program, codes, rng, last=year),
                                output / f"kolada_nationell_{FIRST_YEAR}-{year}.csv", names)]
    for code in codes:
        written.append(write_submissions(program, code, names[code], year, rng,
                                         output / f"inrapportering_{code}_{year}.xlsx"))
    return written


def statistics_frame(rows: int, indicators: list[str], seed: int = 10) -> pd.DataFrame:
    """A statistics frame of `rows` rows shaped like the readers' output (the 10-million-row
    validation setting): indicator x area x sex x quarter, each combination once, with a value that
    is not a number every 1 000th row and an unknown sex every 5 000th."""
    rng = np.random.default_rng(seed)
    codes = np.array(["0000", *sorted(municipality_names())])
    index = np.arange(rows)
    per_period = len(indicators) * len(codes) * 3
    period = index // per_period
    periods = np.char.add(np.char.add((1995 + period // 4).astype(str), "-Q"), (period % 4 + 1).astype(str))
    gender = np.array(["T", "K", "M"])[(index // (len(indicators) * len(codes))) % 3].astype(object)
    gender[::5000] = "Q"
    value = np.round(rng.uniform(0, 100, rows), 1).astype(str).astype(object)
    value[::1000] = "x"
    return pd.DataFrame({
        "indicator": pd.array(np.array(indicators)[index % len(indicators)], dtype="string"),
        "area": pd.array(codes[(index // len(indicators)) % len(codes)], dtype="string"),
        "period": pd.array(periods, dtype="string"),
        "gender": pd.array(gender, dtype="string"),
        "value": pd.array(value, dtype="string"),
    })


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--seed", type=int, default=290)
    arguments = parser.parse_args()
    paths = generate(arguments.output, arguments.municipalities, arguments.seed)
    sys.stdout.write(f"{len(paths)} files in {arguments.output}\n")
