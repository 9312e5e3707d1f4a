"""Images per second through the data pipeline: plugtrain vs torchvision, and the training
augmentation on transforms.v2 vs the hand-written one it replaced; same files, same run.

    python benchmarks/data_throughput.py [--images 256] [--size 640] [--target 320]
                                         [--workers 2] [--batch 8] [--repeats 3]
                                         [--formats png jpeg]

Both pipelines read the same files: the synthetic shapes set (``--size`` px square), as
written (PNG) and re-encoded as JPEG (quality 90, like most COCO-format sets). Each
flips horizontally with p=0.5, resizes to ``--target`` px, converts to float in [0, 1] and
batches ``--batch`` images with ``--workers`` worker processes:

* plugtrain: ``CocoDataset`` (shape checks on) + ``Compose([HorizontalFlip(), Resize()])``
  + ``make_loader`` (``collate`` into a ``Batch`` with validated ``Targets``);
* torchvision: ``CocoDetection`` wrapped by ``wrap_dataset_for_transforms_v2`` +
  ``v2.Compose([ToImage(), RandomHorizontalFlip(), Resize(), ToDtype(float32, scale=True)])``
  + a collate that stacks the images and lists the targets.

The training augmentation is compared the same way (plugtrain's reader and loader on both
sides): the default ``data.augment`` on torchvision's ``transforms.v2`` (``train_transforms``:
ScaleJitter + RandomCrop, RandomHorizontalFlip, ColorJitter on 80 %) against the hand-written
steps it replaced (``RandomScale``, ``HorizontalFlip``, ``ColorJitter``), each to
``--target`` px. Target: ratio (v2 / hand-written) >= 1.0 for each format.

Workers are persistent; the first pass of each loader is a warm-up. Passes alternate
between the two pipelines and each figure is the median over ``--repeats`` passes. The
up-front check (which plugtrain runs when the dataset is built, and torchvision does not
have) is timed separately. Target: ratio (plugtrain / torchvision) >= 1.0 for each format.

Where plugtrain gains: transforms run on the decoded uint8 image in Pillow's own
(channels-last) layout, converting to float once at the end; a worker's batch is built in
shared memory; and a JPEG twice the target size or more is decoded at reduced scale.
"""

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader
from torchvision.datasets import CocoDetection, wrap_dataset_for_transforms_v2
from torchvision.transforms import v2

from plugtrain.data import (
    CocoDataset,
    ColorJitter,
    Compose,
    HorizontalFlip,
    RandomScale,
    Resize,
    Transform,
    make_loader,
    make_shapes_dataset,
    train_transforms,
)


def _stack(batch: Sequence[tuple[torch.Tensor, dict[str, Any]]]) -> tuple[torch.Tensor, list[Any]]:
    """The torchvision side's collate: images of one size stacked, targets listed."""
    return torch.stack([image for image, _ in batch]), [target for _, target in batch]


def _images_per_second(loader: Iterable[object], count: int) -> float:
    start = time.perf_counter()
    for _ in loader:
        pass
    return count / (time.perf_counter() - start)


def _jpeg_copy(images: Path, annotations: Path, out: Path) -> tuple[Path, Path]:
    """The same images and boxes with every image re-encoded as JPEG."""
    from PIL import Image

    out.mkdir()
    document = json.loads(annotations.read_text())
    for record in document["images"]:
        name = Path(record["file_name"]).with_suffix(".jpg").name
        with Image.open(images / record["file_name"]) as image:
            image.convert("RGB").save(out / name, quality=90)
        record["file_name"] = name
    converted = out.parent / f"{out.name}.json"
    converted.write_text(json.dumps(document))
    return out, converted


def _measure(
    images: Path, annotations: Path, args: argparse.Namespace
) -> tuple[dict[str, float], float]:
    """Median images/s of each pipeline over the same files, and the check's seconds."""
    size = (args.target, args.target)
    start = time.perf_counter()
    ours = CocoDataset(images, annotations, transforms=Compose([HorizontalFlip(), Resize(size)]))
    check_seconds = time.perf_counter() - start
    plugtrain_loader = make_loader(ours, batch_size=args.batch, num_workers=args.workers, seed=0)
    augment: dict[str, Transform] = {
        "augment_v2": train_transforms(size),
        "augment_old": Compose([RandomScale(size), HorizontalFlip(), ColorJitter()]),
    }
    theirs = wrap_dataset_for_transforms_v2(
        CocoDetection(
            str(images),
            str(annotations),
            transforms=v2.Compose(
                [
                    v2.ToImage(),
                    v2.RandomHorizontalFlip(),
                    v2.Resize(size),
                    v2.ToDtype(torch.float32, scale=True),
                ]
            ),
        ),
        target_keys=("image_id", "boxes", "labels"),
    )
    torchvision_loader: DataLoader[Any] = DataLoader(
        theirs,
        batch_size=args.batch,
        num_workers=args.workers,
        collate_fn=_stack,
        persistent_workers=args.workers > 0,
    )
    loaders: dict[str, Iterable[object]] = {
        "plugtrain": plugtrain_loader,
        "torchvision": torchvision_loader,
    }
    for name, transforms in augment.items():
        dataset = CocoDataset(images, annotations, transforms=transforms)
        loaders[name] = make_loader(
            dataset, batch_size=args.batch, num_workers=args.workers, seed=0
        )
    for loader in loaders.values():  # warm-up: start workers, fill the page cache
        _images_per_second(loader, args.images)
    rates: dict[str, list[float]] = {name: [] for name in loaders}
    for _ in range(args.repeats):
        for name, loader in loaders.items():
            rates[name].append(_images_per_second(loader, args.images))
    return {name: statistics.median(values) for name, values in rates.items()}, check_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description="Images per second: plugtrain vs torchvision.")
    parser.add_argument("--images", type=int, default=256)
    parser.add_argument("--size", type=int, default=640)
    parser.add_argument("--target", type=int, default=320)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--formats", nargs="+", choices=["png", "jpeg"], default=["png", "jpeg"])
    args = parser.parse_args()

    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="plugtrain-bench-") as tmp:
        made = make_shapes_dataset(Path(tmp), num_train=args.images, num_val=1, size=args.size)
        files = {"png": (made.train_images, made.train_annotations)}
        if "jpeg" in args.formats:
            files["jpeg"] = _jpeg_copy(*files["png"], Path(tmp) / "jpeg")
        for name in args.formats:
            rates, check_seconds = _measure(*files[name], args)
            figures[name] = {
                "plugtrain_images_per_s": round(rates["plugtrain"], 1),
                "torchvision_images_per_s": round(rates["torchvision"], 1),
                "ratio": round(rates["plugtrain"] / rates["torchvision"], 3),
                "augment_v2_images_per_s": round(rates["augment_v2"], 1),
                "augment_old_images_per_s": round(rates["augment_old"], 1),
                "augment_ratio": round(rates["augment_v2"] / rates["augment_old"], 3),
                "check_seconds": round(check_seconds, 2),
            }

    print(
        f"{args.images} images {args.size}px -> {args.target}px, batch {args.batch}, "
        f"{args.workers} workers, median of {args.repeats} passes"
    )
    for name, figure in figures.items():
        print(
            f"  {name:<5} plugtrain {figure['plugtrain_images_per_s']:7.1f} images/s, "
            f"torchvision {figure['torchvision_images_per_s']:7.1f} images/s, "
            f"ratio {figure['ratio']:.3f} (target >= 1.0); up-front check "
            f"{figure['check_seconds']:.2f} s"
        )
        print(
            f"  {name:<5} augment v2 {figure['augment_v2_images_per_s']:7.1f} images/s, "
            f"hand-written {figure['augment_old_images_per_s']:7.1f} images/s, "
            f"ratio {figure['augment_ratio']:.3f} (target >= 1.0)"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
