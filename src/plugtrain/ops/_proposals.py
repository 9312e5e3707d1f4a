"""Region proposals of a batch: torchvision's RPN selection, batched over the images.

torchvision's ``RegionProposalNetwork.filter_proposals`` takes the ``pre_nms_top_n`` best
anchors of each level for all images at once, then loops over the images to clip, drop
small and low-scoring boxes, run NMS per level and keep the ``post_nms_top_n`` best. Here
clipping and filtering run once on the flat boxes of the batch; NMS runs image by image,
on each image's boxes in torchvision's order, because the order NMS returns boxes of equal
score in depends on what it is given, and the sampler of the second stage picks regions by
position: one NMS over the whole batch would keep the same boxes but could order ties
differently, and a seeded training step would no longer sample what torchvision samples.
"""

import torch
from jaxtyping import Float, Int64
from torch import Tensor
from torchvision.ops import batched_nms

from plugtrain._tensors import int_list
from plugtrain.ops._candidates import clip_to_images
from plugtrain.typing import checked

__all__ = ["select_proposals"]


@checked
def select_proposals(
    boxes: Float[Tensor, "batch anchors 4"],
    objectness: Float[Tensor, "batch anchors"],
    *,
    per_level: tuple[int, ...],
    image_sizes: Int64[Tensor, "batch 2"],
    pre_nms_top_n: int,
    post_nms_top_n: int,
    nms_threshold: float,
    score_threshold: float,
    min_size: float,
) -> list[Float[Tensor, "_ 4"]]:
    """The proposals of each image, best first: at most ``pre_nms_top_n`` per level enter,
    boxes are clipped to their image (``image_sizes``: height, width), boxes with a side
    below ``min_size`` or a probability below ``score_threshold`` leave, NMS runs per level
    at ``nms_threshold``, and the ``post_nms_top_n`` best of each image stay.

    ``boxes``: decoded anchors; ``objectness``: logits (detached here: no gradient flows
    through the proposals, as in Faster R-CNN).
    """
    batch = int(boxes.shape[0])
    objectness = objectness.detach()
    picked: list[Tensor] = []
    levels: list[Tensor] = []
    offset = 0
    for number, count in enumerate(per_level):
        take = min(pre_nms_top_n, count)
        _, best = objectness[:, offset : offset + count].topk(take, dim=1)
        picked.append(best + offset)
        levels.append(torch.full((take,), number, dtype=torch.int64, device=boxes.device))
        offset += count
    chosen = torch.cat(picked, dim=1)  # (batch, kept)
    columns = int(chosen.shape[1])
    rows = torch.arange(batch, device=boxes.device)[:, None]
    images = rows.expand(batch, columns).reshape(-1)
    level = torch.cat(levels).expand(batch, columns).reshape(-1)
    scores = torch.sigmoid(objectness[rows, chosen]).reshape(-1)
    flat = clip_to_images(boxes[rows, chosen].reshape(-1, 4), images, image_sizes)

    sides = flat[:, 2:] - flat[:, :2]
    keep = (sides >= min_size).all(dim=1) & (scores >= score_threshold)
    flat, scores, images, level = flat[keep], scores[keep], images[keep], level[keep]

    counts = int_list(torch.bincount(images, minlength=batch))
    kept: list[Tensor] = []
    for image_boxes, image_scores, image_levels in zip(
        torch.split(flat, counts),
        torch.split(scores, counts),
        torch.split(level, counts),
        strict=True,
    ):
        survivors = batched_nms(image_boxes, image_scores, image_levels, nms_threshold)
        kept.append(image_boxes[survivors[:post_nms_top_n]])
    return kept
