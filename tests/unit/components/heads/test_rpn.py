"""RPNHead: torchvision's RPN proposals and losses, batched; spec and argument errors."""

import pytest
import torch
from torch import Tensor
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.rpn import RegionProposalNetwork

from plugtrain._seed import seed_everything
from plugtrain.components.heads import RPNHead, RPNOutputs, TrainTest
from plugtrain.errors import CompatibilityError, ShapeError
from plugtrain.ops import AnchorSet, TargetBatch
from plugtrain.structures import FeatureSpec
from tests.detection_helpers import synthetic_targets
from tests.unit.components.heads.argument_errors import refuses

SPEC = FeatureSpec.of(("P3", 16, 8), ("P4", 16, 16), ("P5", 16, 32))
GRID = [(8, 10), (4, 5), (2, 3)]
IMAGE = (64, 80)
SIZES = torch.tensor([[64, 80], [50, 60]])
CPU = torch.device("cpu")


def _rpn(**options: object) -> RPNHead:
    seed_everything(0)
    arguments: dict[str, object] = {
        "in_spec": SPEC,
        "anchor_sizes": ((16,), (32,), (64,)),
        "pre_nms_top_n": TrainTest(training=50, testing=30),
        "post_nms_top_n": TrainTest(training=40, testing=20),
        **options,
    }
    rpn = RPNHead(**arguments)  # type: ignore[arg-type]  # options of several types
    with torch.no_grad():  # spread the objectness so that NMS and top-k have work
        rpn.head.cls_logits.weight.normal_(0.0, 0.3)
        rpn.head.bbox_pred.weight.normal_(0.0, 0.05)
    return rpn


def _features() -> list[Tensor]:
    generator = torch.Generator().manual_seed(1)
    return [torch.randn(2, 16, h, w, generator=generator) for h, w in GRID]


def _anchors(rpn: RPNHead) -> AnchorSet:
    return rpn.make_anchors(grid_sizes=GRID, image_size=IMAGE, dtype=torch.float32, device=CPU)


def _torchvision(rpn: RPNHead) -> RegionProposalNetwork:
    generator = AnchorGenerator(((16,), (32,), (64,)), ((0.5, 1.0, 2.0),) * 3)
    return RegionProposalNetwork(
        generator,
        rpn.head,
        0.7,
        0.3,
        256,
        0.5,
        {"training": 50, "testing": 30},
        {"training": 40, "testing": 20},
        0.7,
    )


@pytest.mark.parametrize("training", [False, True])
def test_proposals_equal_torchvision(training: bool) -> None:
    rpn = _rpn().train(training)
    theirs = _torchvision(rpn).train(training)
    features = _features()
    outputs = rpn(features)
    anchors = _anchors(rpn)
    assert [t.shape for t in outputs.objectness] == [(2, 240, 1), (2, 60, 1), (2, 18, 1)]
    found = rpn.proposals(outputs, anchors, image_sizes=SIZES)
    logits, deltas = theirs.head(features)
    objectness = torch.cat([o.permute(0, 2, 3, 1).reshape(2, -1) for o in logits], dim=1)
    decoded = theirs.box_coder.decode_single(
        torch.cat(outputs.box_deltas, dim=1).reshape(-1, 4), anchors.boxes.repeat(2, 1)
    ).reshape(2, -1, 4)
    sizes = [(64, 80), (50, 60)]
    expected, _ = theirs.filter_proposals(decoded, objectness, sizes, list(anchors.per_level))
    assert deltas[0].shape == (2, 12, 8, 10)
    assert [len(p) for p in found] == [len(p) for p in expected]
    assert max(len(p) for p in found) <= (40 if training else 20)
    for ours, tv in zip(found, expected, strict=True):
        torch.testing.assert_close(ours, tv)


def test_loss_equals_torchvision() -> None:
    rpn = _rpn().train()
    theirs = _torchvision(rpn).train()
    features = _features()
    anchors = _anchors(rpn)
    targets = synthetic_targets([IMAGE, IMAGE], num_classes=3, boxes_per_image=[2, 0], seed=2)
    seed_everything(5)
    loss = rpn.loss(rpn(features), anchors, TargetBatch.of(targets))
    seed_everything(5)
    per_image = [{"boxes": t.boxes} for t in targets]
    labels, matched = theirs.assign_targets_to_anchors([anchors.boxes] * 2, per_image)
    wanted = theirs.box_coder.encode(matched, [anchors.boxes] * 2)
    outputs = rpn(features)
    objectness, box = theirs.compute_loss(
        torch.cat(outputs.objectness, dim=1).reshape(-1, 1),
        torch.cat(outputs.box_deltas, dim=1).reshape(-1, 4),
        labels,
        list(wanted),
    )
    assert set(loss.terms) == {"rpn_objectness", "rpn_box"}
    torch.testing.assert_close(loss.terms["rpn_objectness"], objectness, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(loss.terms["rpn_box"], box, rtol=1e-5, atol=1e-6)


def test_outputs_and_anchors_must_fit() -> None:
    rpn = _rpn()
    outputs = rpn(_features())
    other = rpn.make_anchors(
        grid_sizes=[(4, 5), (2, 3), (1, 2)], image_size=(32, 40), dtype=torch.float32, device=CPU
    )
    with pytest.raises(ShapeError, match="make_anchors"):
        rpn.proposals(outputs, other, image_sizes=SIZES)
    with pytest.raises(ShapeError, match="level P4 has 8 channels, RPNHead was built for 16"):
        rpn([torch.randn(1, 16, 8, 8), torch.randn(1, 8, 4, 4), torch.randn(1, 16, 2, 2)])
    assert isinstance(outputs, RPNOutputs)


def test_levels_of_different_channels_need_a_neck() -> None:
    spec = FeatureSpec.of(("C3", 32, 8), ("C4", 64, 16))
    with pytest.raises(CompatibilityError, match="RPNHead needs the same channel count"):
        RPNHead(in_spec=spec)


@pytest.mark.parametrize(
    ("options", "argument", "text"),
    [
        ({"anchor_sizes": ((16,), (32,))}, "anchor_sizes", "3 sequences of sizes"),
        ({"anchor_sizes": ((16,), (0,), (64,))}, "anchor_sizes", "positive ints"),
        ({"aspect_ratios": (1.0, -2.0)}, "aspect_ratios", "positive height/width ratios"),
        ({"conv_depth": 0}, "conv_depth", "a positive int"),
        ({"fg_iou_threshold": 0.2}, "fg_iou_threshold", "0 <= bg_iou_threshold"),
        ({"positive_fraction": 1.5}, "positive_fraction", "strictly between 0 and 1"),
        ({"batch_size_per_image": 0}, "batch_size_per_image", "a positive int"),
        ({"pre_nms_top_n": TrainTest(0, 10)}, "pre_nms_top_n", "of positive ints"),
        ({"nms_threshold": 1.5}, "nms_threshold", "nms_threshold in [0, 1]"),
    ],
)
def test_wrong_arguments(options: dict[str, object], argument: str, text: str) -> None:
    with refuses("RPNHead", argument, text):
        RPNHead(in_spec=SPEC, **options)  # type: ignore[arg-type]  # wrong values on purpose
