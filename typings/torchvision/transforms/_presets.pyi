from . import InterpolationMode
from _typeshed import Incomplete
from torch import Tensor, nn

__all__ = ['ObjectDetection', 'ImageClassification', 'VideoClassification', 'SemanticSegmentation', 'OpticalFlow']

class ObjectDetection(nn.Module):
    def forward(self, img: Tensor) -> Tensor: ...
    def describe(self) -> str: ...

class ImageClassification(nn.Module):
    crop_size: Incomplete
    resize_size: Incomplete
    mean: Incomplete
    std: Incomplete
    interpolation: Incomplete
    antialias: Incomplete
    def __init__(self, *, crop_size: int, resize_size: int = 256, mean: tuple[float, ...] = (0.485, 0.456, 0.406), std: tuple[float, ...] = (0.229, 0.224, 0.225), interpolation: InterpolationMode = ..., antialias: bool | None = True) -> None: ...
    def forward(self, img: Tensor) -> Tensor: ...
    def describe(self) -> str: ...

class VideoClassification(nn.Module):
    crop_size: Incomplete
    resize_size: Incomplete
    mean: Incomplete
    std: Incomplete
    interpolation: Incomplete
    def __init__(self, *, crop_size: tuple[int, int], resize_size: tuple[int] | tuple[int, int], mean: tuple[float, ...] = (0.43216, 0.394666, 0.37645), std: tuple[float, ...] = (0.22803, 0.22145, 0.216989), interpolation: InterpolationMode = ...) -> None: ...
    def forward(self, vid: Tensor) -> Tensor: ...
    def describe(self) -> str: ...

class SemanticSegmentation(nn.Module):
    resize_size: Incomplete
    mean: Incomplete
    std: Incomplete
    interpolation: Incomplete
    antialias: Incomplete
    def __init__(self, *, resize_size: int | None, mean: tuple[float, ...] = (0.485, 0.456, 0.406), std: tuple[float, ...] = (0.229, 0.224, 0.225), interpolation: InterpolationMode = ..., antialias: bool | None = True) -> None: ...
    def forward(self, img: Tensor) -> Tensor: ...
    def describe(self) -> str: ...

class OpticalFlow(nn.Module):
    def forward(self, img1: Tensor, img2: Tensor) -> tuple[Tensor, Tensor]: ...
    def describe(self) -> str: ...
