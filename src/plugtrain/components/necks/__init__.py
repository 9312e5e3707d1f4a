"""Necks: a feature pyramid in, another out."""

from plugtrain.components.necks._fpn import FPN, fpn_feature_spec
from plugtrain.components.necks._pooled_level import ExtraPooledLevel

__all__ = ["FPN", "ExtraPooledLevel", "fpn_feature_spec"]
