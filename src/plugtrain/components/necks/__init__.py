"""Necks: a feature pyramid in, another out."""

from plugtrain.components.necks._fpn import FPN, fpn_feature_spec

__all__ = ["FPN", "fpn_feature_spec"]
