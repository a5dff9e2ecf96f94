"""One Great Expectations context for a run: the suites run here, the failing rows come back.

`import great_expectations` takes seconds, so it happens when a `Validation` is made, never when
this module is imported. The Data Docs speak Swedish: each expectation's description names the
rule and its column as the feedback does, and the validation result's copy carries the Swedish
messages of the failing rows, made by the same message functions as the feedback's.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd

from checks.datadocs import DocsResult, make_offline
from checks.suites import Rule

MOST_MESSAGES = 10  # different messages of one rule shown in the Data Docs; issues.csv has every row


def docs_text(text: str) -> str:
    """Text for the Data Docs: GX writes descriptions, notes and unexpected values into its HTML
    as they are, so a value from a dropped file ('<script>') is escaped here."""
    return html.escape(text, quote=False)


def escaped(value: object) -> object:
    """Every string inside a result's lists and dicts escaped for the Data Docs (numbers kept)."""
    if isinstance(value, str):
        return docs_text(value)
    if isinstance(value, list):
        return [escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: escaped(item) for key, item in value.items()}
    return value


def result_description(rule: Rule, messages: list[str], failing: int) -> str:
    """The validation result's description: the rule, how many rows fail it and their messages."""
    head = rule.description()
    if not failing:
        return docs_text(f"{head} Inga rader bryter mot regeln.")
    counted = f"{failing} {'rad bryter' if failing == 1 else 'rader bryter'} mot regeln"
    shown = " ".join(messages[:MOST_MESSAGES])
    more = (f" (och {len(messages) - MOST_MESSAGES} meddelanden till; varje rad står i återkopplingen och "
            "issues.csv)") if len(messages) > MOST_MESSAGES else ""
    return docs_text(f"{head} {counted}: {shown}{more}")


class Validation:
    """One Great Expectations context for a run: runs the suites and, when a folder is given,
    writes the run's Data Docs there (one site: suites and validation results)."""

    SITE = "followup"

    def __init__(self, docs_dir: Path | None = None) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.docs_dir = docs_dir
        self._docs_resources: list = []  # the stored results and their suites, for write_docs
        self._docs_results: list[tuple[object, object]] = []  # (key, result) for the site's index
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

            checkpoint = self.context.checkpoints.add(gx.Checkpoint(
                name=suite_name, validation_definitions=[definition], result_format=result_format))
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            outcomes = next(iter(run.run_results.values())).results
        for outcome in outcomes:
            rule = by_name[outcome.expectation_config.meta["rule"]]
            if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                raise RuntimeError(f"Great Expectations kunde inte köra regeln {rule.name}: "
                                   f"{outcome.exception_info.get('exception_message')}")
            for entry in outcome.result.get("unexpected_index_list") or []:
                failing[rule.name].append(int(entry["record_id"]))
        if self.docs_dir is not None:
            self._write_docs(run, frame, by_name, failing)
        return failing

    def _write_docs(self, run, frame: pd.DataFrame, rules: dict[str, Rule], failing: dict[str, list[int]]) -> None:
        """Put the failing rows' Swedish messages on the stored validation result; its Data Docs
        pages are built with the others' by `write_docs` (the checkpoint ran without the docs action
        for this)."""
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        indexed = frame.set_index("record_id", drop=False)
        for key, result in run.run_results.items():
            for outcome in result.results:
                rule = rules[outcome.expectation_config.meta["rule"]]
                ids = failing[rule.name]
                messages = list(dict.fromkeys(rule.message(indexed.loc[record_id])
                                              for record_id in ids[:MOST_MESSAGES * 20]))
                outcome.expectation_config.description = result_description(rule, messages, len(ids))
                outcome.expectation_config.notes = [docs_text(m) for m in messages[:MOST_MESSAGES]] or None
                for name in [name for name in outcome.result if "unexpected" in name]:
                    outcome.result[name] = escaped(outcome.result[name])
            self.context.validation_results_store.set(key, result)
            self._docs_resources += [key, ExpectationSuiteIdentifier(name=result.suite_name)]
            self._docs_results.append((key, result))

    def write_docs(self) -> None:
        """Build the Data Docs pages of every suite run and result, and the site's index, once: built
        after each suite, the index was rendered three times (0,3 s of the checks, measured)."""
        if self.docs_dir is not None and self._docs_resources:
            self.context.build_data_docs(site_names=[self.SITE], resource_identifiers=self._docs_resources)
            results = [DocsResult(suite=result.suite_name, page=self._page(key), success=bool(result.success),
                                  evaluated=result.statistics["evaluated_expectations"],
                                  failed=result.statistics["unsuccessful_expectations"], run_time=key.run_id.run_time)
                       for key, result in self._docs_results]
            suites = {key.name: self._page(key) for key in self._docs_resources
                      if type(key).__name__ == "ExpectationSuiteIdentifier"}
            make_offline(self.docs_dir, results, suites)

    def _page(self, key) -> Path:
        """The page of a result or a suite in the site (GX's own file URL for it)."""
        url = self.context.get_docs_sites_urls(resource_identifier=key, site_name=self.SITE)[0]["site_url"]
        return Path(unquote(urlparse(url).path))
