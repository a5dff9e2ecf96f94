"""Errors that stop a run, each with a Swedish message a municipal user can act on."""

from __future__ import annotations


class FollowupError(Exception):
    """A run cannot go on. `str(error)` is one Swedish line naming the file and what to do."""


class ProgramError(FollowupError):
    """The program file is missing or invalid; each problem names its YAML path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(
            f"Programfilen {source} kan inte användas: " + "; ".join(self.problems)
            + ". Rätta programfilen och kör igen."
        )


class SettingsError(FollowupError):
    """An operation setting in the environment (FOLLOWUP_...) has a value that is not accepted."""


class ServerDidNotStart(FollowupError):
    """The temporary Prefect server a command starts did not answer."""
