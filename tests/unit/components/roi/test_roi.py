"""RoI parts: pooler spec and wiring, box heads, predictor, and the sampler against torchvision."""

from typing import cast

import pytest
import torch
from torch import nn
from torchvision.models.detection.roi_heads import RoIHeads
from torchvision.ops import MultiScaleRoIAlign

from plugtrain._seed import seed_everything
from plugtrain.components.roi import (
    BoxPredictor,
    ConvFCBoxHead,
    PooledSpec,
    ProposalSampler,
    RoIPooler,
    TwoMLPBoxHead,
)
from plugtrain.errors import CompatibilityError, ShapeError
from plugtrain.ops import TargetBatch
from plugtrain.structures import FeatureSpec
from tests.detection_helpers import synthetic_targets
from tests.unit.components.heads.argument_errors import refuses

SPEC = FeatureSpec.of(("P2", 8, 4), ("P3", 8, 8), ("P4", 8, 16), ("P5", 8, 32), ("P6", 8, 64))
IMAGE = (64, 64)


def test_pooler_spec_and_output() -> None:
    pooler = RoIPooler(in_spec=SPEC, levels=("P2", "P3", "P4", "P5"), output_size=5)
    assert pooler.out_spec == PooledSpec(channels=8, height=5, width=5)
    features = [torch.randn(2, 8, 64 // s, 64 // s) for s in (4, 8, 16, 32, 64)]
    boxes = [torch.tensor([[0.0, 0.0, 30.0, 30.0], [5.0, 5.0, 60.0, 50.0]]), torch.zeros(0, 4)]
    pooled = pooler(features, boxes, [IMAGE, IMAGE])
    assert pooled.shape == (2, 8, 5, 5)
    named = dict(zip(SPEC.names, features, strict=True))
    expected = MultiScaleRoIAlign(["P2", "P3", "P4", "P5"], 5, 2)(named, boxes, [IMAGE, IMAGE])
    torch.testing.assert_close(pooled, expected)


def test_pooler_refuses_levels_it_cannot_pool() -> None:
    with pytest.raises(CompatibilityError, match=r"\['P9'\] of them are not produced"):
        RoIPooler(in_spec=SPEC, levels=("P2", "P9"))
    with pytest.raises(CompatibilityError, match="strides double"):
        RoIPooler(in_spec=SPEC, levels=("P2", "P4"))
    mixed = FeatureSpec.of(("C2", 8, 4), ("C3", 16, 8))
    with pytest.raises(CompatibilityError, match="one channel count"):
        RoIPooler(in_spec=mixed)
    with refuses("RoIPooler", "output_size", "a positive int"):
        RoIPooler(in_spec=SPEC, output_size=0)


def test_box_heads_take_their_spec_and_give_their_features() -> None:
    spec = PooledSpec(channels=8, height=7, width=7)
    pooled = torch.randn(3, 8, 7, 7)
    mlp = TwoMLPBoxHead(in_spec=spec, representation_size=32)
    conv = ConvFCBoxHead(in_spec=spec, conv_layers=(8, 8), fc_layers=(16,))
    assert mlp(pooled).shape == (3, 32)
    assert mlp.out_features == 32
    assert conv(pooled).shape == (3, 16)
    assert conv.out_features == 16
    assert set(conv.layers.state_dict()) >= {"0.0.weight", "0.1.running_mean", "3.weight"}
    with pytest.raises(ShapeError, match="the head was built for 8x7x7 per region"):
        mlp(torch.randn(3, 8, 5, 5))
    with refuses("ConvFCBoxHead", "fc_layers", "at least 1 positive ints"):
        ConvFCBoxHead(in_spec=spec, fc_layers=())
    with refuses("TwoMLPBoxHead", "representation_size", "a positive int"):
        TwoMLPBoxHead(in_spec=spec, representation_size=0)


def test_predictor_adds_the_background_class() -> None:
    predictor = BoxPredictor(in_features=16, num_classes=3)
    predictions = predictor(torch.randn(4, 16))
    assert predictions.class_logits.shape == (4, 4)
    assert predictions.box_deltas.shape == (4, 16)
    with pytest.raises(ShapeError, match=r"in_features=box_head\.out_features"):
        predictor(torch.randn(4, 8))
    with refuses("BoxPredictor", "num_classes", "background is added"):
        BoxPredictor(in_features=16, num_classes=0)


def _torchvision_heads() -> RoIHeads:
    return RoIHeads(
        cast(MultiScaleRoIAlign, nn.Identity()),
        nn.Identity(),
        nn.Identity(),
        0.5,
        0.5,
        16,
        0.25,
        None,
        0.05,
        0.5,
        100,
    )


@pytest.mark.parametrize("boxes_per_image", [[3, 1], [2, 0], [0, 0]])
def test_sampler_samples_what_torchvision_samples(boxes_per_image: list[int]) -> None:
    generator = torch.Generator().manual_seed(4)
    corner = torch.rand(2, 30, 2, generator=generator) * 40
    proposals = list(torch.cat([corner, corner + 8 + torch.rand(2, 30, 2) * 20], dim=2))
    proposals[1] = proposals[1][:20]  # images have different numbers of proposals
    targets = synthetic_targets([IMAGE, IMAGE], num_classes=3, boxes_per_image=boxes_per_image)
    sampler = ProposalSampler(batch_size_per_image=16, positive_fraction=0.25)
    seed_everything(9)
    found = sampler.sample(proposals, TargetBatch.of(targets))
    seed_everything(9)
    per_image = [{"boxes": t.boxes, "labels": t.labels + 1} for t in targets]
    boxes, _, labels, wanted = _torchvision_heads().select_training_samples(
        [p.clone() for p in proposals], per_image
    )
    assert [len(b) for b in found.boxes] == [len(b) for b in boxes]
    for ours, theirs in zip(found.boxes, boxes, strict=True):
        torch.testing.assert_close(ours, theirs)
    assert torch.equal(found.labels, torch.cat(labels))
    foreground = found.labels > 0
    torch.testing.assert_close(found.regression_targets[foreground], torch.cat(wanted)[foreground])


def test_sampler_argument_rules() -> None:
    with refuses("ProposalSampler", "fg_iou_threshold", "0 <= bg_iou_threshold"):
        ProposalSampler(fg_iou_threshold=0.3, bg_iou_threshold=0.5)
    with refuses("ProposalSampler", "positive_fraction", "strictly between 0 and 1"):
        ProposalSampler(positive_fraction=0.0)
