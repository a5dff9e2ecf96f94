"""One run at a time per program and period: an advisory lock on a file in the output folder.

`fcntl.flock` is released by the operating system when the process ends, so a crashed run
never leaves a stale lock behind. A process that holds a lock may enter it again (the command
line takes it before Prefect starts, the flow then takes it as when it runs on its own): a
second flock on another descriptor of the same file would refuse the process its own lock."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from sources.errors import FollowupError


class RunInProgress(FollowupError):
    """Another run for the same program and period holds the lock."""


_held: dict[str, int] = {}  # lock files this process holds -> how many times it entered them


@contextlib.contextmanager
def run_lock(path: Path, what: str, wait_seconds: float = 0.0, poll: float = 0.5) -> Iterator[None]:
    key = os.path.realpath(path)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RunInProgress(f"En körning för {what} pågår redan; försök igen när den är klar "
                                        f"(låsfil {path}).") from None
                time.sleep(poll)
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(handle)  # closing releases the lock
