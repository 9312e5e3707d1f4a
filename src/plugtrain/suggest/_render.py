"""A config as commented YAML: every section in block style, each key with its reason above.

The values come from ``ExperimentConfig.model_dump`` (never from a template), and the text
is read back through plugtrain's own config loader before it is returned: what is written
is exactly the config that was built, or an error says which key differs. Torch-free.
"""

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Final, cast

from plugtrain.config import ExperimentConfig, parse_config
from plugtrain.errors import ConfigError, ConfigIssue

__all__ = ["render_config"]

_WIDTH: Final = 96
_INDENT: Final = "  "


_PLAIN: Final = re.compile(r"[A-Za-z_/][A-Za-z0-9_./-]*")
_WORDS: Final = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


def _scalar(value: object) -> str:
    """A leaf (number, string, bool, null, list of those) in YAML flow style: its JSON
    form, which YAML reads as the same value; names and paths that YAML cannot read as
    anything but a string are written plain."""
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.lower() not in _WORDS:
        return value
    return json.dumps(value)


def _section(value: object) -> Mapping[str, object] | None:
    """``value`` when it is a non-empty mapping (written as a block), else None."""
    if isinstance(value, dict) and value:
        return cast(Mapping[str, object], value)
    return None


def _comment(text: str, depth: int) -> list[str]:
    prefix = _INDENT * depth + "# "
    return textwrap.wrap(text, width=_WIDTH, initial_indent=prefix, subsequent_indent=prefix + "  ")


def _lines(
    data: Mapping[str, object], reasons: Mapping[str, str], path: tuple[str, ...]
) -> list[str]:
    lines: list[str] = []
    depth = len(path)
    for key, value in data.items():
        dotted = ".".join((*path, key))
        if dotted in reasons:
            lines += _comment(reasons[dotted], depth)
        section = _section(value)
        if section is not None:
            lines.append(f"{_INDENT * depth}{key}:")
            lines += _lines(section, reasons, (*path, key))
        else:
            lines.append(f"{_INDENT * depth}{key}: {_scalar(value)}")
    return lines


def render_config(
    config: ExperimentConfig, reasons: Mapping[str, str], header: Sequence[str] = ()
) -> str:
    """``config`` as YAML with ``reasons[dotted.key]`` as a comment above each key and
    ``header`` lines as comments on top; ``ConfigError`` if the text would not read back
    to ``config``."""
    lines = ["# yaml-language-server: $schema=schema.json"]
    for paragraph in header:
        lines += _comment(paragraph, 0) if paragraph else ["#"]
    lines += _lines(config.model_dump(mode="json"), reasons, ())
    text = "\n".join(lines) + "\n"
    back = parse_config(text, file="<suggested config>")
    if back != config:
        wanted, read = config.model_dump(), back.model_dump()
        differing = [name for name in wanted if read.get(name) != wanted[name]]
        raise ConfigError(
            [
                ConfigIssue(
                    loc=", ".join(differing),
                    code="internal-error",
                    message="the written config does not read back to the suggested one; "
                    "this is a bug in plugtrain suggest, please report it",
                )
            ]
        )
    return text
