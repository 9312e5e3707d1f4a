"""Two random views of each unlabeled image: SimCLR's augmentations, from torchvision.

``simclr_augmentation`` is the recipe of Chen et al. (2020): a random resized crop, a
horizontal flip, colour jitter (brightness, contrast and saturation ``0.8 s``, hue ``0.2 s``)
applied with some probability, and grayscale with some probability; the blur of the
ImageNet recipe is left out, as SimCLR does for small images. ``TwoViews`` draws two
independent views per image; randomness comes from torch's global generator, which the
data loader seeds per worker.
"""

from collections.abc import Sequence
from typing import Final, Protocol, final

from torch import Tensor
from torch.utils.data import Dataset
from torchvision.transforms import v2

from plugtrain.data._folders import UnlabeledSample, collate_unlabeled
from plugtrain.errors import ArgumentError
from plugtrain.tasks import TwoViewBatch

__all__ = ["ImageSource", "TwoViews", "collate_views", "simclr_augmentation"]

_BRIGHTNESS_CONTRAST_SATURATION: Final = 0.8
_HUE: Final = 0.2
_MAX_HUE: Final = 0.5


def _probability(argument: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ArgumentError(
            part="simclr_augmentation",
            argument=argument,
            received=value,
            expected="a probability in [0, 1]",
            fix=f"pass {argument}= between 0 and 1",
        )
    return value


def simclr_augmentation(
    *,
    size: tuple[int, int],
    crop_scale: float = 0.2,
    flip: float = 0.5,
    color_jitter: float = 0.5,
    color_jitter_probability: float = 0.8,
    grayscale: float = 0.2,
) -> v2.Compose:
    """The view transform for float images ``(3, height, width)`` in [0, 1], to ``size``
    (height, width); ``color_jitter`` is the strength ``s`` in [0, 1]."""
    if not 0.0 < crop_scale <= 1.0:
        raise ArgumentError(
            part="simclr_augmentation",
            argument="crop_scale",
            received=crop_scale,
            expected="the smallest crop area as a fraction of the image, in (0, 1]",
            fix="pass e.g. crop_scale=0.2",
        )
    strength = _probability("color_jitter", color_jitter)
    jitter = _BRIGHTNESS_CONTRAST_SATURATION * strength
    return v2.Compose(
        [
            v2.RandomResizedCrop(size=list(size), scale=(crop_scale, 1.0), antialias=True),
            v2.RandomHorizontalFlip(p=_probability("flip", flip)),
            v2.RandomApply(
                [
                    v2.ColorJitter(
                        brightness=jitter,
                        contrast=jitter,
                        saturation=jitter,
                        hue=min(_HUE * strength, _MAX_HUE),
                    )
                ],
                p=_probability("color_jitter_probability", color_jitter_probability),
            ),
            v2.RandomGrayscale(p=_probability("grayscale", grayscale)),
        ]
    )


class _WithImage(Protocol):
    @property
    def image(self) -> Tensor: ...


class ImageSource(Protocol):
    """A data set of images: ``source[index].image`` is a float ``(3, height, width)`` in
    [0, 1] (an ``ImageFolderDataset`` or ``FolderDataset``)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> _WithImage: ...


@final
class TwoViews(Dataset[tuple[Tensor, Tensor]]):
    """``(augment(image), augment(image))`` for each image of ``source``."""

    def __init__(self, source: ImageSource, augment: v2.Transform) -> None:
        self.source = source
        self.augment = augment

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        image = self.source[index].image
        first: Tensor = self.augment(image)
        second: Tensor = self.augment(image)
        return first, second


def collate_views(
    pairs: Sequence[tuple[Tensor, Tensor]], *, mean: Sequence[float], std: Sequence[float]
) -> TwoViewBatch:
    """Stack the views of a list of pairs into one :class:`TwoViewBatch`, normalised with
    ``mean``/``std`` per channel (as the other collate functions)."""

    def stacked(views: Sequence[Tensor]) -> Tensor:
        samples = [UnlabeledSample(image=view, file="") for view in views]
        return collate_unlabeled(samples, mean=mean, std=std).images

    return TwoViewBatch(
        view_a=stacked([a for a, _ in pairs]), view_b=stacked([b for _, b in pairs])
    )
