"""The JSON sidecar of an exported file (``model.onnx.json``): what the file takes and returns.

One frozen, versioned pydantic model, written atomically (a temporary file in the same
folder, then ``os.replace``) and read back with every field checked (strict types, no
unknown keys), so a runtime never guesses the input size, layout or class names of an
exported detector.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Final, Literal

import torch
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from torch import nn

from plugtrain.errors import ExportError

__all__ = [
    "SIDECAR_SUFFIX",
    "SIDECAR_VERSION",
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
SIDECAR_VERSION: Final = 1
"""The sidecar layout this plugtrain writes and reads; raised when a field changes."""
_CHUNK: Final = 1 << 20
_MAX_REPORTED: Final = 5
_Writer = Callable[[Path], None]
_Digest = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_Size = Annotated[int, Field(ge=1)]
_FROZEN: Final = ConfigDict(frozen=True, extra="forbid", strict=True)


class OutputSpec(BaseModel):
    """One output of an exported detector: name, shape (``N`` images, ``K`` detections),
    dtype and meaning."""

    model_config = _FROZEN

    name: str
    shape: str
    dtype: str
    meaning: str


class ExportMetadata(BaseModel):
    """Everything a runtime needs to feed an exported detector and read its outputs.

    ``input_size``: (height, width) of the ``images`` input, laid out ``input_layout``
    (``"NCHW"``), dtype ``input_dtype``, RGB in [0, 1]; ``batch_size`` is ``None`` for a
    dynamic batch axis. ``max_detections`` is ``K`` of the outputs. ``weights_sha256``:
    of the detector's state dict (names and tensor bytes, sorted by name);
    ``file_sha256``: of the exported file. ``opset`` is the ONNX opset (``None`` for
    ``torch-export``). ``sidecar_version``: the layout of this record
    (``SIDECAR_VERSION``).
    """

    model_config = _FROZEN

    sidecar_version: Literal[1] = SIDECAR_VERSION
    format: ExportFormat
    file_name: str
    class_names: tuple[str, ...]
    input_name: str
    input_size: tuple[_Size, _Size]
    input_layout: Literal["NCHW"]
    input_dtype: Literal["float32"]
    input_range: tuple[float, float]
    batch_size: _Size | None
    outputs: tuple[OutputSpec, ...]
    max_detections: _Size
    score_threshold: float
    nms_iou_threshold: float
    plugtrain_version: str
    torch_version: str
    opset: Annotated[int, Field(ge=0)] | None
    weights_sha256: _Digest
    file_sha256: _Digest

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"

    @staticmethod
    def from_json(text: str, *, path: Path) -> "ExportMetadata":
        """Parse a sidecar; ``ExportError`` naming the file and every bad field."""
        try:
            return ExportMetadata.model_validate_json(text)
        except ValidationError as error:
            raise _bad_sidecar(path, _problems(error, text)) from None


def _problems(error: ValidationError, text: str) -> str:
    """What is wrong, field by field (a sidecar of another version says only that)."""
    issues = error.errors(include_url=False, include_input=False)
    if any(issue["type"] == "json_invalid" for issue in issues):
        return f"it is not JSON ({issues[0]['msg']})"
    if any(issue["loc"] == ("sidecar_version",) for issue in issues):
        found: object = json.loads(text).get("sidecar_version", "none")
        return (
            f"its sidecar_version is {found!r}, this plugtrain reads version "
            f"{SIDECAR_VERSION} (another plugtrain wrote it: load it with that one)"
        )
    if issues and issues[0]["type"] == "model_type":
        return "it is not a JSON object"
    missing = [".".join(map(str, i["loc"])) for i in issues if i["type"] == "missing"]
    others = [
        f"{'.'.join(map(str, i['loc']))}: {i['msg']}" for i in issues if i["type"] != "missing"
    ]
    parts = ([f"fields {missing} are missing"] if missing else []) + others[:_MAX_REPORTED]
    more = len(others) - _MAX_REPORTED
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


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
