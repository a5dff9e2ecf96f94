"""The committed drop folder is exactly what the deterministic generator writes."""

import importlib.util
import sys

from openpyxl import load_workbook

from tests.conftest import EXAMPLE


def _generator():
    spec = importlib.util.spec_from_file_location("vasteras_generate", EXAMPLE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _cells(path):
    book = load_workbook(path, read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_generator_reproduces_the_committed_drop_folder(tmp_path):
    written = _generator().generate(tmp_path)
    committed = sorted(p.name for p in (EXAMPLE / "inbox").iterdir())
    assert sorted(p.name for p in written) == committed
    assert len(committed) == 22  # two statistics files, each committee's 2023 and 2022 workbooks
    for path in written:
        original = EXAMPLE / "inbox" / path.name
        if path.suffix == ".csv":
            assert path.read_bytes() == original.read_bytes(), path.name
        else:
            assert _cells(path) == _cells(original), path.name
