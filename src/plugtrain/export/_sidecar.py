"""The JSON sidecar of an exported file (``model.onnx.json``): what the file takes and returns.

One frozen dataclass, written atomically (a temporary file in the same folder, then
``os.replace``), read back with every field checked, so a runtime never guesses the input
size, layout or class names of an exported detector.
"""

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast, get_args

import torch
from torch import nn

from plugtrain.errors import ExportError

__all__ = [
    "SIDECAR_SUFFIX",
    "ExportFormat",
    "ExportMetadata",
    "OutputSpec",
    "file_sha256",
    "sidecar_path",
    "weights_sha256",
    "write_atomically",
]

ExportFormat = Literal["onnx", "torch-export"]
SIDECAR_SUFFIX: Final = ".json"
_CHUNK: Final = 1 << 20
_Writer = Callable[[Path], None]


@dataclass(frozen=True, slots=True)
class OutputSpec:
    """One output of an exported detector: name, shape (``N`` images, ``K`` detections),
    dtype and meaning."""

    name: str
    shape: str
    dtype: str
    meaning: str


@dataclass(frozen=True, slots=True)
class ExportMetadata:
    """Everything a runtime needs to feed an exported detector and read its outputs.

    ``input_size``: (height, width) of the ``images`` input, laid out ``input_layout``
    (``"NCHW"``), dtype ``input_dtype``, RGB in [0, 1]; ``batch_size`` is ``None`` for a
    dynamic batch axis. ``max_detections`` is ``K`` of the outputs. ``weights_sha256``:
    of the detector's state dict (names and tensor bytes, sorted by name);
    ``file_sha256``: of the exported file. ``opset`` is the ONNX opset (``None`` for
    ``torch-export``).
    """

    format: ExportFormat
    file_name: str
    class_names: tuple[str, ...]
    input_name: str
    input_size: tuple[int, int]
    input_layout: str
    input_dtype: str
    input_range: tuple[float, float]
    batch_size: int | None
    outputs: tuple[OutputSpec, ...]
    max_detections: int
    score_threshold: float
    nms_iou_threshold: float
    plugtrain_version: str
    torch_version: str
    opset: int | None
    weights_sha256: str
    file_sha256: str

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2) + "\n"

    @staticmethod
    def from_json(text: str, *, path: Path) -> "ExportMetadata":
        """Parse a sidecar; ``ExportError`` naming the file and the field when it is bad."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise _bad_sidecar(path, f"it is not JSON ({error})") from None
        if not isinstance(raw, dict):
            raise _bad_sidecar(path, "it is not a JSON object")
        data = cast(dict[str, object], raw)
        names = [field.name for field in dataclasses.fields(ExportMetadata)]
        missing = [name for name in names if name not in data]
        if missing:
            raise _bad_sidecar(path, f"fields {missing} are missing")
        try:
            outputs = tuple(
                OutputSpec(**cast(dict[str, str], o)) for o in cast(list[object], data["outputs"])
            )
            metadata = ExportMetadata(
                format=cast(ExportFormat, data["format"]),
                file_name=str(data["file_name"]),
                class_names=tuple(str(n) for n in cast(list[object], data["class_names"])),
                input_name=str(data["input_name"]),
                input_size=_int_pair(data["input_size"]),
                input_layout=str(data["input_layout"]),
                input_dtype=str(data["input_dtype"]),
                input_range=_numbers(data["input_range"]),
                batch_size=None
                if data["batch_size"] is None
                else int(cast(int, data["batch_size"])),
                outputs=outputs,
                max_detections=int(cast(int, data["max_detections"])),
                score_threshold=float(cast(float, data["score_threshold"])),
                nms_iou_threshold=float(cast(float, data["nms_iou_threshold"])),
                plugtrain_version=str(data["plugtrain_version"]),
                torch_version=str(data["torch_version"]),
                opset=None if data["opset"] is None else int(cast(int, data["opset"])),
                weights_sha256=str(data["weights_sha256"]),
                file_sha256=str(data["file_sha256"]),
            )
        except (TypeError, ValueError) as error:
            raise _bad_sidecar(path, f"a field has the wrong type ({error})") from None
        if metadata.format not in get_args(ExportFormat):
            raise _bad_sidecar(path, f"format {metadata.format!r} is not one of onnx, torch-export")
        return metadata


def _numbers(value: object) -> tuple[float, float]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of 2 numbers, got {value!r}")
    items = cast(list[object], value)
    if len(items) != 2 or not all(isinstance(v, (int, float)) for v in items):
        raise ValueError(f"expected 2 numbers, got {value!r}")
    return (float(cast(float, items[0])), float(cast(float, items[1])))


def _int_pair(value: object) -> tuple[int, int]:
    first, second = _numbers(value)
    if first != int(first) or second != int(second):
        raise ValueError(f"expected 2 ints, got {value!r}")
    return (int(first), int(second))


def _bad_sidecar(path: Path, reason: str) -> ExportError:
    return ExportError(
        f"cannot load the sidecar {path}: {reason}; fix: export the model again with "
        "plugtrain export (the sidecar is written beside the file)"
    )


def sidecar_path(exported: Path) -> Path:
    """``model.onnx`` -> ``model.onnx.json``."""
    return exported.with_name(exported.name + SIDECAR_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def weights_sha256(state: Mapping[str, torch.Tensor] | nn.Module) -> str:
    """SHA-256 over the names and bytes of a state dict's tensors, in name order."""
    tensors = state.state_dict() if isinstance(state, nn.Module) else state
    digest = hashlib.sha256()
    for name in sorted(tensors):
        tensor = tensors[name].detach().to("cpu").contiguous()
        digest.update(name.encode())
        digest.update(str(tensor.dtype).encode())
        digest.update(str(tuple(tensor.shape)).encode())
        digest.update(tensor.reshape(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


def write_atomically(path: Path, write: _Writer) -> None:
    """Call ``write(temporary_path)``, then move the result to ``path`` in one step, so a
    reader never sees a half-written file (and a failed write leaves nothing behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # a name ending as the target does: torch.export.save checks the suffix
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
