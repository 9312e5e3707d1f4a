"""Dense loss terms equal torchvision's per-image computations."""

import pytest
import torch
from torchvision.models.detection._utils import BoxCoder, _box_loss  # pyright: ignore[reportPrivateUsage]  # the oracle
from torchvision.ops import sigmoid_focal_loss

from plugtrain.errors import ShapeError
from plugtrain.losses import BoxLoss, anchor_box_loss, centerness_targets, focal_loss_per_image
from plugtrain.losses import _dense as dense
from tests.detection_helpers import ints


def test_focal_loss_per_image_equals_torchvision_on_one_hot_targets() -> None:
    logits = torch.randn(2, 6, 3)
    labels = torch.tensor([[0, -1, 2, -1, -1, 1], [-1, -1, -1, -1, -1, -1]])
    ignored = torch.zeros(2, 6, dtype=torch.bool)
    ignored[0, 1] = True
    found = focal_loss_per_image([logits[:, :2], logits[:, 2:]], labels, ignored=ignored)
    for image in range(2):
        target = torch.zeros(6, 3)
        for anchor, label in enumerate(ints(labels[image])):
            if label >= 0:
                target[anchor, label] = 1.0
        keep = ~ignored[image]
        expected = sigmoid_focal_loss(logits[image][keep], target[keep], reduction="sum")
        torch.testing.assert_close(found[image], expected)


def test_centerness_targets() -> None:
    distances = torch.tensor([[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 2.0], [1.0, 1.0, 4.0, 1.0]])
    expected = torch.tensor([1.0, (1 / 3) ** 0.5, 0.5])
    torch.testing.assert_close(centerness_targets(distances), expected)


@pytest.mark.parametrize("kind", ["l1", "smooth_l1", "giou"])
def test_anchor_box_loss_sums_to_torchvision_box_loss(kind: BoxLoss) -> None:
    coder = BoxCoder(weights=(1.0, 1.0, 1.0, 1.0))
    anchors = torch.tensor([[0.0, 0.0, 10.0, 10.0], [5.0, 5.0, 25.0, 15.0], [0.0, 0.0, 32.0, 32.0]])
    boxes = torch.tensor([[1.0, 2.0, 11.0, 9.0], [4.0, 6.0, 20.0, 18.0], [3.0, 3.0, 30.0, 28.0]])
    regression = torch.randn(3, 4) * 0.3
    found = anchor_box_loss(kind, coder, regression=regression, anchors=anchors, boxes=boxes)
    assert found.shape == (3,)
    expected = _box_loss(kind, coder, anchors, boxes, regression)
    torch.testing.assert_close(found.sum(), expected)


def test_shapes_are_checked() -> None:
    with pytest.raises(ShapeError, match="the logits have 6 anchors, the labels 5"):
        focal_loss_per_image([torch.randn(2, 6, 3)], torch.zeros(2, 5, dtype=torch.int64))
    with pytest.raises(ShapeError, match="axis 'batch' was bound to 3"):
        focal_loss_per_image([torch.randn(2, 6, 3)], torch.zeros(3, 6, dtype=torch.int64))


def test_blocks_cut_large_levels_and_join_small_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    levels = [torch.randn(2, 7, 3), torch.randn(2, 2, 3), torch.randn(2, 1, 3)]
    labels = torch.randint(-1, 3, (2, 10))
    whole = focal_loss_per_image([torch.cat(levels, dim=1)], labels)
    monkeypatch.setattr(dense, "_BLOCK_ELEMENTS", 2 * 3 * 3)  # 3 anchors per block
    torch.testing.assert_close(focal_loss_per_image(levels, labels), whole)
