"""Delivery of a finished report to officials: a copy in the delivery folder under a stable,
versioned name, and an e-mail to the program's recipients.

The report in the output folder is never touched by delivery, so a failed delivery loses
nothing; it is retried by the flow and reported."""

from __future__ import annotations

import mimetypes
import shutil
import smtplib
from email.message import EmailMessage
from pathlib import Path

from sources.formats import format_number
from sources.program import Program


def delivered_name(program: Program, period: str, version: int, suffix: str) -> str:
    return f"uppfoljning_{program.id}_{period}_v{version}{suffix}"


def deliver_files(files: list[Path], delivery_dir: Path, program: Program, period: str) -> list[Path]:
    """Copy the report (and its PDF) to <delivery>/<program id>/ under the next free version.

    An earlier delivery is never overwritten: a re-run is delivered as the next version."""
    target = delivery_dir / program.id
    target.mkdir(parents=True, exist_ok=True)
    version = 1
    while any((target / delivered_name(program, period, version, f.suffix)).exists() for f in files):
        version += 1
    delivered = []
    for source in files:
        destination = target / delivered_name(program, period, version, source.suffix)
        partial = destination.with_name(f".{destination.name}.partial")
        shutil.copyfile(source, partial)
        partial.replace(destination)
        delivered.append(destination)
    return delivered


def compose_email(program: Program, period: str, sentence: str, report: Path, sender: str,
                  max_attachment_bytes: int) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"Uppföljning {period}: {program.name}, {program.municipality.name}"
    message["From"] = sender
    message["To"] = ", ".join(program.recipients)
    size = report.stat().st_size
    attach = size <= max_attachment_bytes
    lines = [
        "Hej!",
        "",
        f"Uppföljningen av {program.name} för {period} är klar.",
        "",
        sentence,
        "",
        f"Rapporten finns här: {report}",
    ]
    if attach:
        lines.append("Rapporten är också bifogad.")
    else:
        lines.append(f"Rapporten är för stor för att bifogas ({format_number(size / 1024 / 1024, 1)} MB); "
                     "öppna den från sökvägen ovan.")
    lines += ["", "Meddelandet är skickat automatiskt av uppföljningsverktyget."]
    message.set_content("\n".join(lines))
    if attach:
        kind, _ = mimetypes.guess_type(report.name)
        maintype, subtype = (kind or "application/octet-stream").split("/", 1)
        message.add_attachment(report.read_bytes(), maintype=maintype, subtype=subtype, filename=report.name)
    return message


def send_email(message: EmailMessage, host: str, port: int, timeout: float) -> None:
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        smtp.send_message(message)
