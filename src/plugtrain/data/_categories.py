"""The one category map: a data set's own category ids <-> a model's 0-based labels.

:class:`CategoryMap` is what a data set gives (labels are the category ids in ascending
order). Evaluation and results writing take any ``label -> category id`` mapping (or a
``CategoryMap``) and check it once with :func:`check_label_map`. Torch-free.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from plugtrain.errors import DataError

__all__ = ["CategoryMap", "check_label_map", "consecutive_label_map", "describe_label_map"]


@dataclass(frozen=True, slots=True)
class CategoryMap:
    """Categories sorted by their id; label ``k`` is the ``k``-th of them.

    COCO category ids need not start at 0 or be contiguous (COCO itself uses 1..90 with
    gaps); models use labels ``0..num_classes-1``. Keep the map with a trained model so
    predictions can be written back with the file's own ids
    (:func:`plugtrain.evaluation.coco_results` takes the map as its ``label_to_category``).
    """

    ids: tuple[int, ...]
    names: tuple[str, ...]
    _label_of: Mapping[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.ids) != len(self.names):
            raise DataError(
                f"CategoryMap got {len(self.ids)} ids but {len(self.names)} names; expected "
                f"one name per id"
            )
        if not self.ids:
            raise DataError("CategoryMap needs at least one category; got none")
        if list(self.ids) != sorted(set(self.ids)):
            raise DataError(
                f"CategoryMap ids must be unique and ascending, got {list(self.ids)}; build "
                f"it with CategoryMap.from_pairs to sort them"
            )
        object.__setattr__(self, "_label_of", {cid: k for k, cid in enumerate(self.ids)})

    @classmethod
    def from_pairs(cls, pairs: Sequence[tuple[int, str]]) -> "CategoryMap":
        """From (category id, name) pairs in any order."""
        ordered = sorted(pairs)
        return cls(ids=tuple(i for i, _ in ordered), names=tuple(n for _, n in ordered))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "CategoryMap":
        """Inverse of :meth:`as_dict` (e.g. read back from a checkpoint's JSON metadata)."""
        ids, names = data.get("ids"), data.get("names")
        if not isinstance(ids, list) or not isinstance(names, list):
            raise DataError(
                f"a category map needs lists 'ids' and 'names', got {sorted(data)}; expected "
                f"the output of CategoryMap.as_dict()"
            )
        pairs = list(zip(cast(list[object], ids), cast(list[object], names), strict=False))
        if len(pairs) != max(
            len(cast(list[object], ids)), len(cast(list[object], names))
        ) or not all(
            isinstance(i, int) and not isinstance(i, bool) and isinstance(n, str) for i, n in pairs
        ):
            raise DataError(
                f"a category map needs as many integer 'ids' as string 'names', got ids={ids!r} "
                f"names={names!r}"
            )
        return cls.from_pairs([(cast(int, i), cast(str, n)) for i, n in pairs])

    @property
    def label_to_category(self) -> dict[int, int]:
        """``{label: category id}``, the form evaluation takes."""
        return dict(enumerate(self.ids))

    def as_dict(self) -> dict[str, list[int] | list[str]]:
        return {"ids": list(self.ids), "names": list(self.names)}

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def num_classes(self) -> int:
        return len(self.ids)

    def label(self, category_id: int) -> int:
        """The 0-based label of a category id."""
        found = self._label_of.get(category_id)
        if found is None:
            raise DataError(
                f"category id {category_id} is not one of this data set's categories "
                f"{list(self.ids)}"
            )
        return found

    def category_id(self, label: int) -> int:
        """The data set's category id of a 0-based label."""
        if not 0 <= label < len(self.ids):
            raise DataError(f"label {label} is outside [0, {len(self.ids)})")
        return self.ids[label]


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
    label_map: "Mapping[int, int] | CategoryMap",
    *,
    known_categories: Collection[int] | None = None,
) -> dict[int, int]:
    """A copy of ``label_map`` (a :class:`CategoryMap` becomes its ``label_to_category``)
    after checking it is usable.

    Labels must be 0-based ints, category ids ints, no two labels may share a category id,
    and (when ``known_categories`` is given) every category id must be one of them.
    """
    if isinstance(label_map, CategoryMap):
        label_map = label_map.label_to_category
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
