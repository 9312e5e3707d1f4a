"""What runs a detector: one interface for a checkpoint and for an exported file."""

from collections.abc import Sequence
from typing import Protocol

from torch import Tensor

from plugtrain.structures import Detections

__all__ = ["InferenceBackend"]


class InferenceBackend(Protocol):
    """A loaded detector that takes images in their own pixels and answers in them.

    Implemented by :class:`plugtrain.inference.CheckpointBackend` (a training checkpoint)
    and ``plugtrain.export.ExportedDetector`` (an ``.onnx`` or ``.pt2`` file).
    """

    @property
    def class_names(self) -> tuple[str, ...]:
        """The name of each 0-based label."""
        ...

    @property
    def input_size(self) -> tuple[int, int] | None:
        """The fixed (height, width) of an exported model; ``None`` when any size works."""
        ...

    def detect(self, images: Sequence[Tensor]) -> list[Detections]:
        """One :class:`Detections` per image, boxes xyxy in that image's own pixels.

        Each image is float32 (3, height, width), RGB, values in [0, 1]; sizes may differ.
        """
        ...
