"""Report: the rating method (`method/`: rules, assessment, explanations, districts, coverage,
the previous period, the quarterly status; no file access and no document library), the document (`document/`:
builder, sections by family, docx helpers, charts, table of contents, PDF), the Swedish wording
(`texts.py`), what a report is made from (`context.py`), the run folder (`run_folder.py`), and
the sequences the flows call: annual (`annual.py`), quarterly (`quarterly.py`), national
(`national.py`); delivery by file and e-mail (`delivery.py`)."""
