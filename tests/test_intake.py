import hashlib

import pytest

from sources.intake import fingerprint, take_in
from tests.conftest import FIXTURES


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_originals_archived_byte_for_byte_and_inbox_untouched(tmp_path):
    inbox = FIXTURES / "drop"
    before = _digest(inbox)
    files, issues = take_in(inbox, tmp_path / "archive")
    assert issues == []
    assert len(files) == 19
    for f in files:
        assert f.archived.read_bytes() == (inbox / f.name).read_bytes()
        assert f.archived == tmp_path / "archive" / f.sha256 / f.name
        assert f.sha256 == fingerprint(inbox / f.name)
    assert _digest(inbox) == before


def test_same_bytes_dropped_again_is_a_no_op_and_a_changed_file_is_a_new_version(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "statistik.csv").write_bytes(b"kpi,municipality_id,year,value\nN00945,0180,2020,40.8\n")
    first, _ = take_in(inbox, tmp_path / "archive")
    stamp = first[0].archived.stat().st_mtime_ns
    again, _ = take_in(inbox, tmp_path / "archive")
    assert again[0].archived == first[0].archived
    assert again[0].archived.stat().st_mtime_ns == stamp
    (inbox / "statistik.csv").write_bytes(b"kpi,municipality_id,year,value\nN00945,0180,2020,41.0\n")
    changed, _ = take_in(inbox, tmp_path / "archive")
    assert changed[0].sha256 != first[0].sha256
    assert first[0].archived.exists() and changed[0].archived.exists()
    assert len(list((tmp_path / "archive").iterdir())) == 2


def test_temporary_files_are_reported_not_read(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "~$inrapportering.xlsx").write_bytes(b"lock")
    (inbox / "statistik.csv").write_bytes(b"a,b\n")
    files, issues = take_in(inbox, tmp_path / "archive")
    assert [f.name for f in files] == ["statistik.csv"]
    assert [(i.file, i.rule, i.severity) for i in issues] == [("~$inrapportering.xlsx", "tillfällig_fil", "varning")]


def test_check_mode_reads_in_place_without_archiving(tmp_path):
    files, _ = take_in(FIXTURES / "drop", None)
    assert all(f.archived == FIXTURES / "drop" / f.name for f in files)


def _special_inbox(tmp_path):
    """An inbox holding a FIFO, a socket, a link to a file outside it, a link to a folder, and one
    regular file."""
    import os
    import socket

    inbox, outside = tmp_path / "inbox", tmp_path / "utanfor"
    inbox.mkdir()
    outside.mkdir()
    (outside / "hemlig.csv").write_bytes(b"kpi,municipality_id,year,value\nN00945,0180,2020,1\n")
    (inbox / "statistik.csv").write_bytes(b"kpi,municipality_id,year,value\nN00945,0180,2020,40.8\n")
    os.mkfifo(inbox / "ror.csv")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "uttag.sock"))
    (inbox / "lank.csv").symlink_to(outside / "hemlig.csv")
    (inbox / "mapplank").symlink_to(outside, target_is_directory=True)
    return inbox, server


def test_special_files_and_links_are_listed_never_opened(tmp_path):
    """A FIFO would make open() wait for a writer for ever; links could read outside the inbox."""
    import threading

    inbox, server = _special_inbox(tmp_path)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=take_in(inbox, tmp_path / "archive")), daemon=True)
    worker.start()
    worker.join(timeout=20)
    server.close()
    assert not worker.is_alive(), "the intake hung on a special file"
    files, issues = outcome["result"]
    assert [f.name for f in files] == ["statistik.csv"]
    assert [(i.file, i.rule, i.severity, i.message) for i in issues] == [
        ("lank.csv", "vanlig_fil", "varning", "Detta är en länk till en fil och har inte lästs (länkar följs inte, "
                                              "så att inget utanför inkorgen läses). Lägg in själva filerna."),
        ("mapplank", "vanlig_fil", "varning", "Detta är en länk till en mapp och har inte lästs (länkar följs inte, "
                                              "så att inget utanför inkorgen läses). Lägg in själva filerna."),
        ("ror.csv", "vanlig_fil", "varning", "Detta är ingen vanlig fil utan en namngiven rörledning (FIFO) och har "
                                             "inte öppnats. Lägg in filen som en vanlig fil."),
        ("uttag.sock", "vanlig_fil", "varning", "Detta är ingen vanlig fil utan en socket och har inte öppnats. "
                                                "Lägg in filen som en vanlig fil."),
    ]
    assert sorted(p.name for p in (tmp_path / "archive").rglob("*") if p.is_file()) == ["statistik.csv"]


def test_a_file_swapped_for_a_fifo_is_not_opened(tmp_path):
    import os

    from sources.intake import NotRegularFile, open_regular

    os.mkfifo(tmp_path / "ror")
    with pytest.raises(NotRegularFile):
        open_regular(tmp_path / "ror")
    (tmp_path / "fil").write_bytes(b"x")
    (tmp_path / "lank").symlink_to(tmp_path / "fil")
    with pytest.raises(OSError):
        open_regular(tmp_path / "lank")
    with open_regular(tmp_path / "fil") as handle:
        assert handle.read() == b"x"


def test_a_check_goes_on_past_special_files_and_names_them_in_the_feedback(small_program, tmp_path):
    from checks.drop import check_drop, feedback_lines

    inbox, server = _special_inbox(tmp_path)
    files, checked = check_drop(small_program, inbox, 1990, 2026)
    server.close()
    assert [f.name for f in files] == ["statistik.csv"]
    lines = [line for line in feedback_lines(checked) if "(regel vanlig_fil)" in line]
    assert [line.split(":")[0] for line in lines] == ["lank.csv", "mapplank", "ror.csv", "uttag.sock"]
