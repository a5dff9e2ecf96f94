"""The assessment: indicator lights and arrows, goals from indicators, committees' official
ratings beside the computed ones, areas and the program summary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from report.method.attention import actions_summary, measurability, measurability_summary
from report.method.districts import assess_districts, district_summary
from report.method.explain import PROGRESS_WORDS, explain_gap, explain_light, explain_trend
from report.method.follow_up import (
    actions_table,
    follow_up,
    follow_up_summary,
    movement_since_start,
    period_actions,
    promised_not_started,
)
from report.method.groups import group_gap_summary, group_gaps
from report.method.rules import (
    aggregate_lights,
    aggregate_trends,
    compute_band_trend,
    compute_trend,
    latest,
    light_from_band,
    light_from_peers,
    light_from_reference,
    light_from_target,
    near_upper_bound,
    no_rule_light,
    progress_class,
    sex_gap,
    worst_light,
    worst_trend,
)
from report.texts import LIGHT_WORDS, TREND_WORDS
from sources.formats import format_number
from sources.national import municipality_names
from sources.program import Indicator, Program
from sources.vocabulary import (
    ALL_LIGHTS,
    ALL_TRENDS,
    NARROWING,
    NO_TREND,
    NOT_ASSESSED,
    UNCHANGED,
    WIDENING,
)

EMPTY_SERIES = pd.Series(dtype=float)


@dataclass
class Assessment:
    year: int
    indicators: pd.DataFrame  # one row per goal, indicator and sex
    goals: pd.DataFrame  # one row per goal: computed and official rating
    areas: pd.DataFrame  # one row per target area: counts of official goal ratings
    summary: dict
    changes: pd.DataFrame | None = None  # goals whose light or arrow changed since last period
    previous_period: str | None = None
    parts: pd.DataFrame | None = None  # one row per program of a combined report
    districts: pd.DataFrame | None = None  # district indicators against the whole municipality
    series: dict | None = None  # (indicator, area, sex) -> annual values: what the ratings were computed on
    measurability: pd.DataFrame | None = None  # one row per goal: what its rating can rest on (attention.py)
    actions: pd.DataFrame | None = None  # the period's actions and last period's unreported ones (follow_up.py)
    follow_up: pd.DataFrame | None = None  # last period's planned actions: status then and now
    promised: pd.DataFrame | None = None  # actions promised but not started
    movement: pd.DataFrame | None = None  # per action done: its indicators before its start and now
    group_gaps: pd.DataFrame | None = None  # per indicator with `groups`: the gap between its two groups


CHANGE_COLUMNS = ["goal_id", "title", "light_before", "light", "trend_before", "trend",
                  "light_changed", "trend_changed"]


def compare_with_previous(goals: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame | None:
    """Goals whose official light or arrow differs from the previous period's ratings.csv.

    A goal that is new (not in the previous ratings) is not a change; it is listed as new."""
    if previous is None:
        return None
    before = previous[previous["level"] == "goal"].set_index("id")[["light", "trend"]]
    rows = []
    for goal in goals.itertuples():
        if goal.goal_id not in before.index:
            continue
        light_before, trend_before = before.loc[goal.goal_id, "light"], before.loc[goal.goal_id, "trend"]
        light_changed, trend_changed = light_before != goal.light, trend_before != goal.trend
        if light_changed or trend_changed:
            rows.append([goal.goal_id, goal.title, light_before, goal.light, trend_before, goal.trend,
                         light_changed, trend_changed])
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def annual_series(statistics: pd.DataFrame) -> dict[tuple[str, str, str], pd.Series]:
    """(indicator, area, sex) -> values by year, from the accepted statistics.

    Annual values are used as published. A year with only quarterly values gets the mean of its
    quarters when all four are there (an annual mean, as for unemployment); with fewer quarters
    the year has no value.
    """
    keys = ["indicator", "area", "gender", "year"]
    annual = statistics[statistics["quarter"].isna()][keys + ["value"]]
    quarterly = statistics[statistics["quarter"].notna()]
    if not quarterly.empty:
        grouped = quarterly.groupby(keys)["value"].agg(["mean", "count"]).reset_index()
        complete = grouped[grouped["count"] == 4].rename(columns={"mean": "value"})[keys + ["value"]]
        published = annual.set_index(keys).index
        complete = complete[~complete.set_index(keys).index.isin(published)]
        annual = pd.concat([annual, complete], ignore_index=True)
    # sorted once and cut by each group's positions: a frame per group (set_index, sort_index)
    # cost 0,3 s for a municipality's thousand series, this 0,03 s
    annual = annual.sort_values(keys, kind="stable", ignore_index=True)
    years, values = annual["year"].array, annual["value"].array
    positions = annual.groupby(["indicator", "area", "gender"]).indices
    return {
        (str(indicator), str(area), str(sex)): pd.Series(values[rows], index=pd.Index(years[rows], name="year"),
                                                         name="value")
        for (indicator, area, sex), rows in sorted(positions.items())
    }


def light_rule(program: Program, indicator: Indicator) -> str:
    """The rule that gives an indicator its light ('auto' resolved)."""
    rule = program.settings_for(indicator).light_rule
    if indicator.band is not None and rule in ("auto", "target"):
        return "band"
    if rule != "auto":
        return rule
    if indicator.target is not None:
        return "target"
    if indicator.reference is not None:
        return "reference"
    if indicator.peers is not None or program.peers or program.settings_for(indicator).peer_group != "list":
        return "kolada"
    return "none"


PROVISIONAL = {"*", "**", "p", "prel", "prel.", "preliminär", "preliminärt", "preliminary"}


def status_word(status: object) -> str | None:
    """A source's status as the report says it: 'preliminärt' for SCB's '*' and Kolada's 'prel'."""
    if not isinstance(status, str) or not status.strip():
        return None
    text = status.strip()
    return "preliminärt" if text.lower() in PROVISIONAL else f"status {text}"


def value_statuses(statistics: pd.DataFrame) -> dict[tuple[str, str, str, int], str]:
    """(indicator, area, sex, year) -> the status the source gave the value, where it gave one."""
    if "status" not in statistics:
        return {}
    marked = statistics[statistics["status"].notna() & statistics["quarter"].isna()]
    return {(r.indicator, r.area, r.gender, int(r.year)): str(r.status) for r in marked.itertuples()}


def deflated(values: pd.Series, index: pd.Series | None, base_year: int) -> tuple[pd.Series, str]:
    """Values in fixed prices of `base_year` (value x index[base] / index[year]), and what was
    done, in Swedish. Years without an index value are left out, and said."""
    if index is None or index.dropna().empty:
        return values.iloc[0:0], "prisindex saknas, så nyckeltalet kan inte räknas i fasta priser"
    index = index.dropna()
    base = base_year if base_year in index.index else int(index.index[index.index <= base_year].max()) \
        if (index.index <= base_year).any() else int(index.index.max())
    common = values.dropna().index.intersection(index.index)
    missing = sorted(set(values.dropna().index) - set(common))
    result = values.loc[common] * float(index.loc[base]) / index.loc[common]
    note = f"i fasta priser ({base} års priser)"
    if missing:
        note += f"; prisindex saknas för {', '.join(map(str, missing))}, som inte används"
    return result.sort_index(), note


def peer_areas(program: Program, indicator: Indicator, sex: str,
               series: dict[tuple[str, str, str], pd.Series]) -> list[str]:
    """The Kolada rule's group: the peers list, every municipality in the statistics, or the
    municipality's kommungrupp (the municipality itself always included)."""
    group = program.settings_for(indicator).peer_group
    if group == "all":
        names = municipality_names()
        return sorted({area for (kpi, area, gender) in series if kpi == indicator.id and gender == sex
                       and area in names} | {program.municipality.code})
    if group == "kommungrupp" and program.kommungrupp is not None:
        return sorted({*program.kommungrupp.members, program.municipality.code})
    return program.peers_for(indicator)


def assess_indicator(program: Program, indicator: Indicator, sex: str,
                     series: dict[tuple[str, str, str], pd.Series], year: int,
                     statuses: dict | None = None) -> dict:
    settings = program.settings_for(indicator)
    code = program.municipality.code
    prices = ""

    def values(area: str) -> pd.Series:
        nonlocal prices
        found = series.get((indicator.id, area, sex), EMPTY_SERIES)
        if settings.prices != "fixed" or program.deflator is None:
            return found
        deflator = program.deflator
        fixed, prices = deflated(found, series.get((deflator.id, deflator.area, "T")), deflator.base_year or year)
        prices = f"{prices}, {deflator.name}"
        return fixed

    own = values(code)
    own_prices = prices
    direction = indicator.direction
    target = indicator.target.value if indicator.target else None
    rule = light_rule(program, indicator)
    # A bounded share near its upper bound is rated on the shortfall (bound - value), reversed.
    upper = indicator.bounds[1] if indicator.bounds else None
    shortfall = upper is not None and rule != "band" and near_upper_bound(own, year, settings, upper)
    rated = upper - own if shortfall else own
    rated_direction = ({"increase": "decrease", "decrease": "increase"}[direction] if shortfall
                       else direction)
    rated_target = (upper - target if shortfall else target) if target is not None and rule == "target" else None
    if rule == "band":
        trend = compute_band_trend(own, year, settings, indicator.band)
    else:
        trend = compute_trend(rated, year, settings, rated_direction, target=rated_target)
    if shortfall:
        trend = replace(trend, basis="shortfall")
    if rule == "target" and indicator.target is not None:
        light = light_from_target(rated, year, trend, rated_target, indicator.target.year, rated_direction, settings)
        _, latest_value = latest(own, year)
        light = replace(light, latest_value=latest_value, target_value=target)
    elif rule == "band":
        light = light_from_band(own, year, trend, indicator.band, settings)
    elif rule == "reference" and indicator.reference is not None:
        light = light_from_reference(own, values(indicator.reference), year, indicator.reference, direction,
                                     settings)
    elif rule == "kolada":
        peers = {area: values(area) for area in peer_areas(program, indicator, sex, series)}
        light = light_from_peers(own, peers, year, direction, settings)
    else:
        light = no_rule_light(own, year)
    status = (statuses or {}).get((indicator.id, code, sex, light.latest_year))
    shown_direction = "increase" if direction == "band" else direction
    trend_text = explain_trend(trend, shown_direction, settings.min_points, settings.trend_years, year, indicator.unit)
    if own_prices:
        trend_text = f"{trend_text} ({own_prices})"
    classes = progress_class(trend, light, settings) if program.rating.progress_classes else None
    return {
        "indicator": indicator.id, "name": indicator.name, "unit": indicator.unit,
        "direction": direction, "sex": sex,
        "light": light.light, "trend": trend.trend, "rule": light.rule,
        "latest_year": light.latest_year, "latest_value": light.latest_value, "latest_status": status,
        "first_year": trend.first_year, "first_value": trend.first_value,
        "last_year": trend.last_year, "last_value": trend.last_value, "points": trend.points,
        "rate": trend.rate, "progress": trend.progress, "method": trend.method, "basis": trend.basis,
        "trend_threshold": trend.threshold, "prices": "fixed" if own_prices else "nominal",
        "target_value": light.target_value, "target_year": light.target_year,
        "required_rate": light.required_rate, "ratio": light.ratio,
        "reference_area": light.reference_area, "reference_value": light.reference_value,
        "relative_difference": light.relative_difference, "absolute_difference": light.absolute_difference,
        "peer_areas": light.areas, "peers_better": light.better_areas, "peers_worse": light.worse_areas,
        "progress_class": classes,
        "light_explanation": explain_light(light, trend, indicator.unit, year, status_word(status),
                                           settings.reference_band)
        + (f"; Eurostats klass: {PROGRESS_WORDS[classes]}" if classes else ""),
        "trend_explanation": trend_text,
    }


def gap_fields(program: Program, indicator: Indicator, series: dict[tuple[str, str, str], pd.Series],
               year: int) -> dict:
    """K - M for an indicator split by sex, on its total row."""
    code = program.municipality.code
    gap = sex_gap(series.get((indicator.id, code, "K"), EMPTY_SERIES),
                  series.get((indicator.id, code, "M"), EMPTY_SERIES),
                  series.get((indicator.id, code, "T"), EMPTY_SERIES), year, program.settings_for(indicator),
                  is_count=is_count(indicator.unit))
    return {"gap_trend": gap.trend, "gap_first_year": gap.first_year, "gap_first": gap.first_gap,
            "gap_last_year": gap.last_year, "gap_last": gap.last_gap, "gap_first_share": gap.first_share,
            "gap_last_share": gap.last_share, "gap_rate": gap.rate,
            "gap_base": gap.base if gap.first_gap is not None else None,
            "gap_explanation": explain_gap(gap, indicator.unit, program.settings_for(indicator).trend_threshold)}


def is_count(unit: str) -> bool:
    """A count ('antal', 'personer'), whose total is the sum of women and men, not a rate."""
    text = unit.strip().lower()
    return (text.startswith("antal") or text in {"st", "personer", "invånare"}) and not any(
        mark in text for mark in ("/", " per ", "andel", "%"))


def assess_indicators(program: Program, statistics: pd.DataFrame, year: int,
                      series: dict[tuple[str, str, str], pd.Series] | None = None) -> pd.DataFrame:
    series = annual_series(statistics) if series is None else series
    statuses = value_statuses(statistics)
    rows = []
    for area, goal in program.goals():
        for indicator in goal.indicators:
            for sex in ("T", "K", "M") if indicator.by_sex else ("T",):
                row = assess_indicator(program, indicator, sex, series, year, statuses)
                if indicator.by_sex and sex == "T":
                    row.update(gap_fields(program, indicator, series, year))
                rows.append({"area_id": area.id, "goal_id": goal.id, **row})
    return pd.DataFrame(rows)


def committee_assessments(submissions: pd.DataFrame, period: str) -> pd.DataFrame:
    """The committees' goal rows for the report's period (activities are not assessments)."""
    rows = submissions[(submissions["period"] == period) & submissions["activity"].isna()]
    return rows[rows[["assessment", "trend", "comment"]].notna().any(axis=1)]


def assess_goals(program: Program, indicators: pd.DataFrame, submissions: pd.DataFrame,
                 year: int) -> pd.DataFrame:
    assessments = committee_assessments(submissions, program.period_label(year))
    rows = []
    for area, goal in program.goals():
        own = indicators[(indicators["goal_id"] == goal.id) & (indicators["sex"] == "T")]
        computed_light, light_score = aggregate_lights(list(own["light"]), program.rating)
        computed_trend, trend_score = aggregate_trends(list(own["trend"]), program.rating)
        given = assessments[assessments["goal"] == goal.id]
        lights = [x for x in given["assessment"].dropna()]
        trends = [x for x in given["trend"].dropna()]
        # Several committees: the most cautious assessment is the official one (design decision).
        committee_light = worst_light(lights) if lights else None
        committee_trend = worst_trend(trends) if trends else None
        light = committee_light or computed_light
        trend = committee_trend or computed_trend
        rows.append({
            "area_id": area.id, "area": area.name, "goal_id": goal.id, "title": goal.title,
            "committees": ", ".join(goal.committees),
            "light": light, "trend": trend,
            "light_source": "committee" if committee_light else "computed",
            "trend_source": "committee" if committee_trend else "computed",
            "computed_light": computed_light, "computed_trend": computed_trend,
            "light_score": light_score, "trend_score": trend_score,
            "indicators": len(own), "indicators_rated": int((own["light"] != NOT_ASSESSED).sum()),
            "committee_light": committee_light, "committee_trend": committee_trend,
            "assessed_by": ", ".join(sorted(given["committee"].dropna().unique())),
            "light_differs": bool(committee_light and committee_light != computed_light
                                  and computed_light != NOT_ASSESSED),
            "trend_differs": bool(committee_trend and committee_trend != computed_trend
                                  and computed_trend != NO_TREND),
            "committees_disagree": len(set(lights)) > 1 or len(set(trends)) > 1,
            "explanation": _goal_explanation(len(own), own, computed_light, light_score,
                                             computed_trend, committee_light, committee_trend,
                                             ", ".join(sorted(given["committee"].dropna().unique()))),
        })
    return pd.DataFrame(rows)


def _goal_explanation(total: int, own: pd.DataFrame, light: str, light_score: float | None,
                      trend: str, committee_light: str | None, committee_trend: str | None,
                      assessed_by: str) -> str:
    rated = int((own["light"] != NOT_ASSESSED).sum())
    with_trend = int((own["trend"] != NO_TREND).sum())
    text = (f"{rated} av {total} nyckeltal har ljus"
            + (f", medelpoäng {format_number(light_score, 2)}" if light_score is not None else "")
            + f" → {LIGHT_WORDS[light].lower()}; {with_trend} har trend → {TREND_WORDS[trend].lower()}")
    if committee_light or committee_trend:
        given = [LIGHT_WORDS[committee_light].lower() if committee_light else "",
                 TREND_WORDS[committee_trend].lower() if committee_trend else ""]
        text += f"; nämndens bedömning ({assessed_by}): {', '.join(g for g in given if g)}"
    return text


def _counts(values: pd.Series, keys: list[str]) -> dict[str, int]:
    counted = values.value_counts()
    return {key: int(counted.get(key, 0)) for key in keys}


def assess_areas(program: Program, goals: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for area in program.areas:
        own = goals[goals["area_id"] == area.id]
        light, _ = aggregate_lights(list(own["light"]), program.rating)
        trend, _ = aggregate_trends(list(own["trend"]), program.rating)
        rows.append({"area_id": area.id, "area": area.name, "goals": len(own),
                     **_counts(own["light"], ALL_LIGHTS), **_counts(own["trend"], ALL_TRENDS),
                     "light": light, "trend": trend})
    return pd.DataFrame(rows)


def assess_parts(program: Program, goals: pd.DataFrame) -> pd.DataFrame | None:
    """Counts per program of a combined report (None for a single program)."""
    if not program.parts:
        return None
    part_of = {area.id: area.part for area in program.areas}
    rows = []
    for part in program.parts:
        own = goals[goals["area_id"].map(part_of) == part.id]
        rows.append({"part_id": part.id, "part": part.name, "goals": len(own),
                     **_counts(own["light"], ALL_LIGHTS), **_counts(own["trend"], ALL_TRENDS)})
    return pd.DataFrame(rows)


def summarise(program: Program, year: int, indicators: pd.DataFrame, goals: pd.DataFrame,
              areas: pd.DataFrame) -> dict:
    totals = indicators[indicators["sex"] == "T"].drop_duplicates("indicator")
    return {
        "program": program.id,
        "name": program.name,
        "municipality": {"code": program.municipality.code, "name": program.municipality.name},
        "period": program.period_label(year),
        "goals": _counts(goals["light"], ALL_LIGHTS),
        "trends": _counts(goals["trend"], ALL_TRENDS),
        "goals_total": len(goals),
        "computed_goals": _counts(goals["computed_light"], ALL_LIGHTS),
        "computed_trends": _counts(goals["computed_trend"], ALL_TRENDS),
        "committee_rated_goals": int((goals["light_source"] == "committee").sum()),
        "goals_where_committee_differs": int(goals["light_differs"].sum()),
        "indicators": {"total": len(totals), **_counts(totals["light"], ALL_LIGHTS),
                       **_counts(totals["trend"], ALL_TRENDS)},
        "areas": {
            row["area_id"]: {"name": row["area"], "goals": int(row["goals"]),
                             "lights": {k: int(row[k]) for k in ALL_LIGHTS},
                             "trends": {k: int(row[k]) for k in ALL_TRENDS}}
            for _, row in areas.iterrows()
        },
    }


def assess(program: Program, statistics: pd.DataFrame, submissions: pd.DataFrame, year: int,
           previous: pd.DataFrame | None = None, previous_period: str | None = None,
           basis: str | None = None, previous_actions: pd.DataFrame | None = None,
           groups: pd.DataFrame | None = None) -> Assessment:
    """Rate every indicator, goal and area; compare with the previous period's ratings if given
    (`basis`: 'previous run' or 'recomputed', see report/method/previous.py)."""
    series = annual_series(statistics)
    indicators = assess_indicators(program, statistics, year, series)
    goals = assess_goals(program, indicators, submissions, year)
    areas = assess_areas(program, goals)
    summary = summarise(program, year, indicators, goals, areas)
    changes = compare_with_previous(goals, previous)
    summary["changes"] = None if changes is None else {
        "previous_period": previous_period,
        "basis": basis,
        "goals_changed": len(changes),
        "light_changed": int(changes["light_changed"].sum()),
        "trend_changed": int(changes["trend_changed"].sum()),
        # The previous period's counts over the program's goals of today (a goal since removed is left out).
        "previous": _period_counts(previous[(previous["level"] == "goal")
                                            & previous["id"].astype(str).isin(goals["goal_id"].astype(str))]),
        "current": {"goals": summary["goals"], "trends": summary["trends"]},
        "changed_goals": [str(goal) for goal in changes["goal_id"]],
    }
    parts = assess_parts(program, goals)
    if parts is not None:
        summary["parts"] = {
            row["part_id"]: {"name": row["part"], "goals": int(row["goals"]),
                             "lights": {k: int(row[k]) for k in ALL_LIGHTS},
                             "trends": {k: int(row[k]) for k in ALL_TRENDS}}
            for _, row in parts.iterrows()
        }
    districts = None
    if program.districts:
        districts = assess_districts(program, series, year)
        summary["districts"] = district_summary(program, districts)
    gaps = (indicators[indicators["gap_trend"].notna()].drop_duplicates("indicator")["gap_trend"]
            if "gap_trend" in indicators else pd.Series(dtype=str))
    summary["sex_gaps"] = {key: int((gaps == key).sum()) for key in (NARROWING, UNCHANGED, WIDENING, NO_TREND)}
    summary["actions"] = actions_summary(goals, submissions, program.period_label(year))
    measurable = measurability(program, indicators, goals, year)
    summary["measurability"] = measurability_summary(measurable)
    current = period_actions(submissions, program.period_label(year))
    follow = follow_up(previous_actions, current)
    promised = promised_not_started(follow, current, f"{year}-12-31")
    movement = movement_since_start(program, current, series, year)
    summary["actions"]["follow_up"] = follow_up_summary(follow, promised, movement, previous_period)
    between = group_gaps(program, groups, series, year)
    if not between.empty:
        summary["group_gaps"] = group_gap_summary(between)
    return Assessment(year, indicators, goals, areas, summary, changes, previous_period, parts, districts, series,
                      measurable, actions_table(current, follow, previous_actions),
                      follow, promised, movement, between if not between.empty else None)


def _period_counts(goals: pd.DataFrame) -> dict:
    return {"goals": _counts(goals["light"], ALL_LIGHTS), "trends": _counts(goals["trend"], ALL_TRENDS)}


def ratings_table(assessment: Assessment) -> pd.DataFrame:
    """ratings.csv: one row per indicator (per sex), per goal, per area and the program."""
    indicators = assessment.indicators
    explanation = indicators["light_explanation"] + "; " + indicators["trend_explanation"]
    if "gap_explanation" in indicators:
        explanation = explanation.where(indicators["gap_explanation"].isna(),
                                        explanation + "; " + indicators["gap_explanation"])
    ind = indicators.assign(level="indicator", id=indicators["indicator"], source="computed",
                            explanation=explanation)
    goals = assessment.goals.assign(level="goal", id=assessment.goals["goal_id"], sex="T",
                                    name=assessment.goals["title"],
                                    source=assessment.goals["light_source"])
    areas = assessment.areas.assign(level="area", id=assessment.areas["area_id"], sex="T",
                                    name=assessment.areas["area"], source="computed")
    columns = ["level", "area_id", "goal_id", "id", "name", "sex", "light", "trend", "source",
               "computed_light", "computed_trend", "rule", "latest_year", "latest_value", "latest_status",
               "first_year", "first_value", "last_year", "last_value", "points", "rate", "progress",
               "method", "basis", "trend_threshold", "prices", "target_value", "target_year", "required_rate",
               "ratio", "reference_area", "reference_value", "relative_difference", "absolute_difference",
               "peer_areas", "peers_better", "peers_worse", "progress_class",
               "gap_first_year", "gap_first", "gap_last_year", "gap_last", "gap_first_share",
               "gap_last_share", "gap_rate", "gap_trend", "gap_base",
               "light_score", "trend_score", "explanation"]
    table = pd.concat([ind, goals, areas], ignore_index=True)
    for column in columns:
        if column not in table.columns:
            table[column] = None
    table = table[columns].copy()
    # Years and counts are whole numbers (not 2022.0); rates keep their full precision.
    for column in INTEGER_COLUMNS:
        table[column] = pd.to_numeric(table[column], errors="coerce").round().astype("Int64")
    return table


INTEGER_COLUMNS = ["latest_year", "first_year", "last_year", "points", "target_year", "peer_areas", "peers_better",
                   "peers_worse", "gap_first_year", "gap_last_year"]
