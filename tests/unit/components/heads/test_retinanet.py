"""RetinaNetHead: torchvision's layout, anchors and loss, batched; argument errors."""

from functools import partial
from types import SimpleNamespace
from typing import cast

import pytest
import torch
from torch import Tensor, nn
from torchvision.models.detection import RetinaNet
from torchvision.models.detection._utils import Matcher
from torchvision.models.detection.retinanet import RetinaNetHead as TorchvisionRetinaNetHead
from torchvision.models.detection.retinanet import _default_anchorgen  # pyright: ignore[reportPrivateUsage]  # the oracle

from plugtrain.components.heads import RetinaNetHead, default_retinanet_anchor_sizes
from plugtrain.errors import ArgumentError, CompatibilityError
from plugtrain.losses import BoxLoss
from plugtrain.ops import AnchorSet, TargetBatch
from plugtrain.structures import FeatureSpec
from tests.detection_helpers import synthetic_targets

SPEC = FeatureSpec.of(("P3", 64, 8), ("P4", 64, 16), ("P5", 64, 32))
GRID = [(8, 10), (4, 5), (2, 3)]
IMAGE = (64, 80)
CPU = torch.device("cpu")
SIZES = ((16, 20, 25), (32, 40, 50), (64, 80, 101))


def _features(batch: int = 2) -> list[Tensor]:
    return [torch.randn(batch, 64, h, w) for h, w in GRID]


def _anchors(head: RetinaNetHead) -> AnchorSet:
    return head.make_anchors(grid_sizes=GRID, image_size=IMAGE, dtype=torch.float32, device=CPU)


def _paired_heads(
    box_loss: BoxLoss = "l1", norm: bool = False
) -> tuple[RetinaNetHead, TorchvisionRetinaNetHead]:
    ours = RetinaNetHead(
        in_spec=SPEC,
        num_classes=4,
        anchor_sizes=SIZES,
        box_loss=box_loss,
        norm="gn" if norm else "none",
    )
    theirs = TorchvisionRetinaNetHead(
        64, 9, 4, norm_layer=partial(nn.GroupNorm, 32) if norm else None
    )
    theirs.regression_head._loss_type = box_loss  # as retinanet_resnet50_fpn_v2 does
    with torch.no_grad():
        for parameter in theirs.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.05)
    ours.load_state_dict(theirs.state_dict())
    return ours, theirs


@pytest.mark.parametrize("norm", [False, True])
def test_torchvision_state_dict_loads_and_outputs_match(norm: bool) -> None:
    ours, theirs = _paired_heads(norm=norm)
    assert set(ours.state_dict()) == set(theirs.state_dict())
    features = _features()
    outputs = ours(features)
    expected = theirs(features)
    torch.testing.assert_close(torch.cat(outputs.class_logits, dim=1), expected["cls_logits"])
    torch.testing.assert_close(
        torch.cat(outputs.box_regression, dim=1), expected["bbox_regression"]
    )
    assert outputs.centerness == ()


def test_default_anchors_are_torchvisions() -> None:
    strides = (8, 16, 32, 64, 128)
    generator = _default_anchorgen()
    assert default_retinanet_anchor_sizes(strides) == generator.sizes
    spec = FeatureSpec.of(*((f"P{i + 3}", 32, s) for i, s in enumerate(strides)))
    head = RetinaNetHead(in_spec=spec, num_classes=2, num_convs=1)
    assert head.anchor_grid.sizes == generator.sizes
    assert head.anchor_grid.aspect_ratios == generator.aspect_ratios
    assert head.anchors_per_location == (9,) * 5


def _torchvision_loss(
    head: TorchvisionRetinaNetHead, features: list[Tensor], anchors: AnchorSet, targets: TargetBatch
) -> dict[str, Tensor]:
    fake = SimpleNamespace(
        proposal_matcher=Matcher(0.5, 0.4, allow_low_quality_matches=True), head=head
    )
    per_image = [
        {"boxes": boxes[valid], "labels": labels[valid]}
        for boxes, labels, valid in zip(targets.boxes, targets.labels, targets.valid, strict=True)
    ]
    return RetinaNet.compute_loss(
        cast(RetinaNet, fake), per_image, head(features), [anchors.boxes] * 2
    )


@pytest.mark.parametrize("box_loss", ["l1", "smooth_l1", "giou"])
@pytest.mark.parametrize("boxes_per_image", [[3, 5], [0, 4], [0, 0]])
def test_loss_equals_torchvision(box_loss: BoxLoss, boxes_per_image: list[int]) -> None:
    ours, theirs = _paired_heads(box_loss)
    features = _features()
    anchors = _anchors(ours)
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=4, boxes_per_image=boxes_per_image, seed=3)
    )
    found = ours.loss(ours(features), anchors, targets)
    expected = _torchvision_loss(theirs, features, anchors, targets)
    torch.testing.assert_close(found.terms["classification"], expected["classification"])
    torch.testing.assert_close(found.terms["box_regression"], expected["bbox_regression"])


def test_empty_targets_train() -> None:
    head = RetinaNetHead(in_spec=SPEC, num_classes=4, num_convs=1, anchor_sizes=SIZES)
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=4, boxes_per_image=[0, 2])
    )
    loss = head.loss(head(_features()), _anchors(head), targets)
    assert torch.isfinite(loss.total)
    torch.autograd.backward(loss.total)
    assert all(torch.isfinite(p.grad).all() for p in head.parameters() if p.grad is not None)


def test_candidates_use_the_score_threshold() -> None:
    head = RetinaNetHead(in_spec=SPEC, num_classes=4, num_convs=1, anchor_sizes=SIZES)
    outputs = head(_features())
    sizes = torch.tensor([[64, 80], [64, 80]])
    # random init: every score is about sigmoid(-4.6) = 0.01
    assert (
        len(
            head.candidates(
                outputs,
                _anchors(head),
                image_sizes=sizes,
                score_threshold=0.05,
                topk_candidates=100,
            )
        )
        == 0
    )
    loose = head.candidates(
        outputs, _anchors(head), image_sizes=sizes, score_threshold=0.005, topk_candidates=100
    )
    assert len(loose) == 2 * 3 * 100
    assert (loose.scores > 0.005).all()


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ({"anchor_sizes": ((16,), (32,))}, "RetinaNetHead: argument 'anchor_sizes'"),
        ({"anchor_sizes": ((16,), (32, 40), (64,))}, "same number of sizes x aspect ratios"),
        ({"aspect_ratios": (0.5, -1.0)}, "RetinaNetHead: argument 'aspect_ratios'"),
        ({"aspect_ratios": ((1.0,), (1.0,))}, "RetinaNetHead: argument 'aspect_ratios'"),
        ({"box_loss": "ciou"}, "RetinaNetHead: argument 'box_loss'"),
        ({"fg_iou_threshold": 0.3}, "bg_iou_threshold <= fg_iou_threshold"),
        ({"num_classes": 2.5}, "RetinaNetHead: argument 'num_classes'"),
    ],
)
def test_wrong_arguments(options: dict[str, object], text: str) -> None:
    arguments: dict[str, object] = {"in_spec": SPEC, "num_classes": 3, **options}
    with pytest.raises(ArgumentError, match=text):
        RetinaNetHead(**arguments)  # type: ignore[arg-type]  # wrong values on purpose


def test_per_level_aspect_ratios() -> None:
    head = RetinaNetHead(
        in_spec=SPEC,
        num_classes=2,
        num_convs=0,
        anchor_sizes=((16,), (32,), (64,)),
        aspect_ratios=((1.0, 2.0), (0.5, 1.0), (1.0, 3.0)),
    )
    assert head.anchors_per_location == (2, 2, 2)
    assert head(_features(1)).class_logits[0].shape == (1, 80 * 2, 2)


def test_levels_of_different_channels_need_a_neck() -> None:
    spec = FeatureSpec.of(("C3", 32, 8), ("C4", 64, 16))
    with pytest.raises(CompatibilityError, match="RetinaNetHead needs the same channel count"):
        RetinaNetHead(in_spec=spec, num_classes=3)
