"""The default training run, and training throughput against torchvision's FCOS.

    python benchmarks/train_default.py [--steps N] [--skip-default-run]

1. Runs ``plugtrain train`` on the embedded default (in a temporary folder, making the
   synthetic shapes data set) and prints its wall time and validation mAP / mAP@0.5
   (targets: <= 600 s and mAP@0.5 >= 0.8 on a 2-core CPU).
2. Trains plugtrain's default detector and a torchvision ``FCOS`` of the same architecture
   (the same backbone and FPN modules, torchvision's ``FCOSHead`` with the same number of
   convolutions, no resizing, the same normalisation) with the same plain loop on the same
   batches, alternating step by step, and prints images/s of each and the ratio
   plugtrain / torchvision (higher is better for plugtrain).
"""

import argparse
import copy
import json
import os
import statistics
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

import torch
from torch import Tensor, nn
from torchvision.models.detection import FCOS
from torchvision.models.detection.fcos import FCOSHead

from plugtrain.builders import build_datasets, build_one_stage_detector, build_train_loader
from plugtrain.cli._train import default_config_text
from plugtrain.components import Backbone, Neck
from plugtrain.config import ExperimentConfig, FCOSHeadConfig, parse_config
from plugtrain.data import Batch, make_shapes_dataset
from plugtrain.models import Detector
from plugtrain.runs import train_from_config


class _TorchvisionBackbone(nn.Module):
    """plugtrain's backbone + FPN behind torchvision's backbone interface."""

    def __init__(self, backbone: Backbone, neck: Neck, channels: int) -> None:
        super().__init__()
        self.body = backbone
        self.fpn = neck
        self.out_channels = channels

    def forward(self, images: Tensor) -> "OrderedDict[str, Tensor]":
        features: list[Tensor] = self.fpn(self.body(images))
        return OrderedDict((str(i), f) for i, f in enumerate(features))


def _torchvision_twin(detector: Detector, config: ExperimentConfig) -> FCOS:
    neck = detector.neck
    if neck is None or not isinstance(config.model.head, FCOSHeadConfig):
        raise SystemExit("the default config is expected to be FCOS with an FPN neck")
    channels = neck.feature_spec.uniform_channels(consumer="FCOSHead")
    height, width = config.data.image_size
    body = _TorchvisionBackbone(copy.deepcopy(detector.backbone), copy.deepcopy(neck), channels)
    head = FCOSHead(
        channels, 1, config.model.head.num_classes, num_convs=config.model.head.num_convs
    )
    sizes = tuple((8 * 2**i,) for i in range(len(neck.feature_spec)))
    from torchvision.models.detection.anchor_utils import AnchorGenerator

    return FCOS(
        body,
        config.model.head.num_classes,
        min_size=min(height, width),
        max_size=max(height, width),
        image_mean=[0.485, 0.456, 0.406],
        image_std=[0.229, 0.224, 0.225],
        anchor_generator=AnchorGenerator(sizes, tuple((1.0,) for _ in sizes)),
        head=head,
    )


def _throughput(config: ExperimentConfig, steps: int) -> tuple[float, float]:
    datasets = build_datasets(config.data)
    loader = build_train_loader(datasets.train, config.data, seed=0)
    torch.manual_seed(0)  # pyright: ignore[reportUnknownMemberType]  # torch leaves seed untyped
    ours = build_one_stage_detector(config.model)
    theirs = _torchvision_twin(ours, config)
    ours.train()
    theirs.train()
    optimisers = (
        torch.optim.AdamW(ours.parameters(), lr=1e-3),
        torch.optim.AdamW(theirs.parameters(), lr=1e-3),
    )
    times: tuple[list[float], list[float]] = ([], [])
    images = 0
    batches = iter(loader)
    for step in range(steps + 2):
        try:
            batch = next(batches)
        except StopIteration:
            batches = iter(loader)
            batch = next(batches)
        if not isinstance(batch, Batch):
            raise SystemExit("unexpected batch type")
        targets = [{"boxes": t.boxes, "labels": t.labels} for t in batch.targets]
        order = (0, 1) if step % 2 == 0 else (1, 0)
        for side in order:
            start = time.perf_counter()
            if side == 0:
                loss = ours.loss(batch.images, batch.targets).total
            else:
                losses: dict[str, Tensor] = theirs(list(batch.images), targets)
                loss = torch.stack(list(losses.values())).sum()
            optimisers[side].zero_grad()
            torch.autograd.backward(loss)
            optimisers[side].step()  # pyright: ignore[reportUnknownMemberType]  # torch's stub
            if step >= 2:  # the first steps warm up the kernels
                times[side].append(time.perf_counter() - start)
        if step >= 2:
            images += len(batch.targets)
    per_image = images / steps
    return per_image / statistics.median(times[0]), per_image / statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--skip-default-run", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        previous = Path.cwd()
        os.chdir(folder)
        try:
            make_shapes_dataset("data/shapes")
            config = parse_config(default_config_text(), file="default.yaml")
            if not args.skip_default_run:
                started = time.perf_counter()
                summary = train_from_config(config)
                wall = time.perf_counter() - started
                print(
                    json.dumps(
                        {
                            "default_run_wall_seconds": round(wall, 1),
                            "map": round(summary.map, 4),
                            "map50": round(summary.map50, 4),
                            "epochs": summary.epochs,
                            "steps": summary.steps,
                        }
                    )
                )
            ours, theirs = _throughput(config, args.steps)
        finally:
            os.chdir(previous)
    print(
        f"training throughput, batch {config.data.batch_size}, "
        f"{config.data.image_size[0]}x{config.data.image_size[1]}, median of {args.steps} steps: "
        f"plugtrain {ours:.1f} images/s, torchvision {theirs:.1f} images/s, "
        f"ratio plugtrain/torchvision {ours / theirs:.3f}"
    )


if __name__ == "__main__":
    main()
