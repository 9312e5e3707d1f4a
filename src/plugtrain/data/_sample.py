"""Sample and Batch: what the data pipeline hands to a model, and the box mapping back.

A :class:`BoxMapping` records how every geometric transform moved the boxes (per axis,
``model = original * scale + offset``), so detections on the model's input can be mapped
back to the original image and written as COCO results.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from jaxtyping import Float, Int64
from torch import Tensor

from plugtrain.errors import DataError
from plugtrain.structures import Targets
from plugtrain.typing import checked, checked_dataclass

__all__ = ["Batch", "BoxMapping", "Sample"]


@dataclass(frozen=True, slots=True)
class BoxMapping:
    """Where the model's pixels come from: ``x_model = x_original * scale_x + offset_x``.

    ``original_size`` is (height, width) of the image as stored. A horizontal flip makes
    ``scale_x`` negative, a vertical one ``scale_y``. Identity for an untransformed image.
    """

    original_size: tuple[int, int]
    scale: tuple[float, float] = (1.0, 1.0)
    offset: tuple[float, float] = (0.0, 0.0)

    def then(
        self, *, scale: tuple[float, float] = (1.0, 1.0), offset: tuple[float, float] = (0.0, 0.0)
    ) -> "BoxMapping":
        """This mapping followed by ``x -> x * scale + offset`` (per axis x, y)."""
        return BoxMapping(
            original_size=self.original_size,
            scale=(self.scale[0] * scale[0], self.scale[1] * scale[1]),
            offset=(
                self.offset[0] * scale[0] + offset[0],
                self.offset[1] * scale[1] + offset[1],
            ),
        )

    @checked
    def to_model(self, boxes: Float[Tensor, "num 4"]) -> Float[Tensor, "num 4"]:
        """Original-image xyxy boxes as the model sees them (x1 < x2, y1 < y2 kept)."""
        sx, sy = self.scale
        ox, oy = self.offset
        x = boxes[:, 0::2] * sx + ox
        y = boxes[:, 1::2] * sy + oy
        x1, x2 = torch.minimum(x[:, 0], x[:, 1]), torch.maximum(x[:, 0], x[:, 1])
        y1, y2 = torch.minimum(y[:, 0], y[:, 1]), torch.maximum(y[:, 0], y[:, 1])
        return torch.stack((x1, y1, x2, y2), dim=1)

    @checked
    def to_original(self, boxes: Float[Tensor, "num 4"]) -> Float[Tensor, "num 4"]:
        """Model-input xyxy boxes in the original image's pixels, clipped to it."""
        sx, sy = self.scale
        ox, oy = self.offset
        height, width = self.original_size
        x = ((boxes[:, 0::2] - ox) / sx).clamp(0.0, float(width))
        y = ((boxes[:, 1::2] - oy) / sy).clamp(0.0, float(height))
        x1, x2 = torch.minimum(x[:, 0], x[:, 1]), torch.maximum(x[:, 0], x[:, 1])
        y1, y2 = torch.minimum(y[:, 0], y[:, 1]), torch.maximum(y[:, 0], y[:, 1])
        return torch.stack((x1, y1, x2, y2), dim=1)


@checked_dataclass
@dataclass(frozen=True, slots=True)
class Sample:
    """One image ready for a model: RGB in [0, 1], its targets, and where it came from.

    ``targets.image_size`` equals the image's (height, width); ``targets.labels`` are
    contiguous 0-based labels (see :class:`CategoryMap`); crowd annotations are not among
    the targets (COCO evaluation ignores detections that match them).
    """

    image: Float[Tensor, "3 height width"]
    targets: Targets
    image_id: int
    file_name: str
    mapping: BoxMapping

    def __post_init__(self) -> None:
        size = (int(self.image.shape[1]), int(self.image.shape[2]))
        if self.targets.image_size != size:
            raise DataError(
                f"Sample of image {self.image_id}: targets.image_size {self.targets.image_size} "
                f"differs from the image's (height, width) {size}; build the Targets for the "
                f"image as the model sees it",
                record_id=self.image_id,
            )

    @classmethod
    def of(
        cls,
        image: Float[Tensor, "3 height width"],
        boxes: Float[Tensor, "num 4"],
        labels: Int64[Tensor, " num"],
        *,
        num_classes: int,
        image_id: int = 0,
        file_name: str = "",
    ) -> "Sample":
        """A sample from plain tensors (xyxy boxes in the image's pixels), identity mapping."""
        size = (int(image.shape[1]), int(image.shape[2]))
        return cls(
            image=image,
            targets=Targets(
                boxes=boxes,
                labels=labels,
                image_size=size,
                num_classes=num_classes,
                image_id=image_id,
            ),
            image_id=image_id,
            file_name=file_name,
            mapping=BoxMapping(original_size=size),
        )


def _targets_to(targets: Targets, device: torch.device | str, *, non_blocking: bool) -> Targets:
    return Targets(
        boxes=targets.boxes.to(device, non_blocking=non_blocking),
        labels=targets.labels.to(device, non_blocking=non_blocking),
        image_size=targets.image_size,
        num_classes=targets.num_classes,
        image_id=targets.image_id,
        tolerance=targets.tolerance,
    )


@checked_dataclass
@dataclass(frozen=True, slots=True)
class Batch:
    """Images padded (bottom/right) to one size and stacked, with one Targets per image.

    Padding never moves a box: ``targets[i].image_size`` is image ``i``'s size before
    padding. ``mappings[i]`` maps its boxes back to the original file.
    """

    images: Float[Tensor, "batch 3 height width"]
    targets: list[Targets]
    image_ids: tuple[int, ...]
    file_names: tuple[str, ...]
    mappings: tuple[BoxMapping, ...]

    def __post_init__(self) -> None:
        count = int(self.images.shape[0])
        lengths = {
            "targets": len(self.targets),
            "image_ids": len(self.image_ids),
            "file_names": len(self.file_names),
            "mappings": len(self.mappings),
        }
        wrong = {k: v for k, v in lengths.items() if v != count}
        if wrong:
            raise DataError(f"Batch of {count} images got {wrong}; expected one entry per image")
        height, width = int(self.images.shape[2]), int(self.images.shape[3])
        for target in self.targets:
            if target.image_size[0] > height or target.image_size[1] > width:
                raise DataError(
                    f"Batch images are {height}x{width} (height x width) but the targets of "
                    f"image {target.image_id} are for {target.image_size}; images are only "
                    f"ever padded, so every target size must fit",
                    record_id=target.image_id,
                )

    def __len__(self) -> int:
        return int(self.images.shape[0])

    def to(self, device: torch.device | str, *, non_blocking: bool = False) -> "Batch":
        """The batch with images and targets on ``device``."""
        return Batch(
            images=self.images.to(device, non_blocking=non_blocking),
            targets=[_targets_to(t, device, non_blocking=non_blocking) for t in self.targets],
            image_ids=self.image_ids,
            file_names=self.file_names,
            mappings=self.mappings,
        )

    def pin_memory(self) -> "Batch":
        """Called by ``DataLoader(pin_memory=True)``: page-locked copies for fast transfer."""
        return Batch(
            images=self.images.pin_memory(),
            targets=[
                Targets(
                    boxes=t.boxes.pin_memory(),
                    labels=t.labels.pin_memory(),
                    image_size=t.image_size,
                    num_classes=t.num_classes,
                    image_id=t.image_id,
                    tolerance=t.tolerance,
                )
                for t in self.targets
            ],
            image_ids=self.image_ids,
            file_names=self.file_names,
            mappings=self.mappings,
        )

    @property
    def image_sizes(self) -> Sequence[tuple[int, int]]:
        """Each image's (height, width) before padding."""
        return [t.image_size for t in self.targets]
