"""Layers that parts are made of and that models insert between parts."""

from plugtrain.components.layers._gradient_reversal import GradientReversal

__all__ = ["GradientReversal"]
