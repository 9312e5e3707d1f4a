"""Hypothesis strategies shared by the property tests."""

import copy
from typing import Any, cast

import torch
from hypothesis import strategies as st

from plugtrain.data import (
    Compose,
    Flips,
    Photometric,
    Sample,
    ScaleJitter,
    Transform,
    WindowCrop,
)
from plugtrain.suggest import BoxStats, DataProfile

__all__ = [
    "VALID_COCO",
    "augment_pipelines",
    "augment_steps",
    "boxes_xyxy",
    "coco_documents",
    "config_overrides",
    "data_profiles",
    "detection_samples",
    "edited_config_text",
    "image_sizes",
    "json_values",
]


@st.composite
def image_sizes(draw: st.DrawFn, *, low: int = 8, high: int = 96) -> tuple[int, int]:
    """(height, width) of an image in pixels."""
    return (draw(st.integers(low, high)), draw(st.integers(low, high)))


@st.composite
def boxes_xyxy(draw: st.DrawFn, *, image_size: tuple[int, int], max_boxes: int = 8) -> torch.Tensor:
    """Valid (num, 4) xyxy boxes with positive width and height inside the image."""
    height, width = image_size
    count = draw(st.integers(0, max_boxes))
    rows: list[list[float]] = []
    for _ in range(count):
        x1 = draw(st.integers(0, width - 2))
        y1 = draw(st.integers(0, height - 2))
        x2 = draw(st.integers(x1 + 1, width))
        y2 = draw(st.integers(y1 + 1, height))
        rows.append([float(x1), float(y1), float(x2), float(y2)])
    return torch.tensor(rows, dtype=torch.float32).reshape(count, 4)


@st.composite
def detection_samples(
    draw: st.DrawFn, *, num_classes: int = 3, low: int = 8, high: int = 48
) -> Sample:
    """A data Sample: a random float image in [0, 1] with valid boxes and labels."""
    size = draw(image_sizes(low=low, high=high))
    boxes = draw(boxes_xyxy(image_size=size))
    labels = [draw(st.integers(0, num_classes - 1)) for _ in range(boxes.shape[0])]
    generator = torch.Generator().manual_seed(draw(st.integers(0, 2**31 - 1)))
    return Sample.of(
        torch.rand(3, *size, generator=generator),
        boxes,
        torch.tensor(labels, dtype=torch.int64),
        num_classes=num_classes,
        image_id=draw(st.integers(1, 10**6)),
    )


@st.composite
def augment_steps(draw: st.DrawFn, *, geometric_only: bool = False) -> Transform:
    """One training augmentation step (torchvision v2 based) with random settings."""
    kinds = ["iou", "random", "scale", "flips"] + ([] if geometric_only else ["colour"])
    kind = draw(st.sampled_from(kinds))
    min_visible = draw(st.sampled_from([0.0, 0.25, 0.6, 1.0]))
    min_box_size = draw(st.sampled_from([0.5, 1.0, 2.0, 4.0]))
    if kind in ("iou", "random"):
        low = draw(st.floats(0.2, 1.0))
        return WindowCrop(
            "iou" if kind == "iou" else "random",
            p=draw(st.sampled_from([0.5, 1.0])),
            min_scale=low,
            max_scale=draw(st.floats(low, 1.0)),
            min_iou=draw(st.sampled_from([(0.0, 1.0), (0.3, 0.7, 1.0), (1.0,)])),
            min_visible=min_visible,
            min_box_size=min_box_size,
        )
    if kind == "scale":
        low = draw(st.floats(0.3, 2.0))
        target = draw(image_sizes(low=8, high=64))
        return ScaleJitter(
            target,
            scale=(low, low + draw(st.floats(0.0, 1.0))),
            min_visible=min_visible,
            min_box_size=min_box_size,
        )
    if kind == "flips":
        probabilities = st.sampled_from([0.0, 0.5, 1.0])
        return Flips(hflip=draw(probabilities), vflip=draw(probabilities))
    return Photometric(p=1.0, hue=draw(st.sampled_from([0.0, 0.1])))


@st.composite
def augment_pipelines(draw: st.DrawFn) -> Transform:
    """A pipeline of 1-4 augmentation steps."""
    return Compose(draw(st.lists(augment_steps(), min_size=1, max_size=4)))


def json_values(*, max_leaves: int = 12) -> st.SearchStrategy[object]:
    """Any JSON value, hostile ones included: huge and negative integers, NaN, infinity,
    empty and odd strings, nested lists and objects."""
    hostile = st.sampled_from([10**400, -(10**400), float("nan"), float("inf"), -1, 0, 0.5, True])
    leaves = st.one_of(
        hostile,
        hostile,
        hostile,
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**300, max_value=10**400),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=8),
        st.sampled_from(["", "../x.png", "/etc/passwd", "a.png", "id", "bbox"]),
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(st.text(max_size=6), children, max_size=5),
        ),
        max_leaves=max_leaves,
    )


VALID_COCO: dict[str, Any] = {
    "images": [
        {"id": 1, "file_name": "a.png", "width": 16, "height": 12},
        {"id": 2, "file_name": "b.png", "width": 16, "height": 12},
    ],
    "annotations": [
        {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 5, 5], "area": 25, "iscrowd": 0},
        {"id": 2, "image_id": 2, "category_id": 2, "bbox": [2, 3, 4, 4], "area": 16, "iscrowd": 0},
    ],
    "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
}
"""A small valid COCO instances document (images a.png and b.png of 16 x 12 pixels)."""


def _containers(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of every list and object inside ``value`` (the root included)."""
    found: list[tuple[str | int, ...]] = []
    if isinstance(value, dict):
        found.append(path)
        for key, child in cast(dict[str, object], value).items():
            found += _containers(child, (*path, key))
    elif isinstance(value, list):
        found.append(path)
        for index, child in enumerate(cast(list[object], value)):
            found += _containers(child, (*path, index))
    return found


@st.composite
def coco_documents(draw: st.DrawFn, *, max_changes: int = 4) -> object:
    """:data:`VALID_COCO` with 1 to ``max_changes`` random changes: a key or list item
    replaced by any JSON value, deleted, or added; sometimes the whole document replaced."""
    if draw(st.integers(0, 19)) == 0:
        return draw(json_values())
    document: object = copy.deepcopy(VALID_COCO)
    for _ in range(draw(st.integers(1, max_changes))):
        paths = _containers(document)
        path = draw(st.sampled_from(paths))
        target: Any = document
        for step in path:
            target = target[step]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if isinstance(target, dict):
            node = cast(dict[str, object], target)
            keys = sorted(node)
            if action == "add" or not keys:
                node[draw(st.text(max_size=6))] = draw(json_values())
            else:
                key = draw(st.sampled_from(keys))
                if action == "delete":
                    del node[key]
                else:
                    node[key] = draw(json_values())
        else:
            items = cast(list[object], target)
            if action == "add" or not items:
                items.append(draw(json_values()))
            else:
                index = draw(st.integers(0, len(items) - 1))
                if action == "delete":
                    del items[index]
                else:
                    items[index] = draw(json_values())
    return document


# Values a hostile or careless edit puts into a YAML config: wrong types, huge and odd
# numbers, YAML syntax of every kind, text that is not YAML at all.
_TRICKY_VALUES = (
    "",
    "~",
    "null",
    "true",
    "no",
    "-1",
    "0",
    "1e300",
    "-1e300",
    ".nan",
    ".inf",
    "0x1F",
    "9" * 400,
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: {b: {c: 1}}}",
    "'unterminated",
    '"\\x00"',
    "&a [1]",
    "*a",
    "!!python/object:os.system",
    "<<: {x: 1}",
    "- - -",
    ": :",
    "|\n  text",
    "ü",
    "\t",
    "%YAML 1.2",
    "---",
    "...",
    "@",
    "`",
    "[1, 2",
    "{a: 1",
)


@st.composite
def edited_config_text(draw: st.DrawFn, base: str) -> str:
    """``base`` (a valid config's text) with one or two random edits: a value replaced by
    a tricky or random one, a line deleted or repeated, random characters inserted, or a
    line re-indented."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 2))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        edit = draw(st.sampled_from(("value", "delete", "repeat", "insert", "indent")))
        if edit == "value" and ":" in line:
            key = line.split(":", 1)[0]
            value = draw(st.one_of(st.sampled_from(_TRICKY_VALUES), st.text(max_size=12)))
            lines[index] = f"{key}: {value}"
        elif edit == "delete":
            del lines[index]
        elif edit == "repeat":
            lines.insert(index, line)
        elif edit == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.text(min_size=1, max_size=4)) + line[at:]
        else:
            lines[index] = " " * draw(st.integers(0, 7)) + line.lstrip()
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@st.composite
def config_overrides(draw: st.DrawFn) -> list[str]:
    """``key.path=value`` overrides of existing, misspelt and odd keys with odd values."""
    keys = st.sampled_from(
        (
            "train.epochs",
            "train.seed",
            "data.image_size",
            "model.head.num_classes",
            "model.backbone.depth",
            "model.neck",
            "train.optimizer.lr",
            "data.train.images",
            "model.head.type",
            "modle.head",
            "train",
            "data.image_size.0",
            "",
            ".",
            "a..b",
        )
    )
    values = st.one_of(st.sampled_from(_TRICKY_VALUES), st.text(max_size=8))
    pairs = st.tuples(keys, values).map(lambda pair: f"{pair[0]}={pair[1]}")
    return draw(st.lists(st.one_of(pairs, st.text(max_size=10)), max_size=3))


@st.composite
def data_profiles(
    draw: st.DrawFn,
    *,
    min_side: float = 2.0,
    max_side: float = 400.0,
    image_sides: tuple[int, ...] = (96, 160, 320, 480, 640),
) -> DataProfile:
    """The statistics ``plugtrain suggest`` reads: 1-12 images of drawn sizes, 1-6 boxes
    each (short side in [min_side, max_side] px, capped by the image), 1-4 classes."""
    sizes = draw(
        st.lists(
            st.tuples(st.sampled_from(image_sides), st.sampled_from(image_sides)),
            min_size=1,
            max_size=12,
        )
    )
    num_classes = draw(st.integers(1, 4))
    short: list[float] = []
    long: list[float] = []
    image: list[tuple[int, int]] = []
    per_image: list[int] = []
    counts = [0] * num_classes
    for height, width in sizes:
        count = draw(st.integers(1, 6))
        per_image.append(count)
        for _ in range(count):
            limit = float(min(height, width))
            side = draw(st.floats(min_side, min(max_side, limit)))
            other = draw(st.floats(side, max(side, limit)))
            short.append(side)
            long.append(other)
            image.append((height, width))
            counts[draw(st.integers(0, num_classes - 1))] += 1
    return DataProfile(
        annotations="drawn.json",
        num_images=len(sizes),
        image_sizes=tuple(sizes),
        boxes=BoxStats(
            short=tuple(short),
            long=tuple(long),
            aspect=tuple(1.0 for _ in short),
            image=tuple(image),
        ),
        class_boxes=tuple((f"class{k}", n) for k, n in enumerate(counts)),
        objects_per_image=tuple(per_image),
    )
