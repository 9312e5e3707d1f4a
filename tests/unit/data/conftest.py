"""A tiny shapes set (64 px, a few images) copied fresh for each test that damages it."""

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import torch
from PIL import Image

from plugtrain._tensors import float_list
from plugtrain.data import make_shapes_dataset


def rows(boxes: torch.Tensor) -> list[list[float]]:
    """A (num, 4) tensor as nested Python lists, for readable comparisons."""
    return [float_list(row) for row in boxes]


@dataclass(frozen=True)
class CocoFiles:
    """An images folder and its annotation file, with helpers to damage them."""

    images: Path
    annotations: Path

    def load(self) -> dict[str, Any]:
        return cast(dict[str, Any], json.loads(self.annotations.read_text()))

    def save(self, document: object) -> None:
        # allow_nan: the damaged files deliberately hold NaN and Infinity
        self.annotations.write_text(json.dumps(document, allow_nan=True))

    def edit(self, change: Callable[[dict[str, Any]], object]) -> None:
        document = self.load()
        change(document)
        self.save(document)

    def image(self, image_id: int) -> Path:
        return self.images / f"{image_id:06d}.png"

    def pixels(self, image_id: int) -> Image.Image:
        """The image as a loaded Pillow image (the file is closed again)."""
        with Image.open(self.image(image_id)) as image:
            return image.copy()


@pytest.fixture(scope="session")
def shapes_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shapes")
    make_shapes_dataset(root, num_train=4, num_val=2, size=64, seed=0, workers=1)
    return root


@pytest.fixture
def shapes(tmp_path: Path, shapes_root: Path) -> CocoFiles:
    """A private copy of the training split: 4 images of 64x64, ids 1-4."""
    shutil.copytree(shapes_root, tmp_path / "set")
    return CocoFiles(images=tmp_path / "set" / "train", annotations=tmp_path / "set" / "train.json")
