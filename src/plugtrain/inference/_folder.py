"""Predict image files into a folder: drawn PNGs and ``predictions.json``, nothing lost.

Rules (each one a bug found by a user): the output folder may not hold an input (the drawn
copies would overwrite the originals); output names cannot collide (``a.jpg`` and
``a.png`` give ``a.jpg.png`` and ``a.png.png``, two ``a.jpg`` from different folders
``a.jpg.png`` and ``a.jpg.2.png``); an unreadable image is reported in ``errors`` and the
others still run; only regular files are read (a FIFO would block); a folder yields every
file Pillow can open (GIF included), and files it skips are listed.
"""

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

import torch
from PIL import Image
from torchvision.utils import draw_bounding_boxes

from plugtrain.errors import DataError
from plugtrain.inference._images import ImageInputError, read_image
from plugtrain.inference._predictor import Predictor
from plugtrain.inference._results import ImagePrediction

__all__ = [
    "RESULTS_NAME",
    "FolderPrediction",
    "ImageFailure",
    "image_suffixes",
    "predict_to_folder",
]

RESULTS_NAME: Final = "predictions.json"


@dataclass(frozen=True, slots=True)
class ImageFailure:
    """An input that was not predicted: the file, the plugtrain error code, why, and how."""

    file: str
    code: str
    problem: str
    message: str


@dataclass(frozen=True, slots=True)
class FolderPrediction:
    """What :func:`predict_to_folder` did: ``predicted`` images, ``failures``, ``skipped``
    folder entries that are not images, and the ``results`` JSON path."""

    results: Path
    predicted: int
    failures: tuple[ImageFailure, ...]
    skipped: tuple[str, ...]


def image_suffixes() -> frozenset[str]:
    """File suffixes (lower case, with the dot) of every format Pillow can open."""
    return frozenset(
        suffix for suffix, kind in Image.registered_extensions().items() if kind in Image.OPEN
    )


def _collect(paths: Sequence[Path]) -> tuple[list[Path], list[ImageFailure], list[str]]:
    """(files to read, inputs that are not there, folder entries skipped as non-images)."""
    suffixes = image_suffixes()
    files: list[Path] = []
    missing: list[ImageFailure] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            for entry in sorted(path.iterdir()):
                if entry.suffix.lower() in suffixes and not entry.is_dir():
                    files.append(entry)
                else:
                    skipped.append(str(entry))
        elif path.exists() or path.is_symlink():
            files.append(path)  # read_image refuses anything but a regular file
        else:
            missing.append(
                ImageFailure(
                    file=str(path),
                    code=DataError.code,
                    problem="image_missing",
                    message=f"no such image file or folder: {path}",
                )
            )
    return files, missing, skipped


def _refuse_input_folder(out: Path, inputs: Sequence[Path], files: Sequence[Path]) -> None:
    target = out.resolve()
    for path in [*inputs, *files]:
        # the link itself, not its target: a symlink inside --out is an input there too
        resolved = path.parent.resolve() / path.name
        if resolved == target or resolved.is_relative_to(target):
            raise DataError(
                f"--out {out} holds the input {path}: predict would write its drawn copies "
                f"among the originals. Pass an output folder that holds no input, e.g. "
                f"--out {out.parent / (out.name + '-predictions')}",
                file=str(path),
            )
    if out.exists() and not out.is_dir():
        raise DataError(f"--out {out} exists and is not a folder; pass a folder", file=str(out))


def _output_names(files: Sequence[Path]) -> list[str]:
    """``NAME.png`` per input (the input's whole name kept), numbered when names repeat."""
    taken: set[str] = set()
    names: list[str] = []
    for path in files:
        name = f"{path.name}.png"
        count = 1
        while name.lower() in taken:
            count += 1
            name = f"{path.name}.{count}.png"
        taken.add(name.lower())
        names.append(name)
    return names


def _draw(pixels: torch.Tensor, found: ImagePrediction, target: Path) -> None:
    drawn = pixels
    if found.detections:
        drawn = draw_bounding_boxes(
            pixels,
            torch.tensor([d.box for d in found.detections], dtype=torch.float32),
            labels=[f"{d.class_name} {d.score:.2f}" for d in found.detections],
            colors="yellow",
            width=2,
        )
    try:
        Image.fromarray(drawn.permute(1, 2, 0).contiguous().numpy()).save(target)
    except OSError as error:
        raise DataError(f"cannot write {target}: {error}", file=str(target)) from None


def _write_json(target: Path, content: dict[str, Any]) -> None:
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(json.dumps(content, indent=2) + "\n")
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DataError(f"cannot write {target}: {error}", file=str(target)) from None


def predict_to_folder(
    predictor: Predictor,
    inputs: Sequence[Path],
    *,
    out: Path,
    score_threshold: float = 0.3,
) -> FolderPrediction:
    """Predict every image file (or folder of them) in ``inputs``; write ``out/NAME.png``
    with the boxes drawn and ``out/predictions.json``. Refuses (``DataError``) an ``out``
    that holds an input and an input list with no image at all; an image that cannot be
    read is listed in the JSON's ``errors`` and the rest still run."""
    files, failures, skipped = _collect(inputs)
    if not files and not failures:
        raise DataError(
            f"no images found in {', '.join(map(str, inputs))} (looked for "
            f"{', '.join(sorted(image_suffixes()))}); skipped {len(skipped)} other file(s)"
        )
    _refuse_input_folder(out, inputs, files)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(f"cannot make the output folder {out}: {error}", file=str(out)) from None
    records: list[dict[str, Any]] = []
    names = _output_names(files)
    for start in range(0, len(files), predictor.batch_size):
        batch: list[tuple[Path, str, torch.Tensor]] = []
        for path, name in zip(
            files[start : start + predictor.batch_size],
            names[start : start + predictor.batch_size],
            strict=True,
        ):
            try:
                batch.append((path, name, read_image(path, max_pixels=predictor.max_pixels)))
            except ImageInputError as error:
                failures.append(ImageFailure(str(path), error.code, error.problem, error.message))
        if not batch:
            continue
        found = predictor.predict(
            [pixels for _, _, pixels in batch],
            names=[str(path) for path, _, _ in batch],
            score_threshold=score_threshold,
        )
        for (_, name, pixels), prediction in zip(batch, found, strict=True):
            _draw(pixels, prediction, out / name)
            records.append({**prediction.to_json(), "drawn": name})
    results = out / RESULTS_NAME
    _write_json(
        results,
        {
            "images": records,
            "errors": [asdict(failure) for failure in failures],
            "skipped": skipped,
        },
    )
    return FolderPrediction(
        results=results, predicted=len(records), failures=tuple(failures), skipped=tuple(skipped)
    )
