"""One source of truth: prefect.yaml declares the deployments of flows/deployments.py field by
field, and pyproject.toml declares every third-party package the project's code imports."""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import re
import sys
import tomllib

import yaml

from flows.deployments import DEPLOYMENTS, build_deployments
from tests.conftest import ROOT

OWN_PACKAGES = ("sources", "checks", "report", "flows")


def declared_fields(declared) -> dict:
    return {"entrypoint": declared.entrypoint, "schedules": [(declared.cron, declared.timezone)],
            "description": declared.description, "parameters": sorted(declared.parameters),
            "tags": sorted(declared.tags)}


def yaml_fields(deployment: dict) -> dict:
    return {"entrypoint": deployment.get("entrypoint"),
            "schedules": [(s.get("cron"), s.get("timezone")) for s in deployment.get("schedules") or []],
            "description": deployment.get("description"), "parameters": sorted(deployment.get("parameters") or {}),
            "tags": sorted(deployment.get("tags") or [])}


def test_prefect_yaml_agrees_with_the_declarations_field_by_field():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    in_yaml = config["deployments"]
    assert [d["name"] for d in in_yaml] == [d.name for d in DEPLOYMENTS]
    for declared, deployment in zip(DEPLOYMENTS, in_yaml, strict=True):
        assert yaml_fields(deployment) == declared_fields(declared), declared.name


def test_the_declarations_name_real_flows_and_build_the_served_deployments(tmp_path):
    for declared in DEPLOYMENTS:
        path, _, _ = declared.entrypoint.partition(":")
        assert (ROOT / path).is_file(), declared.entrypoint
        accepted = inspect.signature(declared.flow().fn).parameters
        assert set(declared.parameters) | {"feedback"} <= set(accepted), declared.name
    program = tmp_path / "program.yaml"
    built = build_deployments(program, tmp_path / "inkorg", tmp_path / "ut", tmp_path / "svar")
    assert [d.name for d in built] == [d.name for d in DEPLOYMENTS]
    for declared, deployment in zip(DEPLOYMENTS, built, strict=True):
        assert deployment.flow_name == declared.flow().name
        assert [(s.schedule.cron, s.schedule.timezone) for s in deployment.schedules] == [
            (declared.cron, declared.timezone)]
        assert deployment.description == declared.description
        assert sorted(deployment.parameters) == sorted([*declared.parameters, "feedback"])
        assert deployment.tags == [*declared.tags, "program"]
    without = build_deployments(program, tmp_path / "inkorg", tmp_path / "ut")
    assert all(sorted(d.parameters) == sorted(declared.parameters) for d, declared in zip(without, DEPLOYMENTS,
                                                                                          strict=True))


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_names() -> dict[str, set[str]]:
    """Each third-party top-level module the project's code imports, with the files that do."""
    found: dict[str, set[str]] = {}
    for package in OWN_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN_PACKAGES:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_package_the_code_imports_is_declared_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {normalise(re.match(r"[A-Za-z0-9._-]+", requirement.strip()).group())
                for requirement in project["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    imported = imported_top_level_names()
    assert {"prefect", "pandas", "rich", "pydantic_settings"} <= set(imported)  # the scan sees the code
    missing = {}
    for top, files in sorted(imported.items()):
        candidates = distributions.get(top, [])
        if not {normalise(d) for d in candidates} & declared:
            missing[top] = (candidates or "not installed", sorted(files))
    assert not missing, f"imported but not in [project] dependencies of pyproject.toml: {missing}"
