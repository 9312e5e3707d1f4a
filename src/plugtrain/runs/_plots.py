"""The pictures a training run leaves: its loss/metric curve and drawn validation predictions."""

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import matplotlib

matplotlib.use("Agg")  # files only; never open a window

import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image, ImageDraw
from torch import nn
from torchvision.utils import draw_bounding_boxes, make_grid

from plugtrain.config import METRIC_GOALS
from plugtrain.data import CocoDataset, FolderDataset
from plugtrain.errors import TrainingError
from plugtrain.structures import Detections
from plugtrain.training import atomic_write_bytes

__all__ = ["plot_training_curve", "save_classification_grid", "save_prediction_grid"]

_TILE: Final = 96


def plot_training_curve(metrics_log: Path, out: Path) -> None:
    """Total loss per step (and each term) and the validation metrics per epoch (the names
    of ``plugtrain.config.METRIC_GOALS`` the run logged)."""
    steps: list[int] = []
    losses: dict[str, list[float]] = {}
    epochs: list[int] = []
    metrics: dict[str, list[float]] = {}
    for line in metrics_log.read_text().splitlines() if metrics_log.exists() else []:
        record: dict[str, object] = json.loads(line)
        if record["kind"] == "step":
            steps.append(int(str(record["step"])))
            for key, value in record.items():
                if key.startswith("loss/") and isinstance(value, (int, float)):
                    losses.setdefault(key.removeprefix("loss/"), []).append(float(value))
        elif any(k.startswith("metric/") for k in record):
            epochs.append(int(str(record["epoch"])) + 1)
            for key, value in record.items():
                name = key.removeprefix("metric/")
                # the setups' headline metrics (not COCO's size splits)
                if name in METRIC_GOALS and isinstance(value, (int, float)):
                    metrics.setdefault(name, []).append(float(value))
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    for name, values in losses.items():
        left.plot(
            steps[: len(values)], values, label=name, linewidth=1.5 if name == "total" else 0.8
        )
    left.set_xlabel("step")
    left.set_ylabel("loss")
    left.set_yscale("log")
    left.legend()
    left.set_title("training loss")
    for name, values in metrics.items():
        right.plot(epochs[-len(values) :], values, marker="o", label=name)
    right.set_xlabel("epoch")
    if all(0.0 <= v <= 1.0 for values in metrics.values() for v in values):
        right.set_ylim(0.0, 1.0)  # mAP and accuracies: the whole scale
    right.legend()
    right.set_title("validation metrics")
    figure.tight_layout()
    picture = io.BytesIO()
    figure.savefig(picture, format="png", dpi=100)  # pyright: ignore[reportUnknownMemberType]  # matplotlib's **kwargs
    plt.close(figure)
    atomic_write_bytes(out, picture.getvalue(), kind=TrainingError, what="the training curve")


def save_prediction_grid(
    detector: nn.Module,
    dataset: CocoDataset,
    out: Path,
    *,
    device: torch.device,
    count: int = 8,
    score_threshold: float = 0.5,
) -> None:
    """The first ``count`` validation images with predicted boxes (label: score) drawn."""
    names = dataset.category_names
    drawn: list[torch.Tensor] = []
    detector.eval()
    with torch.no_grad():
        for index in range(min(count, len(dataset))):
            sample = dataset[index]
            detections: list[Detections] = detector([sample.image.to(device)])
            keep = detections[0].scores >= score_threshold
            boxes = detections[0].boxes[keep].cpu()
            labels = [
                f"{names[int(label)]} {float(score):.2f}"
                for label, score in zip(
                    detections[0].labels[keep].cpu(), detections[0].scores[keep].cpu(), strict=True
                )
            ]
            image = (sample.image.clamp(0, 1) * 255).to(torch.uint8)
            if len(boxes):
                image = draw_bounding_boxes(image, boxes, labels=labels, colors="yellow", width=2)
            drawn.append(image)
    if not drawn:
        return
    grid = make_grid(drawn, nrow=4, padding=4)
    picture = io.BytesIO()
    Image.fromarray(grid.permute(1, 2, 0).numpy()).save(picture, format="png")
    atomic_write_bytes(out, picture.getvalue(), kind=TrainingError, what="the prediction grid")


def save_classification_grid(
    model: nn.Module,
    dataset: FolderDataset,
    out: Path,
    *,
    device: torch.device,
    mean: Sequence[float],
    std: Sequence[float],
    count: int = 16,
) -> None:
    """Validation images (spread over the set) with the predicted class: green when right,
    red when wrong (the true class in brackets)."""
    names = dataset.class_names
    step = max(1, len(dataset) // count)
    shift = torch.tensor(mean).view(3, 1, 1)
    scale = torch.tensor(std).view(3, 1, 1)
    tiles: list[torch.Tensor] = []
    model.eval()
    with torch.no_grad():
        for index in range(0, min(len(dataset), step * count), step):
            sample = dataset[index]
            logits: torch.Tensor = model(((sample.image - shift) / scale)[None].to(device))
            predicted = int(logits.argmax(dim=1)[0])
            pixels = (sample.image.clamp(0, 1) * 255).to(torch.uint8).permute(1, 2, 0).numpy()
            tile = Image.fromarray(pixels).resize((_TILE, _TILE), Image.Resampling.NEAREST)
            right = predicted == sample.label
            text = names[predicted] if right else f"{names[predicted]} ({names[sample.label]})"
            ImageDraw.Draw(tile).text((2, 2), text, fill=(0, 255, 0) if right else (255, 0, 0))
            tiles.append(torch.as_tensor(np.array(tile)).permute(2, 0, 1))
    if not tiles:
        return
    grid = make_grid(tiles, nrow=4, padding=4)
    picture = io.BytesIO()
    Image.fromarray(grid.permute(1, 2, 0).numpy()).save(picture, format="png")
    atomic_write_bytes(out, picture.getvalue(), kind=TrainingError, what="the prediction grid")
