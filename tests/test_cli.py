"""The `followup` command line contract: exit codes and one-line Swedish reasons."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import EXAMPLE
from tests.helpers import lock_held_elsewhere

BIN = Path(sys.executable).parent

pytestmark = pytest.mark.e2e  # the CLI or a served deployment in processes of their own

runner = CliRunner()


def test_run_makes_the_report_and_a_rerun_keeps_the_earlier_one(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    args = ["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox), "--year", "2023",
            "--output", str(tmp_path / "out")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    final = tmp_path / "out" / "vasteras-social" / "2023"
    assert f"är klar: {final}" in first.output
    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    assert f"Av 24 mål bedöms {summary['goals']['red']} som röda" in first.output
    # A first run: the previous period is recomputed from the same files, and says so.
    changes = summary["changes"]
    assert (changes["previous_period"], changes["basis"]) == ("2022", "recomputed")
    assert sum(changes["previous"]["goals"].values()) == sum(changes["current"]["goals"].values()) == 24
    assert changes["goals_changed"] == len(changes["changed_goals"]) > 0
    from docx import Document

    texts = [paragraph.text for paragraph in Document(final / "uppfoljning_vasteras-social_2023.docx").paragraphs]
    heading = texts.index("Förändring sedan föregående uppföljning")
    assert texts[heading + 1].startswith(f"Jämfört med 2022 har {changes['light_changed']} mål fått ett annat ljus")
    assert ("Ingen tidigare uppföljning finns sparad för 2022, så den perioden har räknats om ur samma filer"
            in texts[heading + 1])
    ratings = (final / "ratings.csv").read_text(encoding="utf-8").splitlines()
    assert ",2022.0," not in "\n".join(ratings) and ",2023," in "\n".join(ratings)  # years are whole numbers
    report_bytes = (final / "uppfoljning_vasteras-social_2023.docx").read_bytes()
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    kept = list((tmp_path / "out" / "vasteras-social" / "history" / "2023").iterdir())
    assert len(kept) == 1
    assert (kept[0] / "uppfoljning_vasteras-social_2023.docx").read_bytes() == report_bytes
    assert (final / "manifest.json").exists()


def test_bad_program_gives_one_line_reason_with_yaml_path(tmp_path):
    bad = tmp_path / "program.yaml"
    bad.write_text((EXAMPLE / "program.yaml").read_text(encoding="utf-8").replace(
        "direction: decrease", "direction: neråt", 1), encoding="utf-8")
    result = runner.invoke(app, ["run", "--program", str(bad), "--inbox", str(EXAMPLE / "inbox"),
                                 "--year", "2023", "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1
    assert lines[0].startswith(f"fel: Programfilen {bad} kan inte användas: "
                               "areas[0].goals[0].indicators[0].direction: ogiltigt värde")
    assert not (tmp_path / "out").exists()


def test_missing_inbox_is_refused(tmp_path):
    result = runner.invoke(app, ["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox",
                                 str(tmp_path / "saknas"), "--year", "2023"])
    assert result.exit_code == 1
    assert "Inkorgen" in result.output and "finns inte" in result.output


def test_check_only_lists_the_planted_defects_and_makes_no_report(tmp_path):
    result = runner.invoke(app, ["check", "--program", str(EXAMPLE / "program.yaml"), "--inbox",
                                 str(EXAMPLE / "inbox")])
    assert result.exit_code == 1  # rows were rejected
    assert ("statistik_trygghet_demokrati_2012-2023.csv: delvis accepterad (statistik, 2012–2023; 202 rader: "
            "201 används, 1 avvisad)") in result.output
    assert "  - [fel] rad 166, kolumn Värde: Värdet '3O,5' är inte ett tal." in result.output
    assert "22 filer kontrollerade, 2 fel." in result.output


def _followup(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed command in a process of its own, as a scheduler runs it."""
    return subprocess.run([str(BIN / "followup"), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_a_second_run_of_the_period_is_refused_at_once_in_one_line(tmp_path):
    """The lock is taken before Prefect: with the Prefect server pointed at a closed port, the
    refusal is still the lock's one line (had the command reached Prefect, it would say so)."""
    output = tmp_path / "out"
    lock = output / "vasteras-social" / ".2023.lock"
    lock.parent.mkdir(parents=True)
    with lock_held_elsewhere(lock):
        result = _followup(["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(EXAMPLE / "inbox"),
                            "--year", "2023", "--output", str(output)],
                           env={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"fel: En körning för Program för social hållbarhet 2023 pågår redan; försök igen när den är "
        f"klar (låsfil {lock})."]
    assert result.stdout == ""


def test_a_damaged_ledger_is_one_swedish_line_without_a_traceback(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / "ledger.sqlite").write_bytes(b"inte en databas " * 100)
    result = _followup(["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(EXAMPLE / "inbox"),
                        "--year", "2023", "--output", str(output)])
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"fel: Registret {output / 'ledger.sqlite'} är skadat (file is not a database); återställ det från "
        "säkerhetskopian. Arkivet med originalfilerna och den förra rapporten finns kvar."]
    assert not (output / "vasteras-social" / "2023").exists()
    assert list((output / "vasteras-social").glob(".2023.staging-*")) == []


def test_a_full_disk_is_one_swedish_line_and_leaves_the_previous_report_and_the_archive(prefect_server, tmp_path,
                                                                                         monkeypatch):
    """ENOSPC injected where the Word document is written (a real small file system cannot be
    mounted here): the run ends with the reason, the published report and the archive as they were."""
    import errno

    import docx.document

    inbox, output = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(EXAMPLE / "inbox", inbox)
    args = ["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(inbox), "--year", "2023",
            "--output", str(output)]
    assert runner.invoke(app, args).exit_code == 0
    final = output / "vasteras-social" / "2023"
    before = {path.relative_to(output): path.read_bytes() for path in sorted(output.rglob("*"))
              if path.is_file() and ("archive" in path.parts or path.parent == final)}

    def full(self, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(docx.document.Document, "save", full)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("fel: Disken är full: ")
    assert result.output.splitlines()[-1].endswith(
        ".docx.partial kunde inte skrivas. Frigör utrymme och kör igen; den förra rapporten och arkivet finns kvar.")
    assert list(final.parent.glob(".2023.staging-*")) == []
    after = {path.relative_to(output): path.read_bytes() for path in sorted(output.rglob("*"))
             if path.is_file() and ("archive" in path.parts or path.parent == final)}
    assert after == before


def _readonly_ledger(monkeypatch, output):
    import sqlite3

    from sources.ledger import Ledger

    Ledger(output / "ledger.sqlite").close()
    connect = sqlite3.connect
    monkeypatch.setattr("sources.ledger.sqlite3.connect",
                        lambda path, timeout: connect(f"file:{path}?mode=ro", uri=True, timeout=timeout))


def _no_permission(monkeypatch, output):
    import errno

    def refused(source, target, length=0):
        raise PermissionError(errno.EACCES, "Permission denied", str(output / "archive"))

    monkeypatch.setattr("sources.intake.shutil.copyfileobj", refused)


@pytest.mark.parametrize(("cause", "line"), [
    ("read-only", "Registret {output}/ledger.sqlite är skrivskyddat; ge körningens användare skrivrätt till filen och "
                  "dess mapp."),
    ("locked", "Registret {output}/ledger.sqlite är låst av en annan process (till exempel inläsningen); försök igen "
               "om en stund."),
    ("permission", "Behörighet saknas: {output}/archive kunde inte läsas eller skrivas (Permission denied). Ge "
                   "körningens användare skrivrätt till utmappen och läsrätt till inkorgen."),
])
def test_a_run_that_cannot_be_made_says_why_in_one_line(prefect_server, tmp_path, monkeypatch, cause, line):
    """A read-only ledger (opened read-only), a ledger locked by another process (the wait cut to
    a second) and a folder the run may not write (EACCES where an original is archived)."""
    from sources.ledger import Ledger

    output = tmp_path / "out"
    output.mkdir()
    args = ["run", "--program", str(EXAMPLE / "program.yaml"), "--inbox", str(EXAMPLE / "inbox"), "--year", "2023",
            "--output", str(output)]
    if cause == "read-only":
        _readonly_ledger(monkeypatch, output)
    elif cause == "permission":
        _no_permission(monkeypatch, output)
    if cause != "locked":
        result = runner.invoke(app, args)
    else:
        Ledger(output / "ledger.sqlite").close()
        monkeypatch.setattr(Ledger.__init__, "__defaults__", (1,))  # BUSY_SECONDS: 120 s in operation
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                                   "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); sys.stdin.read()",
             str(output / "ledger.sqlite")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "held"
        try:
            result = runner.invoke(app, args)
        finally:
            holder.stdin.close()
            holder.wait(timeout=10)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "fel: " + line.format(output=output)
    assert not (output / "vasteras-social" / "2023").exists()
