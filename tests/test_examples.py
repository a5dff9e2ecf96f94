"""Bundled programs beyond Västerås: each runs end to end and its report names every goal."""

import importlib.util
import json
import shutil
import sys

from docx import Document

from sources.program import load_program
from tests.conftest import ROOT

BORAS = ROOT / "examples" / "boras"


def test_generic_generator_reproduces_the_committed_boras_statistics(tmp_path):
    spec = importlib.util.spec_from_file_location("generic_drop", ROOT / "examples" / "generic_drop.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    written = module.generate(BORAS, 2022, 1490, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in (BORAS / "inbox").iterdir())
    assert (tmp_path / "kolada_export_2012-2022.csv").read_bytes() == \
        (BORAS / "inbox" / "kolada_export_2012-2022.csv").read_bytes()


def test_boras_is_followed_up_every_other_year_and_compares_with_two_years_earlier(prefect_server, tmp_path):
    from flows.annual import annual_followup

    program = load_program(BORAS / "program.yaml")
    inbox = tmp_path / "inkorg"
    shutil.copytree(BORAS / "inbox", inbox)
    earlier = annual_followup(program_path=BORAS / "program.yaml", inbox=inbox, output=tmp_path / "ut", year=2020)
    final = annual_followup(program_path=BORAS / "program.yaml", inbox=inbox, output=tmp_path / "ut", year=2022)
    assert (earlier.name, final.name) == ("2019-2020", "2021-2022")
    summary = json.loads((final / "summary.json").read_text(encoding="utf-8"))
    assert summary["period"] == "2021-2022"
    assert summary["changes"]["previous_period"] == "2019-2020"
    assert summary["committee_rated_goals"] == 12  # the committees' 2021-2022 submissions are used
    document = Document(final / "uppfoljning_boras-social_2021-2022.docx")
    texts = [p.text for p in document.paragraphs]
    assert "Uppföljning 2021-2022" in texts
    goal_cells = {row.cells[0].text for table in document.tables if len(table.columns) == 6
                  and table.rows[0].cells[2].text == "Bedömning" for row in table.rows[1:]}
    assert goal_cells == {f"{goal.id} {goal.title}" for _, goal in program.goals()}
    assert len(goal_cells) == 13
