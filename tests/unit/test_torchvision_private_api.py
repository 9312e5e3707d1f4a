"""What plugtrain relies on from torchvision's private API, pinned inputs -> outputs.

``torchvision.models.detection._utils`` (``BoxCoder``, ``BoxLinearCoder``, ``Matcher``) has
no public equivalent; plugtrain's heads and losses use it so that their boxes and match codes
are torchvision's. ``from_torchvision`` reads ``RetinaNetRegressionHead._loss_type`` and
``BackboneWithFPN.body.return_layers`` (a ``torchvision.models._utils`` class). A torchvision
release that changes any of these fails here, by name, instead of shifting detections.
The expected values are worked out by hand from the box parametrisations, not read back from
torchvision.
"""

import math

import pytest
import torch
from torch import nn
from torchvision.models.detection._utils import BoxCoder, BoxLinearCoder, Matcher
from torchvision.models.detection.backbone_utils import resnet_fpn_backbone
from torchvision.models.detection.retinanet import RetinaNetHead, retinanet_resnet50_fpn_v2

_ANCHOR = torch.tensor([[0.0, 0.0, 8.0, 8.0]])  # centre (4, 4), 8 x 8


def test_box_linear_coder_encodes_centre_distances_over_anchor_size() -> None:
    """FCOS targets: (left, top, right, bottom) from the anchor centre, divided by its size."""
    coder = BoxLinearCoder(normalize_by_size=True)
    box = torch.tensor([[2.0, 1.0, 10.0, 7.0]])
    codes = coder.encode(_ANCHOR, box)
    torch.testing.assert_close(codes, torch.tensor([[2 / 8, 3 / 8, 6 / 8, 3 / 8]]))
    torch.testing.assert_close(coder.decode(codes, _ANCHOR), box)


def test_box_coder_encodes_rcnn_deltas_with_unit_weights() -> None:
    """RetinaNet deltas: centre shift over anchor size, log of the size ratio."""
    coder = BoxCoder(weights=(1.0, 1.0, 1.0, 1.0))
    assert coder.weights == (1.0, 1.0, 1.0, 1.0)
    box = torch.tensor([[2.0, 2.0, 18.0, 10.0]])  # centre (10, 6), 16 x 8
    deltas = coder.encode_single(box, _ANCHOR)  # (boxes, anchors): this order
    torch.testing.assert_close(deltas, torch.tensor([[6 / 8, 2 / 8, math.log(2.0), 0.0]]))
    torch.testing.assert_close(coder.decode_single(deltas, _ANCHOR), box)


def test_box_coder_clamps_size_deltas_at_log_1000_over_16() -> None:
    """A huge width delta decodes to at most 1000/16 times the anchor, not to inf."""
    coder = BoxCoder(weights=(1.0, 1.0, 1.0, 1.0))
    assert coder.bbox_xform_clip == pytest.approx(math.log(1000.0 / 16))
    decoded = coder.decode_single(torch.tensor([[0.0, 0.0, 50.0, 0.0]]), _ANCHOR)
    width = float(decoded[0, 2] - decoded[0, 0])
    assert width == pytest.approx(8 * 1000 / 16)


def test_matcher_codes_for_unmatched_anchors() -> None:
    """-1 below the low threshold, -2 between the thresholds, else the box index."""
    assert (Matcher.BELOW_LOW_THRESHOLD, Matcher.BETWEEN_THRESHOLDS) == (-1, -2)
    matcher = Matcher(0.5, 0.4, allow_low_quality_matches=False)
    quality = torch.tensor([[0.3, 0.45, 0.1], [0.2, 0.1, 0.9]])  # [boxes, anchors]
    torch.testing.assert_close(matcher(quality), torch.tensor([-1, -2, 1]))


def test_retinanet_regression_head_names_its_box_loss() -> None:
    """``_loss_type`` is 'l1' by default and 'giou' in the v2 builder."""
    head = RetinaNetHead(in_channels=8, num_anchors=1, num_classes=2)
    assert head.regression_head._loss_type == "l1"
    model = retinanet_resnet50_fpn_v2(weights=None, weights_backbone=None, num_classes=2)
    tv_head = model.head
    assert isinstance(tv_head, RetinaNetHead)
    assert tv_head.regression_head._loss_type == "giou"


def test_backbone_with_fpn_body_maps_resnet_stages_to_fpn_inputs() -> None:
    """``body`` holds the ResNet up to layer4 and maps each returned stage to an FPN key."""
    backbone = resnet_fpn_backbone(
        backbone_name="resnet18", weights=None, returned_layers=[2, 3, 4]
    )
    body = backbone.body
    assert isinstance(body, nn.ModuleDict)
    assert list(body.keys()) == [
        "conv1",
        "bn1",
        "relu",
        "maxpool",
        "layer1",
        "layer2",
        "layer3",
        "layer4",
    ]
    assert body.return_layers == {"layer2": "0", "layer3": "1", "layer4": "2"}
