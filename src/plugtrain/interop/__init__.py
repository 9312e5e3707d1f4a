"""Interoperability with other libraries' models: torchvision detectors as plugtrain ones."""

from plugtrain.interop._torchvision import from_torchvision

__all__ = ["from_torchvision"]
