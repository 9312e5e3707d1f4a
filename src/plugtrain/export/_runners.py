"""What runs an exported file: onnxruntime or OpenVINO for ``.onnx``, torch for ``.pt2``.

Each runner takes a prepared batch (N, 3, height, width) and returns the exported graph's
four outputs as tensors it owns (never views of a runtime's reused output buffers).
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal, get_args

import numpy as np
import torch
from torch import Tensor

from plugtrain.errors import ExportError
from plugtrain.export._module import ExportOutputs
from plugtrain.export._sidecar import ExportMetadata, weights_sha256

__all__ = ["DEFAULT_RUNTIME", "EXPORT_RUNTIMES", "ExportRuntime", "Runner", "make_runner"]

ExportRuntime = Literal["onnxruntime", "openvino"]
"""What runs an ``.onnx`` file: onnxruntime (the ``export`` extra) or OpenVINO (the
``openvino`` extra, faster on x86 CPUs)."""

EXPORT_RUNTIMES: Final[tuple[ExportRuntime, ...]] = get_args(ExportRuntime)
DEFAULT_RUNTIME: Final[ExportRuntime] = "onnxruntime"
_EXTRAS: Final[dict[ExportRuntime, str]] = {"onnxruntime": "export", "openvino": "openvino"}

Runner = Callable[[Tensor], ExportOutputs]


def _outputs(arrays: list[np.ndarray[tuple[int, ...], np.dtype[np.generic]]]) -> ExportOutputs:
    boxes, scores, labels, count = (torch.tensor(a) for a in arrays)  # copies
    return boxes, scores, labels.to(torch.int64), count.to(torch.int64)


def _missing(path: Path, runtime: ExportRuntime) -> ExportError:
    return ExportError(
        f"cannot run {path} in {runtime}: {runtime} is not installed; fix: pip install "
        f"'plugtrain[{_EXTRAS[runtime]}]'"
    )


def _threads(threads: int | None) -> int:
    return threads if threads is not None else (os.cpu_count() or 1)


def _onnxruntime_runner(path: Path, metadata: ExportMetadata, threads: int | None) -> Runner:
    try:
        import onnxruntime
    except ImportError:
        raise _missing(path, "onnxruntime") from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = _threads(threads)
    options.log_severity_level = 3  # errors only: its warnings are not the user's to fix
    session = onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    names = [o.name for o in metadata.outputs]

    def run(batch: Tensor) -> ExportOutputs:
        feed = {metadata.input_name: batch.detach().to("cpu", torch.float32).numpy()}
        return _outputs(session.run(names, feed))

    return run


def _openvino_runner(path: Path, metadata: ExportMetadata, threads: int | None) -> Runner:
    try:
        import openvino
    except ImportError:
        raise _missing(path, "openvino") from None
    config = {
        "INFERENCE_NUM_THREADS": _threads(threads),
        "PERFORMANCE_HINT": "LATENCY",
        # float32 everywhere: on CPUs with bf16 units OpenVINO would otherwise compute in
        # bf16, and the results would no longer match the eager detector's
        "INFERENCE_PRECISION_HINT": "f32",
    }
    try:
        compiled = openvino.Core().compile_model(str(path), "CPU", config)
    except RuntimeError as error:
        raise ExportError(
            f"cannot run {path} in openvino: it could not compile the file "
            f"({' '.join(str(error).split())[:300]}); fix: use runtime='onnxruntime'"
        ) from None
    request = compiled.create_infer_request()
    names = [o.name for o in metadata.outputs]
    # one infer request reuses its buffers: calls from several threads take turns
    lock = threading.Lock()

    def run(batch: Tensor) -> ExportOutputs:
        feed = {metadata.input_name: batch.detach().to("cpu", torch.float32).numpy()}
        with lock:
            request.infer(feed)
            return _outputs([request.get_tensor(name).data for name in names])

    return run


def _program_runner(path: Path, metadata: ExportMetadata) -> Runner:
    program = torch.export.load(str(path))
    found = weights_sha256(program.state_dict)
    if found != metadata.weights_sha256:
        raise ExportError(
            f"cannot load {path}: its weights have SHA-256 {found[:12]}..., the sidecar says "
            f"{metadata.weights_sha256[:12]}...; fix: export the model again (the file and "
            "its sidecar come from different exports)"
        )
    module = program.module()

    def run(batch: Tensor) -> ExportOutputs:
        with torch.no_grad():
            boxes, scores, labels, count = module(batch.to(torch.float32))
        return boxes, scores, labels, count

    return run


def make_runner(
    path: Path, metadata: ExportMetadata, *, runtime: ExportRuntime | None, threads: int | None
) -> Runner:
    """The runner of ``path``: ``runtime`` (``None``: onnxruntime) for ``.onnx``, torch for
    ``.pt2`` (``runtime`` must be ``None`` then). ``threads``: intra-op threads of
    onnxruntime or OpenVINO (default: all cores)."""
    if runtime is not None and runtime not in EXPORT_RUNTIMES:
        raise ExportError(
            f"cannot run {path} in runtime {runtime!r}: expected one of "
            f"{list(EXPORT_RUNTIMES)}; fix: pass runtime='openvino' or 'onnxruntime'"
        )
    if metadata.format == "torch-export":
        if runtime is not None:
            raise ExportError(
                f"cannot run {path} in {runtime}: a .pt2 file runs in torch only; fix: drop "
                "the runtime, or export with --format onnx"
            )
        return _program_runner(path, metadata)
    if runtime == "openvino":
        return _openvino_runner(path, metadata, threads)
    return _onnxruntime_runner(path, metadata, threads)
