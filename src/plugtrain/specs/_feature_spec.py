"""FeatureSpec: what a backbone or neck outputs, known before any tensor exists.

Torch-free on purpose: the config validator computes specs from a config alone.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from plugtrain.errors import ArgumentError, CompatibilityError

__all__ = ["FeatureSpec", "LevelSpec"]


@dataclass(frozen=True, slots=True)
class LevelSpec:
    """One output level: ``name`` (e.g. ``C3``, ``P3``), ``channels``, ``stride`` in pixels."""

    name: str
    channels: int
    stride: int

    def __post_init__(self) -> None:
        if not self.name:
            raise ArgumentError(
                part="LevelSpec",
                argument="name",
                received=self.name,
                expected="a non-empty string",
                fix="name the level after its stride, e.g. 'P3' or 'C3'",
            )
        for argument, value in (("channels", self.channels), ("stride", self.stride)):
            if value < 1:
                raise ArgumentError(
                    part="LevelSpec",
                    argument=argument,
                    received=value,
                    expected=f"{argument} >= 1 (level {self.name!r})",
                    fix=f"pass the level's {argument}, e.g. LevelSpec('P3', 256, 8)",
                )

    def __str__(self) -> str:
        return f"{self.name}({self.channels}ch, stride {self.stride})"


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """The ordered output levels of a part, finest (smallest stride) first."""

    levels: tuple[LevelSpec, ...]

    def __post_init__(self) -> None:
        if not self.levels:
            raise ArgumentError(
                part="FeatureSpec",
                argument="levels",
                received=self.levels,
                expected="at least one level",
                fix="pass e.g. FeatureSpec.of(('P3', 256, 8))",
            )
        names = [level.name for level in self.levels]
        if len(set(names)) != len(names):
            raise ArgumentError(
                part="FeatureSpec",
                argument="levels",
                received=names,
                expected="unique level names",
                fix="give every level its own name",
            )
        strides = [level.stride for level in self.levels]
        if any(b <= a for a, b in itertools.pairwise(strides)):
            raise ArgumentError(
                part="FeatureSpec",
                argument="levels",
                received=strides,
                expected="strides that increase level by level (finest first)",
                fix="order the levels by stride",
            )

    @classmethod
    def of(cls, *levels: tuple[str, int, int]) -> "FeatureSpec":
        """``FeatureSpec.of(("P3", 256, 8), ("P4", 256, 16))``."""
        return cls(tuple(LevelSpec(name, channels, stride) for name, channels, stride in levels))

    def __iter__(self) -> Iterator[LevelSpec]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def __str__(self) -> str:
        return "[" + ", ".join(str(level) for level in self.levels) + "]"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.levels)

    @property
    def strides(self) -> tuple[int, ...]:
        return tuple(level.stride for level in self.levels)

    @property
    def channels(self) -> tuple[int, ...]:
        return tuple(level.channels for level in self.levels)

    def uniform_channels(self, *, consumer: str) -> int:
        """The one channel count of all levels; CompatibilityError if they differ.

        Shared heads (FCOS, RetinaNet) run the same convolutions on every level.
        """
        distinct = sorted(set(self.channels))
        if len(distinct) != 1:
            raise CompatibilityError(
                problem=f"{consumer} needs the same channel count on every level, got {distinct}",
                producer=str(self),
                consumer=f"{consumer}: one channel count for all levels",
                fix="put a neck (e.g. FPN) between the backbone and the head",
            )
        return distinct[0]

    def require_fits(self, expected: "FeatureSpec", *, producer: str, consumer: str) -> None:
        """CompatibilityError unless this spec is exactly what ``consumer`` was built for."""
        if self == expected:
            return
        missing = [n for n in expected.names if n not in self.names]
        if missing:
            problem = f"{consumer} expects levels {missing} that {producer} does not produce"
        elif self.channels != expected.channels:
            problem = (
                f"{consumer} expects channels {expected.channels}, {producer} makes {self.channels}"
            )
        else:
            problem = (
                f"{consumer} expects strides {expected.strides}, {producer} has {self.strides}"
            )
        raise CompatibilityError(
            problem=problem,
            producer=f"{producer}: {self}",
            consumer=f"{consumer}: {expected}",
            fix=f"build {consumer} with in_spec={producer}.feature_spec",
        )
