"""What a dropped file's name says: the period and the committee of a submission.

The templates are named `inrapportering_<program>_<committee>_<period>.xlsx`, and officials keep
the committee and the year when they rename a copy ("IFN inrapportering 2023 (2).xlsx"). A file
whose content says another committee or period than its name is a file filled in from the
wrong template, and the checks report it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
_QUARTER = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-_ ]?\s*(?:Q|K|kv)([1-4])(?![0-9])", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TOKENS = re.compile(r"[a-z0-9åäöéü]+")


def _stem(name: str) -> str:
    return PurePosixPath(name).stem


def period_in_name(name: str) -> str | None:
    """'..._2023.xlsx' -> '2023'; '..._2021-2022.xlsx' -> '2021-2022'; '..._2023-Q3' -> '2023-Q3'.
    None when the name gives no period or more than one."""
    stem = _stem(name)
    spans = {f"{a}-{b}" for a, b in _SPAN.findall(stem)}
    if spans:
        return spans.pop() if len(spans) == 1 else None
    quarters = {f"{year}-Q{quarter}" for year, quarter in _QUARTER.findall(stem)}
    if quarters:
        return quarters.pop() if len(quarters) == 1 else None
    years = set(_YEAR.findall(stem))
    return years.pop() if len(years) == 1 else None


def committee_slug(committee: str) -> str:
    return committee.lower().translate(str.maketrans("åäö", "aao"))


def committee_in_name(name: str, committees: list[str], program_id: str = "") -> str | None:
    """The one committee of the program whose abbreviation is a word of the file name."""
    ignore = set(_TOKENS.findall(program_id.lower()))
    words = set(_TOKENS.findall(_stem(name).lower().translate(str.maketrans("åäö", "aao")))) - ignore
    found = [committee for committee in committees if committee_slug(committee) in words]
    return found[0] if len(found) == 1 else None


def same_period(content: str | None, named: str | None) -> bool | None:
    """Whether a row's period agrees with its file's name (None: the name gives no period). A
    name with the year only agrees with that year's quarters."""
    if not isinstance(named, str) or not isinstance(content, str):
        return None
    if content == named:
        return True
    return bool(re.fullmatch(r"\d{4}", named) and content.startswith(named + "-Q"))
