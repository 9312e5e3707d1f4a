"""from_torchvision: same detections and losses as torchvision (random init, no downloads)."""

from typing import Literal

import pytest
import torch
from torch import Tensor, nn
from torchvision.models.detection import (
    FCOS,
    fasterrcnn_mobilenet_v3_large_320_fpn,
    fcos_resnet50_fpn,
    retinanet_resnet50_fpn_v2,
)
from torchvision.models.detection.backbone_utils import BackboneWithFPN, mobilenet_backbone
from torchvision.models.detection.retinanet import RetinaNetHead as TorchvisionRetinaNetHead

from plugtrain.components import FPN, ResNetBackbone
from plugtrain.components.heads import FCOSHead, RetinaNetHead
from plugtrain.errors import CompatibilityError
from plugtrain.interop import from_torchvision
from plugtrain.models import Detector, TwoStageDetector
from plugtrain.structures import Detections
from tests.detection_helpers import (
    assert_same_detection_sets,
    floats,
    ints,
    liven_head,
    synthetic_targets,
    torchvision_detector,
)

SIZES = [(150, 200), (180, 140)]


def _images() -> list[Tensor]:
    generator = torch.Generator().manual_seed(7)
    return [torch.rand((3, h, w), generator=generator) for h, w in SIZES]


def assert_same_detections(
    model: nn.Module,
    detector: Detector | TwoStageDetector,
    images: list[Tensor],
    *,
    label_offset: int = 0,
) -> list[Detections]:
    """Same detections as sets: labels (plugtrain's + ``label_offset`` = torchvision's)
    equal, boxes within 1e-3, scores within 1e-4, in any order among near-tied scores (two
    implementations need not order ties alike); returns the detections."""
    model.eval()
    detector.eval()
    with torch.no_grad():
        expected = model(images)
        found: list[Detections] = detector(images)
    assert len(found) == len(expected)
    for ours, theirs in zip(found, expected, strict=True):
        assert len(ours) == len(theirs["labels"])
        torch.testing.assert_close(ours.scores, theirs["scores"], atol=1e-4, rtol=0)
        ours_shifted = Detections(
            boxes=ours.boxes, scores=ours.scores, labels=ours.labels + label_offset
        )
        reference = Detections(
            boxes=theirs["boxes"], scores=theirs["scores"], labels=theirs["labels"]
        )
        matched = assert_same_detection_sets(
            ours_shifted, reference, box_atol=1e-3, score_atol=1e-4
        )
        assert matched > 0 or len(ours) == 0
    return found


@pytest.mark.parametrize("kind", ["fcos", "retinanet"])
def test_resnet18_fpn_detections_equal_torchvision(kind: Literal["fcos", "retinanet"]) -> None:
    model = torchvision_detector(kind, num_classes=5, detections_per_img=50)
    liven_head(model)
    detector = from_torchvision(model)
    found = assert_same_detections(model, detector, _images())
    assert [len(d) for d in found] == [50, 50]  # both images are full


def test_retinanet_v2_resnet50_detections_equal_torchvision() -> None:
    # GroupNorm head, GIoU loss, P6/P7 from C5
    model = retinanet_resnet50_fpn_v2(
        weights=None, weights_backbone=None, num_classes=7, min_size=64, max_size=96
    )
    liven_head(model, std=0.01)
    detector = from_torchvision(model)
    assert isinstance(detector.head, RetinaNetHead)
    assert detector.head.norm == "gn"
    assert detector.head.box_loss == "giou"
    assert isinstance(detector.neck, FPN)
    assert detector.neck.extra_source == "c5"
    assert all(len(d) > 0 for d in assert_same_detections(model, detector, _images()))


def test_settings_are_carried_over() -> None:
    model = fcos_resnet50_fpn(
        weights=None,
        weights_backbone=None,
        num_classes=3,
        min_size=64,
        max_size=96,
        score_thresh=0.3,
        nms_thresh=0.4,
        detections_per_img=17,
        topk_candidates=33,
        center_sampling_radius=2.0,
        image_mean=[0.1, 0.2, 0.3],
        image_std=[0.4, 0.5, 0.6],
    )
    detector = from_torchvision(model.eval())
    assert (detector.min_size, detector.max_size) == (64, 96)
    assert detector.score_threshold == pytest.approx(0.3)
    assert detector.nms_iou_threshold == pytest.approx(0.4)
    assert (detector.max_detections, detector.topk_candidates) == (17, 33)
    assert floats(detector.image_mean) == pytest.approx([0.1, 0.2, 0.3])
    assert floats(detector.image_std) == pytest.approx([0.4, 0.5, 0.6])
    assert isinstance(detector.head, FCOSHead)
    assert detector.head.center_sampling_radius == 2.0
    assert detector.head.anchor_grid.sizes == ((8,), (16,), (32,), (64,), (128,))
    assert detector.num_classes == 3
    assert not detector.training


def test_weights_are_copied_not_shared() -> None:
    model = torchvision_detector("fcos")
    detector = from_torchvision(model)
    assert isinstance(detector.backbone, ResNetBackbone)
    assert isinstance(model.backbone, BackboneWithFPN)
    ours, theirs = detector.backbone.conv1, model.backbone.body["conv1"]
    assert isinstance(ours, nn.Conv2d)
    assert isinstance(theirs, nn.Conv2d)
    assert torch.equal(ours.weight, theirs.weight)
    with torch.no_grad():
        next(detector.head.parameters()).add_(1.0)
        ours.weight.add_(1.0)
    assert not torch.equal(next(detector.head.parameters()), next(model.head.parameters()))
    assert not torch.equal(ours.weight, theirs.weight)


def test_frozen_stages_and_mode_are_carried_over() -> None:
    model = torchvision_detector("retinanet", trainable_layers=3).train()
    detector = from_torchvision(model)
    assert detector.training
    assert isinstance(detector.backbone, ResNetBackbone)
    assert detector.backbone.frozen_stages == 2  # stem and layer1, as trainable_layers=3
    frozen = {n for n, p in detector.backbone.named_parameters() if not p.requires_grad}
    assert isinstance(model.backbone, BackboneWithFPN)
    expected = {n for n, p in model.backbone.body.named_parameters() if not p.requires_grad}
    assert frozen == expected


@pytest.mark.parametrize("kind", ["fcos", "retinanet"])
def test_losses_equal_torchvision(kind: Literal["fcos", "retinanet"]) -> None:
    model = torchvision_detector(kind, num_classes=5)
    liven_head(model, std=0.02)
    detector = from_torchvision(model)
    images = _images()
    targets = synthetic_targets(SIZES, num_classes=5, boxes_per_image=[3, 0], seed=5)
    model.train()
    detector.train()
    expected = model(images, [{"boxes": t.boxes, "labels": t.labels} for t in targets])
    found = detector.loss(images, targets)
    names = {
        "classification": "classification",
        "box_regression": "bbox_regression",
        "centerness": "bbox_ctrness",
    }
    assert set(found.terms) == {n for n, t in names.items() if t in expected}
    for ours, theirs in names.items():
        if theirs in expected:
            torch.testing.assert_close(found.terms[ours], expected[theirs], rtol=1e-4, atol=1e-5)


def test_labels_map_one_to_one() -> None:
    model = torchvision_detector("retinanet", num_classes=4)
    assert isinstance(model.head, TorchvisionRetinaNetHead)
    logits = model.head.classification_head.cls_logits
    assert logits.out_channels == 9 * 4  # one logit per class and anchor: no background
    assert logits.bias is not None
    with torch.no_grad():  # make class 3 (the last logit) win everywhere
        logits.bias.copy_(torch.tensor([-9.0, -9.0, -9.0, 3.0] * 9))
    detector = from_torchvision(model)
    assert detector.num_classes == 4
    found = assert_same_detections(model, detector, _images())
    assert set(ints(torch.cat([d.labels for d in found]))) == {3}


def test_unsupported_models_are_refused_clearly() -> None:
    with pytest.raises(CompatibilityError, match="it is a Linear") as raised:
        from_torchvision(nn.Linear(2, 2))
    assert "pass a torchvision.models.detection.FCOS, RetinaNet or FasterRCNN instance" in str(
        raised.value
    )
    faster = fasterrcnn_mobilenet_v3_large_320_fpn(weights=None, weights_backbone=None)
    with pytest.raises(CompatibilityError, match="its backbone body is not a torchvision ResNet"):
        from_torchvision(faster)
    backbone = mobilenet_backbone(
        backbone_name="mobilenet_v3_small", weights=None, fpn=False, trainable_layers=6
    )
    model = FCOS(backbone, num_classes=3)
    with pytest.raises(
        CompatibilityError, match="its backbone is a Sequential, not a BackboneWithFPN"
    ):
        from_torchvision(model)
