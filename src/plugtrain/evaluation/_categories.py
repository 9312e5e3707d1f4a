"""The label -> COCO category id map: checked once, used for predictions and ground truth."""

from collections.abc import Collection, Mapping
from typing import cast

from plugtrain.errors import DataError

__all__ = ["check_label_map", "consecutive_label_map", "describe_label_map"]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def describe_label_map(label_map: Mapping[int, int]) -> str:
    """``0->1, 1->2, ...`` (at most 8 pairs), for error messages."""
    pairs = sorted(label_map.items())
    shown = ", ".join(f"{label}->{category}" for label, category in pairs[:8])
    return shown + (f", ... ({len(pairs)} in all)" if len(pairs) > 8 else "")


def consecutive_label_map(num_classes: int) -> dict[int, int]:
    """``{0: 1, 1: 2, ...}``: the map for data sets whose category ids are 1..num_classes."""
    if not _is_int(num_classes) or num_classes < 1:
        raise DataError(
            f"num_classes is {num_classes!r}; expected a positive integer (the number of "
            f"foreground classes)"
        )
    return {label: label + 1 for label in range(num_classes)}


def check_label_map(
    label_map: Mapping[int, int], *, known_categories: Collection[int] | None = None
) -> dict[int, int]:
    """A copy of ``label_map`` after checking it is usable.

    Labels must be 0-based ints, category ids ints, no two labels may share a category id,
    and (when ``known_categories`` is given) every category id must be one of them.
    """
    given = cast(object, label_map)  # checked at runtime: callers may pass anything
    if not isinstance(given, Mapping) or not label_map:
        raise DataError(
            f"label_to_category is {label_map!r}; expected a non-empty mapping from 0-based "
            f"class label to the data set's COCO category id, e.g. {{0: 1, 1: 2}}"
        )
    bad = [
        f"{label!r}->{category!r}"
        for label, category in label_map.items()
        if not (_is_int(label) and _is_int(category)) or label < 0
    ]
    if bad:
        raise DataError(
            f"label_to_category has entries that are not (label >= 0) -> (category id) "
            f"integer pairs: {', '.join(bad[:8])}; expected e.g. {{0: 1, 1: 2}}"
        )
    owners: dict[int, list[int]] = {}
    for label, category in sorted(label_map.items()):
        owners.setdefault(category, []).append(label)
    shared = {category: labels for category, labels in owners.items() if len(labels) > 1}
    if shared:
        shown = "; ".join(
            f"category {category} <- labels {labels}" for category, labels in shared.items()
        )
        raise DataError(
            f"label_to_category maps several labels to one category id ({shown}); every "
            f"class label needs its own category id"
        )
    if known_categories is not None:
        unknown = sorted(set(label_map.values()) - set(known_categories))
        if unknown:
            known = ", ".join(str(c) for c in sorted(known_categories)[:20]) or "none"
            raise DataError(
                f"label_to_category maps to category ids {unknown} that the ground truth does "
                f"not have (its category ids: {known}); map each label to the data set's own "
                f"category id"
            )
    return dict(label_map)
