"""The committees' outcome: the rules, then a corrected copy replacing the earlier file, the
newest row where a goal is assessed twice, activities counted once, and a note for each goal of
the committee that its template no longer lists."""

from __future__ import annotations

import pandas as pd

from checks.outcome import Checker, Outcome
from checks.suites import Rule
from checks.validation import Validation
from sources.issues import NOTE, WARNING, Issue
from sources.program import Program
from sources.readers import ReadResult
from sources.vocabulary import DUPLICATE, OTHER_PERIOD, REPLACED


def check_submissions(prepared: pd.DataFrame, program: Program, rules: list[Rule], headers,
                      validation: Validation, recency: dict[str, int], results: list[ReadResult]) -> Checker:
    checker = Checker(prepared, headers, recency)
    failing = validation.failing_records(prepared, rules, "inrapportering")
    warnings = checker.apply(rules, failing, "unik_bedömning")
    _supersede_files(checker)
    unique = next(rule for rule in rules if rule.name == "unik_bedömning")
    checker.overlaps(unique, ["assessment", "trend", "comment"], "ersatt_bedömning", _submission_replaced)
    _deduplicate_activities(checker)
    checker.give_warnings(warnings)
    checker.outcome.issues += _missing_goal_notes(prepared, program, results, checker.outcome)
    _one_note_per_other_period_file(checker)
    return checker


def _one_note_per_other_period_file(checker: Checker) -> None:
    """A file whose every row is for another period than the run's (last year's workbooks still in
    the inbox) gets one note instead of one per row; its rows stay in the ledger, set aside."""
    prepared, outcome = checker.prepared, checker.outcome
    if prepared.empty:
        return
    other = prepared["record_id"].map(outcome.set_aside) == OTHER_PERIOD
    whole = other.groupby(prepared["file"]).all()
    collapsed = sorted(whole[whole].index)
    if not collapsed:
        return
    outcome.issues[:] = [issue for issue in outcome.issues
                         if not (issue.rule == "period_för_körningen" and issue.file in collapsed)]
    for file in collapsed:
        rows = prepared[prepared["file"] == file]
        count = len(rows.drop_duplicates(["sheet", "row"]))
        periods = sorted(set(rows["period"].dropna()))
        outcome.issues.append(Issue(
            file=file, rule="period_för_körningen", severity=NOTE, value=", ".join(periods),
            message=(f"Filen gäller {' och '.join(periods)}; den här uppföljningen gäller "
                     f"{rows['run_period'].iloc[0]}, "
                     f"så {'filens rad' if count == 1 else f'filens {count} rader'} används inte här (de finns kvar i "
                     "liggaren och används i uppföljningen för den perioden).")))


def _submission_replaced(older, winner) -> tuple[str, dict | None]:
    return (f"Bedömningen av mål {older['goal']} har ersatts av den senare inrapporteringen i {winner['file']} "
            f"(rad {int(winner['row'])}), som används."), None


def _supersede_files(checker: Checker) -> None:
    """A later file of the same committee and period that assesses some of the same goals
    replaces an earlier one as a whole (a corrected copy beside the original: its activities
    are not counted twice); both files get a note. Files with different goals are both used."""
    prepared = checker.prepared
    open_rows = checker.outcome.open_rows(prepared)
    open_rows = open_rows[open_rows["committee"].notna() & open_rows["period"].notna()]
    per_file = open_rows.groupby("file").agg(committees=("committee", "nunique"), periods=("period", "nunique"),
                                             committee=("committee", "first"), period=("period", "first"),
                                             municipality=("municipality", "first"))
    single = per_file[(per_file["committees"] == 1) & (per_file["periods"] == 1)].reset_index()
    goals = {name: set(rows["key"].dropna()) for name, rows in open_rows.groupby("file")}
    for (committee, period, _), files in single.groupby(["committee", "period", "municipality"]):
        ordered = sorted(files["file"], key=lambda name: checker.recency.get(name, 0))
        replaced: dict[str, list[str]] = {}
        for position, newer in enumerate(ordered):
            if any(newer in older for older in replaced.values()):
                continue  # itself replaced by a still newer file
            for older in ordered[position + 1:]:
                if goals[newer] & goals[older] and not any(older in names for names in replaced.values()):
                    replaced.setdefault(newer, []).append(older)
        for newest, older_files in replaced.items():
            for name in older_files:
                for record_id in open_rows.loc[open_rows["file"] == name, "record_id"]:
                    checker.set_aside(int(record_id), REPLACED, f"filen ersatt av {newest}")
                checker.outcome.issues.append(Issue(
                    file=name, rule="ersatt_fil", severity=NOTE,
                    message=(f"Filen har ersatts av {newest}, en senare inrapportering från samma nämnd "
                             f"({committee}) för samma period ({period}) och samma mål. Ingen av raderna i den här "
                             "filen används; lämna bara in den senaste filen nästa gång.")))
            checker.outcome.issues.append(Issue(
                file=newest, rule="ersätter_fil", severity=NOTE,
                message=(f"Filen ersätter den tidigare inrapporteringen {', '.join(older_files)} från {committee} "
                         f"för {period}; bara den här filen används.")))


def _deduplicate_activities(checker: Checker) -> None:
    prepared = checker.prepared
    rows = checker.outcome.open_rows(prepared[prepared["activity"].notna()])
    if rows.empty:
        return
    key = (rows[["goal", "committee", "period", "municipality", "action_id", "activity", "activity_status",
                 "cost_tkr"]]
           .astype("string").fillna("").apply(lambda column: column.str.strip().str.lower()).agg("|".join, axis=1))
    first_row = rows.groupby(key)["row"].transform("first")
    for (_, record), first in zip(rows[key.duplicated()].iterrows(), first_row[key.duplicated()], strict=True):
        checker.set_aside(int(record["record_id"]), DUPLICATE, f"samma aktivitet som rad {int(first)}")
        checker.issue(record, "aktivitet_dubblett", WARNING,
                      f"Aktiviteten '{record['activity']}' finns redan på rad {int(first)} med samma status och "
                      "kostnad; den räknas en gång. Ta bort dubbletten nästa gång.", "activity", "activity")


def _missing_goal_notes(prepared: pd.DataFrame, program: Program, results: list[ReadResult],
                        outcome: Outcome) -> list[Issue]:
    """A goal of the committee that its template no longer lists (a deleted row).

    In a combined report each program has its own template per committee, so a file is held to
    the goals of the programs whose goals it lists; and a goal another file of the same committee
    and period lists is not missing."""
    notes: list[Issue] = []
    titles = {goal.id: goal.title for _, goal in program.goals()}
    part_of_goal = {goal.id: area.part for area, goal in program.goals()}
    sheets = []
    for result in results:
        for sheet, listed in result.listed_goals.items():
            own = prepared[(prepared["file"] == result.file) & (prepared["sheet"] == sheet)]
            committees = set(own["committee"].dropna()) or set()
            if len(committees) != 1 or all(not outcome.open(i) for i in own["record_id"]):
                continue
            periods = tuple(sorted(set(own["period"].dropna().astype(str))))
            sheets.append((result, sheet, set(listed), committees.pop(), periods))
    for result, sheet, listed, committee, periods in sheets:
        elsewhere = set().union(*[other[2] for other in sheets if other[3] == committee and other[4] == periods])
        parts = {part_of_goal.get(goal) for goal in listed}
        expected = [goal.id for area, goal in program.goals() if committee in goal.committees
                    and (not program.parts or area.part in parts)]
        for goal in expected:
            if goal not in listed and goal not in elsewhere:
                notes.append(Issue(file=result.file, sheet=sheet, rule="mål_saknas_i_filen", severity=WARNING,
                                   value=goal,
                                   message=(f"Målet {goal} ({titles[goal]}) saknas i filen, fast {committee} "
                                            "ansvarar för det: raden kan ha tagits bort. Lägg tillbaka raden "
                                            "(eller fyll i en ny mall) och lämna in filen igen.")))
    return notes
