"""The layout the design rests on, held by tests: imports run one way (sources -> checks ->
report -> flows), the rating method needs no document library, and checking a drop loads no
plotting or Word stack."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["sources", "checks", "report", "flows"]  # each may import only those before it


def imported_packages(path: Path) -> set[str]:
    """The project's top-level packages a module imports, also inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_no_import_runs_back_up(layer):
    above = set(LAYERS[LAYERS.index(layer) + 1:])
    upward = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & above)
              for path in sorted((ROOT / layer).rglob("*.py")) if imported_packages(path) & above}
    assert upward == {}


def test_the_check_finds_an_upward_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from report.method.assess import assess\n", encoding="utf-8")
    assert imported_packages(module) == {"report"}


def _modules_loaded(code: str) -> set[str]:
    """Which of docx, matplotlib, prefect and great_expectations a fresh interpreter has loaded
    after running `code`."""
    probe = (f"{code}\nimport sys\nprint(' '.join(sorted(m for m in ('docx', 'matplotlib', 'prefect', "
             "'great_expectations') if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_the_rating_method_imports_no_document_library():
    modules = sorted(p.stem for p in (ROOT / "report" / "method").glob("*.py") if p.stem != "__init__")
    assert {"rules", "assess", "explain", "districts", "coverage", "quarterly", "selections"} <= set(modules)
    loaded = _modules_loaded("\n".join(f"import report.method.{m}" for m in modules)
                             + "\nimport report.run_folder, report.texts, report.context")
    assert loaded.isdisjoint({"docx", "matplotlib"}), loaded


def test_the_document_does_load_them():
    """The probe above can tell: the document package does load python-docx and matplotlib."""
    assert {"docx", "matplotlib"} <= _modules_loaded("import report.document.sections, report.document.figures")


def test_followup_check_loads_no_plotting_or_word_stack(tmp_path):
    example = ROOT / "examples" / "vasteras"
    code = ("import sys\nfrom flows.cli import main\n"
            f"sys.argv = ['followup', 'check', '--program', {str(example / 'program.yaml')!r}, '--inbox', "
            f"{str(example / 'inbox')!r}, '--feedback', {str(tmp_path / 'feedback')!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass")
    loaded = _modules_loaded(code)
    assert (tmp_path / "feedback" / "index.html").exists()
    assert "great_expectations" in loaded  # the checks ran
    assert loaded.isdisjoint({"docx", "matplotlib", "prefect"}), loaded


FILE_CALLS = {"open", "read_csv", "read_text", "read_bytes", "write_text", "write_bytes", "to_csv", "exists", "mkdir"}


def test_the_rating_method_reads_and_writes_no_files():
    """Earlier runs are read back by report/run_folder.py; the method gets data, never paths."""
    calls = {}
    for path in sorted((ROOT / "report" / "method").glob("*.py")):
        found = sorted({node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                        if isinstance(node, ast.Call) and (getattr(node.func, "attr", None) in FILE_CALLS
                                                            or getattr(node.func, "id", None) in FILE_CALLS)})
        if found:
            calls[path.name] = found
    assert calls == {}
