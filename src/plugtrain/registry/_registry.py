"""The registry of part types: config ``type`` name -> config model, spec, argument table,
builder.

Torch-free: ``plugtrain validate --no-dry-run`` and ``plugtrain parts`` read it without
importing torch. The builder of each type is registered by ``plugtrain.builders`` (which
imports torch) with :meth:`Registry.builds`; exactly one per type.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, TypeVar, final

from pydantic import BaseModel

from plugtrain.errors import ArgumentError, PlugtrainError
from plugtrain.specs import FeatureSpec

__all__ = ["SLOTS", "PartType", "Registry", "RegistryError", "Slot"]

Slot = Literal["backbone", "neck", "head"]
SLOTS: Final[tuple[Slot, ...]] = ("backbone", "neck", "head")

ConfigT = TypeVar("ConfigT", bound=BaseModel)
BuiltT = TypeVar("BuiltT")

SpecFunction = Callable[[BaseModel, FeatureSpec | None], FeatureSpec | None]
"""``(config, in_spec) -> spec`` of what the part outputs; ``None`` where it is unknown
without building the part (a torchvision model is traced) or the part outputs no features
(a head)."""

Builder = Callable[[BaseModel, FeatureSpec | None], object]


def _no_spec(_config: BaseModel, _in_spec: FeatureSpec | None) -> FeatureSpec | None:
    return None


@final
@dataclass(frozen=True, slots=True)
class PartType:
    """One registered part type of a ``slot``.

    ``arguments`` maps ``(part class, constructor argument)`` to the config key that sets
    it, so an ``ArgumentError`` of the part is reported at that key; ``summary`` is one
    line for ``plugtrain parts``.
    """

    slot: Slot
    name: str
    config: type[BaseModel]
    summary: str
    arguments: Mapping[tuple[str, str], str]
    spec: SpecFunction = _no_spec


class RegistryError(PlugtrainError):
    """A part type registered twice, or looked up under a name nobody registered."""


@final
@dataclass(slots=True)
class Registry:
    """Part types by ``(slot, name)``, each with at most one builder."""

    _types: dict[tuple[Slot, str], PartType] = field(
        default_factory=dict[tuple[Slot, str], PartType]
    )
    _builders: dict[tuple[Slot, str], Builder] = field(
        default_factory=dict[tuple[Slot, str], Builder]
    )

    def add(self, part: PartType) -> None:
        """Register ``part``; ``RegistryError`` for a name taken in its slot."""
        key = (part.slot, part.name)
        if key in self._types:
            raise RegistryError(f"a {part.slot} type {part.name!r} is registered already")
        self._types[key] = part

    def part(self, slot: Slot, name: str) -> PartType:
        """The part type ``name`` of ``slot``; ``RegistryError`` naming the known ones."""
        found = self._types.get((slot, name))
        if found is None:
            known = ", ".join(p.name for p in self.parts(slot))
            raise RegistryError(f"no {slot} type {name!r} is registered; known: {known}")
        return found

    def parts(self, slot: Slot) -> tuple[PartType, ...]:
        """Every part type of ``slot``, in registration order."""
        return tuple(part for (s, _), part in self._types.items() if s == slot)

    def __iter__(self) -> Iterator[PartType]:
        return iter(self._types.values())

    def builds(
        self, slot: Slot, name: str, config: type[ConfigT]
    ) -> Callable[
        [Callable[[ConfigT, FeatureSpec | None], BuiltT]],
        Callable[[ConfigT, FeatureSpec | None], BuiltT],
    ]:
        """Decorator: the one builder of part type ``name`` (``config`` must be its model)."""
        part = self.part(slot, name)
        if part.config is not config:
            raise RegistryError(
                f"the builder of {slot} {name!r} takes {config.__name__}, the registered "
                f"config model is {part.config.__name__}"
            )

        def register(
            build: Callable[[ConfigT, FeatureSpec | None], BuiltT],
        ) -> Callable[[ConfigT, FeatureSpec | None], BuiltT]:
            if (slot, name) in self._builders:
                raise RegistryError(f"{slot} {name!r} has a builder already")

            def erased(value: BaseModel, in_spec: FeatureSpec | None) -> object:
                if not isinstance(value, config):
                    raise RegistryError(
                        f"the {slot} builder {name!r} takes {config.__name__}, got "
                        f"{type(value).__name__}"
                    )
                return build(value, in_spec)

            self._builders[(slot, name)] = erased
            return build

        return register

    def builder(self, slot: Slot, name: str) -> Builder:
        """The builder of ``(slot, name)``; ``RegistryError`` when none was registered
        (import ``plugtrain.builders`` first)."""
        self.part(slot, name)
        found = self._builders.get((slot, name))
        if found is None:
            raise RegistryError(
                f"{slot} {name!r} has no builder; builders register when plugtrain.builders "
                f"is imported"
            )
        return found

    def built(self, slot: Slot) -> tuple[str, ...]:
        """The names of ``slot`` that have a builder."""
        return tuple(name for (s, name) in self._builders if s == slot)

    def config_key(self, slot: Slot, name: str, error: ArgumentError) -> str | None:
        """The config key (in the part's section) that set the refused argument, if any."""
        return self.part(slot, name).arguments.get((error.part, error.argument))
