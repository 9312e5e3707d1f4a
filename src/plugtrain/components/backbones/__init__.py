"""Backbones: images in, a feature pyramid (``C2..C5``, strides 4..32) out.

Every backbone declares its ``feature_spec`` from constructor arguments alone; the
``*_feature_spec`` functions (torch-free, from ``plugtrain.specs``) compute it without
building a module (for config validation).
"""

from plugtrain.components.backbones._resnet import (
    ResNetBackbone,
    build_resnet_backbone,
    resnet_feature_spec,
)
from plugtrain.components.backbones._tiny import TinyBackbone, tiny_feature_spec
from plugtrain.components.backbones._torchvision import TorchvisionBackbone
from plugtrain.components.backbones._weights import (
    WeightsReport,
    load_backbone_weights,
    load_weights,
    read_tensor_shapes,
)

__all__ = [
    "ResNetBackbone",
    "TinyBackbone",
    "TorchvisionBackbone",
    "WeightsReport",
    "build_resnet_backbone",
    "load_backbone_weights",
    "load_weights",
    "read_tensor_shapes",
    "resnet_feature_spec",
    "tiny_feature_spec",
]
