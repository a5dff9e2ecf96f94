"""Convert the Word report to PDF with LibreOffice (headless), for checks and for reading.

LibreOffice gets a profile of its own (a shared one blocks parallel runs) and its own process
group, which is killed on timeout: `soffice` hands off to `oosplash`, which a plain timeout
does not stop.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(document: Path, folder: Path, timeout: float = 180) -> Path:
    binary = soffice()
    if binary is None:
        raise FileNotFoundError("LibreOffice (soffice) saknas; installera libreoffice-writer-nogui")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(document)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise TimeoutError(f"LibreOffice blev inte klar inom {timeout:.0f} s") from None
    pdf = folder / f"{document.stem}.pdf"
    if process.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice kunde inte konvertera {document.name}: {stderr.decode(errors='replace')}")
    return pdf
