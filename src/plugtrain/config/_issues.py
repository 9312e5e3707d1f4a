"""pydantic's validation errors as findings: data paths, stable codes, messages with fixes."""

import difflib
from collections.abc import Mapping
from typing import Any, Final, Literal, cast, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from plugtrain.config._findings import Finding, Path, field_path, format_loc
from plugtrain.config._schema_walk import part_tags, resolve_loc, tag_key, tagged_members

__all__ = ["findings_from_validation_error"]

_TYPE_ERRORS: Final = frozenset(
    {
        "bool_type",
        "bool_parsing",
        "dict_type",
        "float_type",
        "float_parsing",
        "int_type",
        "int_parsing",
        "int_from_float",
        "list_type",
        "model_type",
        "model_attributes_type",
        "string_type",
        "tuple_type",
        "none_required",
        "is_instance_of",
    }
)
_DIGITS_SHOWN: Final = 20  # a longer integer is shown as its number of digits
_TYPE_NAMES: Final = {
    "bool": "a boolean",
    "dict": "a mapping",
    "float": "a number",
    "int": "an integer",
    "list": "a list",
    "NoneType": "null",
    "str": "a string",
}


def _shown(value: object) -> str:
    """A value as the user wrote it in YAML, with its kind."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        return f"'{value}' (a string)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and abs(value) >= 10**_DIGITS_SHOWN:
        return f"a {len(str(abs(value)))}-digit integer"
    kind = _TYPE_NAMES.get(type(value).__name__, f"a {type(value).__name__}")
    return f"{value!r} ({kind})"


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _where(path: Path) -> str:
    loc = format_loc(path)
    return loc if loc else "the top level"


def _suggest(word: object, choices: list[str]) -> str:
    """``"; did you mean 'depth'?"`` for the nearest choice (case-insensitive), or ``""``."""
    if not isinstance(word, str):
        return ""
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f"; did you mean '{lowered[close[0]]}'?" if close else ""


def _description(owner: type[BaseModel] | None, name: object) -> str:
    if owner is None or not isinstance(name, str):
        return ""
    field = owner.model_fields.get(name)
    return f" ({field.description})" if field is not None and field.description else ""


def _element(loc_path: Path) -> str:
    """``" (element 2)"`` for a list element, counted from 1 as people count."""
    indices = [p for p in loc_path if isinstance(p, int)]
    return f" (element {indices[0] + 1})" if indices else ""


def _literal_choices(annotation: object) -> list[str]:
    if get_origin(annotation) is Literal:
        return [str(arg) for arg in get_args(annotation)]
    return []


def _raw_at(data: object, path: Path) -> object:
    node = data
    for part in path:
        if isinstance(node, Mapping):
            node = cast(Mapping[object, object], node).get(part)
        elif isinstance(node, list) and isinstance(part, int):
            items = cast(list[object], node)
            node = items[part] if 0 <= part < len(items) else None
        else:
            return None
    return node


class _Converter:
    def __init__(self, root: type[BaseModel], data: object) -> None:
        self.root = root
        self.data = data

    def convert(self, error: ErrorDetails) -> Finding:
        kind = error["type"]
        resolved = resolve_loc(self.root, error["loc"])
        path = resolved.path
        value: Any = error.get("input")
        message = error["msg"]
        ctx: dict[str, Any] = dict(error.get("ctx") or {})
        name = path[-1] if path else None
        parent = path[:-1]
        if kind == "missing":
            return Finding(
                path,
                "missing",
                f"required key '{name}' is missing in {_where(parent)}"
                f"{_description(resolved.owner, name)}; add it",
            )
        if kind == "invalid_key" and path:
            return self.unknown_key((*path[:-1], str(path[-1])), resolved.owner, kind)
        if kind == "extra_forbidden":
            return self.unknown_key(path, resolved.owner, kind)
        if kind == "union_tag_invalid":
            return self.unknown_type(path, ctx, resolved.annotation)
        if kind == "union_tag_not_found":
            return self.missing_type(path, resolved.annotation)
        if kind == "literal_error" and name == "type" and resolved.owner is not None:
            tags = list(part_tags(resolved.owner))
            return Finding(
                path,
                "unknown-type",
                f"unknown {_where(parent)} type {_shown(value)}; registered types: "
                f"{', '.join(tags)}{_suggest(value, tags)}",
            )
        if kind == "literal_error":
            choices = _literal_choices(resolved.annotation)
            expected = ", ".join(choices) if choices else str(ctx.get("expected", ""))
            return Finding(
                path,
                "value",
                f"{_shown(value)} is not allowed{_element(error['loc'])}; choose one of "
                f"{expected}{_suggest(value, choices)}",
            )
        if kind in _TYPE_ERRORS:
            expected = message.removeprefix("Input should be ").removeprefix("a valid ")
            if kind in ("model_type", "model_attributes_type", "dict_type"):
                expected = "mapping"
            if kind == "int_from_float":
                expected = "whole number"
            article = "an" if expected[:1] in "aeiou" else "a"
            hint = ""
            if isinstance(value, str) and kind in ("int_type", "float_type") and _numeric(value):
                hint = "; write the number without quotes"
            return Finding(
                path,
                "type",
                f"expected {article} {expected}{_element(error['loc'])}, got {_shown(value)}"
                f"{_description(resolved.owner, name)}{hint}",
            )
        text = message.removeprefix("Value error, ").removeprefix("Input should be ")
        if kind == "string_too_short":
            return Finding(path, "value", f"must not be empty{_description(resolved.owner, name)}")
        if kind in ("too_short", "too_long"):
            bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
            side = "at least" if kind == "too_short" else "at most"
            got = ctx.get("actual_length")
            return Finding(
                path,
                "value",
                f"needs {side} {bound} element(s), got {got}{_description(resolved.owner, name)}",
            )
        if kind == "value":
            return Finding(path, "value", text)
        if kind == "string_pattern_mismatch":
            return Finding(
                path,
                "value",
                f"{_shown(value)} is not a plain name{_description(resolved.owner, name)}",
            )
        return Finding(
            path,
            "value",
            f"must be {text}{_element(error['loc'])}, got {_shown(value)}"
            f"{_description(resolved.owner, name)}",
        )

    def unknown_key(self, path: Path, owner: type[BaseModel] | None, kind: str) -> Finding:
        name = path[-1] if path else ""
        valid = sorted(owner.model_fields) if owner is not None else []
        where = _where(path[:-1])
        if owner is not None and (tags := part_tags(owner)):
            where += f" ({tags[0]})"
        if kind == "invalid_key":
            return Finding(
                path,
                "unknown-key",
                f"key {name!r} in {where} is not a string; valid keys: {', '.join(valid)}",
                at_key=True,
            )
        suggestion = _suggest(name, valid)
        listing = (
            f" Valid keys: {', '.join(valid)}"
            if suggestion
            else f"; valid keys: {', '.join(valid)}"
        )
        return Finding(
            path,
            "unknown-key",
            f"unknown key '{name}' in {where}{suggestion}{listing}",
            at_key=True,
        )

    def unknown_type(self, path: Path, ctx: Mapping[str, Any], annotation: object) -> Finding:
        members = list((tagged_members(annotation) or {}).values())
        key = (tag_key(members[0]) if members else None) or "type"
        raw = _raw_at(self.data, (*path, key))
        tags = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        known = "registered types" if key == "type" else f"known {key}s"
        return Finding(
            (*path, key),
            "unknown-type" if key == "type" else "value",  # a format is a choice, not a part
            f"unknown {_where(path)} {key} {_shown(raw)}; {known}: "
            f"{', '.join(tags)}{_suggest(raw, tags)}",
        )

    def missing_type(self, path: Path, annotation: object) -> Finding:
        members = tagged_members(annotation) or {}
        tags = list(members)
        raw = _raw_at(self.data, path)
        if isinstance(raw, Mapping):
            keys = [k for k in cast(Mapping[object, object], raw) if isinstance(k, str)]
            close = difflib.get_close_matches("type", keys, n=1, cutoff=0.6)
            if close:
                return Finding(
                    (*path, close[0]),
                    "unknown-key",
                    f"unknown key '{close[0]}' in {_where(path)}; did you mean 'type'? "
                    f"({', '.join(tags)})",
                    at_key=True,
                )
        return Finding(
            (*path, "type"),
            "missing",
            f"required key 'type' is missing in {_where(path)}; add type: one of {', '.join(tags)}",
        )


def _is_typo(typed: object, meant: object) -> bool:
    if not isinstance(typed, str) or not isinstance(meant, str):
        return False
    return bool(difflib.get_close_matches(typed, [meant], n=1, cutoff=0.6))


def _merge_typos(findings: list[Finding]) -> list[Finding]:
    """An unknown key that is a typo of a missing required key is one problem, not two:
    the unknown key is kept (it is where the fix goes), the missing key is dropped."""
    unknown = [f for f in findings if f.code == "unknown-key" and f.path]
    dropped: set[int] = set()
    required: set[int] = set()
    for index, finding in enumerate(findings):
        if finding.code != "missing" or not finding.path:
            continue
        for typo in unknown:
            if typo.path[:-1] == finding.path[:-1] and _is_typo(typo.path[-1], finding.path[-1]):
                dropped.add(index)
                required.add(id(typo))
                break
    return [
        Finding(f.path, f.code, f"{f.message} ('{_meant(f, findings)}' is required)", at_key=True)
        if id(f) in required
        else f
        for index, f in enumerate(findings)
        if index not in dropped
    ]


def _meant(typo: Finding, findings: list[Finding]) -> str:
    for finding in findings:
        if (
            finding.code == "missing"
            and finding.path[:-1] == typo.path[:-1]
            and _is_typo(typo.path[-1], finding.path[-1])
        ):
            return str(finding.path[-1])
    return ""


def findings_from_validation_error(
    error: ValidationError, *, root: type[BaseModel], data: object
) -> list[Finding]:
    """One finding per pydantic error, union tags stripped; typos of required keys merged."""
    converter = _Converter(root, data)
    findings = [converter.convert(details) for details in error.errors(include_url=False)]
    return _merge_typos(_one_per_list(findings))


def _one_per_list(findings: list[Finding]) -> list[Finding]:
    """Several bad elements of one list are one problem of that list (the first is shown)."""
    kept: list[Finding] = []
    counts: dict[tuple[Path, str], int] = {}
    for finding in findings:
        key = (field_path(finding.path), finding.code)
        is_element = key[0] != finding.path
        if is_element and key in counts:
            counts[key] += 1
            continue
        counts[key] = 1
        kept.append(finding)
    return [
        Finding(
            f.path,
            f.code,
            f"{f.message} (and {counts[(field_path(f.path), f.code)] - 1} more element(s))",
            at_key=f.at_key,
        )
        if counts.get((field_path(f.path), f.code), 1) > 1 and field_path(f.path) != f.path
        else f
        for f in kept
    ]
