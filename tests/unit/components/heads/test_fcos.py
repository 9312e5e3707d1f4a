"""FCOSHead: torchvision's layout and loss, batched; argument and wiring errors."""

from types import SimpleNamespace
from typing import cast

import pytest
import torch
from torch import Tensor
from torchvision.models.detection import FCOS
from torchvision.models.detection.fcos import FCOSHead as TorchvisionFCOSHead

from plugtrain.components.heads import FCOSHead, HeadOutputs
from plugtrain.errors import CompatibilityError, ShapeError
from plugtrain.ops import AnchorSet, TargetBatch
from plugtrain.structures import FeatureSpec
from tests.detection_helpers import synthetic_targets
from tests.unit.components.heads.argument_errors import refuses

SPEC = FeatureSpec.of(("P3", 64, 8), ("P4", 64, 16), ("P5", 64, 32))
GRID = [(8, 10), (4, 5), (2, 3)]
IMAGE = (64, 80)
CPU = torch.device("cpu")


def _features(batch: int = 2) -> list[Tensor]:
    return [torch.randn(batch, 64, h, w) for h, w in GRID]


def _anchors(head: FCOSHead) -> AnchorSet:
    return head.make_anchors(grid_sizes=GRID, image_size=IMAGE, dtype=torch.float32, device=CPU)


def _paired_heads() -> tuple[FCOSHead, TorchvisionFCOSHead]:
    ours = FCOSHead(in_spec=SPEC, num_classes=4, num_convs=2)
    theirs = TorchvisionFCOSHead(64, 1, 4, num_convs=2)
    with torch.no_grad():  # spread the predictions so the loss has real gradients
        for parameter in theirs.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.05)
    ours.load_state_dict(theirs.state_dict())  # same names: loads strictly
    return ours, theirs


def test_torchvision_state_dict_loads_and_outputs_match() -> None:
    ours, theirs = _paired_heads()
    assert set(ours.state_dict()) == set(theirs.state_dict())
    features = _features()
    outputs = ours(features)
    expected = theirs(features)
    torch.testing.assert_close(torch.cat(outputs.class_logits, dim=1), expected["cls_logits"])
    torch.testing.assert_close(
        torch.cat(outputs.box_regression, dim=1), expected["bbox_regression"]
    )
    torch.testing.assert_close(torch.cat(outputs.centerness, dim=1), expected["bbox_ctrness"])
    assert [t.shape[1] for t in outputs.class_logits] == [h * w for h, w in GRID]


def _torchvision_loss(
    head: TorchvisionFCOSHead, features: list[Tensor], anchors: AnchorSet, targets: TargetBatch
) -> dict[str, Tensor]:
    fake = SimpleNamespace(center_sampling_radius=1.5, head=head)
    per_image = [
        {"boxes": boxes[valid], "labels": labels[valid]}
        for boxes, labels, valid in zip(targets.boxes, targets.labels, targets.valid, strict=True)
    ]
    return FCOS.compute_loss(
        cast(FCOS, fake), per_image, head(features), [anchors.boxes] * 2, list(anchors.per_level)
    )


@pytest.mark.parametrize("boxes_per_image", [[3, 5], [0, 4], [0, 0]])
def test_loss_equals_torchvision(boxes_per_image: list[int]) -> None:
    ours, theirs = _paired_heads()
    features = _features()
    anchors = _anchors(ours)
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=4, boxes_per_image=boxes_per_image)
    )
    found = ours.loss(ours(features), anchors, targets)
    expected = _torchvision_loss(theirs, features, anchors, targets)
    names = {
        "classification": "classification",
        "box_regression": "bbox_regression",
        "centerness": "bbox_ctrness",
    }
    for ours_name, theirs_name in names.items():
        torch.testing.assert_close(
            found.terms[ours_name], expected[theirs_name], rtol=1e-5, atol=1e-6
        )


def test_empty_targets_train() -> None:
    head = FCOSHead(in_spec=SPEC, num_classes=4, num_convs=1)
    features = _features()
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=4, boxes_per_image=[0, 0])
    )
    loss = head.loss(head(features), _anchors(head), targets)
    assert torch.isfinite(loss.total)
    assert loss.terms["box_regression"].item() == 0.0
    torch.autograd.backward(loss.total)
    gradients = [p.grad for p in head.parameters() if p.grad is not None]
    assert gradients
    assert all(torch.isfinite(g).all() for g in gradients)


def test_candidates_are_scored_clipped_and_limited() -> None:
    head = FCOSHead(in_spec=SPEC, num_classes=4, num_convs=1)
    outputs = head(_features())
    sizes = torch.tensor([[64, 80], [40, 30]])
    candidates = head.candidates(
        outputs, _anchors(head), image_sizes=sizes, score_threshold=0.0, topk_candidates=7
    )
    assert len(candidates) == 2 * 3 * 7  # 7 per level and image
    assert ((candidates.scores > 0) & (candidates.scores <= 1)).all()
    small = candidates.boxes[candidates.images == 1]
    assert (small[:, 0::2] <= 30).all()
    assert (small[:, 1::2] <= 40).all()
    assert ((candidates.labels >= 0) & (candidates.labels < 4)).all()


def test_norm_none_keeps_torchvision_indices() -> None:
    head = FCOSHead(in_spec=SPEC, num_classes=2, num_convs=2, norm="none")
    keys = set(head.state_dict())
    assert "classification_head.conv.3.weight" in keys
    assert not any(".conv.1." in key for key in keys)
    assert head(_features(1)).class_logits[0].shape == (1, 80, 2)


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ({"num_classes": 0}, "a positive int, the number of foreground classes"),
        ({"num_convs": -1}, "an int >= 0, the 3x3 convolutions of each tower"),
        ({"norm": "bn"}, "'gn' or 'none'"),
        ({"anchor_sizes": (8, 16)}, "3 levels of anchor sizes, one per level"),
        ({"anchor_sizes": (8, 0, 32)}, "3 positive ints, one per level"),
        ({"center_sampling_radius": 0.0}, "a positive number of anchor sizes"),
        ({"prior_probability": 1.0}, "a number strictly between 0 and 1"),
    ],
)
def test_wrong_arguments(options: dict[str, object], text: str) -> None:
    arguments: dict[str, object] = {"in_spec": SPEC, "num_classes": 3, **options}
    argument = next(iter(options))
    with refuses("FCOSHead", argument, text):
        FCOSHead(**arguments)  # type: ignore[arg-type]  # wrong values on purpose


def test_group_norm_needs_channels_divisible_by_32() -> None:
    spec = FeatureSpec.of(("P3", 48, 8), ("P4", 48, 16))
    with refuses("FCOSHead", "norm", "channels divisible by 32 and at least 64"):
        FCOSHead(in_spec=spec, num_classes=3)
    with refuses("FCOSHead", "norm", "or pass norm='none'"):
        FCOSHead(in_spec=FeatureSpec.of(("P3", 32, 8)), num_classes=3)


def test_levels_of_different_channels_need_a_neck() -> None:
    spec = FeatureSpec.of(("C3", 32, 8), ("C4", 64, 16))
    with pytest.raises(CompatibilityError, match="FCOSHead needs the same channel count") as raised:
        FCOSHead(in_spec=spec, num_classes=3)
    assert "C3(32ch, stride 8), C4(64ch, stride 16)" in str(raised.value)
    assert "put a neck" in str(raised.value)


def test_features_that_do_not_fit_raise_shape_error() -> None:
    head = FCOSHead(in_spec=SPEC, num_classes=3, num_convs=1)
    with pytest.raises(ShapeError, match="level P4 has 16 channels, FCOSHead was built for 64"):
        head([torch.randn(1, 64, 8, 8), torch.randn(1, 16, 4, 4), torch.randn(1, 64, 2, 2)])
    with pytest.raises(ShapeError, match="got 2 feature maps"):
        head([torch.randn(1, 64, 8, 8), torch.randn(1, 64, 4, 4)])


def test_outputs_check_their_shapes() -> None:
    with pytest.raises(ShapeError, match="box_regression"):
        HeadOutputs(class_logits=(torch.zeros(2, 5, 3),), box_regression=(torch.zeros(2, 5, 3),))


def test_anchors_and_targets_must_fit_the_outputs() -> None:
    head = FCOSHead(in_spec=SPEC, num_classes=4, num_convs=1)
    outputs = head(_features())
    other = head.make_anchors(
        grid_sizes=[(4, 5), (2, 3), (1, 2)], image_size=(32, 40), dtype=torch.float32, device=CPU
    )
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=4, boxes_per_image=[1, 1])
    )
    with pytest.raises(
        ShapeError, match=r"the outputs have \(80, 20, 6\) rows per level, the anchors \(20, 6, 2\)"
    ):
        head.loss(outputs, other, targets)
    with pytest.raises(ShapeError, match="make_anchors"):
        head.candidates(
            outputs,
            other,
            image_sizes=torch.tensor([[64, 80], [64, 80]]),
            score_threshold=0.1,
            topk_candidates=5,
        )
    one_image = TargetBatch.of(synthetic_targets([IMAGE], num_classes=4, boxes_per_image=[1]))
    with pytest.raises(ShapeError, match="a TargetBatch of 2 images"):
        head.loss(outputs, _anchors(head), one_image)



def test_the_distances_start_at_one_anchor_size() -> None:
    head = FCOSHead(in_spec=SPEC, num_classes=4, num_convs=2)
    bias = head.regression_head.bbox_reg.bias
    assert bias is not None
    torch.testing.assert_close(bias.detach(), torch.ones(4))
    anchors = _anchors(head)
    distances = torch.cat(head(_features()).box_regression, dim=1)
    assert bool((distances > 0).all())  # boxes, not points: every distance has a gradient
    widths = head.decode(distances[0], anchors.boxes)
    assert bool((widths[:, 2] > widths[:, 0]).all())
