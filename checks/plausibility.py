"""Plausibility of the values used: warnings, never rejections (docs/intake.md, "Plausibility").

Three rules run with Great Expectations on the statistics that are used, once every row is
settled (rejected, set aside or replaced rows take no part). Each is a derived 'ja'/'nej' column
(null where the rule does not apply) that an `ExpectColumnValuesToBeInSet` checks, as the
statistics suite does with `within_bounds`:

- `total_inom_kön`: for a rate or a share (a percentage unit, a unit per inhabitants, or declared
  `bounds`), the total (T) lies between women's and men's values of the same indicator, area and
  period. A total of a count is their sum, so counts are not checked.
- `del_av_helhet`: an indicator that the program declares `part_of` another is not larger than
  that whole for the same area, period and sex.
- `rimligt_mot_historik`: a value is not far from the other values of its own series (indicator,
  area, sex; a quarter with the same quarter of other years), where the series has at least
  `HISTORY_MIN_OTHERS` other values: far is more than `HISTORY_K` robust standard deviations
  (1,4826 × MAD) and a factor `HISTORY_FACTOR` from the others' median, on the log scale for a
  series without negative values (see `history_check`).

Values are compared at the precision they are published with (an indicator's precision in a
file is the most decimals its values there are written with, so '92' beside '93,5' is 92,0): a
value may pass a bound by half a step of the coarser precision of the two (0,05 for one
decimal), so rounding never gives a warning.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from checks.outcome import Checker
from checks.suites import NO, YES, Rule, normalise_unit
from checks.validation import Validation
from sources.issues import WARNING, Issue
from sources.program import Indicator, Program

TOTAL_RULE = "total_inom_kön"
PART_RULE = "del_av_helhet"
HISTORY_RULE = "rimligt_mot_historik"

HISTORY_K = 5.0  # robust standard deviations from the median of the other years (log scale above zero)
HISTORY_FACTOR = 3.0  # ... and at least three times or a third of it: 2020's closed libraries halved visits
HISTORY_STEPS = 10  # ... and at least ten steps of the published precision (0,1 for one decimal: 1,0)
HISTORY_MIN_OTHERS = 5  # the other values a series needs before a value is compared with them
MAD_SCALE = 1.4826  # MAD × this estimates the standard deviation of normally spread values
MAX_DECIMALS = 6
EPSILON = 1e-9

SEX_WORDS = {"T": "totalt", "K": "kvinnor", "M": "män"}
_PER_INHABITANTS = re.compile(r"per\d*inv")
_WRITTEN = re.compile(r"(\d+)[.,](\d+)\D*$")  # the digits either side of the last decimal mark
CONTEXT = ["record_id", "file", "sheet", "row", "raw_value", "raw_period", "indicator", "area", "period",
           "gender", "number", "decimals", "precision"]


def is_rate(indicator: Indicator) -> bool:
    """A share or a rate, whose total lies between women's and men's values: a percentage unit,
    a unit per inhabitants ('antal/1000 inv', 'kg/inv'), or declared bounds."""
    unit = normalise_unit(indicator.unit)
    return (indicator.is_percentage or unit in {"%", "andel", "promille", "‰"} or bool(_PER_INHABITANTS.search(unit))
            or indicator.bounds is not None)


def written_decimals(values: pd.Series, raw: pd.Series) -> pd.Series:
    """The decimals each value is written with: '28,0' has one, '1 234,5' one, '1.234.567' none
    (a point grouping thousands), a cell without text (a number) as many as the number needs."""
    numbers = values.astype(float).abs()
    text = raw.astype("string").str.strip()
    codes, unique = pd.factorize(text)  # the texts repeat: each is read once
    parts = pd.Series(unique, dtype="string").str.extract(_WRITTEN)
    taken = pd.Series(codes, index=values.index)
    whole = parts[0].reindex(taken.where(taken >= 0)).set_axis(values.index)
    fraction = parts[1].reindex(taken.where(taken >= 0)).set_axis(values.index)
    count = fraction.str.len().astype("Float64")
    usable = fraction.notna() & (count <= MAX_DECIMALS)
    scale = 10 ** count.where(usable, 0).astype(float)
    integer = np.floor(numbers + EPSILON)
    matches_fraction = np.isclose(np.round((numbers - integer) * scale) % scale,
                                  pd.to_numeric(fraction.where(usable), errors="coerce").astype(float))
    matches_whole = np.isclose(integer % 10 ** whole.str.len().where(usable, 1).astype(float),
                               pd.to_numeric(whole.where(usable), errors="coerce").astype(float))
    as_written = usable & matches_fraction & matches_whole
    decimals = count.where(as_written).astype("Int64")
    unknown = decimals.isna().to_numpy()
    if unknown.any():  # as many decimals as the number needs, at most MAX_DECIMALS
        rest = numbers.to_numpy()[unknown]
        needed = np.full(len(rest), MAX_DECIMALS)
        for places in range(MAX_DECIMALS - 1, -1, -1):
            exact = np.abs(np.round(rest, places) - rest) <= EPSILON * np.maximum(1, rest)
            needed = np.where(exact, places, needed)
        decimals[unknown] = needed
    return decimals.astype(int)


def _number(value: float, decimals: int, unit: str) -> str:
    """'94,0 %', '4,70 ton/inv': the value with the decimals it is written with, and its unit."""
    from sources.formats import NBSP, format_number

    text = format_number(float(value), int(decimals))
    if unit.strip().lower() in {"procent", "%", "percent", "andel (%)"}:
        return f"{text}{NBSP}%"
    return f"{text} {unit.strip()}".strip()


def _difference(value: float, decimals: int, unit: str) -> str:
    """A difference in the unit: '82,7 procentenheter' for percentages, '2,60 ton/inv'."""
    from sources.formats import format_number, unit_of_change

    return f"{format_number(float(value), int(decimals))} {unit_of_change(unit)}".strip()


def area_label(program: Program) -> dict[str, str]:
    """Area code -> the name a message uses ('Västerås', 'Riket', a district's name)."""
    from sources.areas import COUNTY_NAMES, RIKET
    from sources.national import municipality_names

    names = dict(municipality_names()) | COUNTY_NAMES | {RIKET: "Riket"}
    names |= {district.code: district.name for district in program.districts}
    names[program.municipality.code] = program.municipality.name
    return names


def used_values(checker: Checker, program: Program) -> pd.DataFrame:
    """The statistics that are used, with their value as a number and its written precision
    (`decimals`; `precision`: the most decimals the indicator has in that file)."""
    rows = checker.outcome.open_rows(checker.prepared)
    rows = rows[rows["value"].notna() & rows["indicator"].isin(list(program.indicators()))
                & rows["gender"].isin(list(SEX_WORDS))]
    rows = rows.assign(number=pd.to_numeric(rows["value"], errors="coerce"))
    rows = rows[rows["number"].notna() & np.isfinite(rows["number"])]
    return with_precision(rows)


def with_precision(rows: pd.DataFrame) -> pd.DataFrame:
    """`decimals` per value and `precision` per file and indicator (the most decimals written)."""
    rows = rows.copy()
    raw = rows["raw_value"] if "raw_value" in rows else pd.Series(pd.NA, index=rows.index)
    rows["decimals"] = written_decimals(rows["number"], raw) if len(rows) else pd.Series(dtype=int)
    rows["precision"] = rows.groupby(["file", "indicator"], dropna=False)["decimals"].transform("max")
    for column in CONTEXT:
        if column not in rows:
            rows[column] = pd.NA
    return rows


def _tolerance(*precisions: pd.Series) -> pd.Series:
    """Half a step of the coarsest precision: 0,05 for one decimal."""
    coarsest = pd.concat(precisions, axis=1).min(axis=1)
    return 0.5 * 10.0 ** (-coarsest.astype(float)) + EPSILON


def total_check(values: pd.DataFrame, program: Program) -> pd.DataFrame:
    """Per total (T) of a rate or share with both women's and men's values: `total_ok` and the
    women's and men's values, decimals, files and rows."""
    rates = [i.id for i in program.indicators().values() if is_rate(i)]
    values = values[values["indicator"].isin(rates)]
    key = ["indicator", "area", "period"]
    keep = [*key, "number", "decimals", "precision", "file", "sheet", "row"]
    total = values[values["gender"] == "T"]
    women = values.loc[values["gender"] == "K", keep].drop_duplicates(key)
    men = values.loc[values["gender"] == "M", keep].drop_duplicates(key)
    both = (total.merge(women.add_suffix("_k").rename(columns={f"{k}_k": k for k in key}), on=key)
            .merge(men.add_suffix("_m").rename(columns={f"{k}_m": k for k in key}), on=key))
    if both.empty:
        return both.assign(total_ok=pd.Series(dtype="string"))
    tolerance = _tolerance(both["precision"], both["precision_k"], both["precision_m"])
    low = both[["number_k", "number_m"]].min(axis=1)
    high = both[["number_k", "number_m"]].max(axis=1)
    inside = (both["number"] >= low - tolerance) & (both["number"] <= high + tolerance)
    both["total_ok"] = inside.map({True: YES, False: NO}).astype("string")
    return both


def part_check(values: pd.DataFrame, program: Program) -> pd.DataFrame:
    """Per value of an indicator declared `part_of` another, with the whole's value for the same
    area, period and sex: `part_ok` and the whole's value, decimals, file and row."""
    wholes = {i.id: i.part_of for i in program.indicators().values() if i.part_of}
    if not wholes:
        return values.iloc[0:0].assign(part_ok=pd.Series(dtype="string"))
    parts = values[values["indicator"].isin(list(wholes))].assign(
        whole=lambda frame: frame["indicator"].map(wholes))
    key = ["area", "period", "gender"]
    whole = values[values["indicator"].isin(list(wholes.values()))][
        ["indicator", *key, "number", "decimals", "precision", "file", "sheet", "row"]]
    whole = whole.rename(columns={"indicator": "whole", "number": "number_w", "decimals": "decimals_w",
                                  "precision": "precision_w", "file": "file_w", "sheet": "sheet_w",
                                  "row": "row_w"}).drop_duplicates(["whole", *key])
    paired = parts.merge(whole, on=["whole", *key])
    if paired.empty:
        return paired.assign(part_ok=pd.Series(dtype="string"))
    tolerance = _tolerance(paired["precision"], paired["precision_w"])
    paired["part_ok"] = (paired["number"] <= paired["number_w"] + tolerance).map({True: YES, False: NO}).astype(
        "string")
    return paired


def _median(array: np.ndarray) -> np.ndarray:
    """The median along the last axis, leaving out NaN (as np.nanmedian, without its masked
    arrays: a sort and the middle of the numbers in each slice; NaN for a slice of none)."""
    ordered = np.sort(array, axis=-1)  # NaN last, -inf first
    count = (~np.isnan(ordered)).sum(axis=-1, keepdims=True)
    low = np.take_along_axis(ordered, np.maximum(count - 1, 0) // 2, axis=-1)
    high = np.take_along_axis(ordered, np.maximum(count, 1) // 2 - (count == 0), axis=-1)
    with np.errstate(invalid="ignore"):
        middle = np.where(low == high, low, (low + high) / 2)  # -inf and -inf stay -inf
    return np.where(count > 0, middle, np.nan)[..., 0]


def _leave_one_out(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For series of one length (rows), per value: the median and the MAD of the others (a log
    of zero is -inf; a deviation of -inf from -inf is no number and left out)."""
    count = block.shape[1]
    others = np.repeat(block[:, None, :], count, axis=1)
    diagonal = np.arange(count)
    others[:, diagonal, diagonal] = np.nan
    median = _median(others)
    with np.errstate(invalid="ignore"):
        mad = _median(np.abs(others - median[:, :, None]))
    return median, mad


def history_check(values: pd.DataFrame) -> pd.DataFrame:
    """Per value of a series (indicator, area, sex; a quarter with the same quarter of other
    years) with at least `HISTORY_MIN_OTHERS` other values: `history_ok`, the median of the
    others, how many there are and their first and last year.

    A series without negative values is compared on the log scale, where a steady growth is a
    straight line and an error of unit is a factor: a value is far when its log lies more than
    max(`HISTORY_K` × 1,4826 × MAD, log `HISTORY_FACTOR`) from the others' median, so at least
    three times or a third of it (a zero among values in the hundreds is far; among zeros, not).
    A series with a negative value (a deviation, a result) is compared as it is: more than
    `HISTORY_K` × 1,4826 × MAD from the median. Either way the value must also differ from the
    median by more than `HISTORY_STEPS` steps of the published precision (small counts that go
    1, 2, 6 are no outliers)."""
    frame = values.assign(year=values["period"].astype(str).str.slice(0, 4).astype(int),
                          season=values["period"].astype(str).str.slice(4))
    series = ["indicator", "area", "gender", "season"]
    frame = frame.sort_values([*series, "year"]).drop_duplicates([*series, "year"])
    frame["series"] = frame.groupby(series, sort=False).ngroup()
    frame["length"] = frame.groupby("series")["number"].transform("size")
    frame = frame[frame["length"] > HISTORY_MIN_OTHERS].copy()
    if frame.empty:
        return frame.assign(history_ok=pd.Series(dtype="string"))
    frame["position"] = frame.groupby("series").cumcount()
    frame["series_precision"] = frame.groupby("series")["decimals"].transform("max")
    frame["logarithmic"] = frame.groupby("series")["number"].transform("min") >= 0
    with np.errstate(divide="ignore"):
        logs = np.log(frame["number"].where(frame["logarithmic"], 1.0))
    frame["scaled"] = logs.where(frame["logarithmic"], frame["number"])
    for column in ("median", "scaled_median", "scaled_mad"):
        frame[column] = np.nan
    for _, group in frame.groupby("length"):
        order = {series_id: index for index, series_id in enumerate(sorted(group["series"].unique()))}
        place = (group["series"].map(order).to_numpy(), group["position"].to_numpy())
        median, _ = _leave_one_out(group.pivot(index="series", columns="position", values="number").to_numpy(float))
        scaled_median, scaled_mad = _leave_one_out(
            group.pivot(index="series", columns="position", values="scaled").to_numpy(float))
        frame.loc[group.index, "median"] = median[place]
        frame.loc[group.index, "scaled_median"] = scaled_median[place]
        frame.loc[group.index, "scaled_mad"] = scaled_mad[place]
    # A MAD of no number (most others zero) is no spread; a zero against zeros is no distance.
    spread = np.fmax(HISTORY_K * MAD_SCALE * frame["scaled_mad"], 0.0)
    allowed = np.maximum(spread, np.where(frame["logarithmic"], np.log(HISTORY_FACTOR), 0.0))
    with np.errstate(invalid="ignore"):
        distance = (frame["scaled"] - frame["scaled_median"]).abs()
    far = distance.fillna(0) > allowed + EPSILON
    steps = HISTORY_STEPS * 10.0 ** (-frame["series_precision"].astype(float))
    far &= (frame["number"] - frame["median"]).abs() > steps + EPSILON
    frame["others"] = frame["length"] - 1
    years = frame["year"].to_numpy()
    start = np.arange(len(frame)) - frame["position"].to_numpy()  # each series' first row (sorted by year)
    end = start + frame["length"].to_numpy() - 1
    position = frame["position"].to_numpy()
    frame["first_other"] = np.where(position == 0, years[start + 1], years[start])
    frame["last_other"] = np.where(position == frame["length"].to_numpy() - 1, years[end - 1], years[end])
    frame["history_ok"] = far.map({True: NO, False: YES}).astype("string")
    return frame


def plausibility_rules() -> list[Rule]:
    """The three warnings; their messages are made from the context (`plausibility_issues`)."""
    return [
        Rule(TOTAL_RULE, "ExpectColumnValuesToBeInSet", {"column": "total_ok", "value_set": [YES]}, "value",
             "raw_value", lambda r: "", severity=WARNING),
        Rule(PART_RULE, "ExpectColumnValuesToBeInSet", {"column": "part_ok", "value_set": [YES]}, "value",
             "raw_value", lambda r: "", severity=WARNING),
        Rule(HISTORY_RULE, "ExpectColumnValuesToBeInSet", {"column": "history_ok", "value_set": [YES]}, "value",
             "raw_value", lambda r: "", severity=WARNING),
    ]


def _where(row: object, file: object, own_file: object) -> str:
    """'rad 14', or 'filen x.csv rad 14' when the row is in another file."""
    text = f"rad {int(row)}" if pd.notna(row) else ""
    return text if file == own_file else f"filen {file}{' ' + text if text else ''}"


def _total_message(r, program: Program, names: dict[str, str]) -> str:
    unit = program.indicators()[r["indicator"]].unit
    area = names.get(r["area"], r["area"])
    women = f"{_number(r['number_k'], r['decimals_k'], unit)}, {_where(r['row_k'], r['file_k'], r['file'])}"
    men = f"{_number(r['number_m'], r['decimals_m'], unit)}, {_where(r['row_m'], r['file_m'], r['file'])}"
    return (f"Totalen {_number(r['number'], r['decimals'], unit)} ligger utanför kvinnors ({women}) och mäns "
            f"({men}) värden för {r['indicator']}, {area} {r['period']}; för en andel eller ett tal per invånare "
            "ligger totalen mellan dem. Kontrollera att raderna hör ihop (samma nyckeltal, område och år) och att "
            "värdena är rätt. Värdet används.")


def _part_message(r, program: Program, names: dict[str, str]) -> str:
    unit = program.indicators()[r["indicator"]].unit
    area = names.get(r["area"], r["area"])
    whole = f"{_number(r['number_w'], r['decimals_w'], unit)}, {_where(r['row_w'], r['file_w'], r['file'])}"
    return (f"{r['indicator']} ({_number(r['number'], r['decimals'], unit)}) är större än {r['whole']} ({whole}) "
            f"för {area} {r['period']}, {SEX_WORDS[r['gender']]}, fast programmet anger {r['indicator']} som en "
            f"del av {r['whole']} (part_of). Kontrollera att värdena hör till rätt nyckeltal och är i samma enhet, "
            "eller ta bort part_of i programfilen om nyckeltalet inte är en del av det andra. Värdet används.")


def _history_message(r, program: Program, names: dict[str, str]) -> str:
    unit = program.indicators()[r["indicator"]].unit
    area = names.get(r["area"], r["area"])
    span = (f"{int(r['first_other'])}–{int(r['last_other'])}" if r["first_other"] != r["last_other"]
            else str(int(r["first_other"])))
    season = f" ({r['season'].lstrip('-')})" if r["season"] else ""
    return (f"Värdet {_number(r['number'], r['decimals'], unit)} för {r['indicator']}, {area} {r['period']}, "
            f"{SEX_WORDS[r['gender']]}, ligger långt från seriens övriga år: medianen för {span}{season} är "
            f"{_number(r['median'], r['series_precision'], unit)} ({r['others']} värden), och värdet skiljer sig "
            f"med {_difference(abs(r['number'] - r['median']), r['series_precision'], unit)}. Kontrollera värdet "
            "och enheten (t.ex. en andel skriven som 0,92 i stället för 92, ett annat nyckeltal eller ett "
            "skrivfel); är det rätt kan varningen lämnas. Värdet används.")


def plausibility_frame(values: pd.DataFrame, program: Program) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The frame the rules run on (record_id and the three 'ja'/'nej' columns, rows where at
    least one applies) and each rule's context, indexed by record_id."""
    contexts = {TOTAL_RULE: total_check(values, program), PART_RULE: part_check(values, program),
                HISTORY_RULE: history_check(values)}
    columns = {TOTAL_RULE: "total_ok", PART_RULE: "part_ok", HISTORY_RULE: "history_ok"}
    frame = pd.DataFrame({"record_id": pd.Series(dtype="int64")})
    for rule, context in contexts.items():
        part = context[["record_id", columns[rule]]] if not context.empty else pd.DataFrame(
            {"record_id": pd.Series(dtype="int64"), columns[rule]: pd.Series(dtype="string")})
        frame = frame.merge(part, on="record_id", how="outer")
    for column in columns.values():
        frame[column] = frame[column].astype("string")
    frame["record_id"] = frame["record_id"].astype("int64")
    return frame.reset_index(drop=True), {rule: context.set_index("record_id", drop=False)
                                          for rule, context in contexts.items()}


MESSAGES = {TOTAL_RULE: _total_message, PART_RULE: _part_message, HISTORY_RULE: _history_message}


def plausibility_issues(values: pd.DataFrame, program: Program, validation: Validation,
                        checker: Checker | None = None) -> list[Issue]:
    """The warnings for the used `values` (see `used_values`): the rules run with Great
    Expectations; each failing record gets its message, with the file's row and value column."""
    frame, contexts = plausibility_frame(values, program)
    if frame.empty:
        return []
    rules = plausibility_rules()
    failing = validation.failing_records(frame, rules, "rimlighet")
    names = area_label(program)
    issues: list[Issue] = []
    for rule in rules:
        for record_id in failing[rule.name]:
            record = contexts[rule.name].loc[record_id]
            message = MESSAGES[rule.name](record, program, names)
            if checker is not None:
                checker.issue(record, rule.name, WARNING, message, rule.column, rule.raw)
                issues.append(checker.outcome.issues.pop())
            else:
                issues.append(Issue(file=record["file"], sheet=record["sheet"] or "", row=int(record["row"]),
                                    column=rule.column, rule=rule.name, severity=WARNING,
                                    value="" if pd.isna(record["raw_value"]) else str(record["raw_value"]),
                                    message=message))
    return issues


def check_plausibility(checker: Checker, program: Program, validation: Validation) -> list[Issue]:
    """The plausibility warnings of the statistics the checker has settled as used."""
    return plausibility_issues(used_values(checker, program), program, validation, checker)
