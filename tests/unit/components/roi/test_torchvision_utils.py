"""Pins the private torchvision detection utilities the two-stage parts rely on.

``torchvision.models.detection._utils`` is not public API; these tests fail if a
torchvision release changes what plugtrain uses of it: the sampler's per-image binary masks
and their use of torch's generator, and the box coder's layout for several classes.
"""

import torch
from torchvision.models.detection._utils import BalancedPositiveNegativeSampler, BoxCoder

from plugtrain._seed import seed_everything


def test_sampler_gives_per_image_masks_of_the_asked_size() -> None:
    labels = [
        torch.tensor([1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, -1.0]),
        torch.tensor([0.0, 0.0, -1.0]),
    ]
    sampler = BalancedPositiveNegativeSampler(4, 0.5)
    seed_everything(0)
    positive, negative = sampler(labels)
    assert [p.dtype for p in positive] == [torch.uint8, torch.uint8]
    assert [int(p.sum()) for p in positive] == [2, 0]  # half of 4, none in image 1
    assert [int(n.sum()) for n in negative] == [2, 2]  # the rest; image 1 has only 2
    assert int(positive[0][3:].sum()) == 0  # only labels >= 1 are positive
    assert int(negative[0][7]) == 0  # -1 is never sampled
    seed_everything(0)
    again, _ = sampler(labels)
    assert torch.equal(again[0], positive[0])  # drawn from torch's global generator


def test_box_coder_decodes_per_class_columns() -> None:
    coder = BoxCoder(weights=(10.0, 10.0, 5.0, 5.0))
    proposals = torch.tensor([[10.0, 10.0, 30.0, 50.0]])
    boxes = torch.tensor([[12.0, 8.0, 28.0, 56.0]])
    deltas = coder.encode_single(boxes, proposals)
    two_classes = torch.cat([torch.zeros(1, 4), deltas], dim=1)  # (1, 4 * 2)
    decoded = coder.decode_single(two_classes, proposals)
    assert decoded.shape == (1, 8)
    torch.testing.assert_close(decoded[:, :4], proposals)
    torch.testing.assert_close(decoded[:, 4:], boxes)
