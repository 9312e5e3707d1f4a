"""A detector straight from a training checkpoint, fed the way training fed it."""

from collections.abc import Sequence
from pathlib import Path
from typing import final

import torch
from torch import Tensor

from plugtrain.data import BoxMapping, ImageBoxes, Letterbox
from plugtrain.models import Detector, TwoStageDetector
from plugtrain.structures import Detections

__all__ = ["CheckpointBackend", "load_checkpoint_parts"]


def load_checkpoint_parts(
    path: Path,
) -> tuple[Detector | TwoStageDetector, tuple[int, int], tuple[str, ...]]:
    """(detector, training image size (height, width), class names) of a checkpoint.

    The only place that reads a checkpoint for inference.
    """
    from plugtrain.runs import detector_from_checkpoint

    trained = detector_from_checkpoint(path)
    size = trained.config.data.image_size
    return trained.detector, (int(size[0]), int(size[1])), trained.class_names


@final
class CheckpointBackend:
    """Letterboxes each image to the training image size (as the eval pipeline does), runs
    the detector on the batch and maps the boxes back to each image's own pixels."""

    def __init__(
        self,
        *,
        detector: Detector | TwoStageDetector,
        image_size: tuple[int, int],
        class_names: Sequence[str],
        device: str | torch.device = "cpu",
    ) -> None:
        self._device = torch.device(device)
        self._detector = detector.to(self._device).eval()
        self._letterbox = Letterbox(image_size)
        self._class_names = tuple(class_names)
        self.letterbox_size: tuple[int, int] = self._letterbox.image_size
        """(height, width) every image is letterboxed to: the training image size."""

    @classmethod
    def from_checkpoint(
        cls, path: Path, *, device: str | torch.device = "cpu"
    ) -> "CheckpointBackend":
        """Load ``path`` (the ``.json`` or ``.safetensors`` of a checkpoint, or its stem)."""
        detector, image_size, class_names = load_checkpoint_parts(path)
        return cls(detector=detector, image_size=image_size, class_names=class_names, device=device)

    @property
    def class_names(self) -> tuple[str, ...]:
        return self._class_names

    @property
    def input_size(self) -> tuple[int, int] | None:
        return None

    def detect(self, images: Sequence[Tensor]) -> list[Detections]:
        """Float32 (3, h, w) RGB images in [0, 1] -> detections in each image's pixels."""
        if not images:
            return []
        items = [
            self._letterbox.apply(
                ImageBoxes(
                    image=image,
                    boxes=torch.zeros(0, 4),
                    labels=torch.zeros(0, dtype=torch.int64),
                    mapping=BoxMapping(original_size=(int(image.shape[1]), int(image.shape[2]))),
                )
            )
            for image in images
        ]
        batch = torch.stack([item.image for item in items]).to(self._device)
        with torch.inference_mode():
            found: list[Detections] = self._detector(batch)
        return [
            Detections(
                boxes=item.mapping.to_original(d.boxes.float().cpu()),
                scores=d.scores.float().cpu(),
                labels=d.labels.cpu(),
            )
            for d, item in zip(found, items, strict=True)
        ]
