"""Coverage of the statistics per indicator: which years, areas and sexes are there, what is
missing for the report year, and what that does to the indicator's rating.

A missing reference area or a missing year changes a light without any row being wrong, so
`followup check` and the report's data-quality annex both show this table. The consequences are
read off the assessment itself (the rule really applied to the data), not guessed.
"""

from __future__ import annotations

import pandas as pd

from report.method.assess import Assessment, annual_series, assess_indicators, light_rule, peer_areas
from sources.formats import format_number, format_value
from sources.program import Program
from sources.vocabulary import NO_TREND, NOT_ASSESSED

COVERAGE_COLUMNS = ["indicator", "name", "years", "latest_year", "report_year", "comparison", "sexes", "districts",
                    "consequences", "complete"]
AREA_NAMES = {"0000": "Riket"}


def _years(index) -> str:
    years = sorted(int(year) for year in index)
    if not years:
        return "inga"
    spans, start, previous = [], years[0], years[0]
    for year in years[1:] + [None]:
        if year is not None and year == previous + 1:
            previous = year
            continue
        spans.append(str(start) if start == previous else f"{start}–{previous}")
        if year is not None:
            start = previous = year
    return ", ".join(spans)


def default_year(program: Program, statistics: pd.DataFrame, fallback: int) -> int:
    """The latest year with a value for the program's municipality (what a check is held to
    when no year is given)."""
    own = statistics[statistics["area"] == program.municipality.code]
    return int(own["year"].max()) if not own.empty else fallback


def coverage(program: Program, statistics: pd.DataFrame, year: int, assessment: Assessment | None = None
             ) -> pd.DataFrame:
    """One row per indicator of the program (see the module docstring), read off the report's
    assessment when there is one (else the indicators are rated here)."""
    if assessment is not None and assessment.series is not None:
        series, rated = assessment.series, assessment.indicators
    else:
        series = annual_series(statistics)
        rated = assess_indicators(program, statistics, year, series)
    code, name = program.municipality.code, program.municipality.name
    districts = program.district_names()
    rows = []
    for indicator in program.indicators().values():
        settings = program.settings_for(indicator)
        own = series.get((indicator.id, code, "T"), pd.Series(dtype=float)).dropna()
        own = own[own.index <= year]
        total = rated[(rated["indicator"] == indicator.id) & (rated["sex"] == "T")].iloc[0]
        rule = light_rule(program, indicator)
        consequences: list[str] = []
        latest = int(own.index.max()) if not own.empty else None
        if latest is None:
            consequences.append(f"inga värden för {name}: ej bedömd, ingen trend")
            report_year = "inga värden"
        elif latest < year:
            report_year = f"saknas (senaste {latest})"
            consequences.append(f"inget värde för {year}: värdet för {latest} används")
        else:
            report_year = "finns"
        if latest is not None and total["trend"] == NO_TREND:
            first = year - settings.trend_years
            consequences.append(f"färre än {settings.min_points} värden {first}–{year}: ingen trendpil")
        comparison = _comparison(program, indicator, rule, total, series, year, consequences)
        sexes = "–"
        if indicator.by_sex:
            sexes, sex_consequences = _sexes(indicator.id, code, series, year, latest)
            consequences += sex_consequences if latest is not None else []  # no values at all says it all
        district_text = "–"
        if indicator.by_district:
            lacking = [label for district, label in districts.items()
                       if series.get((indicator.id, district, "T"), pd.Series(dtype=float)).dropna().empty]
            district_text = f"{len(districts) - len(lacking)} av {len(districts)}"
            if lacking:
                consequences.append(f"inga värden för {', '.join(lacking)}: stadsdelen jämförs inte")
        rows.append({"indicator": indicator.id, "name": indicator.name, "years": _years(own.index),
                     "latest_year": latest, "report_year": report_year, "comparison": comparison, "sexes": sexes,
                     "districts": district_text, "consequences": "; ".join(consequences),
                     "complete": not consequences})
    frame = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    return frame


def _sexes(indicator: str, code: str, series, year: int, latest: int | None) -> tuple[str, list[str]]:
    """Which of women and men have values, and whether their latest year is the total's."""
    words = {"K": "kvinnor", "M": "män"}
    last: dict[str, int | None] = {}
    for sex in words:
        values = series.get((indicator, code, sex), pd.Series(dtype=float)).dropna()
        values = values[values.index <= year]
        last[sex] = int(values.index.max()) if not values.empty else None
    missing = [words[sex] for sex, found in last.items() if found is None]
    if missing:
        return f"{' och '.join(missing)} saknas", [f"{' och '.join(missing)} saknas: ingen jämförelse mellan "
                                                   "kvinnor och män"]
    other = [f"{words[sex]} t.o.m. {found}" for sex, found in last.items() if latest is not None and found != latest]
    if other:
        return "kvinnor och män", [f"{', '.join(other)} men totalt t.o.m. {latest}: könen och totalen visas för "
                                   "olika år"]
    return "kvinnor och män", []


def _comparison(program: Program, indicator, rule: str, total: pd.Series, series, year: int,
                consequences: list[str]) -> str:
    latest = total["latest_year"]
    has_latest = latest is not None and not pd.isna(latest)
    if rule == "target" and indicator.target is not None:
        value = indicator.target.value
        text = f"målet {format_value(value, indicator.unit)} år {indicator.target.year}"
        if indicator.target.invented:
            text += " (påhittat)"
        if total["light"] == NOT_ASSESSED and has_latest:
            consequences.append("ingen trend och målet inte nått: ej bedömd")
        return text
    if rule == "reference" and indicator.reference is not None:
        area = indicator.reference
        label = f"{AREA_NAMES.get(area, area)} ({area})"
        reference = series.get((indicator.id, area, "T"), pd.Series(dtype=float)).dropna()
        if reference.empty:
            if has_latest:
                consequences.append(f"{label} saknas: ingen jämförelse, ej bedömd")
            return f"{label}: inga värden"
        if has_latest and int(latest) not in reference.index:
            consequences.append(f"{label} saknar värde för {int(latest)}: ingen jämförelse, ej bedömd")
        return f"{label}: {_years(reference.index)}"
    if rule == "band" and indicator.band is not None:
        return f"intervallet {format_number(indicator.band.min, 1)}–{format_number(indicator.band.max, 1)}"
    if rule == "kolada":
        peers = peer_areas(program, indicator, "T", series)
        settings = program.settings_for(indicator)
        if not has_latest:
            return f"jämförelsegrupp ({len(peers)} områden)"
        with_value = sum(1 for area in peers
                         if int(latest) in series.get((indicator.id, area, "T"), pd.Series(dtype=float)).dropna().index)
        if with_value < settings.kolada_min_areas:
            consequences.append(f"bara {with_value} av {len(peers)} i jämförelsegruppen har värde för {int(latest)}; "
                                f"Koladaregeln kräver {settings.kolada_min_areas}: ej bedömd")
        return f"jämförelsegrupp: {with_value} av {len(peers)} har värde för {int(latest)}"
    return "ingen (varken mål, jämförelseområde eller jämförelsegrupp)"


def coverage_lines(table: pd.DataFrame, year: int, given: bool) -> list[str]:
    """The coverage in a few Swedish lines for `followup check`."""
    basis = "" if given else " (senaste året i statistiken; ange --year för ett annat år)"
    gaps = table[~table["complete"]]
    lines = [f"Täckning mot {year}{basis}: {len(table) - len(gaps)} av {len(table)} nyckeltal är kompletta."]
    lines += [f"  - {row.indicator} {row.name}: {row.consequences}" for row in gaps.itertuples()]
    return lines
