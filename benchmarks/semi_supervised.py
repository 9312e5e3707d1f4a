"""Mean teacher against the same labels alone: the figures of docs/setups/semi_supervised.md.

    python benchmarks/semi_supervised.py [--seeds 0 1 2] [--epochs 12] [--out DIR]

Data: the shapes set at 64 px (300 training images, 40 validation images, data seed 0),
cut by ``split_labeled_unlabeled`` into a tenth labeled (30 images) and the rest unlabeled
(270). For each training seed it trains the same tiny FCOS twice from config text, as a
user would: ``task: semi_supervised`` (30 labeled + 270 unlabeled) and ``task: detection``
on the 30 labeled images alone, with the same optimiser steps (the labels-alone run has
as many epochs as it takes: an epoch of its 30 images is 8 steps, one of the paired set
68), the same cosine schedule over those steps and the same warm-up. Prints one JSON line
per seed: mAP@0.5 on the validation set of the labels alone, the teacher and the student.

CPU-heavy: 2 x 816 optimiser steps per seed at the defaults.
"""

import argparse
import json
import math
import shutil
import tempfile
from pathlib import Path
from typing import Final

from torch import nn

from plugtrain.builders import build_datasets, build_eval_loader
from plugtrain.config import parse_config, semi_epoch_items
from plugtrain.data import make_shapes_dataset, split_labeled_unlabeled
from plugtrain.runs import evaluate_detector, train_from_config
from plugtrain.training import Callback, TrainContext, TrainState

_SIZE: Final = 64
_BATCH: Final = 4

_MODEL: Final = """\
model:
  backbone: {type: tiny, channels: [8, 16, 16, 32], out_levels: [3, 4, 5]}
  neck: {type: fpn, channels: 32, out_levels: [3, 4, 5]}
  head: {type: fcos, num_classes: 3, num_convs: 1, norm: none}
"""

_REST: Final = """\
  val: {{format: coco, images: {root}/val, annotations: {root}/val.json}}
  image_size: [{size}, {size}]
  batch_size: {batch}
  num_workers: 0
train:
  epochs: {epochs}
  seed: {seed}
  optimizer: {{type: adamw, lr: 0.004, weight_decay: 0.0001}}
  scheduler: {{type: cosine, warmup_steps: 20}}
  grad_clip_norm: 10.0
  output_dir: {output}
eval: {{metric: map50, interval_epochs: {epochs}}}
"""


class _KeepModel(Callback):
    """Holds the trained model (the student of a semi-supervised run) after the fit."""

    def __init__(self) -> None:
        self.model: nn.Module | None = None

    def on_fit_end(self, context: TrainContext, state: TrainState) -> None:
        self.model = context.model


def main() -> None:
    parser = argparse.ArgumentParser(description="mean teacher against the same labels alone")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=12, help="epochs of the paired set")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="semi-bench-"))
    root, split = work / "shapes", work / "split"
    make_shapes_dataset(root, num_train=300, num_val=40, size=_SIZE, seed=0, workers=1)
    parts = split_labeled_unlabeled(
        root / "train", root / "train.json", split, labeled_fraction=0.1
    )
    paired_steps = math.ceil(semi_epoch_items(parts.num_labeled, parts.num_unlabeled, 1) / _BATCH)
    labeled_steps = math.ceil(parts.num_labeled / _BATCH)
    steps = paired_steps * args.epochs
    if steps % labeled_steps:
        raise SystemExit(f"{steps} steps are not a whole number of {labeled_steps}-step epochs")
    labeled = f"{{format: coco, images: {root}/train, annotations: {split}/labeled.json}}"
    for seed in args.seeds:
        semi = (
            "task: {type: semi_supervised, threshold: 0.3, burn_in_steps: 272}\n"
            + _MODEL
            + f"data:\n  train: {labeled}\n"
            + f"  unlabeled: {{format: images, images: {split}/unlabeled}}\n"
            + _REST.format(
                root=root,
                size=_SIZE,
                batch=_BATCH,
                epochs=args.epochs,
                seed=seed,
                output=work / f"semi_{seed}",
            )
        )
        alone = (
            "task: {type: detection}\n"
            + _MODEL
            + f"data:\n  train: {labeled}\n"
            + _REST.format(
                root=root,
                size=_SIZE,
                batch=_BATCH,
                epochs=steps // labeled_steps,
                seed=seed,
                output=work / f"alone_{seed}",
            )
        )
        semi_config = parse_config(semi, file="semi.yaml")
        kept = _KeepModel()
        teacher = train_from_config(semi_config, overwrite=True, extra_callbacks=(kept,))
        baseline = train_from_config(parse_config(alone, file="alone.yaml"), overwrite=True)
        if kept.model is None:
            raise SystemExit("the semi-supervised run ended without a model")
        val = build_datasets(semi_config.data).val
        if val is None:
            raise SystemExit("the benchmark config has a validation set")
        student = evaluate_detector(
            kept.model, build_eval_loader(val, semi_config.data), val, root / "val.json"
        )
        print(
            json.dumps(
                {
                    "seed": seed,
                    "steps": [baseline.steps, teacher.steps],
                    "labels_alone": round(baseline.map50, 3),
                    "teacher": round(teacher.map50, 3),
                    "student": round(student["map50"], 3),
                }
            ),
            flush=True,
        )
    if args.out is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
