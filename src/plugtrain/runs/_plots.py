"""The pictures a training run leaves: its loss/metric curve and drawn validation predictions."""

import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never open a window

import matplotlib.pyplot as plt
import torch
from PIL import Image
from torch import nn
from torchvision.utils import draw_bounding_boxes, make_grid

from plugtrain.data import CocoDataset
from plugtrain.errors import TrainingError
from plugtrain.structures import Detections
from plugtrain.training import atomic_write_bytes

__all__ = ["plot_training_curve", "save_prediction_grid"]


def plot_training_curve(metrics_log: Path, out: Path) -> None:
    """Total loss per step (and each term) and the validation metrics per epoch."""
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
            for key in ("map", "map50", "map75"):
                value = record.get(f"metric/{key}")
                metrics.setdefault(key, []).append(
                    float(value) if isinstance(value, (int, float)) else float("nan")
                )
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
        right.plot(epochs, values, marker="o", label=name)
    right.set_xlabel("epoch")
    right.set_ylim(0.0, 1.0)
    right.legend()
    right.set_title("validation COCO mAP")
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
