"""Heads: a feature pyramid in, task outputs (and their losses) out."""

from plugtrain.components.heads._classification import ClassificationHead
from plugtrain.components.heads._detection import DenseHeadPredictions, DetectionHead, HeadOutputs
from plugtrain.components.heads._fcos import FCOSHead
from plugtrain.components.heads._retinanet import RetinaNetHead, default_retinanet_anchor_sizes

__all__ = [
    "ClassificationHead",
    "DenseHeadPredictions",
    "DetectionHead",
    "FCOSHead",
    "HeadOutputs",
    "RetinaNetHead",
    "default_retinanet_anchor_sizes",
]
