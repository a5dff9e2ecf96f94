"""`followup verify`: the archive, the ledger and the published reports checked against each
other, read-only. Every archived original is hashed again and compared with the ledger, the
ledger's database runs its own integrity check, and every report's manifest is compared with
the files next to it. Each difference names its place and says what is wrong, in Swedish.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Difference:
    place: str  # the file or folder
    what: str  # what does not hold, in Swedish


@dataclass
class Verified:
    originals: int = 0  # archived file versions hashed again
    reports: int = 0  # manifests compared with their folders
    outputs: int = 0  # files of those folders
    integrity: str = ""  # the database's own word ("ok")
    differences: list[Difference] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_output(output: Path) -> Verified:
    """Everything under a run's output folder that can be checked against what was recorded."""
    found = Verified()
    _verify_ledger_and_archive(output, found)
    for manifest in sorted(output.rglob("manifest.json")):
        _verify_manifest(manifest, found)
    return found


def _verify_ledger_and_archive(output: Path, found: Verified) -> None:
    ledger = output / "ledger.sqlite"
    if not ledger.is_file():
        found.differences.append(Difference(str(ledger), "Registret finns inte; inget kan jämföras med arkivet."))
        return
    try:
        connection = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=30)
        try:
            checked = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            rows = connection.execute("SELECT name, sha256, version, archived_path FROM files "
                                      "ORDER BY name, version").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        found.differences.append(Difference(str(ledger), f"Registret kan inte läsas ({exc})."))
        return
    found.integrity = "; ".join(checked)
    if checked != ["ok"]:
        found.differences.append(Difference(str(ledger), f"Databasens integritetskontroll: {found.integrity}."))
    recorded = set()
    for name, sha256, version, archived in rows:
        found.originals += 1
        path = Path(archived)
        recorded.add(path)
        if not path.is_file():
            found.differences.append(Difference(archived, f"{name} version {version} saknas i arkivet."))
        elif (actual := _sha256(path)) != sha256:
            found.differences.append(Difference(archived, f"{name} version {version} har ändrats i arkivet: "
                                                          f"SHA-256 {actual[:12]}…, registret säger {sha256[:12]}…."))
    archive = output / "archive"
    for path in sorted(archive.rglob("*")) if archive.is_dir() else []:
        if path.is_file() and not path.name.startswith(".") and path not in recorded:
            found.differences.append(Difference(str(path), "Filen finns i arkivet men inte i registret."))


def _verify_manifest(manifest: Path, found: Verified) -> None:
    folder = manifest.parent
    found.reports += 1
    try:
        listed = {entry["file"]: entry for entry in json.loads(manifest.read_text(encoding="utf-8"))["outputs"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        found.differences.append(Difference(str(manifest), f"Manifestet kan inte läsas ({exc})."))
        return
    present = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*")
               if path.is_file() and path != manifest}
    for name, entry in listed.items():
        found.outputs += 1
        path = present.get(name)
        if path is None:
            found.differences.append(Difference(str(folder / name), "Filen står i manifestet men saknas."))
        elif _sha256(path) != entry.get("sha256"):
            found.differences.append(Difference(str(path), "Filen har ändrats sedan rapporten gjordes "
                                                           "(SHA-256 skiljer sig från manifestets)."))
    for name in sorted(set(present) - set(listed)):
        found.differences.append(Difference(str(present[name]), "Filen finns i rapportmappen men inte i manifestet."))


def summary_lines(found: Verified) -> list[str]:
    """What `followup verify` prints: the counts, each difference, and the verdict."""
    lines = [f"Arkivet: {found.originals} originalfiler kontrollerade mot registret.",
             f"Registret: integritetskontrollen säger {found.integrity or 'inget (registret kunde inte läsas)'}.",
             f"Rapporter: {found.reports} manifest, {found.outputs} filer kontrollerade."]
    lines += [f"  - {d.place}: {d.what}" for d in found.differences]
    count = len(found.differences)
    lines.append("Allt stämmer." if not count else f"{count} {'avvikelse' if count == 1 else 'avvikelser'}.")
    return lines
