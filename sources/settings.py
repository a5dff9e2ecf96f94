"""Run settings: what one run works on, as a typed model built once and passed in.

Paths are made absolute when the settings are built, so no stage depends on the working
directory.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sources.errors import SettingsError


class RunSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    program_path: Path
    inbox: Path
    output: Path
    year: int | None = Field(None, ge=1990, le=2100)
    archive: Path | None = None  # default: <output>/archive
    ledger: Path | None = None  # default: <output>/ledger.sqlite
    feedback: Path | None = None  # default: <inbox>_återkoppling next to the inbox
    settle_seconds: float = Field(5.0, ge=0, le=3600)  # younger files are left for the next run
    min_year: int = Field(1990, ge=1900, le=2100)
    today: dt.date = Field(default_factory=dt.date.today)
    allow_missing_years: bool = False  # a report year after the statistics' last year is made, with a warning

    @field_validator("program_path", "inbox", "output", "archive", "ledger", "feedback")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return None if value is None else Path(value).expanduser().resolve()

    @property
    def archive_dir(self) -> Path:
        return self.archive or self.output / "archive"

    @property
    def ledger_path(self) -> Path:
        return self.ledger or self.output / "ledger.sqlite"

    @property
    def feedback_dir(self) -> Path:
        """Feedback is written next to the drop folder, never into it (it would be taken in)."""
        return self.feedback or self.inbox.parent / f"{self.inbox.name}_återkoppling"

    @property
    def max_year(self) -> int:
        """The latest plausible year in a dropped file: the current calendar year."""
        return self.today.year

    def parameters(self) -> dict:
        return {"year": self.year, "inbox": str(self.inbox), "output": str(self.output),
                "program": str(self.program_path), "min_year": self.min_year, "max_year": self.max_year,
                "allow_missing_years": self.allow_missing_years}


class OperationSettings(BaseSettings):
    """How the runs are operated: delivery folder, e-mail, locking. Read once from the environment
    (FOLLOWUP_DELIVERY_DIR, FOLLOWUP_SMTP_HOST, ...) and passed in."""

    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", frozen=True)

    delivery_dir: Path | None = None  # a network share in practice; None: no delivery
    smtp_host: str | None = None  # None: no e-mail
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_sender: str = "uppfoljning@localhost"
    smtp_timeout: float = Field(15.0, gt=0, le=300)
    max_attachment_mb: float = Field(10.0, ge=0, le=100)
    lock_wait_seconds: float = Field(0.0, ge=0, le=86400)  # 0: a second run for a period is refused
    delivery_retries: int = Field(3, ge=0, le=20)
    delivery_retry_delay: float = Field(10.0, ge=0, le=3600)
    dask_address: str | None = None  # an existing Dask scheduler (tcp://host:8786); None: a LocalCluster
    dask_workers: int = Field(2, ge=1, le=256)  # LocalCluster worker processes (one thread each)
    # processes that draw one report's charts side by side (report/document/figures.py); 1: in the run's own
    chart_processes: int = Field(default_factory=lambda: min(os.cpu_count() or 1, 4), ge=1, le=64)

    @classmethod
    def load(cls) -> OperationSettings:
        """The settings from the environment; a value that is not accepted is one Swedish line
        naming the variable, its value and what is allowed (SettingsError)."""
        try:
            return cls()
        except ValidationError as exc:
            raise SettingsError("; ".join(_setting_problem(error) for error in exc.errors())
                                + ". Ändra eller ta bort variabeln och kör igen.") from None

    @field_validator("delivery_dir")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        return None if value is None else Path(value).expanduser().resolve()


def _setting_problem(error: dict) -> str:
    name = f"FOLLOWUP_{str(error['loc'][0]).upper()}" if error.get("loc") else "FOLLOWUP_..."
    limits = error.get("ctx") or {}
    reasons = {"greater_than_equal": f"värdet ska vara minst {limits.get('ge')}",
               "less_than_equal": f"värdet ska vara högst {limits.get('le')}",
               "greater_than": f"värdet ska vara större än {limits.get('gt')}",
               "int_parsing": "värdet ska vara ett heltal", "float_parsing": "värdet ska vara ett tal"}
    reason = reasons.get(error.get("type"), "värdet godtas inte")
    return f"Miljövariabeln {name} har värdet '{error.get('input')}': {reason}"
