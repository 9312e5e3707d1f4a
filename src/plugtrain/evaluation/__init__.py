"""COCO box evaluation (mAP figures equal to pycocotools', COCO results files), and the
top-1 accuracy of classifiers (:class:`Top1Accuracy`).

* :class:`CocoEvaluator` accumulates ``list[Detections]`` batch by batch against the
  batch's :class:`~plugtrain.structures.Targets` or a COCO annotation file, then
  :meth:`~CocoEvaluator.compute` returns :class:`CocoMetrics`.
* :func:`evaluate_coco_results` evaluates a results file against an annotation file.
* :func:`write_coco_results` / :func:`read_coco_results` write and read COCO results JSON
  with the data set's own category ids.
* :func:`linear_probe` measures a representation: the accuracy of a logistic regression on
  frozen features, fit on one half of a labeled set and tested on the other.

Undefined figures (nothing to average) are ``-1.0``, COCO's convention: see
:class:`CocoMetrics`. The computation is faster-coco-eval's, run without printing.
"""

from plugtrain.data._categories import consecutive_label_map
from plugtrain.evaluation._accuracy import Top1Accuracy
from plugtrain.evaluation._evaluator import CocoEvaluator
from plugtrain.evaluation._linear_probe import LinearProbe, linear_probe, probe_split
from plugtrain.evaluation._metrics import UNDEFINED, CocoMetrics
from plugtrain.evaluation._offline import evaluate_coco_results
from plugtrain.evaluation._results import (
    CocoResult,
    coco_results,
    read_coco_results,
    write_coco_results,
)

__all__ = [
    "UNDEFINED",
    "CocoEvaluator",
    "CocoMetrics",
    "CocoResult",
    "LinearProbe",
    "Top1Accuracy",
    "coco_results",
    "consecutive_label_map",
    "evaluate_coco_results",
    "linear_probe",
    "probe_split",
    "read_coco_results",
    "write_coco_results",
]
