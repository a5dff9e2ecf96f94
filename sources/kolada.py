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


DESCRIPTIONS = KPIS.parent / "kolada_kpi_descriptions.csv.gz"
SEARCH_COLUMNS = ["id", "title", "description", "is_divided_by_gender", "municipality_type", "operating_area",
                  "publication_date"]


def bundled_metadata() -> list[dict[str, str]]:
    """The bundled KPIs with their descriptions (the search's source until `indicators update`)."""
    import gzip

    with gzip.open(DESCRIPTIONS, "rt", encoding="utf-8", newline="") as handle:
        descriptions = {row["id"]: row["description"] for row in csv.DictReader(handle)}
    return [{**row, "description": descriptions.get(kpi, "")} for kpi, row in kolada_kpis().items()]


def read_metadata(path: Path | None) -> list[dict[str, str]]:
    """KPI metadata from a file `indicators update` wrote, else the bundled."""
    if path is not None and path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    return bundled_metadata()


def kpi_unit(title: str) -> str:
    """The unit Kolada writes last in a KPI's title: 'Ohälsotal, dagar' -> 'dagar'."""
    head, comma, tail = title.rpartition(", ")
    return tail if comma and head else ""


def search_kpis(words: list[str], metadata: list[dict[str, str]]) -> list[dict[str, str]]:
    """The KPIs whose id, title or description hold every word (any case): an id match first,
    then those with every word in the title, then the rest, each in id order."""
    wanted = [word.lower() for word in words if word.strip()]
    if not wanted:
        return []

    def rank(row: dict[str, str]) -> int | None:
        kpi, title, text = row["id"].lower(), row["title"].lower(), (row.get("description") or "").lower()
        if not all(word in kpi or word in title or word in text for word in wanted):
            return None
        return 0 if kpi in wanted else 1 if all(word in title for word in wanted) else 2

    ranked = [(found, row) for row in metadata if (found := rank(row)) is not None]
    return [row for _, row in sorted(ranked, key=lambda pair: (pair[0], pair[1]["id"]))]


def write_metadata(rows: list[dict], path: Path) -> Path:
    """The KPI list from the API as a CSV (written hidden, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SEARCH_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in sorted(rows, key=lambda row: str(row.get("id", ""))):
            writer.writerow({key: "" if row.get(key) is None else (
                "1" if row.get(key) is True else "0" if row.get(key) is False else str(row[key]))
                for key in SEARCH_COLUMNS})
    partial.replace(path)
    return path
