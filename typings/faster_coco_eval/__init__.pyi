# ruff: noqa: N801, N802, N803, N815  # names mirror the library's own (camelCase COCO API)
# Minimal hand-written stubs for faster-coco-eval (ships no py.typed): only what plugtrain uses.
from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__version__: str

_PrintFunction = Callable[..., object]

class COCO:
    dataset: dict[str, object]
    def __init__(
        self,
        annotation_file: str | dict[str, object] | None = None,
        use_deepcopy: bool = False,
        print_function: _PrintFunction = ...,
    ) -> None: ...
    def getImgIds(
        self, imgIds: list[int] | None = None, catIds: list[int] | None = None
    ) -> list[int]: ...
    def getCatIds(self) -> list[int]: ...

class _Params:
    imgIds: list[int]
    catIds: list[int]
    maxDets: list[int]
    iouThrs: NDArray[np.float64]
    areaRngLbl: list[str]

class COCOeval_faster:
    params: _Params
    stats: NDArray[np.float64]
    all_stats: NDArray[np.float64]
    eval: dict[str, object]
    def __init__(
        self,
        cocoGt: COCO | None = None,
        cocoDt: COCO | None = None,
        iouType: Literal["segm", "bbox", "keypoints", "keypoints_crowd", "boundary"] = "segm",
        ranges: dict[str, list[float]] | None = None,
        print_function: _PrintFunction = ...,
        extra_calc: bool = False,
    ) -> None: ...
    def evaluate(self) -> None: ...
    def accumulate(self) -> None: ...
    def summarize(self) -> None: ...
