"""What the checks decide for each record: used, rejected, set aside, or used without a cell.

A `Checker` applies one kind's rules to its prepared frame (errors reject the row, or only the
cell for a committee's row; notes that set aside keep the row out of this run; warnings are
given once the rows are settled) and resolves rows that share a key: in one file identical rows
are used once and differing ones all rejected; across files the newest file's row is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from checks.suites import Rule
from sources.issues import ERROR, NOTE, WARNING, Issue
from sources.vocabulary import DUPLICATE, OTHER_PERIOD, REPLACED


def cell_text(value: object) -> str:
    """A frame cell as text for a message: '' for a missing value."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def swedish_decimal(value: object) -> str:
    """'24.3' -> '24,3'."""
    return cell_text(value).replace(".", ",")


@dataclass
class Outcome:
    """What the checks decided for the records of one kind."""

    rejected: set[int] = field(default_factory=set)
    set_aside: dict[int, str] = field(default_factory=dict)  # record_id -> state
    notes: dict[int, str] = field(default_factory=dict)  # record_id -> why (for the ledger)
    blanked: dict[str, set[int]] = field(default_factory=dict)  # canonical column -> record_ids
    issues: list[Issue] = field(default_factory=list)
    revisions: list[dict] = field(default_factory=list)

    def open(self, record_id: int) -> bool:
        return record_id not in self.rejected and record_id not in self.set_aside

    def open_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` neither rejected nor set aside."""
        return frame[~frame["record_id"].isin(self.rejected | set(self.set_aside))]


class Checker:
    """Applies the rules of one kind to its prepared frame."""

    def __init__(self, prepared: pd.DataFrame, headers: dict[tuple[str, str, str], str], recency: dict[str, int]):
        self.prepared = prepared
        self.indexed = prepared.set_index("record_id", drop=False)
        self.headers = headers
        self.recency = recency  # file -> rank, 0 = the newest
        self.outcome = Outcome()

    def header(self, record, canonical: str) -> str:
        found = self.headers.get((record["file"], record["sheet"] or "", canonical), canonical)
        if found == "(årskolumnerna)":
            return cell_text(record.get("raw_period"))
        return found

    def issue(self, record, rule: str, severity: str, message: str, column: str = "", raw: str = "") -> None:
        self.outcome.issues.append(Issue(file=record["file"], sheet=record["sheet"] or "", row=int(record["row"]),
                                         column=self.header(record, column) if column else "", rule=rule,
                                         severity=severity, value=cell_text(record.get(raw)) if raw else "",
                                         message=message))

    def apply(self, rules: list[Rule], failing: dict[str, list[int]], skip: str) -> list[tuple[int, Rule]]:
        """Errors and notes of the rules; returns the warnings, given once the rows are settled."""
        unusable = set(self.prepared.loc[self.prepared["reader_error"].fillna(False).astype(bool), "record_id"])
        outcome = self.outcome
        outcome.rejected |= unusable
        warnings: list[tuple[int, Rule]] = []
        for rule in rules:
            if rule.name == skip:
                continue
            for record_id in failing[rule.name]:
                if record_id in unusable or record_id in outcome.set_aside:
                    continue  # the reader's issue, or why it is set aside, says it; a second would confuse
                record = self.indexed.loc[record_id]
                if rule.severity == ERROR:
                    if rule.scope == "cell":
                        outcome.blanked.setdefault(rule.column, set()).add(record_id)
                    else:
                        outcome.rejected.add(record_id)
                    self.issue(record, rule.name, ERROR, rule.message(record), rule.column, rule.raw)
                else:
                    warnings.append((record_id, rule))
        for record_id, rule in warnings:
            if rule.sets_aside and record_id not in outcome.rejected:
                outcome.set_aside[record_id] = OTHER_PERIOD
                outcome.notes[record_id] = rule.message(self.indexed.loc[record_id])
                self.issue(self.indexed.loc[record_id], rule.name, rule.severity,
                           outcome.notes[record_id], rule.column, rule.raw)
        return [(record_id, rule) for record_id, rule in warnings if not rule.sets_aside]

    def give_warnings(self, warnings: list[tuple[int, Rule]]) -> None:
        for record_id, rule in warnings:
            if self.outcome.open(record_id):
                record = self.indexed.loc[record_id]
                self.issue(record, rule.name, rule.severity, rule.message(record), rule.column, rule.raw)

    def set_aside(self, record_id: int, state: str, note: str) -> None:
        self.outcome.set_aside[record_id] = state
        self.outcome.notes[record_id] = note

    def overlaps(self, rule: Rule, value_columns: list[str], replaced_rule: str, replaced) -> None:
        """Rows with the same key. In one file: identical ones are used once, differing ones are
        all rejected. Across files: the newest file's row is used; an older row with the same
        value is set aside (one note per pair of files), one with another value is replaced."""
        open_rows = self.outcome.open_rows(self.prepared)
        keyed = open_rows[open_rows["key"].notna()]
        groups = keyed[keyed["key"].duplicated(keep=False)]
        if groups.empty:
            return
        groups = groups.assign(rank=groups["file"].map(self.recency).fillna(0).astype(int),
                               signature=groups[value_columns].astype("string").fillna("").agg("|".join, axis=1))
        same_pairs: dict[tuple[str, str], int] = {}
        for _, group in groups.groupby("key", sort=False):
            group = group.sort_values(["rank", "row"])
            winner = None
            for _, rows in group.groupby("rank", sort=True):
                if rows["signature"].nunique() == 1:
                    winner = rows.iloc[0]
                    places = ", ".join(f"rad {int(r)}" for r in rows["row"])
                    for _, duplicate in rows.iloc[1:].iterrows():
                        self.set_aside(int(duplicate["record_id"]), DUPLICATE, "dubblett i samma fil")
                        self.issue(duplicate, rule.name, WARNING,
                                   f"Dubblett: samma uppgift finns också i filen ({places}). Den används en gång; "
                                   "ta bort dubbletten nästa gång.", rule.column, rule.raw)
                    break
                places = ", ".join(f"{r['file']} rad {int(r['row'])}" for _, r in rows.iterrows())
                for _, conflicting in rows.iterrows():
                    self.outcome.rejected.add(int(conflicting["record_id"]))
                    self.issue(conflicting, rule.name, ERROR,
                               f"{rule.message(conflicting)} Värdena skiljer sig ({places}), så ingen av raderna "
                               "används. Behåll bara den rätta raden och lämna in filen igen.", rule.column, rule.raw)
            if winner is None:
                continue
            for _, older in group[group["rank"] > winner["rank"]].iterrows():
                record_id = int(older["record_id"])
                if older["signature"] == winner["signature"]:
                    self.set_aside(record_id, DUPLICATE, f"samma värde i {winner['file']} rad {int(winner['row'])}")
                    pair = (older["file"], winner["file"])
                    same_pairs[pair] = same_pairs.get(pair, 0) + 1
                    continue
                message, revision = replaced(older, winner)
                self.set_aside(record_id, REPLACED, f"ersatt av {winner['file']} rad {int(winner['row'])}")
                self.issue(older, replaced_rule, NOTE, message, rule.column, rule.raw)
                if revision:
                    self.outcome.revisions.append(revision)
        for (older, newer), count in same_pairs.items():
            self.outcome.issues.append(Issue(
                file=older, rule="finns_i_nyare_fil", severity=NOTE,
                message=(f"{count} {'rad' if count == 1 else 'rader'} finns också i den nyare filen {newer} med samma "
                         "värde och används därifrån.")))
