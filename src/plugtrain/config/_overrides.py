"""Command-line overrides: ``key.path=value``, the value read as YAML.

``train.epochs=20`` sets an int, ``data.image_size=[256,256]`` a list,
``model.backbone={type: tiny}`` a whole part, ``model.backbone.weights=null`` clears a value.
An override's problems are reported in a pseudo-file named
``<override K: TEXT>`` (``K`` counts from 1 in command-line order), line 1, with the column
inside ``TEXT``.
"""

import re
from dataclasses import dataclass
from typing import Final, cast

from plugtrain.config._findings import Finding, Path
from plugtrain.config._yaml import YamlDocument, parse_yaml

__all__ = ["Override", "apply_overrides", "override_label", "parse_override"]

_NAME: Final = r"[A-Za-z_][A-Za-z0-9_-]*"
_KEY: Final = re.compile(rf"^{_NAME}(?:\.(?:{_NAME}|[0-9]+))*$")


_LABEL_TEXT: Final = 80


def override_label(index: int, text: str) -> str:
    """``<override K: TEXT>``, the pseudo-file name of the ``index``-th override's problems
    (a text longer than a line is cut, so that a huge override does not flood the report)."""
    shown = text if len(text) <= _LABEL_TEXT else f"{text[:_LABEL_TEXT]}..."
    return f"<override {index}: {shown}>"


@dataclass(frozen=True, slots=True)
class Override:
    """The ``index``-th override (1-based): its ``text``, key ``path`` and parsed value."""

    index: int
    text: str
    path: Path
    document: YamlDocument

    @property
    def label(self) -> str:
        """The pseudo-file name its problems are reported in."""
        return override_label(self.index, self.text)

    @property
    def value_column(self) -> int:
        """1-based column of the value's first character in ``text``."""
        return self.text.index("=") + 2


def parse_override(text: str, index: int) -> tuple[Override | None, list[Finding]]:
    """Parse ``key.path=value``; the findings say what is wrong with it."""
    key, equals, value = text.partition("=")
    key = key.strip()
    if not equals or not _KEY.match(key):
        message = (
            f"override {text!r} is not of the form key.path=value (e.g. train.epochs=20, "
            f"data.image_size=[256,256], model.backbone.weights=null)"
        )
        return None, [Finding((), "override-syntax", message, 1, 1, origin=index)]
    path: Path = tuple(int(p) if p.isdigit() else p for p in key.split("."))
    value_column = text.index("=") + 2

    def place(line: int, column: int) -> tuple[int, int]:
        return line + 1, column + (value_column if line == 0 else 1)

    document = parse_yaml(value, place=place) if value.strip() else _null_document()
    findings = [
        Finding((*path, *f.path), f.code, f.message, f.line, f.column, f.at_key, origin=index)
        for f in document.findings
        if f.code != "empty"
    ]
    if document.fatal and not document.root and not findings:
        document = _null_document()
    override = None if document.fatal else Override(index, text, path, document)
    return override, findings


def _null_document() -> YamlDocument:
    return YamlDocument(None, None, (), False)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    return f"the {type(value).__name__} {value!r}"


def _as_mapping(value: object) -> dict[str, object] | None:
    return cast(dict[str, object], value) if isinstance(value, dict) else None


def _as_list(value: object) -> list[object] | None:
    return cast(list[object], value) if isinstance(value, list) else None


def _unshared(value: object) -> object:
    """A shallow copy of a mapping or list (other values as they are).

    YAML anchors and aliases (``train: &ds {...}``, ``val: *ds``) and merge keys make one
    Python object appear at several places of the data; an override copies each container
    on its path before writing, so that it changes only the place it names.
    """
    mapping = _as_mapping(value)
    if mapping is not None:
        return dict(mapping)
    items = _as_list(value)
    return list(items) if items is not None else value


def _finding(override: Override, depth: int, message: str) -> Finding:
    return Finding(override.path[:depth], "override-path", message, 1, 1, origin=override.index)


def apply_overrides(data: dict[str, object], overrides: list[Override]) -> list[Finding]:
    """Set each override's value in ``data`` (in order), writing through no YAML alias;
    findings for paths that cannot be set (through a value that is not a mapping, a list
    index out of range, or an element of a list that is not there)."""
    findings: list[Finding] = []
    for override in overrides:
        container: object = data
        for depth, part in enumerate(override.path):
            last = depth == len(override.path) - 1
            here = ".".join(str(p) for p in override.path[: depth + 1])
            mapping = _as_mapping(container)
            items = _as_list(container)
            if mapping is not None:
                name = str(part)
                if last:
                    mapping[name] = override.document.value
                    break
                child = mapping.get(name)
                if child is None and isinstance(override.path[depth + 1], int):
                    findings.append(
                        _finding(
                            override,
                            depth + 1,
                            f"override sets an element of {here}, but {here} is not set; set "
                            f"the whole list instead, e.g. {here}=[...]",
                        )
                    )
                    break
                child = dict[str, object]() if child is None else _unshared(child)
                mapping[name] = child
                container = child
            elif items is not None and isinstance(part, int):
                if not 0 <= part < len(items):
                    findings.append(
                        _finding(
                            override,
                            depth + 1,
                            f"override sets {here}, but the list has {len(items)} element(s); "
                            f"set the whole list instead",
                        )
                    )
                    break
                if last:
                    items[part] = override.document.value
                    break
                child = _unshared(items[part])
                items[part] = child
                container = child
            else:
                parent = ".".join(str(p) for p in override.path[:depth])
                findings.append(
                    _finding(
                        override,
                        depth,
                        f"override sets {here}, but {parent} is {_describe(container)}, not a "
                        f"section; set {parent} as a whole, e.g. {parent}={{...}}",
                    )
                )
                break
    return findings
