"""Predictor: any image in, typed detections with class names out, batched."""

from collections.abc import Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import Final, Literal, cast, final

import numpy as np
import torch
from torch import Tensor

from plugtrain.errors import ArgumentError, ExportError
from plugtrain.inference._backend import InferenceBackend
from plugtrain.inference._checkpoint_backend import CheckpointBackend
from plugtrain.inference._images import (
    DEFAULT_MAX_PIXELS,
    ImageInput,
    check_max_pixels,
    to_model_image,
)
from plugtrain.inference._results import Detection, ImagePrediction
from plugtrain.structures import Detections

__all__ = ["EXPORTED_SUFFIXES", "ModelKind", "Predictor"]

ModelKind = Literal["checkpoint", "onnx", "torch-export", "custom"]
"""What a Predictor runs: a training checkpoint, an exported file, or a backend you made."""

EXPORTED_SUFFIXES: Final[Mapping[str, ModelKind]] = {".onnx": "onnx", ".pt2": "torch-export"}
"""File suffixes loaded as exported models (by ``plugtrain.export``); others are checkpoints."""


def _positive_int(value: object, argument: str, example: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ArgumentError(
            part="Predictor",
            argument=argument,
            received=value,
            expected="a positive int",
            fix=f"pass e.g. {argument}={example}",
        )
    return value


def _score(value: object) -> float:
    number = (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else -1.0
    )
    if not 0.0 <= number <= 1.0:
        raise ArgumentError(
            part="Predictor",
            argument="score_threshold",
            received=value,
            expected="a number in [0, 1]",
            fix="pass e.g. score_threshold=0.3",
        )
    return number


def _as_list(inputs: ImageInput | Sequence[ImageInput]) -> list[object]:
    """One image or many: lists and tuples are many, so are 4-axis arrays and tensors."""
    if isinstance(inputs, (list, tuple)):
        return list(inputs)
    if isinstance(inputs, (Tensor, np.ndarray)) and inputs.ndim == 4:
        return list(inputs)
    return [inputs]


@final
class Predictor:
    """Detect objects in images with a checkpoint or an exported model.

    Example::

        predictor = Predictor.from_path("runs/default/checkpoints/best.json")
        for found in predictor.predict(["a.jpg", "b.png"], score_threshold=0.3):
            print(found.source, [(d.class_name, d.score, d.box) for d in found.detections])

    Inputs are file paths, PIL images, numpy arrays (H, W, 3) or (H, W) (uint8 or float in
    [0, 1]) or tensors (3, H, W) (same dtypes), one or a list; boxes come back in each
    image's own pixels. Images run through the backend ``batch_size`` at a time.
    """

    def __init__(
        self,
        backend: InferenceBackend,
        *,
        kind: ModelKind = "custom",
        batch_size: int = 8,
        max_pixels: int = DEFAULT_MAX_PIXELS,
    ) -> None:
        self.backend: Final = backend
        self.kind: Final = kind
        self.batch_size: Final = _positive_int(batch_size, "batch_size", "8")
        self.max_pixels: Final = check_max_pixels(max_pixels, part="Predictor")

    @classmethod
    def from_path(
        cls,
        path: str | Path,
        *,
        device: str = "cpu",
        batch_size: int = 8,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        runtime: str | None = None,
    ) -> "Predictor":
        """Load a checkpoint (``.json``/``.safetensors``) or an exported ``.onnx``/``.pt2``.

        ``runtime`` runs an ``.onnx`` file: ``"onnxruntime"`` (default) or ``"openvino"``
        (``ExportError`` for any other model).
        """
        model = Path(path)
        kind = EXPORTED_SUFFIXES.get(model.suffix.lower())
        backend: InferenceBackend
        if runtime is not None and kind != "onnx":
            raise ExportError(
                f"cannot run {model} in {runtime}: a runtime runs .onnx files only; fix: drop "
                "the runtime option, or export the model with plugtrain export --format onnx"
            )
        if kind is not None:
            # imported only here: a checkpoint needs none of the export runtimes
            export = import_module("plugtrain.export")
            backend = cast(InferenceBackend, export.ExportedDetector.load(model, runtime=runtime))
            return cls(backend, kind=kind, batch_size=batch_size, max_pixels=max_pixels)
        backend = CheckpointBackend.from_checkpoint(model, device=device)
        return cls(backend, kind="checkpoint", batch_size=batch_size, max_pixels=max_pixels)

    @property
    def class_names(self) -> tuple[str, ...]:
        return self.backend.class_names

    @property
    def input_size(self) -> tuple[int, int] | None:
        return self.backend.input_size

    def predict(
        self,
        inputs: ImageInput | Sequence[ImageInput],
        *,
        names: Sequence[str] | None = None,
        score_threshold: float = 0.0,
        max_detections: int | None = None,
    ) -> list[ImagePrediction]:
        """One :class:`ImagePrediction` per input, in order (a list even for one image).

        ``names`` label the results (default: the path, or ``inputs[i]``);
        ``score_threshold`` drops detections below it (on top of the model's own
        threshold); ``max_detections`` keeps at most that many per image, best first.
        """
        items = _as_list(inputs)
        if names is not None and len(names) != len(items):
            raise ArgumentError(
                part="Predictor.predict",
                argument="names",
                received=f"{len(names)} names",
                expected=f"one name per input ({len(items)})",
                fix="pass as many names as images, or none",
            )
        threshold = _score(score_threshold)
        limit = (
            None
            if max_detections is None
            else _positive_int(max_detections, "max_detections", "100")
        )
        labels = [
            names[i]
            if names is not None
            else str(item)
            if isinstance(item, (str, Path))
            else f"inputs[{i}]"
            for i, item in enumerate(items)
        ]
        results: list[ImagePrediction] = []
        for start in range(0, len(items), self.batch_size):
            chunk = items[start : start + self.batch_size]
            images = [
                to_model_image(item, start + offset, max_pixels=self.max_pixels)
                for offset, item in enumerate(chunk)
            ]
            found = self.backend.detect(images)
            results += [
                self._record(labels[start + offset], image, detections, threshold, limit)
                for offset, (image, detections) in enumerate(zip(images, found, strict=True))
            ]
        return results

    def _record(
        self,
        source: str,
        image: Tensor,
        found: Detections,
        threshold: float,
        limit: int | None,
    ) -> ImagePrediction:
        order = torch.argsort(found.scores, descending=True, stable=True)
        keep = order[found.scores[order] >= threshold][:limit]
        names = self.class_names
        detections = tuple(
            Detection(
                box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])),
                score=float(score),
                label=int(label),
                class_name=names[int(label)] if 0 <= int(label) < len(names) else str(int(label)),
            )
            for box, score, label in zip(
                found.boxes[keep].double().unbind(0),
                found.scores[keep].double().unbind(0),
                found.labels[keep].unbind(0),
                strict=True,
            )
        )
        return ImagePrediction(
            source=source,
            width=int(image.shape[2]),
            height=int(image.shape[1]),
            detections=detections,
        )
