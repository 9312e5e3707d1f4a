"""A held-out validation split of the training set, for data that comes without one.

The split is :func:`plugtrain.data.random_split` (80 / 20, seeded); when every image record
carries one of :data:`GROUP_KEYS` (a video, a patient, a site), whole groups go to one
side, so near-duplicate frames never sit on both. The two parts are written as COCO files
(:func:`plugtrain.data.subset_coco`: same categories, same images folder). Torch-free.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

from plugtrain.data import random_split, subset_coco
from plugtrain.errors import DataError
from plugtrain.io import ANNOTATION_LIMIT, load_json_bounded

__all__ = ["GROUP_KEYS", "VAL_FRACTION", "HeldOutSplit", "hold_out"]

GROUP_KEYS: Final = ("group", "group_id", "video_id", "sequence_id", "patient_id", "site_id")
"""Image-record keys that name a group of related images, checked in this order."""
VAL_FRACTION: Final = 0.2


@dataclass(frozen=True, slots=True)
class HeldOutSplit:
    """The two annotation files written, their image counts and the group key used."""

    train_annotations: Path
    val_annotations: Path
    train_images: int
    val_images: int
    group_key: str | None

    def describe(self) -> str:
        grouped = f", whole groups by {self.group_key!r}" if self.group_key else ""
        return (
            f"no validation set given: {self.val_images} of {self.train_images + self.val_images}"
            f" training images held out ({VAL_FRACTION:.0%}, seeded{grouped}) as "
            f"{self.val_annotations}; training on the other {self.train_images}"
        )


def _group_key(data: Mapping[str, object]) -> str | None:
    records = cast(list[object], data.get("images", []))
    images = [cast(dict[str, object], r) for r in records if isinstance(r, dict)]
    for key in GROUP_KEYS:
        values = [r.get(key) for r in images]
        usable = all(isinstance(v, str | int) and not isinstance(v, bool) for v in values)
        if values and usable and len(set(values)) >= 2:  # one group cannot be split
            return key
    return None


def hold_out(annotations: Path | str, out_dir: Path | str, *, seed: int = 0) -> HeldOutSplit:
    """Split ``annotations`` into ``out_dir/train.json`` and ``out_dir/val.json``."""
    source = Path(annotations)
    data = load_json_bounded(
        source,
        limit_bytes=ANNOTATION_LIMIT.resolve(),
        what="annotation file",
        how_to_change=ANNOTATION_LIMIT.how_to_change(),
    )
    if not isinstance(data, dict):
        raise DataError("the annotation file is not a COCO object", file=str(source))
    document = cast(dict[str, object], data)
    key = _group_key(document)
    train_ids, val_ids = random_split(
        document, fractions=(1 - VAL_FRACTION, VAL_FRACTION), seed=seed, group_key=key
    )
    if not train_ids or not val_ids:
        raise DataError(
            f"cannot hold out a validation split: {len(train_ids) + len(val_ids)} image(s) "
            f"give {len(train_ids)} to train and {len(val_ids)} to validate on; pass a "
            f"validation set with --val-images and --val-annotations",
            file=str(source),
        )
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name, ids in (("train", train_ids), ("val", val_ids)):
            path = folder / f"{name}.json"
            path.write_text(json.dumps(subset_coco(document, ids)))
            written.append(path)
    except OSError as error:
        raise DataError(
            f"cannot write the held-out split to {folder}: {error.strerror or error}; pass a "
            f"writable folder",
            file=str(folder),
        ) from None
    return HeldOutSplit(written[0], written[1], len(train_ids), len(val_ids), key)
