"""The scheduled deployments, in Europe/Stockholm time, served from one process.

- annual follow-up: 1 March at 06:00, for the previous year;
- quarterly follow-up: the 15th of the month after each quarter at 06:00, for that quarter;
- intake: every 15 minutes on weekdays.
The same schedules are declared in prefect.yaml for a work-pool based set-up.
"""

from __future__ import annotations

from pathlib import Path

from prefect.schedules import Cron

from flows.annual import annual_followup
from flows.intake import intake_run
from flows.quarterly import quarterly_followup

TIMEZONE = "Europe/Stockholm"
ANNUAL_CRON = "0 6 1 3 *"
QUARTERLY_CRON = "0 6 15 1,4,7,10 *"
INTAKE_CRON = "*/15 * * * 1-5"
NAMES = {"annual": "arsuppfoljning", "quarterly": "kvartalsuppfoljning", "intake": "inlasning"}


def build_deployments(program: Path, inbox: Path, output: Path, feedback: Path | None = None) -> list:
    parameters = {"program_path": str(program), "inbox": str(inbox), "output": str(output)}
    if feedback is not None:
        parameters["feedback"] = str(feedback)
    tags = ["uppfoljning", program.stem]
    return [
        annual_followup.to_deployment(name=NAMES["annual"], parameters=parameters, tags=tags,
                                      schedules=[Cron(ANNUAL_CRON, timezone=TIMEZONE)],
                                      description="Årsrapporten för föregående år, 1 mars."),
        quarterly_followup.to_deployment(name=NAMES["quarterly"], parameters=parameters, tags=tags,
                                         schedules=[Cron(QUARTERLY_CRON, timezone=TIMEZONE)],
                                         description="Kvartalsstatus den 15:e månaden efter varje kvartal."),
        intake_run.to_deployment(name=NAMES["intake"], parameters=parameters, tags=tags,
                                 schedules=[Cron(INTAKE_CRON, timezone=TIMEZONE)],
                                 description="Inläsning och återkoppling var 15:e minut på vardagar."),
    ]
