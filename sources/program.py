"""The program definition: target areas, goals, indicators and committees, read from YAML.

The model is strict (unknown keys are refused) so that a typo in a program file is caught
when the file is loaded, with the YAML path of the offending key, not silently ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from sources import yaml_source
from sources.errors import ProgramError


def _area_code(value: object) -> object:
    """Municipality codes are four digits with their leading zero ("0180"), taken as written.

    The program file is read by `sources.yaml_source`, so an unquoted 0160 stays 0160 (plain
    YAML would read the octal number 112) and an unquoted 180 becomes 0180.
    """
    text = yaml_source.as_written(value)
    if isinstance(text, str) and text.strip().isdigit():
        return text.strip().zfill(4)
    return text


AreaCode = Annotated[str, BeforeValidator(_area_code)]
# Ids and codes as typed: an unquoted goal id 1.10 stays "1.10", not the number 1.1.
Identifier = Annotated[str, BeforeValidator(yaml_source.as_written)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


TrendMethod = Literal["cagr", "least_squares"]
LightRule = Literal["auto", "target", "reference", "kolada", "none"]
GoalAggregation = Literal["mean", "worst", "worst_two", "majority"]
TrendUnit = Literal["relative", "points"]
Prices = Literal["nominal", "fixed"]
PeerGroup = Literal["list", "all", "kommungrupp"]


class RatingSettings(StrictModel):
    """The assessment method (docs/design.md) and its thresholds; each can be overridden.

    `light_rule: auto` uses the target where there is one (or the band), else the reference area,
    else the Kolada rule where a peer group is given, else no computed light. The options below
    the defaults are off by default: the default method is the published one (docs/method.md).
    """

    trend_years: int = Field(5, ge=1, le=30)
    trend_threshold: float = Field(0.01, gt=0, lt=1)
    trend_method: TrendMethod = "cagr"
    min_points: int = Field(3, ge=2, le=30)
    light_rule: LightRule = "auto"
    on_track_ratio: float = Field(0.95, gt=0, le=5)
    reference_band: float = Field(0.05, ge=0, lt=1)
    kolada_min_areas: int = Field(8, ge=4, le=400)
    percent_near_bound: float = Field(10.0, ge=0, le=50)
    # Options: trends in the unit's points, a band where the reference is 0, fixed prices, the
    # Kolada rule's group, Eurostat's four progress classes.
    trend_unit: TrendUnit = "relative"  # points: the change per year in the unit (percentage points)
    points_threshold: float = Field(0.1, gt=0, le=1e6)  # the arrow's threshold in points a year
    reference_band_absolute: float = Field(1.0, ge=0, le=1e9)  # the band in the unit where the reference is 0
    prices: Prices = "nominal"  # fixed: kronor deflated by the program's deflator
    peer_group: PeerGroup = "list"  # the Kolada rule's group: the peers list, all municipalities, the kommungrupp
    progress_classes: bool = False  # Eurostat's four progress classes beside the lights
    goal_aggregation: GoalAggregation = "mean"
    goal_green: float = Field(1.5, gt=0, le=2)
    goal_red: float = Field(0.75, ge=0, lt=2)
    goal_trend_cutoff: float = Field(0.5, gt=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> RatingSettings:
        if self.goal_red >= self.goal_green:
            raise ValueError("goal_red måste vara mindre än goal_green")
        return self


class RatingOverrides(StrictModel):
    """Per-indicator overrides of the program's rating settings (only the keys given)."""

    trend_years: int | None = Field(None, ge=1, le=30)
    trend_threshold: float | None = Field(None, gt=0, lt=1)
    trend_method: TrendMethod | None = None
    min_points: int | None = Field(None, ge=2, le=30)
    light_rule: LightRule | None = None
    on_track_ratio: float | None = Field(None, gt=0, le=5)
    reference_band: float | None = Field(None, ge=0, lt=1)
    kolada_min_areas: int | None = Field(None, ge=4, le=400)
    percent_near_bound: float | None = Field(None, ge=0, le=50)
    trend_unit: TrendUnit | None = None
    points_threshold: float | None = Field(None, gt=0, le=1e6)
    reference_band_absolute: float | None = Field(None, ge=0, le=1e9)
    prices: Prices | None = None
    peer_group: PeerGroup | None = None


class Target(StrictModel):
    value: float
    year: int = Field(ge=1990, le=2100)
    invented: bool = False  # an example's made-up target: the report marks it "påhittat"


class Band(StrictModel):
    """A target band or optimum: inside it is met (40-60 % for a sex balance); moving toward it
    is improving. `year`, when given, is when the band should be reached."""

    min: float
    max: float
    year: int | None = Field(None, ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min >= self.max:
            raise ValueError(f"band: min ({self.min:g}) måste vara mindre än max ({self.max:g})")
        return self


def _bounds(value: object) -> object:
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        if value[0] >= value[1]:
            raise ValueError(f"bounds: den undre gränsen ({value[0]:g}) måste vara mindre än den övre ({value[1]:g})")
        return (float(value[0]), float(value[1]))
    return value


class Deflator(StrictModel):
    """A price index dropped like any statistics file (KPI, for instance), for fixed prices."""

    id: Identifier = Field(min_length=1)
    name: str = Field(min_length=1)
    area: AreaCode = "0000"
    base_year: int | None = Field(None, ge=1990, le=2100)  # default: the report year


class MunicipalityGroup(StrictModel):
    """The municipality's group for the Kolada rule (SKR's kommungrupp), its members' codes."""

    name: str = Field(min_length=1)
    members: list[AreaCode] = Field(min_length=1)


class Municipality(StrictModel):
    code: AreaCode = Field(pattern=r"^\d{4}$")
    name: str = Field(min_length=1)


class ScbSource(StrictModel):
    """An SCB table (its id, as MATRIX in a PX file, `tableid` in the API, the start of PX-Web's
    file name) and content code (ContentsCode, CONTVARIABLE's code); `select` picks the value of
    each variable the follow-up does not use ({ålder: totalt}): code or label as SCB writes it."""

    table: Identifier | None = Field(None, pattern=r"^[A-Za-z0-9_]{2,40}$")
    content: Identifier | None = Field(None, pattern=r"^[A-Za-z0-9_]{2,40}$")
    select: dict[str, Identifier] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _named(self) -> ScbSource:
        if self.table is None and self.content is None:
            raise ValueError("source.scb: ange table (tabellens id, t.ex. BE0101N1), content "
                             "(innehållets kod, t.ex. BE0101N1) eller båda")
        return self


class IndicatorSource(StrictModel):
    """Where an indicator's numbers come from when the files do not carry its id: an SCB table,
    a dropped file named by a pattern, or a column of the municipality's own file."""

    scb: ScbSource | None = None
    file: str | None = Field(None, min_length=1)  # a file name pattern: 'spadbarnsdoda*' or '*.px'
    column: str | None = Field(None, min_length=1)  # the heading of the column that holds its values
    select: dict[str, Identifier] = Field(default_factory=dict)  # as in scb.select, for any file

    @model_validator(mode="after")
    def _named(self) -> IndicatorSource:
        if self.scb is None and self.file is None and self.column is None:
            raise ValueError("source: ange scb (tabell och innehåll), file (filnamn) eller column "
                             "(kolumnens rubrik)")
        return self

    def choices(self) -> dict[str, str]:
        """The value chosen for each variable the follow-up does not use."""
        return {**(self.scb.select if self.scb else {}), **self.select}


class GroupSplit(StrictModel):
    """Two groups of a breakdown besides sex that the program compares for an indicator: the
    statistics file's column that holds the breakdown ('Födelseland', 'Ålder') and the two
    categories as the file writes them; the gap is the first minus the second, judged with the
    rules of the gap between women and men. The breakdown's total category stays the indicator's
    value; other categories are set aside."""

    column: str = Field(min_length=1)
    compare: tuple[str, str]
    name: str | None = None  # how the report names the groups: 'inrikes och utrikes födda'

    @model_validator(mode="after")
    def _two(self) -> GroupSplit:
        if self.compare[0].strip().lower() == self.compare[1].strip().lower():
            raise ValueError("groups.compare: ange två olika grupper, t.ex. [Inrikes född, Utrikes född]")
        return self

    @property
    def label(self) -> str:
        return self.name or f"{self.compare[0]} och {self.compare[1]}"


class Indicator(StrictModel):
    id: Identifier = Field(min_length=1)
    name: str = Field(min_length=1)
    unit: str = ""
    direction: Literal["increase", "decrease", "band"]
    target: Target | None = None
    band: Band | None = None  # with direction band
    bounds: Annotated[tuple[float, float], BeforeValidator(_bounds)] | None = None  # a share's [min, max]
    reference: AreaCode | None = None
    peers: list[AreaCode] | None = None  # peer group for the Kolada rule (default: the program's)
    by_sex: bool = False
    by_district: bool = False  # statistics also per district; the report compares each with the municipality
    groups: GroupSplit | None = None  # a breakdown besides sex whose two groups are compared (födelseland)
    rating: RatingOverrides | None = None
    source: IndicatorSource | None = None  # where the numbers come from, besides a Kolada id in the files
    part_of: Identifier | None = None  # the id of the indicator this one is a part of (never larger)

    @model_validator(mode="after")
    def _band(self) -> Indicator:
        if (self.direction == "band") != (self.band is not None):
            raise ValueError(f"{self.id}: direction: band och band: {{min, max}} hör ihop; ange båda eller inget")
        return self

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip().lower() in {"procent", "%", "andel (%)", "percent"}


class Goal(StrictModel):
    id: Identifier = Field(min_length=1)
    title: str = Field(min_length=1)
    committees: list[Identifier] = Field(min_length=1)
    indicators: list[Indicator] = Field(default_factory=list)


class Area(StrictModel):
    id: Identifier = Field(min_length=1)
    name: str = Field(min_length=1)
    part: str | None = None  # the program this area belongs to in a combined report (a `parts` id)
    goals: list[Goal] = Field(min_length=1)


class Part(StrictModel):
    """One program of a combined report (Västerås reports its social and ecological programs together)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)


class District(StrictModel):
    """A district the program follows separately (Eskilstuna's priority districts).

    The code is what the statistics files write in their area column (e.g. SCB's RegSO code)."""

    code: Identifier = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")
    name: str = Field(min_length=1)


class Grant(StrictModel):
    """A development grant (Umeå's utvecklingsanslag): amounts per year, budgeted and planned."""

    name: str = Field(min_length=1)
    unit: str = "tkr"
    committee: Identifier | None = None
    goals: list[Identifier] = Field(default_factory=list)
    budget: dict[Annotated[int, Field(ge=1990, le=2100)], float] = Field(default_factory=dict)
    plan: dict[Annotated[int, Field(ge=1990, le=2100)], float] = Field(default_factory=dict)
    note: str = ""

    @model_validator(mode="after")
    def _has_amounts(self) -> Grant:
        if not self.budget and not self.plan:
            raise ValueError(f"anslaget '{self.name}' saknar belopp: ange budget eller plan (år: belopp)")
        both = sorted(set(self.budget) & set(self.plan))
        if both:
            raise ValueError(f"anslaget '{self.name}': år {', '.join(map(str, both))} står under både "
                             "budget och plan; ange varje år en gång")
        return self

    def amounts(self) -> dict[int, tuple[str, float]]:
        """Year -> ('budget' or 'plan', amount), in year order."""
        merged = {year: ("budget", amount) for year, amount in self.budget.items()}
        merged |= {year: ("plan", amount) for year, amount in self.plan.items()}
        return dict(sorted(merged.items()))


class Period(StrictModel):
    start: int = Field(ge=1990, le=2100)
    end: int = Field(ge=1990, le=2100)


class FollowUp(StrictModel):
    """How often the program is followed up: every year (default) or every other year (Borås)."""

    every_years: int = Field(1, ge=1, le=4)


class Program(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    municipality: Municipality
    example: bool = False  # invented example data: the title page and summary say "Exempeldata"
    language: Literal["sv"] = "sv"
    period: Period | None = None
    committees: dict[str, str] = Field(min_length=1)
    rating: RatingSettings = Field(default_factory=RatingSettings)
    follow_up: FollowUp = Field(default_factory=FollowUp)
    peers: list[AreaCode] = Field(default_factory=list)  # peer group (area codes) for the Kolada rule
    recipients: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]] = Field(default_factory=list)
    districts: list[District] = Field(default_factory=list)
    grants: list[Grant] = Field(default_factory=list)
    deflator: Deflator | None = None  # for indicators rated in fixed prices
    kommungrupper: str | None = None  # SKR's Kommungruppsindelning (xlsx/csv), relative to the program file
    kommungrupp: MunicipalityGroup | None = None  # the municipality's group (read from kommungrupper)
    parts: list[Part] = Field(default_factory=list)  # filled from `includes` when programs are combined
    areas: list[Area] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Program:
        problems: list[str] = []
        first_definition: dict[str, tuple[str, Indicator]] = {}
        seen_areas: set[str] = set()
        seen_goals: set[str] = set()
        part_ids = [part.id for part in self.parts]
        problems += self._reference_problems()
        problems += self._source_problems()
        problems += self._part_problems()
        for a_index, area in enumerate(self.areas):
            if area.id in seen_areas:
                problems.append(f"areas[{a_index}].id: målområdet '{area.id}' finns två gånger")
            seen_areas.add(area.id)
            if self.parts and area.part not in part_ids:
                problems.append(f"areas[{a_index}].part: ange vilket program målområdet hör till "
                                f"({', '.join(part_ids)}); angivet: {area.part!r}")
            elif not self.parts and area.part is not None:
                problems.append(f"areas[{a_index}].part: '{area.part}' finns inte under parts")
            for g_index, goal in enumerate(area.goals):
                where = f"areas[{a_index}].goals[{g_index}]"
                if goal.id in seen_goals:
                    problems.append(f"{where}.id: målet '{goal.id}' finns två gånger")
                seen_goals.add(goal.id)
                for c_index, committee in enumerate(goal.committees):
                    if committee not in self.committees:
                        problems.append(
                            f"{where}.committees[{c_index}]: nämnden '{committee}' finns inte "
                            f"under committees ({', '.join(sorted(self.committees))})"
                        )
                seen_indicators: set[str] = set()
                for i_index, indicator in enumerate(goal.indicators):
                    if indicator.id in seen_indicators:
                        problems.append(
                            f"{where}.indicators[{i_index}].id: nyckeltalet '{indicator.id}' "
                            "står två gånger under samma mål"
                        )
                    seen_indicators.add(indicator.id)
                    path = f"{where}.indicators[{i_index}]"
                    earlier = first_definition.setdefault(indicator.id, (path, indicator))
                    if earlier[1] != indicator:
                        problems.append(f"{path}: nyckeltalet '{indicator.id}' står också under {earlier[0]} "
                                        "men med andra uppgifter; ett nyckeltal som hör till flera mål "
                                        "ska ha samma uppgifter överallt")
                    problems += self._rule_problems(indicator, path)
                    if indicator.by_district and not self.districts:
                        problems.append(f"{path}.by_district: programmet har inga stadsdelar; "
                                        "lägg till dem under districts eller ta bort by_district")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _source_problems(self) -> list[str]:
        """Two indicators cannot name the same source: the file's values would belong to both."""
        problems: list[str] = []
        claimed: dict[tuple, str] = {}
        for indicator in self.indicators().values():
            source = indicator.source
            if source is None:
                continue
            keys = []
            if source.scb is not None:
                keys.append(("SCB-tabellen och innehållet", (source.scb.table or "").upper(),
                             (source.scb.content or "").upper()))
            if source.file is not None:
                keys.append(("filnamnet", source.file.lower()))
            if source.column is not None:
                keys.append(("kolumnen", source.column.strip().lower()))
            for key in keys:
                other = claimed.setdefault(key, indicator.id)
                if other != indicator.id:
                    shown = " ".join(part for part in key[1:] if part)
                    problems.append(f"{indicator.id}.source: {key[0]} {shown} anges också för {other}; ett värde "
                                    "kan bara höra till ett nyckeltal")
        return problems

    def _part_problems(self) -> list[str]:
        """`part_of` must name another indicator of the program, in the same unit."""
        problems: list[str] = []
        indicators = self.indicators()
        for indicator in indicators.values():
            if indicator.part_of is None:
                continue
            whole = indicators.get(indicator.part_of)
            if whole is None or whole.id == indicator.id:
                problems.append(f"{indicator.id}.part_of: nyckeltalet '{indicator.part_of}' finns inte i "
                                "programmet; ange id:t för det nyckeltal som detta är en del av")
            elif whole.unit.strip().lower() != indicator.unit.strip().lower():
                problems.append(f"{indicator.id}.part_of: {indicator.id} ({indicator.unit or 'ingen enhet'}) och "
                                f"{whole.id} ({whole.unit or 'ingen enhet'}) har olika enheter; en del kan "
                                "bara jämföras med sin helhet i samma enhet")
        return problems

    def _reference_problems(self) -> list[str]:
        """Districts, parts and grants must name things that exist, once."""
        problems: list[str] = []
        for kind, values in (("districts", [d.code for d in self.districts]), ("parts", [p.id for p in self.parts])):
            twice = sorted({value for value in values if values.count(value) > 1})
            if twice:
                problems.append(f"{kind}: {', '.join(twice)} står två gånger")
        if self.municipality.code in {d.code for d in self.districts}:
            problems.append("districts: en stadsdel kan inte ha kommunens egen kod "
                            f"{self.municipality.code}")
        goal_ids = set(self.goal_ids())
        for index, grant in enumerate(self.grants):
            if grant.committee is not None and grant.committee not in self.committees:
                problems.append(f"grants[{index}].committee: nämnden '{grant.committee}' finns inte "
                                "under committees")
            unknown = [goal for goal in grant.goals if goal not in goal_ids]
            if unknown:
                problems.append(f"grants[{index}].goals: målen {', '.join(unknown)} finns inte i programmet")
        return problems

    def _rule_problems(self, indicator: Indicator, where: str) -> list[str]:
        """A rule chosen for an indicator must have what it needs."""
        rule = self.settings_for(indicator).light_rule
        at = f"{where}.rating.light_rule" if indicator.rating and indicator.rating.light_rule else "rating.light_rule"
        if rule == "target" and indicator.target is None and indicator.band is None:
            return [f"{at}: regeln 'target' kräver ett målvärde (target) för {indicator.id}"]
        if rule == "reference" and indicator.reference is None:
            return [f"{at}: regeln 'reference' kräver ett jämförelseområde (reference) för {indicator.id}"]
        settings = self.settings_for(indicator)
        where = f"{where}.rating" if indicator.rating else "rating"
        if settings.prices == "fixed" and self.deflator is None:
            return [f"{where}.prices: fasta priser kräver ett prisindex under deflator (t.ex. KPI) för {indicator.id}"]
        if rule == "kolada" and settings.peer_group == "kommungrupp" and self.kommungrupp is None:
            return [f"{where}.peer_group: kommungruppen kräver kommungrupper (SKR:s kommungruppsindelning) "
                    f"för {indicator.id}"]
        if rule == "kolada" and settings.peer_group == "list":
            peers = self.peers_for(indicator)
            if len(peers) < self.settings_for(indicator).kolada_min_areas:
                return [f"{at}: Koladaregeln kräver en jämförelsegrupp (peers) med minst "
                        f"{self.settings_for(indicator).kolada_min_areas} områden för {indicator.id}; "
                        f"angivna: {len(peers)}"]
        return []

    def peers_for(self, indicator: Indicator) -> list[str]:
        """The peer group of an indicator, the municipality itself included."""
        peers = indicator.peers if indicator.peers is not None else self.peers
        return sorted({*peers, self.municipality.code})

    def period_label(self, year: int) -> str:
        """The follow-up period ending in `year`: '2023', or '2021-2022' when followed up every other year."""
        every = self.follow_up.every_years
        return str(year) if every == 1 else f"{year - every + 1}-{year}"

    def previous_year(self, year: int) -> int:
        """The end year of the previous follow-up (two years earlier for a biennial program)."""
        return year - self.follow_up.every_years

    # Convenience views used by the checks, the assessment and the report.
    def district_names(self) -> dict[str, str]:
        return {district.code: district.name for district in self.districts}

    def part_of(self, area: Area) -> Part | None:
        return next((part for part in self.parts if part.id == area.part), None)

    def goals(self) -> list[tuple[Area, Goal]]:
        return [(area, goal) for area in self.areas for goal in area.goals]

    def goal_ids(self) -> list[str]:
        return [goal.id for _, goal in self.goals()]

    def indicators(self) -> dict[str, Indicator]:
        """Each indicator once, by id (an indicator may serve several goals)."""
        found: dict[str, Indicator] = {}
        for _, goal in self.goals():
            for indicator in goal.indicators:
                found.setdefault(indicator.id, indicator)
        return found

    def goal_committees(self) -> dict[str, list[str]]:
        return {goal.id: list(goal.committees) for _, goal in self.goals()}

    def settings_for(self, indicator: Indicator) -> RatingSettings:
        if indicator.rating is None:
            return self.rating
        overrides = indicator.rating.model_dump(exclude_none=True)
        return self.rating.model_copy(update=overrides)


_SWEDISH_ERRORS = {
    "missing": "obligatorisk nyckel saknas",
    "extra_forbidden": "okänd nyckel (stavfel?)",
    "literal_error": "ogiltigt värde",
    "string_pattern_mismatch": "har fel form",
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "float_type": "ska vara ett tal",
    "float_parsing": "ska vara ett tal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en mappning (nyckel: värde)",
    "model_type": "ska vara en mappning (nyckel: värde)",
    "too_short": "är tom eller för kort",
    "string_too_short": "får inte vara tom",
    "greater_than": "är för litet",
    "greater_than_equal": "är för litet",
    "less_than": "är för stort",
    "less_than_equal": "är för stort",
}


def _yaml_path(loc: tuple[object, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or "(filens rot)"


def _describe(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "value_error":
        # Our own validators already speak Swedish and carry their YAML paths.
        return str(error.get("ctx", {}).get("error", error.get("msg", "")))
    text = _SWEDISH_ERRORS.get(kind, "ogiltigt värde")
    detail = ""
    ctx = error.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        detail = f"; tillåtna värden: {ctx['expected']}"
    elif any(key in ctx for key in ("ge", "gt", "le", "lt")):
        limit = next(ctx[key] for key in ("ge", "gt", "le", "lt") if key in ctx)
        detail = f" (gräns {limit:g})".replace(".", ",")
    elif kind == "string_pattern_mismatch" and "pattern" in ctx:
        detail = f" (ska matcha {ctx['pattern']})"
    got = error.get("input")
    shown = "" if kind == "missing" or isinstance(got, (dict, list)) else f", angivet: {got!r}"
    return f"{text}{detail}{shown}"


def parse_program(data: object, source: str = "programfilen") -> Program:
    """Validate already-parsed YAML data into a Program, with Swedish errors by YAML path."""
    try:
        return Program.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            if error.get("type") == "value_error" and not loc:
                lines.append(_describe(error))
            else:
                lines.append(f"{_yaml_path(loc)}: {_describe(error)}")
        raise ProgramError(source, lines) from None


def load_program(path: Path) -> Program:
    """Read and validate a program file. Raises ProgramError naming the file and YAML paths."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgramError(str(path), ["filen finns inte; ange sökvägen till programfilen"]) from None
    except UnicodeDecodeError:
        raise ProgramError(str(path), ["filen är inte sparad som UTF-8; spara om den som UTF-8"]) from None
    try:
        data = yaml_source.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else "okänd plats"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProgramError(str(path), [f"{where}: YAML-syntaxfel ({problem})"]) from None
    if not isinstance(data, dict):
        raise ProgramError(str(path), ["filen ska innehålla en mappning med id, name, areas ..."])
    if "includes" in data:
        data = _combine(data, path)
    if data.get("kommungrupper") and not data.get("kommungrupp"):
        from sources.groups import municipality_group  # reads SKR's file with the table readers

        try:
            data = {**data, "kommungrupp": municipality_group(path.parent / str(data["kommungrupper"]),
                                                              _area_code((data.get("municipality") or {}).get("code")))}
        except ValueError as exc:
            raise ProgramError(str(path), [f"kommungrupper: {exc}"]) from None
    return parse_program(data, source=str(path))


def _combine(data: dict, path: Path) -> dict:
    """A combined report: `includes` lists program files whose areas are reported together.

    Each included program becomes a part (its id and name); its areas, committees, districts and
    grants are taken over, and its peer group travels with its indicators. The combining file
    gives the report's own id, name and method."""
    includes = data.pop("includes")
    if not isinstance(includes, list) or not includes or not all(isinstance(i, str) for i in includes):
        raise ProgramError(str(path), ["includes: ska vara en lista med sökvägar till programfiler"])
    if data.get("areas"):
        raise ProgramError(str(path), ["areas: en fil med includes hämtar målområdena från programmen; "
                                       "ta bort areas eller includes"])
    problems: list[str] = []
    committees: dict[str, str] = dict(data.get("committees") or {})
    areas: list[dict] = []
    parts: list[dict] = []
    districts: dict[str, dict] = {}
    grants: list[dict] = []
    code = str(_area_code((data.get("municipality") or {}).get("code", "")))
    every = int((data.get("follow_up") or {}).get("every_years", 1))
    try:
        method = RatingSettings.model_validate(data.get("rating") or {})
    except ValidationError:
        method = RatingSettings()  # parse_program reports the combining file's own errors
    for index, relative in enumerate(includes):
        included_path = (path.parent / relative).resolve()
        if _has_includes(included_path):
            problems.append(f"includes[{index}]: {relative} har själv includes; endast en nivå stöds")
            continue
        where = f"includes[{index}] ({relative})"
        try:
            program = load_program(included_path)
        except ProgramError as exc:
            problems += [f"{where}: {problem}" for problem in exc.problems]
            continue
        if program.municipality.code != code:
            problems.append(f"{where}: kommunkoden {program.municipality.code} skiljer sig från {code}")
        if program.follow_up.every_years != every:
            problems.append(f"{where}: följs upp vart {program.follow_up.every_years}:e år, den sammanslagna "
                            f"rapporten vart {every}:e; ange samma follow_up")
        for key, name in program.committees.items():
            if committees.setdefault(key, name) != name:
                problems.append(f"{where}.committees.{key}: '{name}' men '{committees[key]}' i ett annat "
                                "program; samma förkortning ska ha samma namn")
        parts.append({"id": program.id, "name": program.name})
        own_peers = program.peers
        differing = {key for key in RatingSettings.model_fields
                     if getattr(program.rating, key) != getattr(method, key)}
        goal_level = sorted(differing - set(RatingOverrides.model_fields))
        if goal_level:
            problems.append(f"{where}.rating: {', '.join(goal_level)} skiljer sig från den sammanslagna "
                            "rapportens rating; ange samma värden i båda filerna")
        own_method = {key: getattr(program.rating, key) for key in differing if key in RatingOverrides.model_fields}
        for area in program.areas:
            dumped = area.model_dump(exclude_none=True)
            dumped["part"] = program.id
            for goal in dumped["goals"]:
                for indicator in goal["indicators"]:
                    if "peers" not in indicator and own_peers:
                        indicator["peers"] = list(own_peers)
                    if own_method:
                        indicator["rating"] = {**own_method, **indicator.get("rating", {})}
            areas.append(dumped)
        for district in program.districts:
            districts.setdefault(district.code, district.model_dump())
        grants += [grant.model_dump() for grant in program.grants]
    if problems:
        raise ProgramError(str(path), problems)
    return {**data, "committees": committees, "parts": parts, "areas": areas,
            "districts": data.get("districts") or list(districts.values()),
            "grants": data.get("grants") or grants}


def _has_includes(path: Path) -> bool:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return False  # load_program reports the problem with its own message
    return isinstance(loaded, dict) and "includes" in loaded


def peek_program_id(path: Path) -> str:
    """The program's id without validating the file (for run names); the file name if unreadable."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return str(data["id"]) if isinstance(data, dict) and data.get("id") else Path(path).stem
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return Path(path).stem
