from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pycocotools.coco import COCO

_IouType = Literal["segm", "bbox", "keypoints"]

class Params:
    imgIds: list[int]
    catIds: list[int]
    def __init__(self, iouType: _IouType = "segm") -> None: ...

class COCOeval:
    params: Params
    # an empty list until summarize() sets the figures
    stats: NDArray[np.float64] | list[float]
    # the accumulated arrays by name (a JSON-like dict: "precision", "recall", "scores", ...)
    eval: dict[str, Any]
    def __init__(
        self, cocoGt: COCO | None = None, cocoDt: COCO | None = None, iouType: _IouType = "segm"
    ) -> None: ...
    def evaluate(self) -> None: ...
    def accumulate(self, p: Params | None = None) -> None: ...
    def summarize(self) -> None: ...
