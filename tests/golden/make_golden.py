"""Remake the golden ratings of the bundled example (review the diff before committing)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from checks.drop import check_drop  # noqa: E402
from report.method.assess import assess, ratings_table  # noqa: E402
from sources.program import load_program  # noqa: E402

GOLDEN_COLUMNS = ["level", "area_id", "goal_id", "id", "sex", "light", "trend", "source",
                  "computed_light", "computed_trend", "rule", "latest_year", "points", "rate", "ratio"]


def golden_frame(ratings):
    frame = ratings[GOLDEN_COLUMNS].copy()
    frame["rate"] = frame["rate"].astype(float).round(6)
    frame["ratio"] = frame["ratio"].astype(float).round(6)
    return frame


if __name__ == "__main__":
    example = ROOT / "examples" / "vasteras"
    program = load_program(example / "program.yaml")
    _, checked = check_drop(program, example / "inbox", 1990, 2026)
    ratings = ratings_table(assess(program, checked.statistics, checked.submissions, 2023))
    golden_frame(ratings).to_csv(Path(__file__).with_name("vasteras_2023_ratings.csv"), index=False)
