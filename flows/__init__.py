"""Flows: the Prefect flows (annual, quarterly, intake, national on Dask) that only wire the
functions of sources/, checks/ and report/, their shared tasks and preamble (`tasks.py`), the
deployments declared once (`deployments.py`) and the `followup` command line (`cli.py`)."""
