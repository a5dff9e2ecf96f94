"""YAML read as written: numbers keep the text they were typed as.

PyYAML reads `code: 0160` as the octal number 112 and `id: 1.10` as 1.1, so a municipality code
or a goal id typed without quotes would silently change. This loader gives every number the
text it was written with (`SourceInt`, `SourceFloat`), so that the program model can take codes
and ids from the source text, and reads YAML 1.1's yes/no/on/off as text unless a yes-or-no
field asks for them (a committee called ON stays ON).
"""

from __future__ import annotations

import yaml


class SourceInt(int):
    """An int that remembers how it was written ('0160', '1_000')."""

    source: str

    def __new__(cls, value: int, source: str) -> SourceInt:
        number = super().__new__(cls, value)
        number.source = source
        return number


class SourceFloat(float):
    """A float that remembers how it was written ('1.10')."""

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        number = super().__new__(cls, value)
        number.source = source
        return number


class SourceLoader(yaml.SafeLoader):
    """yaml.SafeLoader whose numbers carry their source text."""


def _int(loader: SourceLoader, node: yaml.ScalarNode) -> SourceInt:
    return SourceInt(yaml.SafeLoader.construct_yaml_int(loader, node), node.value)


def _float(loader: SourceLoader, node: yaml.ScalarNode) -> float:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    return SourceFloat(value, node.value)


def _bool(loader: SourceLoader, node: yaml.ScalarNode) -> bool | str:
    if node.value.lower() in ("true", "false"):
        return yaml.SafeLoader.construct_yaml_bool(loader, node)
    return node.value  # yes/no/on/off: text; a boolean field still reads 'yes' as true


SourceLoader.add_constructor("tag:yaml.org,2002:int", _int)
SourceLoader.add_constructor("tag:yaml.org,2002:float", _float)
SourceLoader.add_constructor("tag:yaml.org,2002:bool", _bool)


def load(text: str) -> object:
    return yaml.load(text, Loader=SourceLoader)  # noqa: S506 - a SafeLoader subclass


def as_written(value: object) -> object:
    """A number as the text it was typed as; anything else unchanged."""
    source = getattr(value, "source", None)
    if isinstance(source, str):
        return source
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value
