"""A tiny COCO workspace for config tests: what the reference config's paths point at.

``make_workspace(root)`` writes, under ``root``::

    data/shapes/train/000001.png .. 000072.png   data/shapes/train.json (3 categories)
    data/shapes/val/000001.png .. 000008.png     data/shapes/val.json   (same categories)
    data/two_classes.json     8 images, 2 categories (disagrees with train)
    data/no_categories.json   valid JSON without "categories"
    data/broken.json          not JSON
    data/crops/train/{circle,square}/*.png    a folders set, 4 images per class
    data/crops/val/{circle,square}/*.png      the same classes, 2 images each
    data/crops/empty_class/circle/*.png       a folders set whose square/ folder is empty
    weights/wrong.safetensors tensors that fit no backbone
    weights/tiny.safetensors  the state dict of TinyBackbone() (fits model.backbone type tiny)

72 training images at batch_size 8 make 9 steps per epoch, 108 in the reference's 12
epochs: more than its 100 warmup steps, so the reference config is valid there.
"""

import io
import json
from pathlib import Path
from typing import Final

import numpy as np
from PIL import Image
from safetensors.numpy import save_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike open

__all__ = ["CATEGORIES", "NUM_TRAIN", "NUM_VAL", "REFERENCE", "make_workspace", "write_coco"]

NUM_TRAIN: Final = 72
NUM_VAL: Final = 8
CATEGORIES: Final = ((1, "circle"), (2, "square"), (3, "triangle"))
REFERENCE: Final = Path(__file__).resolve().parents[3] / "configs" / "shapes_fcos.yaml"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (40, 80, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def write_coco(
    annotations: Path,
    images: Path | None,
    count: int,
    categories: tuple[tuple[int, str], ...] = CATEGORIES,
) -> None:
    """A COCO instances file of ``count`` 32x32 images (one box each); the PNGs go to
    ``images`` when given."""
    records = [
        {"id": i, "file_name": f"{i:06d}.png", "width": 32, "height": 32}
        for i in range(1, count + 1)
    ]
    boxes = [
        {
            "id": i,
            "image_id": i,
            "category_id": categories[i % len(categories)][0],
            "bbox": [4.0, 4.0, 10.0, 12.0],
            "area": 120.0,
            "iscrowd": 0,
        }
        for i in range(1, count + 1)
    ]
    document = {
        "images": records,
        "annotations": boxes,
        "categories": [{"id": cid, "name": name} for cid, name in categories],
    }
    annotations.parent.mkdir(parents=True, exist_ok=True)
    annotations.write_text(json.dumps(document))
    if images is not None:
        images.mkdir(parents=True, exist_ok=True)
        png = _png()
        for record in records:
            (images / str(record["file_name"])).write_bytes(png)


def _tiny_weights(path: Path) -> None:
    from safetensors.torch import (
        save_file as save_torch,  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike open
    )

    from plugtrain.components import TinyBackbone

    state = {k: v.contiguous() for k, v in TinyBackbone().state_dict().items()}
    save_torch(state, str(path))


def make_workspace(root: Path) -> Path:
    """Write the workspace under ``root`` (see the module docstring); returns ``root``."""
    shapes = root / "data" / "shapes"
    write_coco(shapes / "train.json", shapes / "train", NUM_TRAIN)
    write_coco(shapes / "val.json", shapes / "val", NUM_VAL)
    write_coco(root / "data" / "two_classes.json", None, NUM_VAL, CATEGORIES[:2])
    (root / "data" / "no_categories.json").write_text(json.dumps({"images": [], "annotations": []}))
    (root / "data" / "broken.json").write_text('{"images": [}')
    png = _png()
    crops = root / "data" / "crops"
    for split, count in (("train", 4), ("val", 2), ("empty_class", 2)):
        for name in ("circle", "square"):
            folder = crops / split / name
            folder.mkdir(parents=True)
            if split == "empty_class" and name == "square":
                continue
            for index in range(count):
                (folder / f"{index}.png").write_bytes(png)
    weights = root / "weights"
    weights.mkdir()
    save_file({"fc.weight": np.zeros((2, 2), dtype=np.float32)}, str(weights / "wrong.safetensors"))
    _tiny_weights(weights / "tiny.safetensors")
    return root
