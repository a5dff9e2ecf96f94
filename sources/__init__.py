"""Sources, the ground floor: the program model and run settings, the shared words
(`vocabulary.py`: severities, lights, trends, statuses), the issue table (`issues.py`), Swedish
number and date formats (`formats.py`), one reader per kind of dropped file, and intake
(fingerprint, archive, ledger). Nothing here imports checks/, report/ or flows/."""
