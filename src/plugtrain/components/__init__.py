"""Detector parts as typed nn.Modules: backbones, necks, heads and layers."""

from plugtrain.components._codec import Decoder, Encoder
from plugtrain.components._interfaces import Backbone, FeatureMaps, Neck, WeightsTarget
from plugtrain.components.backbones import (
    ResNetBackbone,
    TinyBackbone,
    TorchvisionBackbone,
    build_resnet_backbone,
    resnet_feature_spec,
    tiny_feature_spec,
)
from plugtrain.components.heads import (
    ClassificationHead,
    DetectionHead,
    FCOSHead,
    HeadOutputs,
    ProjectionHead,
    ReconstructionHead,
    RetinaNetHead,
    RPNHead,
)
from plugtrain.components.layers import GradientReversal
from plugtrain.components.necks import FPN, ExtraPooledLevel, fpn_feature_spec

__all__ = [
    "FPN",
    "Backbone",
    "ClassificationHead",
    "Decoder",
    "DetectionHead",
    "Encoder",
    "ExtraPooledLevel",
    "FCOSHead",
    "FeatureMaps",
    "GradientReversal",
    "HeadOutputs",
    "Neck",
    "ProjectionHead",
    "RPNHead",
    "ReconstructionHead",
    "ResNetBackbone",
    "RetinaNetHead",
    "TinyBackbone",
    "TorchvisionBackbone",
    "WeightsTarget",
    "build_resnet_backbone",
    "fpn_feature_spec",
    "resnet_feature_spec",
    "tiny_feature_spec",
]
