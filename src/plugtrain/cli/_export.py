"""``plugtrain export``: a checkpoint to an ONNX or ``.pt2`` file with a sidecar, optionally
checked against the eager detector."""

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from plugtrain.export import ExportFormat, ParityReport
    from plugtrain.models import Detector, TwoStageDetector

__all__ = ["export"]


class Format(StrEnum):
    onnx = "onnx"
    torch_export = "torch-export"


@dataclass(frozen=True, slots=True)
class _Loaded:
    detector: "Detector | TwoStageDetector"
    class_names: tuple[str, ...]
    image_size: tuple[int, int]


def _load(checkpoint: Path) -> _Loaded:
    """The checkpoint's detector, class names and training input size (the one place this
    command reads a checkpoint)."""
    from plugtrain.runs import detector_from_checkpoint

    trained = detector_from_checkpoint(checkpoint)
    size = trained.config.data.image_size
    return _Loaded(trained.detector, trained.class_names, (int(size[0]), int(size[1])))


def _console_error(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(text, highlight=False, markup=False)


def _print_report(report: "ParityReport") -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="exported vs eager detections")
    for column in ("image", "eager", "exported", "matched", "max box diff px", "max score diff"):
        table.add_column(column, justify="right")
    for index, image in enumerate(report.images):
        table.add_row(
            str(index),
            str(image.eager),
            str(image.exported),
            str(image.matched),
            f"{image.max_box_diff_px:.2e}",
            f"{image.max_score_diff:.2e}",
        )
    console = Console(soft_wrap=True)
    console.print(table)
    verdict = "PASS" if report.passed else "FAIL"
    console.print(
        f"{verdict}: max box diff {report.max_box_diff_px:.2e} px (limit "
        f"{report.box_tolerance_px:g}), max score diff {report.max_score_diff:.2e} (limit "
        f"{report.score_tolerance:g}), label agreement {report.label_agreement:.1%}",
        highlight=False,
        markup=False,
    )


def export(
    checkpoint: Annotated[Path, typer.Argument(help="a checkpoint written by plugtrain train")],
    export_format: Annotated[
        Format, typer.Option("--format", help="onnx (onnxruntime) or torch-export (.pt2)")
    ] = Format.onnx,
    out: Annotated[
        Path | None, typer.Option(help="the file to write (default: beside the checkpoint)")
    ] = None,
    image_size: Annotated[
        tuple[int, int] | None,
        typer.Option(help="input HEIGHT WIDTH (default: the run's data.image_size)"),
    ] = None,
    dynamic_batch: Annotated[
        bool, typer.Option("--dynamic-batch", help="any batch size (default: batch 1)")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="compare with the eager detector; exit 1 if they differ"),
    ] = False,
) -> None:
    """Export the whole detector (preprocessing, network, decoding, NMS) with a JSON sidecar."""
    from plugtrain.errors import PlugtrainError
    from plugtrain.export import ExportedDetector, check_export, default_export_path
    from plugtrain.export import export_detector as run_export

    chosen: ExportFormat = "onnx" if export_format is Format.onnx else "torch-export"
    try:
        loaded = _load(checkpoint)
        size = image_size if image_size is not None else loaded.image_size
        target = out if out is not None else default_export_path(checkpoint, chosen)
        result = run_export(
            loaded.detector,
            target,
            export_format=chosen,
            image_size=(int(size[0]), int(size[1])),
            class_names=loaded.class_names,
            dynamic_batch=dynamic_batch,
        )
        report = (
            check_export(loaded.detector, ExportedDetector.load(result.path)) if check else None
        )
    except PlugtrainError as error:
        _console_error(str(error))
        raise typer.Exit(code=1) from None
    summary = {
        "file": str(result.path),
        "sidecar": str(result.sidecar),
        "format": chosen,
        "input_size": list(result.metadata.input_size),
        "batch": result.metadata.batch_size or "dynamic",
    }
    print(json.dumps(summary))
    if report is not None:
        _print_report(report)
        if not report.passed:
            raise typer.Exit(code=1)
