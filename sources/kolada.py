"""Kolada's indicators (KPI), bundled: id, title, split by sex, municipality type, publication.

The ids and titles of 5,604 Kolada KPIs (sources/data/kolada_kpis.csv, from Kolada's own
metadata) let the program file be checked when it is loaded: an id shaped like Kolada's that
Kolada does not have is almost always a typo (N0957 for N00957), and the check names the
nearest known ids.
"""

from __future__ import annotations

import csv
import difflib
import re
from functools import cache
from pathlib import Path

from sources.issues import WARNING, Issue
from sources.program import Program

KPIS = Path(__file__).resolve().parent / "data" / "kolada_kpis.csv"
KOLADA_SHAPED = re.compile(r"^[NU]\d{3,7}$", re.IGNORECASE)  # Kolada's ids are N or U and five digits


@cache
def kolada_kpis() -> dict[str, dict[str, str]]:
    """Id -> the KPI's metadata row."""
    with KPIS.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def nearest_kpis(kpi: str, name: str = "", count: int = 3) -> list[str]:
    """The known ids closest to `kpi`, those whose title is closest to `name` first."""
    kpis = kolada_kpis()
    close = difflib.get_close_matches(kpi.upper(), list(kpis), n=12, cutoff=0.7)
    if name:
        close.sort(key=lambda known: -difflib.SequenceMatcher(None, name.lower(),
                                                             kpis[known]["title"].lower()).ratio())
    return close[:count]


def program_issues(program: Program, source: str) -> list[Issue]:
    """Warnings about the program file itself: Kolada-shaped ids that Kolada does not have."""
    kpis = kolada_kpis()
    issues = []
    for indicator in program.indicators().values():
        if not KOLADA_SHAPED.match(indicator.id) or indicator.id in kpis:
            continue
        nearest = nearest_kpis(indicator.id, indicator.name)
        listed = "; ".join(f"{kpi} {kpis[kpi]['title']}" for kpi in nearest)
        issues.append(Issue(
            file=source, rule="känt_kolada_id", severity=WARNING, column="id", value=indicator.id,
            message=(f"Nyckeltalet {indicator.id} ({indicator.name}) finns inte bland Koladas nyckeltal"
                     + (f"; närmast är {listed}" if listed else "")
                     + ". Rätta id:t i programfilen; statistik för det rätta id:t används annars inte.")))
    return issues
