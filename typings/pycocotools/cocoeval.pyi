# ruff: noqa: N803, N815  # names mirror the library's own (camelCase COCO API)
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pycocotools.coco import COCO

class Params:
    imgIds: list[int]
    catIds: list[int]

class COCOeval:
    params: Params
    stats: NDArray[np.float64]
    eval: dict[str, Any]
    def __init__(
        self,
        cocoGt: COCO | None = None,
        cocoDt: COCO | None = None,
        iouType: Literal["segm", "bbox", "keypoints"] = "segm",
    ) -> None: ...
    def evaluate(self) -> None: ...
    def accumulate(self) -> None: ...
    def summarize(self) -> None: ...
