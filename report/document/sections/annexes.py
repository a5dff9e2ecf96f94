"""The annexes: the method (bilaga 1), the data quality (bilaga 2) and the sources with checksums (bilaga 3)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from report.context import ReportContext
from report.document.model import Content, Run
from report.method.selections import file_counts, incomplete_coverage, issues_of, missing_assessments
from report.texts import (
    AGGREGATION_NAMES,
    HARD_CASES,
    INVENTED_TARGET,
    METHOD_WORDS,
    RECORD_NOTE,
    RULE_NAMES,
    SETTING_VALUES,
    SEX_WORDS,
    count_noun,
    override_text,
)
from sources.formats import format_number
from sources.vocabulary import ERROR, NOTE, WARNING


def method_annex(context: ReportContext) -> Content:
    out = Content()
    out.page_break()
    out.heading("Bilaga 1. Metod", level=1)
    r = context.program.rating
    threshold = format_number(r.trend_threshold * 100, 1)
    band = format_number(r.reference_band * 100, 0)
    lines = [
        f"Trend: {METHOD_WORDS[r.trend_method]} i perioden {context.year - r.trend_years}–{context.year}; "
        f"minst {r.min_points} värden krävs. Förbättras vid minst +{threshold} % per år i önskad riktning, "
        f"försämras vid minst {threshold} % per år åt fel håll, annars oförändrad.",
        f"Regel för ljuset: {RULE_NAMES[r.light_rule]}.",
        f"Ljus med målvärde: grönt om senaste värdet når målet, annars kvoten mellan faktisk takt och "
        f"den takt som krävs från periodens första värde till målet under målåret: grönt vid minst "
        f"{format_number(r.on_track_ratio, 2)}, gult från 0, rött under 0.",
        f"Ljus med jämförelse (t.ex. riket): grönt om senaste värdet är mer än {band} % bättre än "
        f"jämförelsen samma år, rött om mer än {band} % sämre, annars gult.",
        f"Koladaregeln: bland jämförelsegruppens områden ({SETTING_VALUES[r.peer_group]}, minst "
        f"{r.kolada_min_areas}) med värde samma år är den bästa fjärdedelen grön och den sämsta röd, övriga gula.",
        "Ljus mot ett intervall (t.ex. 40–60 % för en jämn könsfördelning): grönt inom intervallet; utanför "
        "det, med ett år för intervallet, som ett målvärde vid intervallets närmaste gräns, och utan år gult "
        "så länge värdet rör sig mot intervallet och rött annars.",
        "Saknas både målvärde, jämförelse och jämförelsegrupp beräknas inget ljus (ej bedömd).",
        f"Målets beräknade ljus: {AGGREGATION_NAMES[r.goal_aggregation]} av nyckeltalens ljus"
        + (f" (grön 2, gul 1, röd 0): grönt vid minst {format_number(r.goal_green, 2)}, rött under "
           f"{format_number(r.goal_red, 2)}, annars gult" if r.goal_aggregation == "mean" else "")
        + f". Målets trend är medelvärdet av pilarna (+1, 0, −1): förbättras vid minst "
        f"{format_number(r.goal_trend_cutoff, 2)}, försämras vid högst −{format_number(r.goal_trend_cutoff, 2)}.",
        "Nämndens bedömning är målets officiella bedömning där den finns. Har flera nämnder bedömt "
        "samma mål gäller den försiktigaste bedömningen.",
        "Skillnaden mellan kvinnor och män (K − M) mäts som |K − M| i förhållande till totalen samma år "
        "(saknas totalen: summan av kvinnor och män för antal, annars medelvärdet av dem, vilket anges); "
        f"den ökar om den andelen växer med minst {threshold} procentenheter per år, minskar om den "
        "krymper lika mycket.",
    ]
    options = []
    if r.trend_unit == "points":
        options.append(f"trender i enheten per år (procentenheter för andelar), tröskel "
                       f"{format_number(r.points_threshold, 2)} per år")
    if r.prices == "fixed":
        options.append("belopp i fasta priser")
    if context.program.deflator is not None:
        deflator = context.program.deflator
        options.append(f"prisindex för fasta priser: {deflator.name} ({deflator.id}, område {deflator.area})")
    if r.progress_classes:
        options.append("Eurostats fyra klasser för framsteg redovisas i förklaringarna bredvid ljusen")
    if options:
        lines.append("Valda metodalternativ: " + "; ".join(options) + ".")
    overrides = [i for i in context.program.indicators().values() if i.rating is not None]
    if overrides:
        lines.append("Egna inställningar för enskilda nyckeltal: " + "; ".join(
            f"{i.id} ({', '.join(override_text(k, v) for k, v in i.rating.model_dump(exclude_none=True).items())})"
            for i in overrides) + ".")
    for line in lines:
        out.bullet(line)
    out.heading("Svåra fall och hur de bedöms", level=2)
    for line in HARD_CASES:
        text = line.format(min_points=r.min_points, near=format_number(r.percent_near_bound, 0),
                           kolada=r.kolada_min_areas, threshold=format_number(r.trend_threshold * 100, 1),
                           absolute=format_number(r.reference_band_absolute, 1))
        out.bullet(text)
    out.heading("Förklaring per nyckeltal", level=2)
    indicators = context.assessment.indicators
    definitions = context.program.indicators()
    for goal_id, group in indicators.groupby("goal_id", sort=False):
        title = context.assessment.goals.set_index("goal_id").loc[goal_id, "title"]
        out.heading(f"Mål {goal_id} {title}", level=3)
        for row in group.itertuples():
            sex = "" if row.sex == "T" else f", {SEX_WORDS[row.sex].lower()}"
            text = f"{row.indicator}{sex}: {row.light_explanation}; {row.trend_explanation}."
            gap = getattr(row, "gap_explanation", None)
            if isinstance(gap, str):
                text += f" Kvinnor och män: {gap}."
            target = definitions[row.indicator].target if row.indicator in definitions else None
            if row.sex == "T" and target is not None and target.invented:
                text += f" {INVENTED_TARGET}"
            out.text(text, size=8.5)
        goal = context.assessment.goals.set_index("goal_id").loc[goal_id]
        out.text(f"Mål {goal_id} beräknat: {goal['explanation']}.", italic=True, size=8.5)
    return out


def _row(value: object) -> object:
    return "" if value is None or pd.isna(value) else int(value)


def data_quality_annex(context: ReportContext) -> Content:
    out = Content()
    out.page_break()
    out.heading("Bilaga 2. Datakvalitet", level=1)
    files = context.files
    issues = context.issues
    errors = issues_of(issues, ERROR)
    read, used, rejected, aside = file_counts(files)
    out.text(f"{count_noun(len(files), 'fil')} har tagits emot. {count_noun(read, 'post')} har lästs, "
             f"varav {format_number(used, 0)} används i rapporten, {format_number(rejected, 0)} har "
             f"avvisats med fel och {format_number(aside, 0)} har lagts "
             "åt sidan (ersatta av en nyare fil, dubbletter, en annan period eller områden som "
             "programmet inte jämför med). Allt som inte har använts listas nedan med skäl; "
             f"originalfilerna är arkiverade oförändrade. {RECORD_NOTE}")
    if context.datadocs or context.feedback:
        out.paragraph(*_pointers(context))
    out.heading("Mottagna filer", level=2)
    out.table(["Fil", "Version", "Typ", "Period", "Poster", "Används", "Ej använda", "Status"],
              [[f.file, _version(f), f.kind, f.period if isinstance(getattr(f, "period", None), str) else "",
                format_number(f.rows, 0), format_number(f.accepted, 0), format_number(f.rows - f.accepted, 0),
                f.status] for f in files.itertuples()],
              widths=[3.5, 1.5, 2.4, 1.8, 1.4, 1.7, 1.7, 2.0], size=8)
    out.heading("Avvisade rader och andra fel", level=2)
    if errors.empty:
        out.text("Inga rader har avvisats.")
    else:
        out.table(["Fil", "Flik", "Rad", "Kolumn", "Vad är fel och vad ska göras"],
                  [[i.file, i.sheet, _row(i.row), i.column, i.message]
                   for i in errors.itertuples()], widths=[3.6, 2.0, 1.1, 1.8, 8.1], size=7.5)
    for severity, heading in ((WARNING, "Varningar"), (NOTE, "Noteringar om inläsningen")):
        rows = issues_of(issues, severity)
        if rows.empty:
            continue
        out.heading(heading, level=2)
        out.table(["Fil", "Flik", "Rad", "Meddelande"],
                  [[i.file, i.sheet, _row(i.row), i.message] for i in rows.itertuples()],
                  widths=[3.8, 2.2, 1.1, 9.5], size=7.5)
    out.extend(_revisions(context))
    out.heading("Saknad inrapportering", level=2)
    missing = missing_assessments(context.submissions, context.period, context.program)
    if missing:
        out.text(f"De ansvariga nämnderna har inte lämnat {count_noun(len(missing), 'bedömning')} "
                 f"för {context.period}:")
        out.table(["Mål", "Nämnd"],
                  [[goal, f"{committee} ({context.program.committees[committee]})"] for goal, committee in missing],
                  widths=[2.0, 10.0], size=8)
    else:
        out.text("Alla ansvariga nämnder har lämnat bedömning för sina mål.")
    out.extend(_coverage(context))
    return out


def _pointers(context: ReportContext) -> list[Run]:
    """Where the feedback pages per file are, and a link to the checks in detail (Data Docs)."""
    runs = []
    if context.feedback:
        runs.append(Run(f"Återkoppling per fil (en sida per fil, att skicka till den som lämnat filen) "
                        f"finns i mappen {Path(context.feedback).name}, bredvid inkorgen. "))
    if context.datadocs:
        runs.append(Run("Kontrollerna i detalj (Great Expectations Data Docs): "))
        runs.append(Run(context.datadocs, link=context.datadocs))
    return runs


def _revisions(context: ReportContext) -> Content:
    out = Content()
    revisions = context.revisions
    if revisions is None or revisions.empty:
        return out
    out.heading("Reviderade värden", level=2)
    out.text(f"{count_noun(len(revisions), 'värde')} har fått ett annat värde i en nyare fil. Det "
             "nyare värdet används; båda finns kvar i registret (ledger.sqlite).", size=9)
    out.table(["Nyckeltal", "Område", "År", "Kön", "Tidigare värde (fil, rad)", "Nytt värde (fil, rad)"],
              [[r.indicator, r.area, r.period, r.gender,
                f"{format_number(r.old_value, _decimals(r.old_value))} ({r.old_file}, rad {r.old_row})",
                f"{format_number(r.new_value, _decimals(r.new_value))} ({r.new_file}, rad {r.new_row})"]
               for r in revisions.itertuples()], widths=[1.8, 1.4, 1.2, 1.0, 5.3, 5.3], size=7.5)
    return out


def _decimals(value: float) -> int:
    text = f"{value:.6g}"
    return len(text.split(".")[1]) if "." in text else 0


def _coverage(context: ReportContext) -> Content:
    out = Content()
    out.heading("Täckning per nyckeltal", level=2)
    table = context.coverage
    if table is None or table.empty:
        out.text("Programmet har inga nyckeltal.")
        return out
    gaps = incomplete_coverage(table)
    out.text(f"Vilka år, jämförelser och kön statistiken har för {context.program.municipality.name} och "
             f"vad som saknas för {context.year}, med följden för bedömningen. "
             f"{len(table) - len(gaps)} av {count_noun(len(table), 'nyckeltal')} är kompletta.", size=9)
    out.table(["Nyckeltal", "År", "Rapportåret", "Jämförelse", "Kön", "Följd för bedömningen"],
              [[f"{r.indicator} {r.name}", r.years, r.report_year, r.comparison, r.sexes,
                r.consequences or "komplett"] for r in table.itertuples()],
              widths=[3.8, 1.8, 2.0, 2.8, 1.7, 3.9], size=7)
    return out


def _grouped(sha256: str) -> str:
    """A checksum in groups of eight, as fingerprints are read aloud and compared."""
    return " ".join(sha256[i:i + 8] for i in range(0, len(sha256), 8))


def _version(f) -> str:
    """'2' where earlier versions of the file exist; the report says which one it used."""
    version = getattr(f, "version", None)
    return "–" if version is None or pd.isna(version) else str(int(version))


def sources_annex(context: ReportContext) -> Content:
    out = Content()
    out.heading("Bilaga 3. Källor", level=1)
    out.text("Filerna som rapporten bygger på, med kontrollsumma (SHA-256). Samma "
             "kontrollsumma betyder byte för byte samma fil.")
    out.table(["Fil", "Version", "Mottagen", "Storlek (byte)", "SHA-256"],
              [[f.file, _version(f), str(f.received)[:10], format_number(float(f.size), 0), _grouped(f.sha256)]
               for f in context.files.itertuples()],
              widths=[4.2, 1.4, 2.0, 2.0, 7.0], size=7)
    out.text("Nyckeltalens id och namn följer Kolada (Rådet för främjande av kommunala "
             "analyser). Riket avser område 0000.", size=9)
    return out
