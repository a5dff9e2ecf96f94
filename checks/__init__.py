"""Checks: Great Expectations suites per kind of file (`suites.py`, plausibility in
`plausibility.py`), the runner that decides per row and cell what is used, rejected or set aside
and turns it into a table of issues (`runner.py`), the files table and check-only mode
(`drop.py`) and the feedback pages (`feedback.py`). Imports only sources/."""
