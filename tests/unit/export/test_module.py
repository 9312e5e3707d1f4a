"""ExportableDetector, run eagerly, computes what Detector.forward computes, padded."""

import pytest
import torch

from plugtrain.components import FPN, TinyBackbone
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.export import ExportableDetector, compare_detections, detections_from_outputs
from plugtrain.models import Detector


def _detector(
    kind: str,
    *,
    resize: bool = False,
    score_threshold: float = 0.05,
    topk_candidates: int = 1000,
    max_detections: int = 100,
) -> Detector:
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    # GroupNorm(32) needs 64 channels at least
    neck = FPN(in_spec=backbone.feature_spec, channels=32 if kind == "fcos" else 64)
    head: FCOSHead | RetinaNetHead
    if kind == "fcos":
        head = FCOSHead(in_spec=neck.feature_spec, num_classes=2, num_convs=1, norm="none")
    else:
        head = RetinaNetHead(in_spec=neck.feature_spec, num_classes=2, num_convs=1, norm="gn")
    detector = Detector(
        backbone=backbone,
        neck=neck,
        head=head,
        num_classes=2,
        score_threshold=score_threshold,
        min_size=80 if resize else None,
        max_size=100 if resize else None,
        topk_candidates=topk_candidates,
        max_detections=max_detections,
    )
    with torch.no_grad():
        for name, parameter in detector.named_parameters():
            if name.endswith(("cls_logits.weight", "bbox_reg.weight", "bbox_ctrness.weight")):
                parameter.normal_(0.0, 0.3)
    return detector.eval()


@pytest.mark.parametrize("kind", ["fcos", "retinanet"])
@pytest.mark.parametrize("resize", [False, True])
def test_wrapper_gives_the_detectors_detections(kind: str, resize: bool) -> None:
    detector = _detector(kind, resize=resize)
    size = (70, 90)
    images = torch.rand(3, 3, *size)
    wrapper = ExportableDetector(detector, image_size=size).eval()
    with torch.no_grad():
        eager = detector(images)
        outputs = wrapper(images)
    report = compare_detections(eager, detections_from_outputs(*outputs), max_detections=100)
    assert report.passed, report
    assert sum(len(d) for d in eager) > 0
    assert report.max_box_diff_px <= 1e-4


def test_outputs_are_padded_to_max_detections_with_score_0_label_minus_1() -> None:
    # 5 levels x 2 candidates = 10 rows at most, fewer than the 50 asked for
    detector = _detector("fcos", topk_candidates=2, max_detections=50)
    wrapper = ExportableDetector(detector, image_size=(64, 64)).eval()
    with torch.no_grad():
        boxes, scores, labels, count = wrapper(torch.rand(2, 3, 64, 64))
    assert boxes.shape == (2, 50, 4)
    assert scores.shape == labels.shape == (2, 50)
    assert labels.dtype == count.dtype == torch.int64
    for image in range(2):
        n = int(count[image])
        assert 0 < n <= 10
        assert bool((scores[image, :n] > 0.05).all())
        assert bool((scores[image, n:] == 0).all())
        assert bool((labels[image, n:] == -1).all())
        assert bool((boxes[image, n:] == 0).all())
        assert bool((scores[image, :n].diff() <= 0).all()), "best first"


def test_nothing_above_the_threshold_gives_only_padding() -> None:
    detector = _detector("retinanet", score_threshold=0.999)
    wrapper = ExportableDetector(detector, image_size=(64, 64)).eval()
    with torch.no_grad():
        boxes, scores, labels, count = wrapper(torch.zeros(2, 3, 64, 64))
    assert count.tolist() == [0, 0]
    assert bool((scores == 0).all())
    assert bool((labels == -1).all())
    assert bool((boxes == 0).all())
