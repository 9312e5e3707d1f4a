"""From candidates to ``Detections``: batched NMS, best detections per image, rescaling."""

import torch
from jaxtyping import Float, Int64
from torch import Tensor
from torchvision.ops import batched_nms

from plugtrain._tensors import int_list
from plugtrain.ops._candidates import Candidates
from plugtrain.structures import Detections
from plugtrain.typing import checked

__all__ = ["detections_per_image", "first_per_image"]


def first_per_image(
    images: Int64[Tensor, " num"], *, num_images: int, k: int
) -> tuple[Tensor, Tensor]:
    """(mask of rows kept, count per image): the first ``k`` rows of each image.

    ``images`` must be sorted (rows of one image together); order within an image is
    preserved, so a score-sorted list keeps each image's ``k`` best.
    """
    counts = torch.bincount(images, minlength=num_images)
    starts = counts.cumsum(0) - counts
    rank = torch.arange(images.numel(), device=images.device) - starts[images]
    return rank < k, counts.clamp(max=k)


@checked
def detections_per_image(
    candidates: Candidates,
    *,
    num_images: int,
    num_classes: int,
    iou_threshold: float,
    max_detections: int,
    box_scale: Float[Tensor, "batch 4"] | None = None,
) -> list[Detections]:
    """Per-class NMS within each image, the ``max_detections`` best per image, best first.

    One ``batched_nms`` call covers the whole batch (a box only suppresses boxes of its own
    image and class). ``box_scale`` (x, y, x, y factors per image) maps boxes from the
    network input back to each input image's pixels.
    """
    if len(candidates) == 0:
        nothing = Detections(
            boxes=candidates.boxes, scores=candidates.scores, labels=candidates.labels
        )
        return [nothing] * num_images
    groups = candidates.images * num_classes + candidates.labels
    keep = batched_nms(candidates.boxes, candidates.scores, groups, iou_threshold)
    # keep is sorted by score; a stable sort by image keeps that order within each image.
    images = candidates.images[keep]
    images, order = images.sort(stable=True)
    keep = keep[order]
    within, counts = first_per_image(images, num_images=num_images, k=max_detections)
    keep, images = keep[within], images[within]
    boxes = candidates.boxes[keep]
    if box_scale is not None:
        boxes = boxes * box_scale.to(boxes.dtype)[images]
    sizes = int_list(counts)
    return [
        Detections(boxes=b, scores=s, labels=lbl)
        for b, s, lbl in zip(
            torch.split(boxes, sizes),
            torch.split(candidates.scores[keep], sizes),
            torch.split(candidates.labels[keep], sizes),
            strict=True,
        )
    ]
