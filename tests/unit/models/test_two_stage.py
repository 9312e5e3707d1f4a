"""TwoStageDetector from tiny parts: detections, named losses, wiring refused at construction."""

import pytest
import torch

from plugtrain._seed import seed_everything
from plugtrain.components import FPN, ExtraPooledLevel, RPNHead, TinyBackbone
from plugtrain.components.heads import TrainTest
from plugtrain.components.roi import (
    BoxPredictor,
    PooledSpec,
    ProposalSampler,
    RoIPooler,
    TwoMLPBoxHead,
)
from plugtrain.errors import CompatibilityError
from plugtrain.models import TwoStageDetector
from plugtrain.structures import Detections
from tests.detection_helpers import synthetic_targets
from tests.unit.components.heads.argument_errors import refuses


def _parts(num_classes: int = 3) -> dict[str, object]:
    seed_everything(0)
    backbone = TinyBackbone(channels=(8, 16, 32, 32), out_levels=(2, 3, 4, 5))
    neck = ExtraPooledLevel(
        neck=FPN(in_spec=backbone.feature_spec, channels=16, out_levels=(2, 3, 4, 5))
    )
    rpn = RPNHead(
        in_spec=neck.feature_spec,
        anchor_sizes=((8,), (16,), (32,), (64,), (128,)),
        pre_nms_top_n=TrainTest(training=200, testing=100),
        post_nms_top_n=TrainTest(training=100, testing=50),
    )
    pooler = RoIPooler(in_spec=neck.feature_spec, levels=("P2", "P3", "P4", "P5"))
    box_head = TwoMLPBoxHead(in_spec=pooler.out_spec, representation_size=32)
    return {
        "backbone": backbone,
        "neck": neck,
        "rpn": rpn,
        "roi_pooler": pooler,
        "box_head": box_head,
        "box_predictor": BoxPredictor(in_features=32, num_classes=num_classes),
        "proposal_sampler": ProposalSampler(batch_size_per_image=64),
        "num_classes": num_classes,
    }


def _detector(**changes: object) -> TwoStageDetector:
    arguments = {**_parts(), **changes}
    return TwoStageDetector(**arguments)  # type: ignore[arg-type]  # parts of several types


def test_detects_in_each_image_pixels() -> None:
    detector = _detector(score_threshold=0.0).eval()
    images = [torch.rand(3, 64, 80), torch.rand(3, 48, 64)]
    with torch.no_grad():
        found = detector(images)
    assert len(found) == 2
    assert all(isinstance(d, Detections) for d in found)
    assert all(0 < len(d) <= 100 for d in found)
    small = found[1].boxes
    assert (small[:, 0::2] <= 64).all()
    assert (small[:, 1::2] <= 48).all()
    assert all(((d.labels >= 0) & (d.labels < 3)).all() for d in found)


def test_loss_has_named_rpn_and_roi_terms_and_trains() -> None:
    detector = _detector().train()
    images = [torch.rand(3, 64, 80), torch.rand(3, 48, 64)]
    targets = synthetic_targets([(64, 80), (48, 64)], num_classes=3, boxes_per_image=[2, 0])
    seed_everything(1)
    loss = detector.loss(images, targets)
    assert set(loss.terms) == {"rpn_objectness", "rpn_box", "roi_classification", "roi_box"}
    assert torch.isfinite(loss.total)
    torch.autograd.backward(loss.total)
    assert detector.box_predictor.layers.cls_score.weight.grad is not None
    assert detector.rpn.head.bbox_pred.weight.grad is not None
    seed_everything(1)
    again = detector.loss(images, targets)
    torch.testing.assert_close(again.total, loss.total)  # one seed, one sample


def test_wiring_is_refused_at_construction() -> None:
    parts = _parts()
    other = TwoMLPBoxHead(in_spec=PooledSpec(channels=16, height=5, width=5))
    with pytest.raises(CompatibilityError, match="the box head takes 16x5x5 per region"):
        _detector(box_head=other)
    with pytest.raises(CompatibilityError, match="the predictor takes 64 features per region"):
        _detector(box_predictor=BoxPredictor(in_features=64, num_classes=3))
    with pytest.raises(CompatibilityError, match="asked for 5 classes, its predictor scores 3"):
        _detector(num_classes=5)
    neck = parts["neck"]
    assert isinstance(neck, ExtraPooledLevel)
    with pytest.raises(CompatibilityError, match="rpn \\(RPNHead\\)"):
        _detector(rpn=RPNHead(in_spec=neck.neck.feature_spec))
    with refuses("TwoStageDetector", "max_size", "both given"):
        _detector(min_size=100)
