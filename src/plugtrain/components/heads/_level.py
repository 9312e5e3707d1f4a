"""The one level of a pyramid that a single-level head reads (default: the coarsest)."""

from plugtrain.errors import CompatibilityError
from plugtrain.structures import FeatureSpec

__all__ = ["level_index"]


def level_index(in_spec: FeatureSpec, level: str | None, *, consumer: str) -> int:
    """The index in ``in_spec`` of ``level`` (``None``: the last level);
    ``CompatibilityError`` naming the levels there are when the spec lacks it."""
    chosen = in_spec.names[-1] if level is None else level
    if chosen not in in_spec.names:
        raise CompatibilityError(
            problem=f"{consumer} reads level {chosen!r}, which its input does not produce",
            producer=f"input: {in_spec}",
            consumer=f"{consumer}(level={chosen!r})",
            fix=f"pass level= one of {list(in_spec.names)}, or None for the last level",
        )
    return in_spec.names.index(chosen)
