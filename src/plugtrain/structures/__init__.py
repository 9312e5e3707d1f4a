"""Typed structures passed between parts: specs, detections, targets, losses."""

from plugtrain.specs import FeatureSpec, LevelSpec
from plugtrain.structures._detections import Detections
from plugtrain.structures._loss import LossBreakdown
from plugtrain.structures._targets import Targets

__all__ = ["Detections", "FeatureSpec", "LevelSpec", "LossBreakdown", "Targets"]
