"""from_torchvision on Faster R-CNN: the TwoStageDetector detects and trains as torchvision.

torchvision's detectors are the oracle: random-init ``fasterrcnn_resnet50_fpn`` and
``fasterrcnn_resnet50_fpn_v2`` (no downloads) at a small input size, with a predictor and
RPN spread out so that scores and boxes vary. Losses are compared after the same seed:
torchvision's training-mode transform draws a random number per image to pick its resize
size, so its transform is put in eval mode (the same single size, no draw) for the loss.
"""

from typing import Literal

import pytest
import torch
from torch import Tensor
from torchvision.models.detection import (
    FasterRCNN,
    fasterrcnn_resnet50_fpn,
    fasterrcnn_resnet50_fpn_v2,
)
from torchvision.models.detection.rpn import RPNHead as TorchvisionRPNHead

from plugtrain._seed import seed_everything
from plugtrain.components import ExtraPooledLevel, RPNHead
from plugtrain.components.roi import ConvFCBoxHead, TwoMLPBoxHead
from plugtrain.interop import from_torchvision
from plugtrain.models import TwoStageDetector
from tests.detection_helpers import synthetic_targets
from tests.unit.interop.test_torchvision import assert_same_detections

SIZES = [(120, 150), (100, 130)]
_NAMES = {
    "rpn_objectness": "loss_objectness",
    "rpn_box": "loss_rpn_box_reg",
    "roi_classification": "loss_classifier",
    "roi_box": "loss_box_reg",
}


def _model(version: Literal["v1", "v2"]) -> FasterRCNN:
    seed_everything(0)
    build = fasterrcnn_resnet50_fpn if version == "v1" else fasterrcnn_resnet50_fpn_v2
    model = build(weights=None, weights_backbone=None, num_classes=5, min_size=128, max_size=160)
    with torch.no_grad():  # spread the predictions so that scores and boxes vary
        for parameter in model.roi_heads.box_predictor.parameters():
            parameter.normal_(0.0, 0.5)
        head = model.rpn.head
        assert isinstance(head, TorchvisionRPNHead)
        head.cls_logits.weight.normal_(0.0, 0.1)
    return model


def _images() -> list[Tensor]:
    generator = torch.Generator().manual_seed(3)
    return [torch.rand(3, h, w, generator=generator) for h, w in SIZES]


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_faster_rcnn_detects_and_trains_as_torchvision(version: Literal["v1", "v2"]) -> None:
    model = _model(version)
    detector = from_torchvision(model)
    assert isinstance(detector, TwoStageDetector)
    assert isinstance(detector.neck, ExtraPooledLevel)
    assert isinstance(detector.rpn, RPNHead)
    assert detector.rpn.conv_depth == (1 if version == "v1" else 2)
    assert isinstance(detector.box_head, TwoMLPBoxHead if version == "v1" else ConvFCBoxHead)
    assert detector.num_classes == 4  # torchvision's 5 include the background
    images = _images()
    found = assert_same_detections(model, detector, images, label_offset=1)
    assert all(len(d) > 0 for d in found)

    targets = synthetic_targets(SIZES, num_classes=4, boxes_per_image=[3, 0], seed=1)
    model.train()
    model.transform.eval()  # no random resize draw: see the module docstring
    detector.train()
    seed_everything(7)
    expected = model(images, [{"boxes": t.boxes, "labels": t.labels + 1} for t in targets])
    seed_everything(7)
    losses = detector.loss(images, targets)
    assert set(losses.terms) == set(_NAMES)
    for ours, theirs in _NAMES.items():
        torch.testing.assert_close(losses.terms[ours], expected[theirs], rtol=1e-4, atol=1e-5)
    torch.autograd.backward(losses.total)
    assert detector.rpn.head.cls_logits.weight.grad is not None
