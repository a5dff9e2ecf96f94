"""Test set-up. Prefect's settings are fixed before Prefect is imported anywhere: a temporary
PREFECT_HOME, no API URL (ephemeral mode), analytics off, a startup timeout the ephemeral
server needs on these machines. The test harness (one server) starts once per session and only
for the tests that run a flow.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_PREFECT_HOME = tempfile.mkdtemp(prefix="followup-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.pop("PREFECT_API_URL", None)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "180"
os.environ["PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW"] = "ignore"
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# One fixed hypothesis profile: the same examples on every run, so CI is deterministic.
settings.register_profile("followup", derandomize=True, deadline=None, max_examples=200,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("followup")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "vasteras"


@pytest.fixture(scope="session")
def small_program():
    from sources.program import load_program

    return load_program(FIXTURES / "program_small.yaml")


@pytest.fixture(scope="session")
def vasteras_program():
    from sources.program import load_program

    return load_program(EXAMPLE / "program.yaml")


@pytest.fixture(scope="session")
def prefect_server():
    """One Prefect test server (ephemeral, temporary database) for every flow test."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def annual_run(prefect_server, tmp_path_factory):
    """The bundled example's annual flow for 2022 and then 2023 (so that 2023 has a previous
    period to compare with): (2023 output folder, inbox copy, output root)."""
    from flows.annual import annual_followup

    base = tmp_path_factory.mktemp("annual")
    inbox = base / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    output = base / "output"
    annual_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, year=2022, output=output)
    final = annual_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, year=2023, output=output)
    return final, inbox, output


# A test that uses one of these fixtures runs flows or builds whole reports: marked e2e.
E2E_FIXTURES = {"prefect_server", "annual_run", "reports"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)
