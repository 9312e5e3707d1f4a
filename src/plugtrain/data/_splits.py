"""Splits of a COCO file's images: random, and grouped k-fold (a group never straddles folds).

Both work on image ids, read from the annotation file, and are deterministic for a seed.
Pass a split's ids to ``CocoDataset(..., image_ids=...)``, or write a smaller annotation
file with :func:`subset_coco`. Torch-free.
"""

import random
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from plugtrain.errors import DataError
from plugtrain.io import ANNOTATION_LIMIT, load_json_bounded

__all__ = ["Fold", "grouped_kfold", "random_split", "subset_coco"]


@dataclass(frozen=True, slots=True)
class Fold:
    """One fold of a k-fold split: image ids to train on and to validate on."""

    index: int
    train: tuple[int, ...]
    val: tuple[int, ...]


def _load(annotations: Path | str | Mapping[str, object]) -> Mapping[str, object]:
    if isinstance(annotations, Mapping):
        return annotations
    path = Path(annotations)
    try:
        data = load_json_bounded(
            path,
            limit_bytes=ANNOTATION_LIMIT.resolve(),
            what="annotation file",
            how_to_change=ANNOTATION_LIMIT.how_to_change(),
        )
    except DataError as error:
        raise DataError(
            f"cannot read the annotation file: {error.message}; run `plugtrain data check` on it",
            file=str(path),
        ) from error
    top = cast(dict[str, object], data) if isinstance(data, dict) else {}
    if not isinstance(top.get("images"), list):
        raise DataError(
            "the annotation file has no 'images' list; run `plugtrain data check` on it",
            file=str(path),
        )
    return top


def _images(data: Mapping[str, object]) -> list[Mapping[str, object]]:
    images = data.get("images")
    if not isinstance(images, list):
        raise DataError("the annotation data has no 'images' list")
    records = [
        cast(Mapping[str, object], r) for r in cast(list[object], images) if isinstance(r, dict)
    ]
    bad = [r.get("id") for r in records if not isinstance(r.get("id"), int)]
    if bad or len(records) != len(cast(list[object], images)):
        raise DataError(
            f"every image record needs an integer 'id' for a split; found "
            f"{bad[:10] or 'records that are not objects'}; run `plugtrain data check` on it"
        )
    return records


def _groups(records: Sequence[Mapping[str, object]], group_key: str) -> dict[Hashable, list[int]]:
    groups: defaultdict[Hashable, list[int]] = defaultdict(list)
    missing: list[int] = []
    for record in records:
        image_id = cast(int, record["id"])
        value = record.get(group_key)
        if value is None or isinstance(value, (list, dict)):
            missing.append(image_id)
            continue
        groups[value].append(image_id)
    if missing:
        raise DataError(
            f"{len(missing)} image(s) have no usable {group_key!r} field (a string or number), "
            f"e.g. image ids {missing[:10]}; every image needs a group to keep groups within "
            f"one fold (set group_key to the field your file uses)",
            record_id=missing[0],
        )
    return dict(groups)


def random_split(
    annotations: Path | str | Mapping[str, object],
    *,
    fractions: Sequence[float] = (0.8, 0.2),
    seed: int = 0,
    group_key: str | None = None,
) -> list[tuple[int, ...]]:
    """Shuffle the image ids with ``seed`` and cut them by ``fractions`` (which sum to 1).

    With ``group_key`` the groups (e.g. ``"video_id"``) are shuffled and cut instead, so
    no group is in two parts; the fractions then hold approximately.
    """
    if not fractions or any(f < 0 for f in fractions) or abs(sum(fractions) - 1.0) > 1e-6:
        raise DataError(f"fractions must be >= 0 and sum to 1, got {list(fractions)}")
    records = _images(_load(annotations))
    if group_key is None:
        units: list[list[int]] = [[cast(int, r["id"])] for r in records]
    else:
        units = [
            ids for _, ids in sorted(_groups(records, group_key).items(), key=lambda kv: str(kv[0]))
        ]
    random.Random(seed).shuffle(units)
    total = sum(len(u) for u in units)
    parts: list[list[int]] = [[] for _ in fractions]
    bounds = [round(sum(fractions[: k + 1]) * total) for k in range(len(fractions))]
    taken = 0
    part = 0
    for unit in units:
        while part < len(parts) - 1 and taken >= bounds[part]:
            part += 1
        parts[part].extend(unit)
        taken += len(unit)
    return [tuple(sorted(p)) for p in parts]


def grouped_kfold(
    annotations: Path | str | Mapping[str, object],
    *,
    k: int = 5,
    group_key: str = "group",
    seed: int = 0,
) -> list[Fold]:
    """K folds where all images of a group (``image[group_key]``, e.g. a patient, a site,
    a video) are in the same fold; folds are balanced by image count.

    Groups are shuffled with ``seed``, then placed largest first into the fold with the
    fewest images so far. Fold ``i`` validates on its own images and trains on the rest.
    """
    if k < 2:
        raise DataError(f"grouped_kfold needs k >= 2 folds, got {k}")
    groups = _groups(_images(_load(annotations)), group_key)
    if len(groups) < k:
        raise DataError(
            f"grouped_kfold needs at least k={k} groups of {group_key!r}, found {len(groups)}; "
            f"lower k or use a finer group key"
        )
    order = sorted(groups.items(), key=lambda kv: str(kv[0]))
    random.Random(seed).shuffle(order)
    order.sort(key=lambda kv: len(kv[1]), reverse=True)  # stable: shuffled ties stay shuffled
    folds: list[list[int]] = [[] for _ in range(k)]
    for _, ids in order:
        smallest = min(range(k), key=lambda f: (len(folds[f]), f))
        folds[smallest].extend(ids)
    return [
        Fold(
            index=i,
            train=tuple(sorted(x for j, fold in enumerate(folds) if j != i for x in fold)),
            val=tuple(sorted(folds[i])),
        )
        for i in range(k)
    ]


def subset_coco(
    annotations: Path | str | Mapping[str, object], image_ids: Sequence[int]
) -> dict[str, object]:
    """A copy of the COCO data with only the given images and their annotations."""
    data = _load(annotations)
    wanted = set(image_ids)
    images = [r for r in _images(data) if r["id"] in wanted]
    raw = data.get("annotations", [])
    kept: list[object] = []
    for annotation in cast(list[object], raw if isinstance(raw, list) else []):
        if isinstance(annotation, dict):
            record = cast(dict[str, object], annotation)
            if record.get("image_id") in wanted:
                kept.append(record)
    return {**data, "images": images, "annotations": kept}
