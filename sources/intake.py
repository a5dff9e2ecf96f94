"""Intake of the drop folder: fingerprint every file and archive the original, byte for byte,
before anything reads it. The inbox itself is never modified.

A file that is still being written (changed within `settle_seconds`, or changing while it is
copied) is left for the next run. File names are cleaned before they are used in the archive
or shown in a report: no path separators, control or bidirectional-override characters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sources.issues import WARNING, Issue
from sources.ledger import Ledger

log = logging.getLogger(__name__)

_CHUNK = 1 << 20
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]')


@dataclass(frozen=True)
class DroppedFile:
    name: str  # path relative to the inbox, with forward slashes, cleaned
    sha256: str
    size: int
    modified: str  # ISO time the file was last written in the inbox
    archived: Path  # the untouched copy that the readers open
    version: int = 1  # 1 for the first bytes seen under this name, then 2, 3, ...
    received: str = ""  # when these bytes were first taken in


class FileChanged(OSError):
    """The file changed while it was copied: it is still being written."""


class NotRegularFile(OSError):
    """A FIFO, socket or device where a file was expected: opening it could wait for ever."""


def open_regular(path: Path):
    """`path` opened for reading in binary, only if it is a regular file and not a link.

    Opened without blocking and without following a link, then checked on the open file
    itself: a FIFO put in the inbox would make a plain open() wait for a writer for ever, and a
    check of the name before opening could be outrun by a swap of the file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegularFile(f"{path}: ingen vanlig fil")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(name: str) -> str:
    """A file name safe to store and to show: NFC, no separators, controls or direction marks."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip().lstrip(".")
    return text[:150] or "namnlös_fil"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "en namngiven rörledning (FIFO)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhetsfil"
    return "en särskild fil"


def _is_temporary(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def archive_file(source: Path, archive: Path, sha256: str, name: str | None = None) -> Path:
    """Copy `source` to archive/<sha256>/<name> unless those bytes are already archived."""
    target_dir = archive / sha256
    target = target_dir / (name or safe_name(source.name))
    if target.exists() and fingerprint(target) == sha256:
        return target
    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target_dir / f".{target.name}.partial"
    with open_regular(source) as handle, open(partial, "wb") as copy:
        shutil.copyfileobj(handle, copy, _CHUNK)
    if fingerprint(partial) != sha256:
        partial.unlink()
        raise FileChanged(f"{source}: filen ändrades medan den kopierades")
    os.replace(partial, target)
    return target


def take_in(inbox: Path, archive: Path | None, ledger: Ledger | None = None, settle_seconds: float = 0,
            now: dt.datetime | None = None) -> tuple[list[DroppedFile], list[Issue]]:
    """Fingerprint and archive every file in the inbox (recursively, in name order).

    With `archive=None` (the check-only mode) nothing is copied and the readers open the
    files where they lie, read-only. With a ledger, each file gets its version number and is
    registered; identical bytes seen before are a no-op.
    """
    inbox = Path(inbox)
    if not inbox.is_dir():
        raise FileNotFoundError(inbox)
    now = now or dt.datetime.now(dt.UTC)
    files: list[DroppedFile] = []
    issues: list[Issue] = []
    for path in sorted(inbox.rglob("*")):
        original = path.relative_to(inbox).as_posix()
        name = "/".join(safe_name(part) for part in original.split("/"))
        try:
            kind = path.lstat().st_mode
        except FileNotFoundError:  # gone since the folder was listed
            continue
        if stat.S_ISDIR(kind):
            continue
        if stat.S_ISLNK(kind):
            what = "en mapp" if path.is_dir() else "en fil"
            issues.append(Issue(file=name, rule="vanlig_fil", severity=WARNING,
                                message=(f"Detta är en länk till {what} och har inte lästs (länkar följs inte, så "
                                         "att inget utanför inkorgen läses). Lägg in själva filerna.")))
            continue
        if not stat.S_ISREG(kind):
            issues.append(Issue(file=name, rule="vanlig_fil", severity=WARNING,
                                message=(f"Detta är ingen vanlig fil utan {_special_kind(kind)} och har inte "
                                         "öppnats. Lägg in filen som en vanlig fil.")))
            continue
        if _is_temporary(path.name):
            issues.append(Issue(file=name, rule="tillfällig_fil", severity=WARNING,
                                message="Dold eller tillfällig fil (t.ex. Excels låsfil ~$); den har inte lästs."))
            continue
        if name != unicodedata.normalize("NFC", original):
            issues.append(Issue(file=name, rule="filnamn", severity=WARNING, value=repr(original)[:80],
                                message=("Filnamnet innehöll tecken som inte kan användas (snedstreck, styrtecken "
                                         "eller riktningstecken); filen läses och arkiveras under namnet "
                                         f"'{name}'. Byt gärna namn på filen.")))
        info = path.stat()
        modified = dt.datetime.fromtimestamp(info.st_mtime, tz=dt.UTC)
        if (now - modified).total_seconds() < settle_seconds:
            issues.append(Issue(file=name, rule="skrivs_fortfarande", severity=WARNING,
                                message=("Filen ändrades för mindre än "
                                         f"{settle_seconds:.0f} sekunder sedan och kan fortfarande skrivas; den "
                                         "lämnas till nästa körning.")))
            continue
        try:
            sha256 = fingerprint(path)
            archived = path if archive is None else archive_file(path, Path(archive), sha256, Path(name).name)
        except NotRegularFile:  # swapped for a FIFO or a device since it was listed
            issues.append(Issue(file=name, rule="vanlig_fil", severity=WARNING,
                                message="Filen byttes ut mot något som inte är en vanlig fil och har inte öppnats."))
            continue
        except FileChanged:
            issues.append(Issue(file=name, rule="skrivs_fortfarande", severity=WARNING,
                                message="Filen ändrades medan den kopierades; den lämnas till nästa körning."))
            continue
        version, received = (1, None) if ledger is None else ledger.version(name, sha256)
        received = received or now.isoformat(timespec="seconds")
        if ledger is not None:
            ledger.register(name, sha256, version, info.st_size, received, modified.isoformat(timespec="seconds"),
                            str(archived))
        files.append(DroppedFile(name, sha256, info.st_size, modified.isoformat(timespec="seconds"), archived,
                                 version, received))
        log.info("intake %s v%d sha256=%s size=%d", name, version, sha256[:12], info.st_size)
    return files, issues
