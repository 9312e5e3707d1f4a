"""Do the configured weights fit the part that loads them?

The backbone is built on the meta device (no memory) and the file is loaded into it by the
same ``load_weights`` the real build uses, so the check reports exactly what the build
would: every missing key, unexpected key and shape mismatch.
"""

import warnings

import torch

from plugtrain.components import TinyBackbone, build_resnet_backbone
from plugtrain.components.backbones._weights import load_weights
from plugtrain.config import (
    Finding,
    ModelConfig,
    ResNetBackboneConfig,
    TinyBackboneConfig,
)
from plugtrain.errors import CheckpointError, ConfigError
from plugtrain.validation._parts import torchvision_backbone

__all__ = ["check_weights"]


def _load(model: ModelConfig, weights: str) -> None:
    backbone = model.backbone
    with torch.device("meta"), warnings.catch_warnings():
        # the real tensors are compared with the meta parameters, never copied into them
        warnings.filterwarnings("ignore", message=".*copying from a non-meta parameter")
        if isinstance(backbone, ResNetBackboneConfig):
            build_resnet_backbone(
                depth=backbone.depth,
                out_levels=backbone.out_levels,
                frozen_stages=backbone.frozen_stages,
                norm=backbone.norm,
                weights=weights,
            )
        elif isinstance(backbone, TinyBackboneConfig):
            tiny = TinyBackbone(channels=backbone.channels, out_levels=backbone.out_levels)
            load_weights(tiny, weights, part="TinyBackbone")
        else:
            body = torchvision_backbone(backbone).body
            # the classifier of a torchvision model is not part of the backbone
            load_weights(body, weights, part=f"torchvision {backbone.model}", ignore=lambda _: True)


def check_weights(model: ModelConfig) -> list[Finding]:
    """A ``weights-mismatch`` finding when the backbone's weights file does not fit it."""
    weights = model.backbone.weights
    if weights is None:
        return []
    try:
        _load(model, weights)
    except CheckpointError as error:
        return [Finding(("model", "backbone", "weights"), "weights-mismatch", error.message)]
    except ConfigError:
        return []  # argument problems are reported by the parts check
    return []
