"""Named detectors: a config of registered parts, built by the same builders as a YAML file.

Each ``NAME_config(...)`` returns the ``ModelConfig`` (what a config file's ``model:``
section would hold, ready for ``model_dump`` into YAML); ``NAME(...)`` builds it with
``plugtrain.builders.build_detector`` (random initialisation unless ``weights`` names a
local file for the backbone). torchvision's detection builders are the reference layouts.
"""

from plugtrain.builders import build_one_stage_detector
from plugtrain.config import ModelConfig
from plugtrain.models import Detector

__all__ = [
    "fcos_resnet50_fpn",
    "fcos_resnet50_fpn_config",
    "fcos_tiny_fpn",
    "fcos_tiny_fpn_config",
    "retinanet_resnet50_fpn",
    "retinanet_resnet50_fpn_config",
]


def fcos_resnet50_fpn_config(num_classes: int, *, weights: str | None = None) -> ModelConfig:
    """torchvision's ``fcos_resnet50_fpn``: ResNet-50 (frozen batch norm, stem and layer1
    frozen), FPN P3..P7 with 256 channels (P6/P7 from P5), FCOS head with GroupNorm."""
    return ModelConfig.model_validate(
        {
            "backbone": {
                "type": "resnet",
                "depth": 50,
                "out_levels": [3, 4, 5],
                "frozen_stages": 2,
                "norm": "frozen_bn",
                "weights": weights,
            },
            "neck": {"type": "fpn", "channels": 256, "out_levels": [3, 4, 5, 6, 7]},
            "head": {"type": "fcos", "num_classes": num_classes, "norm": "gn"},
        }
    )


def fcos_resnet50_fpn(num_classes: int, *, weights: str | None = None) -> Detector:
    """The detector of :func:`fcos_resnet50_fpn_config`."""
    return build_one_stage_detector(fcos_resnet50_fpn_config(num_classes, weights=weights))


def retinanet_resnet50_fpn_config(num_classes: int, *, weights: str | None = None) -> ModelConfig:
    """torchvision's ``retinanet_resnet50_fpn``: ResNet-50 (frozen batch norm, stem and
    layer1 frozen), FPN P3..P7 with 256 channels (P6/P7 from P5), RetinaNet head."""
    return ModelConfig.model_validate(
        {
            "backbone": {
                "type": "resnet",
                "depth": 50,
                "out_levels": [3, 4, 5],
                "frozen_stages": 2,
                "norm": "frozen_bn",
                "weights": weights,
            },
            "neck": {"type": "fpn", "channels": 256, "out_levels": [3, 4, 5, 6, 7]},
            "head": {"type": "retinanet", "num_classes": num_classes},
        }
    )


def retinanet_resnet50_fpn(num_classes: int, *, weights: str | None = None) -> Detector:
    """The detector of :func:`retinanet_resnet50_fpn_config`."""
    return build_one_stage_detector(retinanet_resnet50_fpn_config(num_classes, weights=weights))


def fcos_tiny_fpn_config(num_classes: int, *, weights: str | None = None) -> ModelConfig:
    """A small FCOS for CPUs and tests: the tiny backbone, FPN P3..P7 with 64 channels,
    an FCOS head of two convolutions per tower."""
    return ModelConfig.model_validate(
        {
            "backbone": {"type": "tiny", "out_levels": [3, 4, 5], "weights": weights},
            "neck": {"type": "fpn", "channels": 64, "out_levels": [3, 4, 5, 6, 7]},
            "head": {"type": "fcos", "num_classes": num_classes, "num_convs": 2, "norm": "gn"},
        }
    )


def fcos_tiny_fpn(num_classes: int, *, weights: str | None = None) -> Detector:
    """The detector of :func:`fcos_tiny_fpn_config`."""
    return build_one_stage_detector(fcos_tiny_fpn_config(num_classes, weights=weights))
