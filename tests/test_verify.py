"""`followup verify`: the archive against the ledger, the ledger's integrity, every manifest
against its folder; exit 0 when all holds, 1 naming each difference."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def _copy(annual_run, tmp_path):
    _, _, output = annual_run
    copy = tmp_path / "out"
    shutil.copytree(output, copy)
    # the ledger's archived paths point into the run's own output: point them at the copy
    with sqlite3.connect(copy / "ledger.sqlite") as ledger:
        ledger.execute("UPDATE files SET archived_path = replace(archived_path, ?, ?)", (str(output), str(copy)))
    return copy


def test_verify_passes_on_a_run_and_names_every_difference_after_tampering(annual_run, tmp_path):
    output = _copy(annual_run, tmp_path)
    with sqlite3.connect(output / "ledger.sqlite") as ledger:
        originals = ledger.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    manifests = sorted(output.rglob("manifest.json"))
    files = sum(len(json.loads(m.read_text(encoding="utf-8"))["outputs"]) for m in manifests)
    assert (originals, len(manifests)) == (22, 2)
    clean = runner.invoke(app, ["verify", "--output", str(output)])
    assert clean.exit_code == 0, clean.output
    assert clean.output.splitlines() == [
        "Arkivet: 22 originalfiler kontrollerade mot registret.", "Registret: integritetskontrollen säger ok.",
        f"Rapporter: 2 manifest, {files} filer kontrollerade.", "Allt stämmer."]

    archived = sorted(p for p in (output / "archive").rglob("*.csv"))[0]
    archived.write_bytes(archived.read_bytes() + b"\n")  # an original changed in the archive
    final = output / "vasteras-social" / "2023"
    (final / "ratings.csv").unlink()  # an output gone
    (final / "issues.csv").write_text("ändrad\n", encoding="utf-8")  # an output changed
    (final / "extra.txt").write_text("ny\n", encoding="utf-8")  # a file nobody made
    tampered = runner.invoke(app, ["verify", "--output", str(output)])
    assert tampered.exit_code == 1
    name = archived.name
    assert [line for line in tampered.output.splitlines() if line.startswith("  - ")] == [
        f"  - {archived}: {name} version 1 har ändrats i arkivet: SHA-256 "
        f"{hashlib.sha256(archived.read_bytes()).hexdigest()[:12]}…, registret säger "
        f"{archived.parent.name[:12]}….",
        f"  - {final / 'issues.csv'}: Filen har ändrats sedan rapporten gjordes (SHA-256 skiljer sig från "
        "manifestets).",
        f"  - {final / 'ratings.csv'}: Filen står i manifestet men saknas.",
        f"  - {final / 'extra.txt'}: Filen finns i rapportmappen men inte i manifestet.",
    ]
    assert tampered.output.splitlines()[-1] == "4 avvikelser."


def test_verify_refuses_a_missing_folder_in_one_line(tmp_path):
    result = runner.invoke(app, ["verify", "--output", str(tmp_path / "saknas")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"fel: Utmappen {tmp_path / 'saknas'} finns inte eller är ingen mapp. Ange mappen med --output."]
