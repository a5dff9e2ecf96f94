"""Scheduled operation: deployments and schedules, the quarterly and intake flows, one run at a
time per period, versioned outputs, delivery and e-mail (against a local SMTP server)."""

import json
import shutil
import socket

import pytest
from aiosmtpd.controller import Controller

from report.delivery import compose_email, deliver_files, send_email
from sources.locking import RunInProgress, run_lock
from sources.program import load_program
from tests.conftest import EXAMPLE
from tests.helpers import lock_held_elsewhere


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture()
def smtp():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture()
def inbox(tmp_path):
    path = tmp_path / "inkorg"
    shutil.copytree(EXAMPLE / "inbox", path)
    return path


def program_with_recipients(tmp_path):
    text = (EXAMPLE / "program.yaml").read_text(encoding="utf-8").replace(
        "areas:\n", 'recipients: ["ks@vasteras.example", "analys@vasteras.example"]\nareas:\n', 1)
    path = tmp_path / "program.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_schedules_and_time_zone_read_back_through_prefects_api(prefect_server, tmp_path, inbox):
    from prefect.client.orchestration import get_client

    from flows.deployments import build_deployments

    for deployment in build_deployments(EXAMPLE / "program.yaml", inbox, tmp_path / "ut"):
        deployment.apply()
    with get_client(sync_client=True) as client:
        found = {}
        for name in ("annual_followup/arsuppfoljning", "quarterly_followup/kvartalsuppfoljning",
                     "intake/inlasning"):
            deployment = client.read_deployment_by_name(name)
            schedule = deployment.schedules[0].schedule
            found[name] = (schedule.cron, schedule.timezone)
            assert deployment.parameters["output"] == str(tmp_path / "ut")
    assert found == {"annual_followup/arsuppfoljning": ("0 6 1 3 *", "Europe/Stockholm"),
                     "quarterly_followup/kvartalsuppfoljning": ("0 6 15 1,4,7,10 *", "Europe/Stockholm"),
                     "intake/inlasning": ("*/15 * * * 1-5", "Europe/Stockholm")}


def test_quarterly_flow_lists_missing_committees_and_new_values(prefect_server, tmp_path, inbox):
    from flows.quarterly import quarterly_followup

    first = quarterly_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, output=tmp_path / "ut",
                               year=2023, quarter=3, settle_seconds=0)
    summary = json.loads((first / "summary.json").read_text(encoding="utf-8"))
    assert first.name == "2023-Q3"
    assert summary["committees_missing"] == 10  # the bundled submissions are annual (2023), not 2023-Q3
    # No earlier quarter: nothing is "new", 48 indicators simply have values.
    assert (summary["indicators_with_new_values"], summary["indicators_with_values"]) == (None, 48)
    assert summary["previous_period"] is None
    from docx import Document

    first_text = "\n".join(p.text for p in Document(first / "kvartalsstatus_vasteras-social_2023-Q3.docx").paragraphs)
    assert "Det finns ingen kvartalsstatus för 2023-Q2 att jämföra med" in first_text
    assert "har nya värden sedan" not in first_text
    second = quarterly_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, output=tmp_path / "ut",
                                year=2023, quarter=4, settle_seconds=0)
    summary = json.loads((second / "summary.json").read_text(encoding="utf-8"))
    assert summary["indicators_with_new_values"] == 0  # nothing newer than at 2023-Q3
    assert summary["previous_period"] == "2023-Q3"
    assert (second / "kvartalsstatus_vasteras-social_2023-Q4.docx").exists()
    from docx import Document

    document = Document(second / "kvartalsstatus_vasteras-social_2023-Q4.docx")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Sammanfattning", "Påminnelse: inrapportering saknas",
                        "Åtgärder som är försenade eller inte har påbörjats", "Nyckeltal med nya värden",
                        "Inlämnade filer"]
    assert summary["actions_delayed_or_not_started"] == 0  # the bundled submissions are annual
    reminders = document.tables[0]
    assert len(reminders.rows) == 1 + 10 and reminders.rows[1].cells[0].text == "KS"
    # The files table shows each file's period: the annual submissions are not used for the quarter.
    files = next(table for table in document.tables if table.rows[0].cells[1].text == "Period")
    assert [cell.text for cell in files.rows[0].cells] == ["Fil", "Period", "Status", "Poster", "Används", "Ej använda"]
    by_file = {row.cells[0].text: [cell.text for cell in row.cells] for row in files.rows[1:]}
    assert by_file["inrapportering_ks_2023.xlsx"][1:3] == ["2023", "används inte"]
    assert by_file["kolada_export_2012-2023.csv"][1:3] == ["2012–2023", "accepterad"]


def test_intake_flow_writes_feedback_and_artifacts(prefect_server, tmp_path, inbox):
    from prefect.client.orchestration import get_client

    from flows.intake import intake_run

    index = intake_run(program_path=EXAMPLE / "program.yaml", inbox=inbox, output=tmp_path / "ut",
                       settle_seconds=0)
    assert index == tmp_path / "inkorg_återkoppling" / "index.html"
    with get_client(sync_client=True) as client:
        artifact = client.read_latest_artifacts()
    keys = {a.key for a in artifact}
    assert {"inlasning-vasteras-social", "inlasning-vasteras-social-problem"} <= keys


def test_one_run_at_a_time_per_period(prefect_server, tmp_path, inbox):
    from flows.annual import annual_followup

    lock = tmp_path / "ut" / "vasteras-social" / ".2023.lock"
    lock.parent.mkdir(parents=True)
    with lock_held_elsewhere(lock):
        with pytest.raises(RunInProgress, match="pågår redan"):
            with run_lock(lock, "test", wait_seconds=0.2, poll=0.05):
                pass
        with pytest.raises(RunInProgress):
            annual_followup(program_path=EXAMPLE / "program.yaml", inbox=inbox, output=tmp_path / "ut", year=2023)
    assert not (tmp_path / "ut" / "vasteras-social" / "2023").exists()


def test_a_process_may_enter_its_own_lock_again_and_releases_it_at_the_last_exit(tmp_path):
    """The command line takes the period's lock before Prefect starts; the flow then takes it again."""
    import fcntl
    import os

    lock = tmp_path / ".2023.lock"
    with run_lock(lock, "test"), run_lock(lock, "test"):
        pass
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again: no BlockingIOError
    finally:
        os.close(fd)
    with run_lock(lock, "test"):
        with run_lock(lock, "test"):
            pass
        with pytest.raises(BlockingIOError):  # still held by the outer block
            fd = os.open(lock, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            finally:
                os.close(fd)


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run_of_the_period(tmp_path, small_program):
    from report.run_folder import staging_dir

    stale = tmp_path / small_program.id / ".2023.staging-dead1234"
    (stale / "diagram").mkdir(parents=True)
    (stale / "diagram" / "N00945.png").write_bytes(b"png")
    other = tmp_path / small_program.id / ".2022.staging-other123"
    other.mkdir()
    new = staging_dir(tmp_path, small_program, "2023")
    assert not stale.exists() and new.is_dir() and other.is_dir()  # another period's run is left alone


def test_delivery_never_overwrites_and_email_is_received(smtp, tmp_path):
    controller, handler = smtp
    program = load_program(program_with_recipients(tmp_path))
    report = tmp_path / "rapport.docx"
    report.write_bytes(b"PK fake docx")
    first = deliver_files([report], tmp_path / "leverans", program, "2023")
    second = deliver_files([report], tmp_path / "leverans", program, "2023")
    assert [p.name for p in first + second] == ["uppfoljning_vasteras-social_2023_v1.docx",
                                                "uppfoljning_vasteras-social_2023_v2.docx"]
    message = compose_email(program, "2023", "Av 24 mål bedöms 9 som röda.", second[0], "rapport@vasteras.example",
                            1024)
    send_email(message, controller.hostname, controller.port, 5)
    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.rcpt_tos == ["ks@vasteras.example", "analys@vasteras.example"]
    text = envelope.content.decode("utf-8", "replace")
    assert "Subject: =?utf-8?q?Uppf=C3=B6ljning_2023" in text or "Uppföljning 2023" in text
    assert "uppfoljning_vasteras-social_2023_v2.docx" in text and 'filename="uppfoljning' in text
    big = compose_email(program, "2023", "x", second[0], "rapport@vasteras.example", 4)
    assert not any(part.get_filename() for part in big.iter_attachments())
    assert "för stor för att bifogas" in big.get_content()


def test_annual_run_delivers_notifies_and_survives_a_failing_mail_server(prefect_server, smtp, tmp_path, inbox,
                                                                          monkeypatch):
    from flows.annual import annual_followup

    controller, handler = smtp
    program = program_with_recipients(tmp_path)
    monkeypatch.setenv("FOLLOWUP_DELIVERY_DIR", str(tmp_path / "leverans"))
    monkeypatch.setenv("FOLLOWUP_SMTP_HOST", controller.hostname)
    monkeypatch.setenv("FOLLOWUP_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("FOLLOWUP_DELIVERY_RETRY_DELAY", "0")
    final = annual_followup(program_path=program, inbox=inbox, output=tmp_path / "ut", year=2023)
    delivered = tmp_path / "leverans" / "vasteras-social" / "uppfoljning_vasteras-social_2023_v1.docx"
    assert delivered.read_bytes() == (final / "uppfoljning_vasteras-social_2023.docx").read_bytes()
    assert len(handler.messages) == 1
    # A second run: a new version in the output (the first kept in history) and in the delivery folder.
    monkeypatch.setenv("FOLLOWUP_SMTP_PORT", str(free_port()))  # nobody listens: e-mail fails
    monkeypatch.setenv("FOLLOWUP_DELIVERY_RETRIES", "1")
    final = annual_followup(program_path=program, inbox=inbox, output=tmp_path / "ut", year=2023)
    manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2 and "history/" in manifest["reason"]
    assert (tmp_path / "leverans" / "vasteras-social" / "uppfoljning_vasteras-social_2023_v2.docx").exists()
    assert (final / "uppfoljning_vasteras-social_2023.docx").exists()  # the report is not lost
    assert len(handler.messages) == 1


def test_an_operation_setting_not_accepted_is_one_swedish_line(monkeypatch):
    from sources.errors import SettingsError
    from sources.settings import OperationSettings

    monkeypatch.setenv("FOLLOWUP_CHART_PROCESSES", "0")
    monkeypatch.setenv("FOLLOWUP_DASK_WORKERS", "två")
    with pytest.raises(SettingsError) as raised:
        OperationSettings.load()
    assert str(raised.value) == (
        "Miljövariabeln FOLLOWUP_DASK_WORKERS har värdet 'två': värdet ska vara ett heltal; "
        "Miljövariabeln FOLLOWUP_CHART_PROCESSES har värdet '0': värdet ska vara minst 1. "
        "Ändra eller ta bort variabeln och kör igen.")
    monkeypatch.setenv("FOLLOWUP_DASK_WORKERS", "3")
    monkeypatch.setenv("FOLLOWUP_CHART_PROCESSES", "1")
    assert (OperationSettings.load().dask_workers, OperationSettings.load().chart_processes) == (3, 1)
