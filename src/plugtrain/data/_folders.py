"""The folder data sets as torch ``Dataset``s: class folders and unlabeled image folders.

Both are checked up front (:mod:`plugtrain.data._folder_check`: the listing rule
``plugtrain validate`` applies, then every image decoded), so a broken file stops the run
before the first step with a ``DataError`` naming it. Samples hold the image resized to
the configured size, in [0, 1]; the collate functions stack and normalise them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast, final

import torch
from jaxtyping import Float
from torch import Tensor
from torch.utils.data import Dataset
from torchvision.transforms.v2 import functional as tvf

from plugtrain.data._decode import read_rgb
from plugtrain.data._folder_check import (
    FolderReport,
    check_class_folders,
    check_images_folder,
    require_usable,
)
from plugtrain.errors import ArgumentError
from plugtrain.specs import is_count
from plugtrain.tasks import ClassificationBatch, UnlabeledBatch

__all__ = [
    "ClassificationSample",
    "FolderDataset",
    "ImageFolderDataset",
    "UnlabeledSample",
    "collate_classification",
    "collate_unlabeled",
]

_RGB: Final = 3


@dataclass(frozen=True)
class ClassificationSample:
    """One image (``(3, height, width)`` in [0, 1]), its 0-based class and its file."""

    image: Float[Tensor, "3 height width"]
    label: int
    file: str


@dataclass(frozen=True)
class UnlabeledSample:
    """One image (``(3, height, width)`` in [0, 1]) and its file."""

    image: Float[Tensor, "3 height width"]
    file: str


def _size(image_size: object, part: str) -> tuple[int, int]:
    kind = type(image_size).__name__
    sides: tuple[object, ...] = (
        cast(tuple[object, ...], image_size) if isinstance(image_size, tuple) else ()
    )
    if len(sides) != 2 or not all(is_count(side) for side in sides):  # (height, width)
        raise ArgumentError(
            part=part,
            argument="image_size",
            received=repr(sides) if sides else f"a {kind}",
            expected="(height, width), two positive ints",
            fix="pass the configured data.image_size, e.g. (64, 64)",
        )
    height, width = (int(cast(int, side)) for side in sides)
    return (height, width)


def _probability(flip: object, part: str) -> float:
    if not isinstance(flip, (int, float)) or isinstance(flip, bool) or not 0.0 <= flip <= 1.0:
        raise ArgumentError(
            part=part,
            argument="flip",
            received=flip,
            expected="a probability in [0, 1]",
            fix="pass 0.5 to flip half the images, 0.0 for none",
        )
    return float(flip)


def _load(file: str, size: tuple[int, int], flip: float) -> Tensor:
    """The image at ``file`` resized to ``size``, flipped with probability ``flip``, in [0, 1].

    The flip draws from torch's generator, which the training loader seeds per sample and
    epoch, so a resumed run sees the same flips.
    """
    pixels = read_rgb(file)
    resized: Tensor = tvf.resize_image(pixels, list(size), antialias=True)
    if flip > 0.0 and float(torch.rand(())) < flip:
        resized = tvf.horizontal_flip_image(resized)
    return resized.float().div_(255.0)


@final
class FolderDataset(Dataset[ClassificationSample]):
    """A ``folders`` set: ``root/<class name>/<image>``; class ``k`` is the ``k``-th sorted
    sub-folder name (as torchvision's ``ImageFolder``), in :attr:`class_names`.

    ``flip``: probability of a horizontal flip per sample (augmentation; 0 to evaluate).
    Raises ``DataError`` naming the first problem file when the set is unusable (an empty
    class folder, a file that is not an image, an image that does not decode).
    """

    def __init__(
        self,
        root: str | Path,
        *,
        image_size: tuple[int, int],
        flip: float = 0.0,
        workers: int | None = None,
    ) -> None:
        self.image_size: Final = _size(image_size, "FolderDataset")
        self.flip: Final = _probability(flip, "FolderDataset")
        self.report: Final[FolderReport] = require_usable(
            check_class_folders(root, workers=workers)
        )
        self.class_names: Final = self.report.classes

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    def __len__(self) -> int:
        return len(self.report.files)

    def __getitem__(self, index: int) -> ClassificationSample:
        file = self.report.files[index]
        return ClassificationSample(
            image=_load(file, self.image_size, self.flip),
            label=self.report.labels[index],
            file=file,
        )


@final
class ImageFolderDataset(Dataset[UnlabeledSample]):
    """An ``images`` set: the image files of one folder (sub-folders are not read), sorted.

    Raises ``DataError`` naming the first problem file when the set is unusable.
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        image_size: tuple[int, int],
        flip: float = 0.0,
        workers: int | None = None,
    ) -> None:
        self.image_size: Final = _size(image_size, "ImageFolderDataset")
        self.flip: Final = _probability(flip, "ImageFolderDataset")
        self.report: Final[FolderReport] = require_usable(
            check_images_folder(folder, workers=workers)
        )

    def __len__(self) -> int:
        return len(self.report.files)

    def __getitem__(self, index: int) -> UnlabeledSample:
        file = self.report.files[index]
        return UnlabeledSample(image=_load(file, self.image_size, self.flip), file=file)


def _normalised(images: Sequence[Tensor], mean: Sequence[float], std: Sequence[float]) -> Tensor:
    stacked = torch.stack(list(images))
    if len(mean) != _RGB or len(std) != _RGB or any(s <= 0 for s in std):
        raise ArgumentError(
            part="collate",
            argument="mean/std",
            received=f"mean={tuple(mean)}, std={tuple(std)}",
            expected="three values each, std > 0",
            fix="pass the ImageNet values plugtrain.models.IMAGENET_MEAN / IMAGENET_STD",
        )
    shift = torch.tensor(mean, dtype=stacked.dtype).view(1, _RGB, 1, 1)
    scale = torch.tensor(std, dtype=stacked.dtype).view(1, _RGB, 1, 1)
    return (stacked - shift) / scale


def collate_classification(
    samples: Sequence[ClassificationSample], *, mean: Sequence[float], std: Sequence[float]
) -> ClassificationBatch:
    """Stack samples of one size into a batch, normalised with ``mean``/``std`` per channel."""
    return ClassificationBatch(
        images=_normalised([s.image for s in samples], mean, std),
        labels=torch.tensor([s.label for s in samples], dtype=torch.int64),
    )


def collate_unlabeled(
    samples: Sequence[UnlabeledSample], *, mean: Sequence[float], std: Sequence[float]
) -> UnlabeledBatch:
    """Stack samples of one size into a batch, normalised with ``mean``/``std`` per channel."""
    return UnlabeledBatch(images=_normalised([s.image for s in samples], mean, std))
