"""DenseHead: a third head is its scoring, box coder, match and loss terms; the rest is shared.

``_PointIoUHead`` below is such a head (IoU-matched square anchors, boxes coded as
distances to the anchor's sides, plain sigmoid scores). It writes none of the anchors,
spec, argument checks, feature checks, target gathering or candidate loop, and still works
inside a ``Detector`` for detections and losses.
"""

from typing import Final, final

import pytest
import torch
from jaxtyping import Float, Int64
from torch import Tensor
from torchvision.models.detection._utils import BoxLinearCoder
from torchvision.ops import generalized_box_iou_loss

from plugtrain._seed import seed_everything
from plugtrain.components import FPN, TinyBackbone
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads import (
    BoxBranch,
    DenseHead,
    FCOSHead,
    HeadOutputs,
    RetinaNetHead,
    retinanet_tower,
)
from plugtrain.errors import CompatibilityError, ShapeError
from plugtrain.losses import focal_loss_per_image
from plugtrain.models import Detector
from plugtrain.ops import (
    AnchorGrid,
    AnchorSet,
    AssignedTargets,
    TargetBatch,
    iou_matrix,
    match_by_iou,
)
from plugtrain.structures import FeatureSpec, LossBreakdown
from tests.detection_helpers import synthetic_targets
from tests.unit.components.heads.argument_errors import refuses

SPEC = FeatureSpec.of(("P3", 32, 8), ("P4", 32, 16), ("P5", 32, 32))
GRID = [(8, 8), (4, 4), (2, 2)]
IMAGE = (64, 64)
CPU = torch.device("cpu")


@final
class _PointIoUHead(DenseHead[HeadOutputs]):
    def __init__(self, *, in_spec: FeatureSpec, num_classes: int, num_convs: int = 1) -> None:
        super().__init__(
            in_spec=in_spec,
            num_classes=num_classes,
            num_convs=num_convs,
            norm="none",
            prior_probability=0.01,
            anchor_grid=AnchorGrid(
                sizes=[(4 * s,) for s in in_spec.strides], aspect_ratios=[(1.0,)] * len(in_spec)
            ),
            tower=retinanet_tower,
            outputs_type=HeadOutputs,
        )
        self.box_coder: Final = BoxLinearCoder(normalize_by_size=True)
        self.regression_head = BoxBranch(
            tower=retinanet_tower(self.channels, num_convs, self.norm),
            channels=self.channels,
            anchors=1,
        )

    def _outputs(self, features: FeatureMaps) -> HeadOutputs:
        return HeadOutputs(
            class_logits=tuple(self.classification_head(f) for f in features),
            box_regression=tuple(self.regression_head(f) for f in features),
        )

    def match(self, anchors: AnchorSet, targets: TargetBatch) -> Int64[Tensor, "batch anchors"]:
        quality = iou_matrix(targets.boxes, anchors.boxes)
        return match_by_iou(
            quality,
            targets.valid,
            high_threshold=0.4,
            low_threshold=0.3,
            allow_low_quality_matches=True,
        )

    def loss_terms(
        self, outputs: HeadOutputs, anchors: AnchorSet, assigned: AssignedTargets
    ) -> LossBreakdown:
        regression = torch.cat(outputs.box_regression, dim=1)
        fg = assigned.foreground
        normaliser = fg.sum().clamp(min=1).to(regression.dtype)
        focal = focal_loss_per_image(
            outputs.class_logits, assigned.labels, ignored=assigned.ignored
        )
        fg_anchors = anchors.boxes.expand(regression.shape[0], -1, -1)[fg]
        boxes = self.decode(regression[fg], fg_anchors)
        giou = generalized_box_iou_loss(boxes, assigned.boxes[fg], reduction="sum")
        return LossBreakdown.of(
            classification=focal.sum() / normaliser, box_regression=giou / normaliser
        )

    def level_scores(self, outputs: HeadOutputs, level: int) -> Float[Tensor, "batch num"]:
        return torch.sigmoid(outputs.class_logits[level]).flatten(1)

    def decode(
        self, regression: Float[Tensor, "num 4"], anchors: Float[Tensor, "num 4"]
    ) -> Float[Tensor, "num 4"]:
        return self.box_coder.decode(regression, anchors)


def _features(batch: int = 2) -> list[Tensor]:
    generator = torch.Generator().manual_seed(0)
    return [torch.randn(batch, 32, h, w, generator=generator) for h, w in GRID]


def _anchors(head: DenseHead[HeadOutputs]) -> AnchorSet:
    return head.make_anchors(grid_sizes=GRID, image_size=IMAGE, dtype=torch.float32, device=CPU)


def test_third_head_has_spec_anchors_and_outputs_from_the_base() -> None:
    head = _PointIoUHead(in_spec=SPEC, num_classes=3)
    assert head.in_spec == SPEC
    assert head.num_classes == 3
    assert head.anchors_per_location == (1, 1, 1)
    anchors = _anchors(head)
    assert anchors.per_level == (64, 16, 4)
    assert anchors is _anchors(head)  # made once per layout
    outputs = head(_features())
    assert [t.shape for t in outputs.class_logits] == [(2, 64, 3), (2, 16, 3), (2, 4, 3)]
    with pytest.raises(ShapeError, match="level P4 has 16 channels, _PointIoUHead was built"):
        head([torch.randn(1, 32, 8, 8), torch.randn(1, 16, 4, 4), torch.randn(1, 32, 2, 2)])


def test_third_head_trains_and_scores() -> None:
    seed_everything(0)
    head = _PointIoUHead(in_spec=SPEC, num_classes=3)
    outputs = head(_features())
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=3, boxes_per_image=[2, 0])
    )
    loss = head.loss(outputs, _anchors(head), targets)
    assert set(loss.terms) == {"classification", "box_regression"}
    assert float(loss.terms["box_regression"].detach()) > 0  # image 0 has matched anchors
    torch.autograd.backward(loss.total)
    assert all(p.grad is not None for p in head.parameters())
    sizes = torch.tensor([[64, 64], [40, 30]])
    found = head.candidates(
        outputs, _anchors(head), image_sizes=sizes, score_threshold=0.0, topk_candidates=5
    )
    assert len(found) == 2 * 3 * 5  # 5 per level and image
    assert ((found.scores > 0) & (found.scores < 1)).all()
    assert (found.boxes[found.images == 1][:, 0::2] <= 30).all()


def test_third_head_runs_in_a_detector() -> None:
    seed_everything(0)
    backbone = TinyBackbone(channels=(8, 16, 32, 32))
    neck = FPN(in_spec=backbone.feature_spec, channels=32)
    head = _PointIoUHead(in_spec=neck.feature_spec, num_classes=2)
    detector = Detector(backbone=backbone, neck=neck, head=head, num_classes=2).eval()
    images = [torch.rand(3, 64, 80), torch.rand(3, 48, 64)]
    detections = detector(images)
    assert len(detections) == 2
    assert all(len(d) <= detector.max_detections for d in detections)
    targets = synthetic_targets([(64, 80), (48, 64)], num_classes=2, boxes_per_image=[1, 2])
    loss = detector.train().loss(images, targets)
    assert torch.isfinite(loss.total)


def test_outputs_of_another_head_are_refused() -> None:
    fcos = FCOSHead(in_spec=SPEC, num_classes=3, num_convs=1, norm="none")
    retina = RetinaNetHead(in_spec=SPEC, num_classes=3, num_convs=1)
    plain = retina(_features())
    targets = TargetBatch.of(
        synthetic_targets([IMAGE, IMAGE], num_classes=3, boxes_per_image=[1, 1])
    )
    anchors = fcos.make_anchors(grid_sizes=GRID, image_size=IMAGE, dtype=torch.float32, device=CPU)
    with pytest.raises(ShapeError, match=r"FCOSOutputs, as FCOSHead\.forward returns"):
        fcos.loss(plain, anchors, targets)


def test_shared_rules_speak_for_every_head() -> None:
    with refuses("_PointIoUHead", "num_classes", "a positive int"):
        _PointIoUHead(in_spec=SPEC, num_classes=0)
    with refuses("_PointIoUHead", "num_convs", "an int >= 0"):
        _PointIoUHead(in_spec=SPEC, num_classes=2, num_convs=-1)
    mixed = FeatureSpec.of(("C3", 32, 8), ("C4", 64, 16))
    with pytest.raises(CompatibilityError, match="_PointIoUHead needs the same channel count"):
        _PointIoUHead(in_spec=mixed, num_classes=2)
