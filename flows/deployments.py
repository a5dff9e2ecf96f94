"""The scheduled deployments, in Europe/Stockholm time, served from one process.

- annual follow-up: 1 March at 06:00, for the previous year;
- quarterly follow-up: the 15th of the month after each quarter at 06:00, for that quarter;
- intake: every 15 minutes on weekdays;
- the Kolada fetch: an hour before each annual and quarterly run (05:00), into the inbox;
- the check of the archive, the ledger and the reports' manifests: Sundays at 04:00.

`DEPLOYMENTS` is the one source of truth: `build_deployments` (used by `followup serve`) is made
from it, and prefect.yaml (for `prefect deploy` with a work pool) must declare the same names,
entrypoints, schedules, descriptions, parameter names and tags; tests/test_deployments.py fails
when the two differ.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from prefect.schedules import Cron

TIMEZONE = "Europe/Stockholm"
PARAMETERS = ("program_path", "inbox", "output")  # every deployment's; `feedback` is added when given
TAGS = ("uppfoljning",)  # `build_deployments` adds the program's file name


@dataclass(frozen=True)
class Declaration:
    """One deployment as prefect.yaml declares it."""

    name: str
    entrypoint: str  # "path/to/file.py:flow_function", as in prefect.yaml
    cron: str
    description: str  # Swedish: what a municipal user reads in Prefect's UI
    timezone: str = TIMEZONE
    parameters: tuple[str, ...] = PARAMETERS
    tags: tuple[str, ...] = TAGS

    def flow(self):
        """The flow object the entrypoint names."""
        path, _, attribute = self.entrypoint.partition(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        return getattr(module, attribute)


DEPLOYMENTS = (
    Declaration(name="arsuppfoljning", entrypoint="flows/annual.py:annual_followup", cron="0 6 1 3 *",
                description="Årsrapporten för föregående år, den 1 mars kl. 6."),
    Declaration(name="kvartalsuppfoljning", entrypoint="flows/quarterly.py:quarterly_followup",
                cron="0 6 15 1,4,7,10 *",
                description="Kvartalsstatus den 15:e i månaden efter varje kvartal kl. 6."),
    Declaration(name="inlasning", entrypoint="flows/intake.py:intake_run", cron="*/15 * * * 1-5",
                description="Inläsning och återkoppling var 15:e minut på vardagar."),
    Declaration(name="kolada-hamtning", entrypoint="flows/fetch.py:kolada_fetch", cron="0 5 1 3 *",
                description="Hämtning från Kolada till inkorgen den 1 mars kl. 5, före årsrapporten."),
    Declaration(name="kolada-hamtning-kvartal", entrypoint="flows/fetch.py:kolada_fetch",
                cron="0 5 15 1,4,7,10 *",
                description=("Hämtning från Kolada till inkorgen den 15:e efter varje kvartal kl. 5, före "
                             "kvartalsstatus.")),
    Declaration(name="kontroll-av-arkivet", entrypoint="flows/verify.py:verify_archive", cron="0 4 * * 0",
                description=("Kontroll av arkivet mot registret och av rapporternas manifest, varje söndag "
                             "kl. 4.")),
)


def build_deployments(program: Path, inbox: Path, output: Path, feedback: Path | None = None) -> list:
    values = {"program_path": str(program), "inbox": str(inbox), "output": str(output)}
    deployments = []
    for declared in DEPLOYMENTS:
        parameters = {name: values[name] for name in declared.parameters}
        if feedback is not None:
            parameters["feedback"] = str(feedback)
        deployments.append(declared.flow().to_deployment(
            name=declared.name, parameters=parameters, tags=[*declared.tags, program.stem],
            schedules=[Cron(declared.cron, timezone=declared.timezone)], description=declared.description))
    return deployments
