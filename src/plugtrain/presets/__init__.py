"""Named detector presets in Python, over the same builders as YAML configs.

``fcos_resnet50_fpn(num_classes=3)`` builds the detector; ``fcos_resnet50_fpn_config(...)``
returns its ``ModelConfig`` (to validate, edit or write as YAML).
"""

from plugtrain.presets._detectors import (
    fcos_resnet50_fpn,
    fcos_resnet50_fpn_config,
    fcos_tiny_fpn,
    fcos_tiny_fpn_config,
    retinanet_resnet50_fpn,
    retinanet_resnet50_fpn_config,
)

__all__ = [
    "fcos_resnet50_fpn",
    "fcos_resnet50_fpn_config",
    "fcos_tiny_fpn",
    "fcos_tiny_fpn_config",
    "retinanet_resnet50_fpn",
    "retinanet_resnet50_fpn_config",
]
