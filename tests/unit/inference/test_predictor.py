"""Predictor: inputs of every kind, batching, thresholds, typed results, loading."""

from collections.abc import Sequence
from pathlib import Path
from typing import final

import numpy as np
import pytest
import torch
from PIL import Image
from torch import Tensor

from plugtrain.errors import ArgumentError, CheckpointError, ExportError
from plugtrain.inference import (
    CheckpointBackend,
    Detection,
    ImagePrediction,
    InferenceBackend,
    Predictor,
    load_checkpoint_parts,
)
from plugtrain.structures import Detections
from tests.inference_helpers import CLASS_NAMES, save_tiny_checkpoint, write_image


@final
class StaticBackend:
    """Two detections per image, in its own pixels: a box on the left half (label 1,
    score 0.9) and one on the right (label 0, score 0.2); records each batch's size."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    @property
    def class_names(self) -> tuple[str, ...]:
        return ("cat", "dog")

    @property
    def input_size(self) -> tuple[int, int] | None:
        return None

    def detect(self, images: Sequence[Tensor]) -> list[Detections]:
        self.batches.append(len(images))
        found: list[Detections] = []
        for image in images:
            height, width = float(image.shape[1]), float(image.shape[2])
            found.append(
                Detections(
                    boxes=torch.tensor(
                        [[width / 2, 0.0, width, height], [0.0, 0.0, width / 2, height]]
                    ),
                    scores=torch.tensor([0.2, 0.9]),
                    labels=torch.tensor([0, 1]),
                )
            )
        return found


def test_results_are_typed_sorted_and_named() -> None:
    backend: InferenceBackend = StaticBackend()
    [found] = Predictor(backend).predict(torch.rand(3, 10, 20))
    assert isinstance(found, ImagePrediction)
    assert (found.source, found.width, found.height) == ("inputs[0]", 20, 10)
    assert all(isinstance(d, Detection) for d in found.detections)
    assert [(d.box, d.label, d.class_name) for d in found.detections] == [
        ((0.0, 0.0, 10.0, 10.0), 1, "dog"),
        ((10.0, 0.0, 20.0, 10.0), 0, "cat"),
    ]
    assert [d.score for d in found.detections] == pytest.approx([0.9, 0.2])


def test_threshold_limit_and_names() -> None:
    predictor = Predictor(StaticBackend())
    found = predictor.predict(
        [np.zeros((4, 6, 3), np.uint8), Image.new("RGB", (6, 4))],
        names=["left", "right"],
        score_threshold=0.5,
    )
    assert [f.source for f in found] == ["left", "right"]
    assert [[d.class_name for d in f.detections] for f in found] == [["dog"], ["dog"]]
    [best] = predictor.predict(torch.rand(3, 4, 6), max_detections=1)
    assert [d.score for d in best.detections] == [pytest.approx(0.9)]


def test_batches_of_batch_size_and_four_axis_inputs() -> None:
    backend = StaticBackend()
    found = Predictor(backend, batch_size=2).predict(torch.rand(5, 3, 8, 8))
    assert backend.batches == [2, 2, 1]
    assert [f.source for f in found] == [f"inputs[{i}]" for i in range(5)]


def test_paths_keep_their_name(tmp_path: Path) -> None:
    image = write_image(tmp_path / "photo.jpg", size=(12, 16))
    [found] = Predictor(StaticBackend()).predict(image)
    assert (found.source, found.width, found.height) == (str(image), 16, 12)
    [found] = Predictor(StaticBackend()).predict(str(image))
    assert found.source == str(image)


def test_bad_arguments_name_the_fix() -> None:
    predictor = Predictor(StaticBackend())
    image = torch.rand(3, 4, 4)
    with pytest.raises(ArgumentError, match="one name per input"):
        predictor.predict([image], names=["a", "b"])
    with pytest.raises(ArgumentError, match=r"a number in \[0, 1\]"):
        predictor.predict(image, score_threshold=1.5)
    with pytest.raises(ArgumentError, match="max_detections=100"):
        predictor.predict(image, max_detections=0)
    with pytest.raises(ArgumentError, match="batch_size=8"):
        Predictor(StaticBackend(), batch_size=0)


def test_a_checkpoint_predicts_in_each_images_own_pixels(tmp_path: Path) -> None:
    predictor = Predictor.from_path(save_tiny_checkpoint(tmp_path), batch_size=2)
    assert predictor.kind == "checkpoint"
    assert predictor.class_names == CLASS_NAMES
    assert predictor.input_size is None
    assert isinstance(predictor.backend, CheckpointBackend)
    assert predictor.backend.letterbox_size == (64, 64)
    generator = torch.Generator().manual_seed(0)
    images = [torch.rand(3, h, w, generator=generator) for h, w in ((40, 120), (90, 30), (64, 64))]
    found = predictor.predict(images)
    assert [(f.width, f.height) for f in found] == [(120, 40), (30, 90), (64, 64)]
    assert all(f.detections for f in found), "the livened tiny head detects something"
    for f in found:
        for d in f.detections:
            assert 0 <= d.box[0] <= d.box[2] <= f.width
            assert 0 <= d.box[1] <= d.box[3] <= f.height
            assert d.class_name == CLASS_NAMES[d.label]
    one_by_one = [predictor.predict(image)[0] for image in images]
    for batched, single in zip(found, one_by_one, strict=True):
        assert [d.label for d in batched.detections[:5]] == [d.label for d in single.detections[:5]]
        assert batched.detections[0].box == pytest.approx(single.detections[0].box, abs=1e-3)


def test_a_runtime_is_for_onnx_files_only(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"a runtime runs \.onnx files only; fix: drop"):
        Predictor.from_path(tmp_path / "best.json", runtime="openvino")


def test_a_missing_checkpoint_is_a_checkpoint_error(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="side by side"):
        Predictor.from_path(tmp_path / "nothing.json")


@pytest.mark.parametrize(
    ("suffix", "runtime"), [(".onnx", None), (".onnx", "openvino"), (".pt2", None)]
)
def test_exported_files_load_through_plugtrain_export(
    tmp_path: Path, suffix: str, runtime: str | None
) -> None:
    export = pytest.importorskip("plugtrain.export")
    checkpoint = save_tiny_checkpoint(tmp_path)
    detector, image_size, class_names = load_checkpoint_parts(checkpoint)
    target = tmp_path / f"tiny{suffix}"
    export.export_detector(
        detector,
        target,
        export_format="onnx" if suffix == ".onnx" else "torch-export",
        image_size=image_size,
        class_names=class_names,
    )
    exported = Predictor.from_path(target, runtime=runtime)
    eager = Predictor.from_path(checkpoint)
    assert exported.kind == ("onnx" if suffix == ".onnx" else "torch-export")
    assert exported.class_names == eager.class_names
    assert exported.input_size == (64, 64)
    image = torch.rand(3, 48, 80, generator=torch.Generator().manual_seed(1))
    [a], [b] = exported.predict(image, max_detections=10), eager.predict(image, max_detections=10)
    assert (a.width, a.height) == (b.width, b.height) == (80, 48)
    assert a.detections, "the livened tiny head detects something"
    assert [d.label for d in a.detections] == [d.label for d in b.detections]
    for got, want in zip(a.detections, b.detections, strict=True):
        assert got.box == pytest.approx(want.box, abs=1e-2)
        assert got.score == pytest.approx(want.score, abs=1e-3)
