import hashlib

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
