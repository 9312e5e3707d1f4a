"""``check_export``: run the eager detector and its exported file on the same images."""

from typing import Final

import torch
from torch import Tensor

from plugtrain.export._parity import ParityReport, compare_detections
from plugtrain.export._runtime import ExportedDetector
from plugtrain.models import Detector, TwoStageDetector
from plugtrain.structures import Detections

__all__ = ["check_export", "synthetic_check_images"]

_CHECK_IMAGES: Final = 3


def synthetic_check_images(
    image_size: tuple[int, int], *, count: int = _CHECK_IMAGES, seed: int = 0
) -> Tensor:
    """(count, 3, height, width) in [0, 1]: smooth random blobs, and a black image last
    (an image where a detector usually finds nothing)."""
    generator = torch.Generator().manual_seed(seed)
    height, width = image_size
    coarse = torch.rand((count, 3, max(1, height // 8), max(1, width // 8)), generator=generator)
    images = torch.nn.functional.interpolate(coarse, size=image_size, mode="bilinear")
    images[-1] = 0.0
    return images.clamp(0.0, 1.0)


def check_export(
    detector: Detector | TwoStageDetector, exported: ExportedDetector, images: Tensor | None = None
) -> ParityReport:
    """Detections of ``detector`` (eager, eval mode) and of ``exported`` on ``images``
    ((N, 3, height, width) of the exported input size; default: synthetic ones), compared
    with the 1e-3 px / 1e-4 tolerances. With a fixed batch axis, images run in batches
    of the exported size."""
    size = exported.metadata.input_size
    batch = synthetic_check_images(size) if images is None else images
    step = exported.metadata.batch_size or int(batch.shape[0])
    eager: list[Detections] = []
    found: list[Detections] = []
    was_training = detector.training
    detector.eval()
    try:
        for start in range(0, int(batch.shape[0]), step):
            part = batch[start : start + step]
            count = int(part.shape[0])
            if count < step:
                part = torch.cat([part, part.new_zeros((step - count, *part.shape[1:]))])
            with torch.no_grad():
                eager += detector(part)[:count]
            found += exported.run(part)[:count]
    finally:
        detector.train(was_training)
    return compare_detections(eager, found, max_detections=exported.metadata.max_detections)
