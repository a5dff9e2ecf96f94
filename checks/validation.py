"""One Great Expectations context for a run: the suites run here, the failing rows come back.

`import great_expectations` takes seconds, so it happens when a `Validation` is made, never when
this module is imported.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from checks.suites import Rule


class Validation:
    """One Great Expectations context for a run: runs the suites and, when a folder is given,
    writes the run's Data Docs there (one site: suites and validation results)."""

    SITE = "followup"

    def __init__(self, docs_dir: Path | None = None) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.docs_dir = docs_dir
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        if docs_dir is not None:
            docs_dir.mkdir(parents=True, exist_ok=True)
            self.context.add_data_docs_site(site_name=self.SITE, site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            })

    def failing_records(self, frame: pd.DataFrame, rules: list[Rule], suite_name: str) -> dict[str, list[int]]:
        """Rule name -> record_ids of the rows that fail it."""
        failing: dict[str, list[int]] = {rule.name: [] for rule in rules}
        if frame.empty:
            return failing
        gx = self.gx
        asset = self.context.data_sources.add_pandas(suite_name).add_dataframe_asset("rader")
        batch = asset.add_batch_definition_whole_dataframe("alla")
        suite = gx.ExpectationSuite(name=suite_name)
        by_name = {rule.name: rule for rule in rules}
        for rule in rules:
            suite.add_expectation(rule.expectation())
        suite = self.context.suites.add(suite)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=suite_name, data=batch, suite=suite))
        result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": ["record_id"]}
        if self.docs_dir is None:
            outcomes = definition.run(batch_parameters={"dataframe": frame}, result_format=result_format).results
        else:
            from great_expectations.checkpoint import UpdateDataDocsAction

            checkpoint = self.context.checkpoints.add(gx.Checkpoint(
                name=suite_name, validation_definitions=[definition], result_format=result_format,
                actions=[UpdateDataDocsAction(name="datadocs", site_names=[self.SITE])]))
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            outcomes = next(iter(run.run_results.values())).results
        for outcome in outcomes:
            rule = by_name[outcome.expectation_config.meta["rule"]]
            if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                raise RuntimeError(f"Great Expectations kunde inte köra regeln {rule.name}: "
                                   f"{outcome.exception_info.get('exception_message')}")
            for entry in outcome.result.get("unexpected_index_list") or []:
                failing[rule.name].append(int(entry["record_id"]))
        return failing
