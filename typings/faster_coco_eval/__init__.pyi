# Minimal hand-written stubs for faster-coco-eval (ships no py.typed): only what plugtrain uses.
import os
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__version__: str

_PrintFunction = Callable[..., object]
_IouType = Literal["segm", "bbox", "keypoints", "keypoints_crowd", "boundary"]

class COCO:
    def __init__(
        self,
        annotation_file: str | dict[str, Any] | os.PathLike[str] | None = None,
        use_deepcopy: bool = False,
        print_function: _PrintFunction = ...,
    ) -> None: ...

# faster_coco_eval.core.cocoeval.Params, which the package does not export.
class _Params:
    imgIds: list[int]
    catIds: list[int]

class COCOeval_faster:
    params: _Params
    # an empty list until summarize() sets the figures
    stats: NDArray[np.float64] | list[float]
    # the accumulated arrays by name (a JSON-like dict: "precision", "recall", "scores", ...)
    eval: dict[str, Any]
    def __init__(
        self,
        cocoGt: COCO | None = None,
        cocoDt: COCO | None = None,
        iouType: _IouType = "segm",
        ranges: dict[str, list[float]] | None = None,
        print_function: _PrintFunction = ...,
        extra_calc: bool = False,
        kpt_oks_sigmas: list[float] | None = None,
        use_area: bool | None = True,
        lvis_style: bool = False,
        separate_eval: bool = False,
        boundary_dilation_ratio: float = 0.02,
        boundary_cpu_count: int = 2,
        rle_iou_max_workers: int = 8,
    ) -> None: ...
    def evaluate(self) -> None: ...
    def accumulate(self) -> None: ...
    def summarize(self) -> None: ...
