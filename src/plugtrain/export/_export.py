"""``export_detector``: a ``Detector`` or ``TwoStageDetector`` to an ONNX or
``torch.export`` (``.pt2``) file + sidecar.

Everything that can fail runs before anything is written: the fixed-shape wrapper is
built, traced with ``torch.export`` (and translated to ONNX), and only then are the file
and its sidecar written, each atomically. When tracing fails, each part is traced on its
own to name the one that cannot be exported.
"""

import contextlib
import logging
import traceback
import warnings
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast, get_args

import torch
from torch import Tensor, nn
from torch.export import Dim, ExportedProgram

import plugtrain
from plugtrain.errors import ExportError, PlugtrainError
from plugtrain.export._module import ExportableDetector
from plugtrain.export._sidecar import (
    ExportFormat,
    ExportMetadata,
    OutputSpec,
    file_sha256,
    sidecar_path,
    weights_sha256,
    write_atomically,
)
from plugtrain.export._two_stage import ExportableTwoStageDetector
from plugtrain.models import Detector, TwoStageDetector

__all__ = [
    "INPUT_NAME",
    "OUTPUT_NAMES",
    "ExportResult",
    "default_export_path",
    "export_detector",
]

INPUT_NAME: Final = "images"
OUTPUT_NAMES: Final = ("boxes", "scores", "labels", "num_detections")
_SUFFIXES: Final[dict[ExportFormat, str]] = {"onnx": ".onnx", "torch-export": ".pt2"}
_MAX_DYNAMIC_BATCH: Final = 1024
# Traced with two images so the batch axis is not taken for the special size 1.
_DYNAMIC_EXAMPLE_BATCH: Final = 2
_REASON_CHARS: Final = 400
_LIBRARY_PATHS: Final = ("/torch/", "/torchvision/", "/onnxscript/", "plugtrain/export/")
_CHATTY_LOGGERS: Final = ("onnxscript", "onnx_ir", "torch.export", "torch.onnx")

Exportable = ExportableDetector | ExportableTwoStageDetector


@dataclass(frozen=True, slots=True)
class ExportResult:
    """The written file, its sidecar and what the sidecar says."""

    path: Path
    sidecar: Path
    metadata: ExportMetadata


def default_export_path(checkpoint: Path, export_format: ExportFormat) -> Path:
    """``run/checkpoints/best.json`` -> ``run/checkpoints/best.onnx`` (or ``.pt2``)."""
    return checkpoint.with_suffix(_SUFFIXES[export_format])


def _outputs(max_detections: int) -> tuple[OutputSpec, ...]:
    k = f"K={max_detections}"
    return (
        OutputSpec(
            name="boxes",
            shape="[N, K, 4]",
            dtype="float32",
            meaning=f"xyxy in pixels of the input; {k}",
        ),
        OutputSpec(
            name="scores", shape="[N, K]", dtype="float32", meaning="best first; 0 on padding rows"
        ),
        OutputSpec(
            name="labels",
            shape="[N, K]",
            dtype="int64",
            meaning="0-based class ids; -1 on padding rows",
        ),
        OutputSpec(
            name="num_detections",
            shape="[N]",
            dtype="int64",
            meaning="rows of each image that are not padding",
        ),
    )


def _reason(error: BaseException) -> str:
    """The error's first sentence, and where in the user's code it arose (the innermost
    frame outside torch, torchvision and this package)."""
    text = " ".join(str(error).split()) or type(error).__name__
    first = text.split(". ")[0]
    if len(first) > _REASON_CHARS:
        first = first[: _REASON_CHARS - 3] + "..."
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not any(part in frame.filename for part in _LIBRARY_PATHS)
    ]
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {first}{where}"


@contextlib.contextmanager
def _quiet_tracing() -> Generator[None]:
    """Silence the chatter tracing libraries print (deprecations in torchvision's fake
    ``nms``, onnxscript's optimiser notes); the user can act on none of it. Errors still
    raise."""
    loggers = [logging.getLogger(name) for name in _CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module=r"(torch|onnxscript)\b")
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def _trace(module: nn.Module, example: Tensor, dynamic: Dim | None) -> ExportedProgram:
    shapes: dict[str, object] | None = None
    if dynamic is not None:
        shapes = {INPUT_NAME: {0: dynamic}}
    with _quiet_tracing(), torch.no_grad():
        return torch.export.export(module, (example,), dynamic_shapes=shapes)


class _Part(nn.Module):
    """One part as a module of its own, so it can be traced alone."""

    def __init__(self, part: nn.Module) -> None:
        super().__init__()
        self.part = part

    def forward(self, value: object) -> object:
        result: object = self.part(value)
        return result


def _named_part_failure(wrapper: Exportable, example: Tensor) -> tuple[str, str] | None:
    """(part, reason) of the first part that cannot be traced on its own, if any."""
    steps = wrapper.traceable_parts(example)
    for role, part, value in steps:
        if part is None:
            continue
        try:
            with _quiet_tracing(), torch.no_grad():
                torch.export.export(_Part(part), (value,))
        except PlugtrainError:
            raise
        except Exception as error:
            return f"{role} ({type(part).__name__})", _reason(error)
    return None


def _export_program(wrapper: Exportable, example: Tensor, dynamic: Dim | None) -> ExportedProgram:
    try:
        return _trace(wrapper, example, dynamic)
    except PlugtrainError:
        raise
    except Exception as error:
        found = _named_part_failure(wrapper, example)
        part, reason = found if found is not None else ("postprocessing", _reason(error))
        raise ExportError(
            f"cannot export {part}: torch.export cannot trace it: {reason}; fix: make its "
            "forward free of Python decisions on tensor values (if on a tensor, float(), "
            ".item(), .tolist(), numpy), or use a part that is; nothing was written"
        ) from None


def _to_onnx(program: ExportedProgram) -> tuple[Callable[[Path], None], int]:
    try:
        with _quiet_tracing(), contextlib.redirect_stdout(None):
            onnx_program = torch.onnx.export(  # pyright: ignore[reportUnknownMemberType]  # os.PathLike in its signature is unparametrised
                program,
                dynamo=True,
                input_names=[INPUT_NAME],
                output_names=list(OUTPUT_NAMES),
                verbose=False,
                optimize=True,
            )
    except Exception as error:
        raise ExportError(
            f"cannot export the detector to ONNX: the translation failed: {_reason(error)}; "
            "fix: export with --format torch-export instead; nothing was written"
        ) from None
    if onnx_program is None:
        raise ExportError("cannot export the detector to ONNX: torch.onnx.export returned nothing")
    model = onnx_program.model_proto
    opset = next((int(o.version) for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)

    def save(path: Path) -> None:
        with _quiet_tracing():
            onnx_program.save(str(path))  # pyright: ignore[reportUnknownMemberType]  # as above

    return save, opset


def _program_writer(program: ExportedProgram) -> Callable[[Path], None]:
    def save(path: Path) -> None:
        torch.export.save(program, str(path))

    return save


def _check_arguments(
    detector: object, export_format: str, image_size: object, batch_size: int
) -> None:
    if not isinstance(detector, Detector | TwoStageDetector):
        raise ExportError(
            f"cannot export a {type(detector).__name__}: only plugtrain Detectors and "
            "TwoStageDetectors can be exported; fix: build it with "
            "plugtrain.builders.build_detector or load a checkpoint"
        )
    if export_format not in get_args(ExportFormat):
        raise ExportError(
            f"cannot export to format {export_format!r}; fix: use one of "
            f"{list(get_args(ExportFormat))}"
        )
    sizes = list(cast(Sequence[object], image_size)) if isinstance(image_size, Sequence) else []
    if len(sizes) != 2 or not all(isinstance(s, int) and s >= 1 for s in sizes):
        raise ExportError(
            f"cannot export for image_size {image_size!r}: expected (height, width), two "
            "positive ints; fix: pass --image-size 512 512"
        )
    if batch_size < 1:
        raise ExportError(
            f"cannot export for batch_size {batch_size}: expected at least 1; fix: pass "
            "batch_size=1, or dynamic_batch=True for any batch size"
        )


def export_detector(
    detector: Detector | TwoStageDetector,
    out: Path,
    *,
    export_format: ExportFormat,
    image_size: tuple[int, int],
    class_names: Sequence[str],
    dynamic_batch: bool = False,
    batch_size: int = 1,
) -> ExportResult:
    """Export the whole of ``detector`` (in eval mode) to ``out`` and write its sidecar.

    The file takes ``images`` float32 (N, 3, height, width), RGB in [0, 1], N =
    ``batch_size`` (any N with ``dynamic_batch``), (height, width) = ``image_size``, and
    returns boxes (N, K, 4), scores (N, K), labels (N, K) int64 and num_detections (N,)
    int64, K = ``detector.max_detections``, padded past num_detections (score 0, label -1,
    box 0). ``ExportError`` (nothing written) when a part cannot be exported.
    """
    _check_arguments(detector, export_format, image_size, batch_size)
    names = tuple(class_names) or tuple(f"class_{i}" for i in range(detector.num_classes))
    if len(names) != detector.num_classes:
        raise ExportError(
            f"cannot export with {len(names)} class names for a detector of "
            f"{detector.num_classes} classes; fix: pass one name per class"
        )
    was_training = detector.training
    detector.eval()
    try:
        wrapper: Exportable = (
            ExportableDetector(detector, image_size=image_size)
            if isinstance(detector, Detector)
            else ExportableTwoStageDetector(detector, image_size=image_size)
        ).eval()
        weight = next(iter(detector.parameters()))
        count = _DYNAMIC_EXAMPLE_BATCH if dynamic_batch else batch_size
        # a generator of its own: exporting must not move the global random state
        generator = torch.Generator().manual_seed(0)
        example = torch.rand((count, 3, *wrapper.image_size), generator=generator).to(weight)
        dynamic = Dim("batch", min=1, max=_MAX_DYNAMIC_BATCH) if dynamic_batch else None
        program = _export_program(wrapper, example, dynamic)
        opset: int | None = None
        if export_format == "onnx":
            save, opset = _to_onnx(program)
        else:
            save = _program_writer(program)

        weights = weights_sha256(detector)
    finally:
        detector.train(was_training)
    write_atomically(out, save)
    metadata = ExportMetadata(
        format=export_format,
        file_name=out.name,
        class_names=names,
        input_name=INPUT_NAME,
        input_size=wrapper.image_size,
        input_layout="NCHW",
        input_dtype="float32",
        input_range=(0.0, 1.0),
        batch_size=None if dynamic_batch else batch_size,
        outputs=_outputs(detector.max_detections),
        max_detections=detector.max_detections,
        score_threshold=detector.score_threshold,
        nms_iou_threshold=detector.nms_iou_threshold,
        plugtrain_version=plugtrain.__version__,
        torch_version=torch.__version__,
        opset=opset,
        weights_sha256=weights,
        file_sha256=file_sha256(out),
    )
    sidecar = sidecar_path(out)

    def write_sidecar(path: Path) -> None:
        path.write_text(metadata.to_json())

    write_atomically(sidecar, write_sidecar)
    return ExportResult(path=out, sidecar=sidecar, metadata=metadata)
