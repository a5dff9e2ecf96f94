"""Intake of the drop folder: fingerprint every file and archive the original, byte for byte,
before anything reads it. The inbox itself is never modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from checks.issues import WARNING, Issue

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


@dataclass(frozen=True)
class DroppedFile:
    name: str  # path relative to the inbox, with forward slashes
    sha256: str
    size: int
    modified: str  # ISO time the file was last written in the inbox
    archived: Path  # the untouched copy that the readers open


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_temporary(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def archive_file(source: Path, archive: Path, sha256: str) -> Path:
    """Copy `source` to archive/<sha256>/<name> unless those bytes are already archived."""
    target_dir = archive / sha256
    target = target_dir / source.name
    if target.exists() and fingerprint(target) == sha256:
        return target
    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target_dir / f".{source.name}.partial"
    shutil.copyfile(source, partial)
    if fingerprint(partial) != sha256:
        partial.unlink()
        raise OSError(f"{source}: kopian i arkivet blev inte identisk; filen ändrades under kopieringen")
    os.replace(partial, target)
    return target


def take_in(inbox: Path, archive: Path | None) -> tuple[list[DroppedFile], list[Issue]]:
    """Fingerprint and archive every file in the inbox (recursively, in name order).

    With `archive=None` (the check-only mode) nothing is copied and the readers open the
    files where they lie, read-only.
    """
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise FileNotFoundError(inbox)
    files: list[DroppedFile] = []
    issues: list[Issue] = []
    for path in sorted(inbox.rglob("*")):
        relative = path.relative_to(inbox).as_posix()
        if path.is_dir():
            continue
        if path.is_symlink():
            issues.append(Issue(file=relative, rule="vanlig_fil", severity=WARNING,
                                message="Filen är en länk och har inte lästs. Lägg in själva filen."))
            continue
        if _is_temporary(path.name):
            issues.append(Issue(file=relative, rule="tillfällig_fil", severity=WARNING,
                                message="Dold eller tillfällig fil (t.ex. Excels låsfil ~$); den har inte lästs."))
            continue
        sha256 = fingerprint(path)
        stat = path.stat()
        archived = path if archive is None else archive_file(path, Path(archive), sha256)
        modified = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC).isoformat(timespec="seconds")
        files.append(DroppedFile(relative, sha256, stat.st_size, modified, archived))
        log.info("intake %s sha256=%s size=%d", relative, sha256[:12], stat.st_size)
    return files, issues
