"""What cannot be exported fails before anything is written, naming the part and why."""

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import pytest
import torch
from jaxtyping import Float
from torch import Tensor

from plugtrain.components import Backbone, FeatureMaps, TinyBackbone
from plugtrain.components.heads import DetectionHead, FCOSHead, HeadOutputs
from plugtrain.errors import ExportError
from plugtrain.export import export_detector
from plugtrain.models import Detector
from plugtrain.ops import AnchorSet, Candidates, TargetBatch
from plugtrain.structures import FeatureSpec, LossBreakdown


class PythonBranchBackbone(Backbone):
    """A TinyBackbone that decides in Python on a tensor value: untraceable."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = TinyBackbone(channels=(8, 16, 32, 32))

    @property
    def feature_spec(self) -> FeatureSpec:
        return self.inner.feature_spec

    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> FeatureMaps:
        if float(images.mean()) > 10.0:  # a data-dependent branch
            images = images * 0.5
        features: list[Tensor] = self.inner(images)
        return features


class NoExportHead(DetectionHead):
    """An FCOS head that keeps DetectionHead's default dense_predictions."""

    def __init__(self, in_spec: FeatureSpec) -> None:
        super().__init__()
        self.inner = FCOSHead(in_spec=in_spec, num_classes=2, num_convs=1, norm="none")

    @property
    def in_spec(self) -> FeatureSpec:
        return self.inner.in_spec

    @property
    def num_classes(self) -> int:
        return self.inner.num_classes

    @property
    def anchors_per_location(self) -> tuple[int, ...]:
        return self.inner.anchors_per_location

    def make_anchors(
        self,
        *,
        grid_sizes: Sequence[tuple[int, int]],
        image_size: tuple[int, int],
        dtype: torch.dtype,
        device: torch.device,
    ) -> AnchorSet:
        return self.inner.make_anchors(
            grid_sizes=grid_sizes, image_size=image_size, dtype=dtype, device=device
        )

    def forward(self, features: FeatureMaps) -> HeadOutputs:
        return cast(HeadOutputs, self.inner(features))

    def loss(self, outputs: HeadOutputs, anchors: AnchorSet, targets: TargetBatch) -> LossBreakdown:
        return self.inner.loss(outputs, anchors, targets)

    def candidates(
        self,
        outputs: HeadOutputs,
        anchors: AnchorSet,
        *,
        image_sizes: Tensor,
        score_threshold: float,
        topk_candidates: int,
    ) -> Candidates:
        return self.inner.candidates(
            outputs,
            anchors,
            image_sizes=image_sizes,
            score_threshold=score_threshold,
            topk_candidates=topk_candidates,
        )


def _detector(backbone: Backbone | None = None, *, plain_head: bool = False) -> Detector:
    from plugtrain.components import FPN

    body = backbone if backbone is not None else TinyBackbone(channels=(8, 16, 32, 32))
    neck = FPN(in_spec=body.feature_spec, channels=32)
    head: DetectionHead = (
        NoExportHead(neck.feature_spec)
        if plain_head
        else FCOSHead(in_spec=neck.feature_spec, num_classes=2, num_convs=1, norm="none")
    )
    return Detector(backbone=body, neck=neck, head=head, num_classes=2).eval()


def test_an_untraceable_backbone_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_detector(
            _detector(PythonBranchBackbone()),
            tmp_path / "model.pt2",
            export_format="torch-export",
            image_size=(64, 64),
            class_names=["a", "b"],
        )
    message = str(caught.value)
    assert message.startswith("[PT700] cannot export backbone (PythonBranchBackbone):")
    assert "data-dependent" in message
    assert "test_export_errors.py:" in message, "names the line of the part's code"
    assert "nothing was written" in message
    assert list(tmp_path.iterdir()) == []


def test_a_head_without_the_export_hook_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_detector(
            _detector(plain_head=True),
            tmp_path / "model.onnx",
            export_format="onnx",
            image_size=(64, 64),
            class_names=["a", "b"],
        )
    assert "cannot export head (NoExportHead): it does not implement dense_predictions()" in str(
        caught.value
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"image_size": (0, 64)}, "cannot export for image_size (0, 64): expected (height, width)"),
        ({"class_names": ["only one"]}, "cannot export with 1 class names for a detector of 2"),
        ({"export_format": "tflite"}, "cannot export to format 'tflite'; fix: use one of"),
    ],
)
def test_bad_arguments_are_refused_with_the_values(
    tmp_path: Path, arguments: dict[str, object], expected: str
) -> None:
    options: dict[str, object] = {
        "export_format": "onnx",
        "image_size": (64, 64),
        "class_names": ["a", "b"],
    }
    options.update(arguments)
    with pytest.raises(ExportError, match=r"^\[PT700\] ") as caught:
        export_detector(_detector(), tmp_path / "model.onnx", **options)  # type: ignore[arg-type]  # the test passes wrong types on purpose
    assert expected in str(caught.value)
    assert list(tmp_path.iterdir()) == []
