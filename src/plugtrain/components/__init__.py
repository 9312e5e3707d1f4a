"""Detector parts as typed nn.Modules: backbones, necks, heads and layers."""

from plugtrain.components._interfaces import Backbone, FeatureMaps, Neck

__all__ = ["Backbone", "FeatureMaps", "Neck"]
