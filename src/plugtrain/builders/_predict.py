"""Detect objects in image files: COCO-style JSON and one PNG per image with boxes drawn."""

import json
from collections.abc import Sequence
from pathlib import Path

import torch
from PIL import Image
from torch import nn
from torchvision.utils import draw_bounding_boxes

from plugtrain.data import BoxMapping, ImageBoxes, Letterbox
from plugtrain.data._decode import read_rgb
from plugtrain.errors import DataError
from plugtrain.structures import Detections

__all__ = ["IMAGE_SUFFIXES", "predict_images"]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"})


def _image_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise DataError(f"no such image file or folder: {path}", file=str(path))
    if not files:
        raise DataError(
            f"no images found in {', '.join(map(str, paths))} (looked for "
            f"{', '.join(sorted(IMAGE_SUFFIXES))})"
        )
    return files


def predict_images(
    detector: nn.Module,
    images: Sequence[Path],
    *,
    out: Path,
    image_size: tuple[int, int],
    class_names: Sequence[str],
    score_threshold: float = 0.3,
) -> Path:
    """Run ``detector`` on each image (letterboxed to ``image_size`` as in training); write
    ``out/predictions.json`` (boxes xyxy in the original image's pixels, label names, scores)
    and ``out/<name>.png`` with the boxes drawn. Returns the JSON path."""
    letterbox = Letterbox(image_size)
    out.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, object]] = []
    detector.eval()
    for path in _image_files(images):
        try:
            pixels = read_rgb(path)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise DataError(f"cannot read image: {error}", file=str(path)) from None
        height, width = int(pixels.shape[1]), int(pixels.shape[2])
        item = letterbox.apply(
            ImageBoxes(
                image=pixels,
                boxes=torch.zeros(0, 4),
                labels=torch.zeros(0, dtype=torch.int64),
                mapping=BoxMapping(original_size=(height, width)),
            )
        )
        model_input = item.image.to(torch.float32) / 255.0
        with torch.no_grad():
            found: list[Detections] = detector([model_input])
        keep = found[0].scores >= score_threshold
        boxes = item.mapping.to_original(found[0].boxes[keep])
        labels = [class_names[int(label)] for label in found[0].labels[keep]]
        scores = [round(float(score), 4) for score in found[0].scores[keep]]
        records.append(
            {
                "file": str(path),
                "width": width,
                "height": height,
                "detections": [
                    {"box_xyxy": [round(float(v), 2) for v in box], "label": label, "score": score}
                    for box, label, score in zip(boxes, labels, scores, strict=True)
                ],
            }
        )
        drawn = (
            draw_bounding_boxes(
                pixels,
                boxes,
                labels=[
                    f"{label} {score:.2f}" for label, score in zip(labels, scores, strict=True)
                ],
                colors="yellow",
                width=2,
            )
            if len(boxes)
            else pixels
        )
        Image.fromarray(drawn.permute(1, 2, 0).numpy()).save(out / f"{path.stem}.png")
    result = out / "predictions.json"
    result.write_text(json.dumps(records, indent=2) + "\n")
    return result
