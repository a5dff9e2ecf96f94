"""The intake flow: take in newly dropped files, check them and give feedback per file.

Scheduled often (every 15 minutes on weekdays); identical files already taken in are a no-op."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows.tasks import artifacts_task, load_program_task, take_in_and_check
from sources.program import peek_program_id
from sources.settings import RunSettings
from sources.vocabulary import count_severity


def run_name() -> str:
    return f"inlasning-{peek_program_id(flow_run.parameters['program_path'])}"


@flow(name="intake", flow_run_name=run_name, log_prints=False)
def intake_run(program_path: Path, inbox: Path, output: Path, feedback: Path | None = None,
               settle_seconds: float = 30.0) -> Path:
    """Check what is in the inbox and write the feedback pages; returns the feedback index."""
    settings = RunSettings(program_path=program_path, inbox=inbox, output=output, feedback=feedback,
                           settle_seconds=settle_seconds)
    program = load_program_task(settings.program_path)
    docs = settings.feedback_dir / "datadocs"
    files, checked, received = take_in_and_check(settings, program, docs, docs)
    index = settings.feedback_dir / "index.html"
    errors = count_severity(checked.issues)
    artifacts_task(f"inlasning-{program.id}", "\n".join([
        f"# Inläsning: {program.name}", "", f"{len(files)} filer, {errors} fel.", "",
        *(f"- {f.file}: {f.status} ({f.accepted} av {f.rows} rader godtagna)" for f in received.itertuples()),
        "", f"Återkoppling: `{index}`"]), checked.issues)
    get_run_logger().info("intake checked %d files, %d errors", len(files), errors)
    return index
