"""Where a program's period keeps its lock (sources/locking.py takes it). Apart from the run folder's
other helpers so that the command line can take the lock before it imports pandas or Prefect."""

from __future__ import annotations

from pathlib import Path


def lock_path(output: Path, program_id: str, period: str) -> Path:
    """The lock that lets one run at a time work on a program's period."""
    return output / program_id / f".{period}.lock"


def national_lock_path(output: Path, program_id: str, period: str) -> Path:
    """The lock that lets one national run at a time work on a program's period."""
    return output / f"{program_id}-nationell" / f".{period}.lock"
