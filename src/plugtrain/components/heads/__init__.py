"""Heads: a feature pyramid in, task outputs (and their losses) out."""

from plugtrain.components.heads._branches import (
    BoxBranch,
    ClassificationBranch,
    Tower,
    fcos_tower,
    retinanet_tower,
)
from plugtrain.components.heads._classification import ClassificationHead
from plugtrain.components.heads._dense import DenseHead
from plugtrain.components.heads._detection import DenseHeadPredictions, DetectionHead, HeadOutputs
from plugtrain.components.heads._domain import DomainClassifierHead
from plugtrain.components.heads._fcos import FCOSHead, FCOSOutputs
from plugtrain.components.heads._projection import ProjectionHead
from plugtrain.components.heads._reconstruction import ReconstructionHead, default_decoder_channels
from plugtrain.components.heads._retinanet import RetinaNetHead, default_retinanet_anchor_sizes
from plugtrain.components.heads._rpn import RPNHead, RPNOutputs, TrainTest, default_rpn_anchor_sizes

__all__ = [
    "BoxBranch",
    "ClassificationBranch",
    "ClassificationHead",
    "DenseHead",
    "DenseHeadPredictions",
    "DetectionHead",
    "DomainClassifierHead",
    "FCOSHead",
    "FCOSOutputs",
    "HeadOutputs",
    "ProjectionHead",
    "RPNHead",
    "RPNOutputs",
    "ReconstructionHead",
    "RetinaNetHead",
    "Tower",
    "TrainTest",
    "default_decoder_channels",
    "default_retinanet_anchor_sizes",
    "default_rpn_anchor_sizes",
    "fcos_tower",
    "retinanet_tower",
]
