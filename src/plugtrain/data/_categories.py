"""CategoryMap: a data set's own category ids <-> plugtrain's contiguous 0-based labels."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from plugtrain.errors import DataError

__all__ = ["CategoryMap"]


@dataclass(frozen=True, slots=True)
class CategoryMap:
    """Categories sorted by their id; label ``k`` is the ``k``-th of them.

    COCO category ids need not start at 0 or be contiguous (COCO itself uses 1..90 with
    gaps); models use labels ``0..num_classes-1``. Keep the map with a trained model so
    predictions can be written back with the file's own ids (:func:`to_coco_results`).
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
