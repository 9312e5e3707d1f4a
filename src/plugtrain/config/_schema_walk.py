"""Follow a pydantic error loc through the config models.

pydantic puts the tag of a discriminated union into its locs
(``("model", "backbone", "resnet", "dpeth")``); users see the data path
(``model.backbone.dpeth``). Walking the model classes along the loc tells tags from keys,
and says which model owns the last key (for "did you mean" suggestions).
"""

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from plugtrain.config._findings import Path

__all__ = ["TAG_KEYS", "ResolvedLoc", "part_tags", "resolve_loc", "tag_key", "tagged_members"]

TAG_KEYS = ("type", "format")
"""The keys that pick the member of a union: a part's ``type``, a data set's ``format``."""


@dataclass(frozen=True, slots=True)
class ResolvedLoc:
    """``path``: the loc without union tags. ``owner``: the model whose field (or unknown
    key) is the last element of ``path``, if the last step was a model field lookup.
    ``annotation``: the type expected at ``path`` (``None`` when unknown)."""

    path: Path
    owner: type[BaseModel] | None
    annotation: object


def _is_model(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def tag_key(model: type[BaseModel]) -> str | None:
    """The key of ``TAG_KEYS`` whose literal value tags ``model`` in its union, or ``None``."""
    for key in TAG_KEYS:
        field = model.model_fields.get(key)
        if field is not None and get_origin(field.annotation) is Literal:
            return key
    return None


def part_tags(model: type[BaseModel]) -> tuple[str, ...]:
    """The ``type`` (or a data set's ``format``) values a model accepts (``("resnet",)``)."""
    key = tag_key(model)
    if key is None:
        return ()
    return tuple(str(arg) for arg in get_args(model.model_fields[key].annotation))


def tagged_members(annotation: object) -> dict[str, type[BaseModel]] | None:
    """``{tag: model}`` when ``annotation`` is a union of part models, else ``None``."""
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    members = [_strip_annotated(arg) for arg in get_args(annotation) if arg is not type(None)]
    if len(members) < 2 or not all(_is_model(m) for m in members):
        return None
    tags: dict[str, type[BaseModel]] = {}
    for member in members:
        model = typing.cast(type[BaseModel], member)
        for tag in part_tags(model):
            tags[tag] = model
    return tags or None


def _strip_annotated(annotation: object) -> object:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _unwrap(annotation: object) -> object:
    """Strip ``Annotated`` and ``Optional``; leave real unions alone."""
    annotation = _strip_annotated(annotation)
    if get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return _strip_annotated(members[0])
    return annotation


def resolve_loc(root: type[BaseModel], loc: tuple[int | str, ...]) -> ResolvedLoc:
    """The data path, owner model and expected type of a pydantic error ``loc``."""
    path: list[str | int] = []
    owner: type[BaseModel] | None = None
    current: object = root
    for part in loc:
        current = _unwrap(current)
        members = tagged_members(current)
        if members is not None and isinstance(part, str) and part in members:
            current = members[part]  # a union tag: not part of the data path
            continue
        path.append(part)
        owner = None
        if _is_model(current):
            model = typing.cast(type[BaseModel], current)
            owner = model
            field = model.model_fields.get(part) if isinstance(part, str) else None
            current = field.annotation if field is not None else None
            continue
        origin = get_origin(current)
        args: tuple[Any, ...] = get_args(current)
        if origin is list and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            current = None
    return ResolvedLoc(path=tuple(path), owner=owner, annotation=_unwrap(current))
