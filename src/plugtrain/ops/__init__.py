"""Detection ops batched over images: anchors, target assignment, candidates, NMS, inputs.

Built on torchvision.ops and torchvision's detection utilities (``AnchorGenerator``,
``Matcher`` rule, ``box_iou``, ``batched_nms``); what is added is batching over the images
of a batch and typed, checked boundaries.
"""

from plugtrain.ops._anchors import AnchorGrid, AnchorSet
from plugtrain.ops._candidates import (
    Candidates,
    clip_to_images,
    region_candidates,
    top_candidates,
)
from plugtrain.ops._images import PreparedImages, prepare_images, resized_size
from plugtrain.ops._matching import (
    BELOW_LOW_THRESHOLD,
    BETWEEN_THRESHOLDS,
    iou_matrix,
    match_by_iou,
    match_fcos,
)
from plugtrain.ops._postprocess import detections_per_image, first_per_image
from plugtrain.ops._proposals import select_proposals
from plugtrain.ops._target_batch import AssignedTargets, TargetBatch

__all__ = [
    "BELOW_LOW_THRESHOLD",
    "BETWEEN_THRESHOLDS",
    "AnchorGrid",
    "AnchorSet",
    "AssignedTargets",
    "Candidates",
    "PreparedImages",
    "TargetBatch",
    "clip_to_images",
    "detections_per_image",
    "first_per_image",
    "iou_matrix",
    "match_by_iou",
    "match_fcos",
    "prepare_images",
    "region_candidates",
    "resized_size",
    "select_proposals",
    "top_candidates",
]
