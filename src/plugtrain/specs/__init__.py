"""Torch-free part rules: FeatureSpecs, the argument checks of each part, spec functions.

The parts (``plugtrain.components``) raise these rules' errors from their constructors,
and ``plugtrain validate --no-dry-run`` runs the same rules without importing torch: each
rule is written once, here.
"""

from plugtrain.specs._arguments import GN_GROUPS, check_group_norm, is_count, is_int
from plugtrain.specs._feature_spec import FeatureSpec, LevelSpec
from plugtrain.specs._fpn import FPNExtraSource, FPNNorm, FPNPlan, fpn_feature_spec, fpn_plan
from plugtrain.specs._levels import FIRST_LEVEL, LAST_LEVEL, pyramid_spec
from plugtrain.specs._resnet import (
    RESNET_DEPTHS,
    RESNET_NORMS,
    ResNetDepth,
    ResNetNorm,
    check_frozen_stages,
    check_resnet_norm,
    resnet_channels,
    resnet_feature_spec,
)
from plugtrain.specs._tiny import check_tiny_channels, tiny_feature_spec

__all__ = [
    "FIRST_LEVEL",
    "GN_GROUPS",
    "LAST_LEVEL",
    "RESNET_DEPTHS",
    "RESNET_NORMS",
    "FPNExtraSource",
    "FPNNorm",
    "FPNPlan",
    "FeatureSpec",
    "LevelSpec",
    "ResNetDepth",
    "ResNetNorm",
    "check_frozen_stages",
    "check_group_norm",
    "check_resnet_norm",
    "check_tiny_channels",
    "fpn_feature_spec",
    "fpn_plan",
    "is_count",
    "is_int",
    "pyramid_spec",
    "resnet_channels",
    "resnet_feature_spec",
    "tiny_feature_spec",
]
