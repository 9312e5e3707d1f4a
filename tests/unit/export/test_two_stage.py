"""ExportableTwoStageDetector, run eagerly, computes what TwoStageDetector.forward computes:
the same proposals, the same pooled regions, the same detections, padded."""

from pathlib import Path
from typing import final

import pytest
import torch
from torch import Tensor, nn

from plugtrain._tensors import int_list
from plugtrain.components.roi import BoxHead, PooledSpec, TwoMLPBoxHead
from plugtrain.errors import ExportError
from plugtrain.export import (
    ExportableTwoStageDetector,
    compare_detections,
    detections_from_outputs,
    export_detector,
)
from plugtrain.ops import prepare_images
from tests.two_stage_helpers import tiny_two_stage


@pytest.mark.parametrize("resize", [False, True])
@pytest.mark.parametrize("batch", [1, 3])
def test_wrapper_gives_the_detectors_detections(resize: bool, batch: int) -> None:
    detector = tiny_two_stage(resize=resize)
    size = (70, 90)
    images = torch.rand(batch, 3, *size, generator=torch.Generator().manual_seed(batch))
    wrapper = ExportableTwoStageDetector(detector, image_size=size).eval()
    with torch.no_grad():
        eager = detector(images)
        outputs = wrapper(images)
    report = compare_detections(eager, detections_from_outputs(*outputs), max_detections=100)
    assert report.passed, report
    assert all(len(d) > 0 for d in eager)
    assert report.max_box_diff_px <= 1e-4


def test_proposals_are_the_rpns_padded_and_masked() -> None:
    detector = tiny_two_stage()
    images = torch.rand(2, 3, 64, 96, generator=torch.Generator().manual_seed(0))
    wrapper = ExportableTwoStageDetector(detector, image_size=(64, 96)).eval()
    with torch.no_grad():
        prepared = prepare_images(
            images, mean=detector.image_mean, std=detector.image_std, size_divisible=32
        )
        features = wrapper.features(prepared.tensor)
        outputs = detector.rpn(features)
        anchors = detector.rpn.make_anchors(
            grid_sizes=[(int(f.shape[-2]), int(f.shape[-1])) for f in features],
            image_size=prepared.padded_size,
            dtype=torch.float32,
            device=torch.device("cpu"),
        )
        eager = detector.rpn.proposals(outputs, anchors, image_sizes=prepared.image_sizes)
        proposals, real = wrapper.proposals(features)
    assert proposals.shape == (2, 50, 4)  # post_nms_top_n testing of the tiny RPN
    for image in range(2):
        count = int(real[image].sum())
        assert count == len(eager[image])
        assert bool(real[image, :count].all()), "real proposals first"
        torch.testing.assert_close(proposals[image, :count], eager[image])


def test_each_region_is_pooled_from_the_level_multiscale_roi_align_picks() -> None:
    detector = tiny_two_stage()
    wrapper = ExportableTwoStageDetector(detector, image_size=(64, 64)).eval()
    generator = torch.Generator().manual_seed(3)
    corners = torch.rand(2, 40, 2, generator=generator) * 40
    sides = torch.rand(2, 40, 2, generator=generator) * 60 + 1  # 1..61 px: several levels
    boxes = torch.cat([corners, (corners + sides).clamp(max=64)], dim=2)
    with torch.no_grad():
        features = wrapper.features(wrapper.prepare(torch.rand(2, 3, 64, 64)))
        eager = detector.roi_pooler(features, list(boxes), [(64, 64), (64, 64)])
        fixed = wrapper.pool(features, boxes)
    levels = wrapper.map_levels([boxes.reshape(-1, 4)])
    assert len(set(int_list(levels))) >= 3, "the regions span several levels"
    torch.testing.assert_close(fixed, eager)


def test_outputs_are_padded_to_max_detections_best_first() -> None:
    detector = tiny_two_stage(max_detections=5)
    wrapper = ExportableTwoStageDetector(detector, image_size=(64, 64)).eval()
    with torch.no_grad():
        boxes, scores, labels, count = wrapper(torch.rand(2, 3, 64, 64))
    assert boxes.shape == (2, 5, 4)
    assert scores.shape == labels.shape == (2, 5)
    assert labels.dtype == count.dtype == torch.int64
    assert count.tolist() == [5, 5]
    assert bool((scores > 0.4).all())
    assert bool((scores.diff(dim=1) <= 0).all()), "best first"
    assert bool(((labels >= 0) & (labels < 3)).all())


def test_nothing_above_the_threshold_gives_only_padding() -> None:
    detector = tiny_two_stage(score_threshold=0.999)
    wrapper = ExportableTwoStageDetector(detector, image_size=(64, 64)).eval()
    with torch.no_grad():
        assert [len(d) for d in detector(torch.zeros(2, 3, 64, 64))] == [0, 0]
        boxes, scores, labels, count = wrapper(torch.zeros(2, 3, 64, 64))
    assert boxes.shape == (2, 100, 4)
    assert count.tolist() == [0, 0]
    assert bool((scores == 0).all())
    assert bool((labels == -1).all())
    assert bool((boxes == 0).all())


class _Branching(nn.Module):
    """Layers that decide in Python on a tensor value: not traceable."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = inner

    def forward(self, pooled: Tensor) -> Tensor:
        result: Tensor = self.inner(pooled if float(pooled.sum()) > 0 else -pooled)
        return result


@final
class BranchingBoxHead(BoxHead):
    def __init__(self, *, in_spec: PooledSpec) -> None:
        super().__init__(in_spec=in_spec, out_features=32)
        inner = TwoMLPBoxHead(in_spec=in_spec, representation_size=32).layers
        self.layers = _Branching(inner)


def test_an_untraceable_part_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    detector = tiny_two_stage()
    detector.box_head = BranchingBoxHead(in_spec=detector.roi_pooler.out_spec)
    out = tmp_path / "model.pt2"
    with pytest.raises(ExportError) as raised:
        export_detector(
            detector,
            out,
            export_format="torch-export",
            image_size=(64, 64),
            class_names=["a", "b", "c"],
        )
    message = str(raised.value)
    assert message.startswith(
        "[PT700] cannot export box_head (BranchingBoxHead): torch.export cannot trace it: "
    )
    assert "test_two_stage.py:" in message, "the line of the part's code"
    assert "nothing was written" in message
    assert list(tmp_path.iterdir()) == []
