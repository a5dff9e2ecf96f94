"""The weekly check of the archive, the ledger and the reports' manifests (checks/verify.py)."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger

from checks.verify import summary_lines, verify_output


@flow(name="verify", flow_run_name="kontroll-av-arkivet", log_prints=False)
def verify_archive(output: Path, program_path: Path | None = None, inbox: Path | None = None,
                   feedback: Path | None = None) -> int:
    """Re-hash the archive against the ledger and compare every manifest with its folder; returns
    the number of differences and logs each one (a warning each, so that they show in the UI).

    Only `output` is used: the other parameters are every deployment's, accepted so that the
    weekly deployment is configured like the others."""
    found = verify_output(Path(output))
    logger = get_run_logger()
    for line in summary_lines(found):
        (logger.warning if line.startswith("  - ") else logger.info)(line)
    return len(found.differences)
