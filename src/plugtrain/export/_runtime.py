"""``ExportedDetector``: run an exported file (``.onnx`` in onnxruntime or OpenVINO, ``.pt2``
in torch).

Reads the sidecar, checks the file's SHA-256 (and for ``.pt2`` the weights'), and takes
images in their own pixels: each is letterboxed to the exported input size (as training
and ``plugtrain predict`` do), the batch is run, and boxes are mapped back to each image.
Has the methods of the ``InferenceBackend`` protocol (``class_names``, ``input_size``,
``detect``), so a predictor can serve an exported file like a checkpoint.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Final, final

import torch
from torch import Tensor

from plugtrain.data import BoxMapping, ImageBoxes, Letterbox
from plugtrain.errors import ExportError, ShapeError
from plugtrain.export._module import detections_from_outputs
from plugtrain.export._runners import DEFAULT_RUNTIME, ExportRuntime, Runner, make_runner
from plugtrain.export._sidecar import ExportMetadata, file_sha256, sidecar_path
from plugtrain.structures import Detections
from plugtrain.typing._describe import describe_value

__all__ = ["ExportedDetector"]

# Images run per call when the batch axis is dynamic: bounds the memory of one call.
_DYNAMIC_CHUNK: Final = 16


def _check_image(index: int, image: object) -> Tensor:
    good = (
        isinstance(image, Tensor)
        and image.dim() == 3
        and image.shape[0] == 3
        and image.is_floating_point()
        and image.shape[1] > 0
        and image.shape[2] > 0
    )
    if not isinstance(image, Tensor) or not good:
        raise ShapeError(
            component="ExportedDetector",
            method="detect",
            argument=f"images[{index}]",
            expected="a float tensor (3, height, width), RGB in [0, 1]",
            actual=describe_value(image),
            bindings={},
            reason="not a non-empty float (3, height, width) tensor",
            fix="pass RGB images channels first, as float in [0, 1] (e.g. image.float() / 255)",
        )
    return image


@final
class ExportedDetector:
    """A detector exported by ``plugtrain export``, loaded with :meth:`load`.

    ``runtime`` names what runs it: ``"onnxruntime"``, ``"openvino"`` or ``"torch"``.
    """

    def __init__(
        self,
        *,
        path: Path,
        metadata: ExportMetadata,
        runner: Runner,
        runtime: str = "custom",
    ) -> None:
        self.path: Final = path
        self.metadata: Final = metadata
        self.runtime: Final = runtime
        self._runner: Final = runner
        self._letterbox: Final = Letterbox(metadata.input_size)

    @staticmethod
    def load(
        path: Path | str,
        *,
        runtime: ExportRuntime | None = None,
        threads: int | None = None,
    ) -> "ExportedDetector":
        """Load ``path`` (``.onnx`` or ``.pt2``) with the sidecar beside it
        (``path + ".json"``). ``runtime``: what runs an ``.onnx`` file, ``"onnxruntime"``
        (default) or ``"openvino"``; a ``.pt2`` runs in torch (``runtime`` must be
        ``None``). ``threads``: the runtime's intra-op threads (default: all cores).
        ``ExportError`` when the sidecar is missing or bad, a SHA-256 differs, or the
        runtime is unknown or not installed."""
        file = Path(path)
        sidecar = sidecar_path(file)
        if not file.is_file():
            raise ExportError(f"cannot load {file}: no such file; fix: check the path")
        if not sidecar.is_file():
            raise ExportError(
                f"cannot load {file}: its sidecar {sidecar} is missing; fix: keep the .json "
                "that plugtrain export wrote beside the file"
            )
        metadata = ExportMetadata.from_json(sidecar.read_text(), path=sidecar)
        digest = file_sha256(file)
        if digest != metadata.file_sha256:
            raise ExportError(
                f"cannot load {file}: its SHA-256 is {digest[:12]}..., the sidecar says "
                f"{metadata.file_sha256[:12]}... (the file was changed or damaged); fix: "
                "export the model again"
            )
        runner = make_runner(file, metadata, runtime=runtime, threads=threads)
        name = runtime or (DEFAULT_RUNTIME if metadata.format == "onnx" else "torch")
        return ExportedDetector(path=file, metadata=metadata, runner=runner, runtime=name)

    @property
    def class_names(self) -> tuple[str, ...]:
        return self.metadata.class_names

    @property
    def input_size(self) -> tuple[int, int] | None:
        """(height, width) every image is letterboxed to before it runs."""
        return self.metadata.input_size

    def run(self, batch: Tensor) -> list[Detections]:
        """Run a prepared batch (N, 3, height, width) of the exported input size as it is;
        boxes in the pixels of that batch. ``N`` must be the exported batch size unless
        the batch axis is dynamic."""
        meta = self.metadata
        expected = (3, *meta.input_size)
        batch_ok = meta.batch_size is None or int(batch.shape[0]) == meta.batch_size
        if batch.dim() != 4 or tuple(batch.shape[1:]) != expected or not batch_ok:
            raise ShapeError(
                component="ExportedDetector",
                method="run",
                argument="batch",
                expected=f"a float tensor ({meta.batch_size or 'N'}, {expected[0]}, "
                f"{expected[1]}, {expected[2]}), the exported input",
                actual=describe_value(batch),
                bindings={},
                reason="the batch does not have the exported input's shape",
                fix="use detect() for images of other sizes (it letterboxes them), or export "
                "with --dynamic-batch for other batch sizes",
            )
        return detections_from_outputs(*self._runner(batch))

    def detect(self, images: Sequence[Tensor]) -> list[Detections]:
        """Detections of each image (float (3, height, width), RGB in [0, 1]), boxes in its
        own pixels, best first."""
        items = [self._letterboxed(i, image) for i, image in enumerate(images)]
        if not items:
            return []
        chunk = self.metadata.batch_size or _DYNAMIC_CHUNK
        found: list[Detections] = []
        for start in range(0, len(items), chunk):
            part = items[start : start + chunk]
            batch = torch.stack([item.image for item in part])
            if len(part) < chunk and self.metadata.batch_size is not None:
                # a fixed batch axis: fill it with blank images, whose results are dropped
                batch = torch.cat([batch, batch.new_zeros((chunk - len(part), *batch.shape[1:]))])
            for item, detections in zip(part, self.run(batch), strict=False):
                found.append(
                    Detections(
                        boxes=item.mapping.to_original(detections.boxes),
                        scores=detections.scores,
                        labels=detections.labels,
                    )
                )
        return found

    def _letterboxed(self, index: int, image: object) -> ImageBoxes:
        pixels = _check_image(index, image).detach().to("cpu", torch.float32)
        height, width = int(pixels.shape[1]), int(pixels.shape[2])
        return self._letterbox.apply(
            ImageBoxes(
                image=pixels,
                boxes=torch.zeros(0, 4),
                labels=torch.zeros(0, dtype=torch.int64),
                mapping=BoxMapping(original_size=(height, width)),
            )
        )

    def __repr__(self) -> str:
        meta = self.metadata
        return (
            f"ExportedDetector({self.path.name}, format={meta.format}, "
            f"runtime={self.runtime}, "
            f"input_size={meta.input_size}, classes={len(meta.class_names)})"
        )
