"""The words every layer shares: severities of an issue, lights, trends, the direction of a gap,
activity statuses, file statuses and the states of a record in the ledger.

Codes (green, improving, ...) are what the tables and files hold; the Swedish words a reader
sees for them are in report/texts.py. Severities and statuses are Swedish because they are
written as they are into issues.csv, the feedback pages and the ledger.
"""

from __future__ import annotations

import pandas as pd

# Severity of an issue (sources/issues.py): `fel` = not used, `varning` = used, worth a look,
# `notering` = read in a way worth knowing, or set aside without being wrong.
ERROR, WARNING, NOTE = "fel", "varning", "notering"
SEVERITIES = (ERROR, WARNING, NOTE)

# The light of an indicator or goal; LIGHTS are the ones a committee can give.
GREEN, YELLOW, RED, NOT_ASSESSED = "green", "yellow", "red", "not_assessed"
LIGHTS = (GREEN, YELLOW, RED)
ALL_LIGHTS = (*LIGHTS, NOT_ASSESSED)

# The trend of an indicator or goal; TRENDS are the ones a committee can give.
IMPROVING, UNCHANGED, WORSENING, NO_TREND = "improving", "unchanged", "worsening", "no_trend"
TRENDS = (IMPROVING, UNCHANGED, WORSENING)
ALL_TRENDS = (*TRENDS, NO_TREND)

# How a gap between women and men moves (UNCHANGED and NO_TREND as for trends).
NARROWING, WIDENING = "narrowing", "widening"
GAP_TRENDS = (NARROWING, UNCHANGED, WIDENING, NO_TREND)

# The status of a committee's activity.
DONE, ONGOING, NOT_STARTED = "done", "ongoing", "not_started"
DELAYED, DROPPED = "delayed", "dropped"  # ongoing but behind its plan; given up without being done
ACTIVITY_STATUSES = (DONE, ONGOING, DELAYED, NOT_STARTED, DROPPED)
NOT_REPORTED = "not_reported"  # a planned action of last period that this period's files do not have
NO_STATUS = "no_status"  # reported this period, but with the status cell left empty
# How an indicator moved since an action started: toward the desired direction, away from it, not at all.
TOWARDS, AWAY, SAME, NO_NEWER, NO_BEFORE = "towards", "away", "same", "no_newer", "no_before"

# A dropped file's status after the checks.
FILE_ACCEPTED, FILE_PARTLY, FILE_REJECTED = "accepterad", "delvis accepterad", "avvisad"
FILE_UNUSED = "används inte"  # every row set aside: replaced by a newer file, or another period

# A record's state in the ledger.
USED, NO_VALUE, REPLACED, DUPLICATE, OTHER_PERIOD, OTHER_AREA = (
    "används", "saknar värde", "ersatt", "dubblett", "annan period", "annat område")
OTHER_INDICATOR, OTHER_BREAKDOWN = "annat nyckeltal", "annan indelning"
GROUP = "grupp"  # a row of one of the groups an indicator compares (program `groups`), not its value


def count_severity(issues: pd.DataFrame, severity: str = ERROR) -> int:
    """How many issues of a table of issues have the severity (errors by default)."""
    return int((issues["severity"] == severity).sum())


def severity_counts(issues: pd.DataFrame) -> dict[str, int]:
    """Errors, warnings and notes of a table of issues, under English keys (summary.json, manifest)."""
    return {"errors": count_severity(issues, ERROR), "warnings": count_severity(issues, WARNING),
            "notes": count_severity(issues, NOTE)}
