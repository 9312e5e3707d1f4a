"""What ``plugtrain parts`` shows of a part type: its options and its default spec.

Options come from the config model's fields (name, type, default, description); the spec
is the part's torch-free spec for its defaults (a neck's over the default backbone, a
ResNet-50), where the defaults determine it.
"""

import types
import typing
from dataclasses import dataclass
from typing import Final

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from plugtrain.errors import PlugtrainError
from plugtrain.registry._catalog import REGISTRY
from plugtrain.registry._registry import PartType
from plugtrain.specs import FeatureSpec

__all__ = ["PartDescription", "PartOption", "describe_part", "describe_parts"]

_UNKNOWN: Final = {
    "backbone": "traced from the model when built (needs torch)",
    "head": "none (a head makes detections, not features)",
}


@dataclass(frozen=True, slots=True)
class PartOption:
    """One config key of a part type: name, type, default (``None`` when required), help."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True, slots=True)
class PartDescription:
    """A registered part type as ``plugtrain parts`` lists it."""

    slot: str
    name: str
    summary: str
    config: str
    options: tuple[PartOption, ...]
    spec: str

    def to_json(self) -> dict[str, object]:
        return {
            "slot": self.slot,
            "type": self.name,
            "summary": self.summary,
            "config": self.config,
            "options": [
                {
                    "name": o.name,
                    "type": o.type,
                    "default": o.default,
                    "required": o.default is None,
                    "description": o.description,
                }
                for o in self.options
            ],
            "spec": self.spec,
        }


def _type_text(annotation: object) -> str:
    """``list[int]``, ``Literal['gn', 'none']``, ``str | null``: the type as a reader writes it."""
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_text(arguments[0])
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(a) for a in arguments) + "]"
    if origin is typing.Union or origin is types.UnionType:
        return " | ".join(_type_text(a) for a in arguments)
    if origin is not None:
        name = origin.__name__ if isinstance(origin, type) else str(origin)
        return f"{name}[{', '.join(_type_text(a) for a in arguments)}]"
    if annotation is type(None):
        return "null"
    return annotation.__name__ if isinstance(annotation, type) else str(annotation)


def _default_text(info: FieldInfo) -> str | None:
    if info.default is not PydanticUndefined:
        return repr(info.default) if info.default is not None else "null"
    if info.default_factory is not None:
        made: object = info.default_factory()  # type: ignore[call-arg]  # pydantic's factories here take no argument
        return str(made.model_dump() if isinstance(made, BaseModel) else made)
    return None


def _options(config: type[BaseModel]) -> tuple[PartOption, ...]:
    return tuple(
        PartOption(
            name=name,
            type=_type_text(info.annotation),
            default=_default_text(info),
            description=info.description or "",
        )
        for name, info in config.model_fields.items()
        if name != "type"
    )


def _defaults(part: PartType) -> BaseModel | None:
    try:
        return part.config.model_validate({"type": part.name})
    except ValidationError:
        return None  # a required option (a torchvision model's name, a head's classes)


def _spec_text(part: PartType) -> str:
    config = _defaults(part)
    if config is None:
        return _UNKNOWN.get(part.slot, "depends on required options")
    in_spec: FeatureSpec | None = None
    if part.slot != "backbone":
        backbone = REGISTRY.part("backbone", "resnet")
        default_backbone = _defaults(backbone)
        if default_backbone is not None:
            in_spec = backbone.spec(default_backbone, None)
    try:
        spec = part.spec(config, in_spec)
    except PlugtrainError as error:
        return f"the defaults do not fit the default backbone: {error.message}"
    if spec is None:
        return _UNKNOWN.get(part.slot, "known once built")
    over = " (over resnet's default C3..C5)" if part.slot != "backbone" else ""
    return f"{spec}{over}"


def describe_part(part: PartType) -> PartDescription:
    """``part``'s options and default spec."""
    return PartDescription(
        slot=part.slot,
        name=part.name,
        summary=part.summary,
        config=part.config.__name__,
        options=_options(part.config),
        spec=_spec_text(part),
    )


def describe_parts() -> tuple[PartDescription, ...]:
    """Every registered part type, slot by slot."""
    return tuple(describe_part(part) for part in REGISTRY)
