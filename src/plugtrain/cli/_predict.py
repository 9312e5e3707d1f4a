"""``plugtrain predict MODEL IMAGES... --out DIR``: drawn PNGs and ``predictions.json``.

Exit status: 0 every image predicted; 1 nothing predicted (bad model, no images, an
``--out`` that holds an input); 3 finished, but some images could not be read (listed in
``predictions.json`` under ``errors``). Registered in ``cli/__init__.py``.
"""

import json
from pathlib import Path
from typing import Annotated, Final

import typer

__all__ = ["PARTIAL_EXIT_CODE", "predict"]

PARTIAL_EXIT_CODE: Final = 3
"""Exit status when some images were predicted and some could not be read."""


def _console_error(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(text, highlight=False, markup=False)


def predict(
    model: Annotated[
        Path, typer.Argument(help="a checkpoint (.json) from plugtrain train, or an exported model")
    ],
    images: Annotated[list[Path], typer.Argument(help="image files or folders of images")],
    out: Annotated[
        Path, typer.Option(help="folder for predictions.json and drawn PNGs; holds no input")
    ] = Path("predictions"),
    score_threshold: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.3,
    batch_size: Annotated[int, typer.Option(min=1, max=256)] = 8,
    device: Annotated[str, typer.Option(help="cpu, cuda, cuda:1")] = "cpu",
    max_pixels: Annotated[
        int, typer.Option(min=1, help="largest image width x height; larger ones are skipped")
    ] = 40_000_000,
    runtime: Annotated[
        str | None, typer.Option(help="runs an .onnx model: onnxruntime (default) or openvino")
    ] = None,
) -> None:
    """Detect objects in images: predictions.json plus NAME.png per image, boxes drawn.

    An unreadable image is skipped and listed under errors in predictions.json; the exit
    status is then 3 (0: all predicted; 1: nothing done).
    """
    from plugtrain.errors import PlugtrainError
    from plugtrain.inference import Predictor, predict_to_folder

    try:
        predictor = Predictor.from_path(
            model, device=device, batch_size=batch_size, max_pixels=max_pixels, runtime=runtime
        )
        done = predict_to_folder(predictor, images, out=out, score_threshold=score_threshold)
    except PlugtrainError as error:
        _console_error(str(error))
        raise typer.Exit(code=1) from None
    for failure in done.failures:
        _console_error(f"skipped {failure.file}: [{failure.code}] {failure.message}")
    if done.skipped:
        _console_error(f"ignored {len(done.skipped)} non-image file(s), listed in {done.results}")
    print(
        json.dumps(
            {
                "predictions": str(done.results),
                "images": done.predicted,
                "failed": len(done.failures),
                "skipped": len(done.skipped),
            }
        )
    )
    if done.failures:
        raise typer.Exit(code=PARTIAL_EXIT_CODE)
