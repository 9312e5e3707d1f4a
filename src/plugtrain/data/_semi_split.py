"""A COCO set cut into a labeled part and an unlabeled folder, for semi-supervised runs.

Torch-free: the image ids are shuffled with a seed (:func:`random_split`), the labeled
part is written as a smaller COCO file (:func:`subset_coco`) and the other images are
linked (or copied where links are not possible) into one folder, without annotations.
"""

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from plugtrain.data._splits import random_split, subset_coco
from plugtrain.errors import DataError

__all__ = ["SemiSplit", "split_labeled_unlabeled"]


@dataclass(frozen=True, slots=True)
class SemiSplit:
    """Where :func:`split_labeled_unlabeled` wrote its parts, and how many images each holds."""

    labeled_annotations: Path
    unlabeled_images: Path
    num_labeled: int
    num_unlabeled: int


def _place(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: a copy does as well
        shutil.copyfile(source, target)


def split_labeled_unlabeled(
    images: Path | str,
    annotations: Path | str,
    out: Path | str,
    *,
    labeled_fraction: float = 0.1,
    seed: int = 0,
) -> SemiSplit:
    """Keep the labels of ``labeled_fraction`` of the images (``out/labeled.json``, whose
    ``file_name``s still point into ``images``) and put the others, unlabeled, into
    ``out/unlabeled/``. Deterministic for a seed; at least one image in each part."""
    if not 0.0 < labeled_fraction < 1.0:
        raise DataError(
            f"labeled_fraction must be in (0, 1), got {labeled_fraction}: e.g. 0.1 keeps the "
            f"labels of a tenth of the images"
        )
    labeled_ids, unlabeled_ids = random_split(
        annotations, fractions=(labeled_fraction, 1.0 - labeled_fraction), seed=seed
    )
    if not labeled_ids or not unlabeled_ids:
        raise DataError(
            f"labeled_fraction {labeled_fraction} leaves {len(labeled_ids)} labeled and "
            f"{len(unlabeled_ids)} unlabeled images; each part needs at least one"
        )
    root = Path(out)
    folder = root / "unlabeled"
    folder.mkdir(parents=True, exist_ok=True)
    labeled = subset_coco(annotations, labeled_ids)
    labeled_path = root / "labeled.json"
    labeled_path.write_text(json.dumps(labeled))
    others = subset_coco(annotations, unlabeled_ids)
    records = cast(list[dict[str, object]], others["images"])
    for record in records:
        name = Path(str(record["file_name"]))
        target = folder / name.name
        if not target.exists():
            _place(Path(images) / name, target)
    return SemiSplit(
        labeled_annotations=labeled_path,
        unlabeled_images=folder,
        num_labeled=len(labeled_ids),
        num_unlabeled=len(records),
    )
