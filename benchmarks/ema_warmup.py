"""The weight average (``train.ema``) of a short detection run, with and without its ramp.

    python benchmarks/ema_warmup.py [--decay 0.99] [--epochs 8] [--seed 0]

Trains the embedded default config (tiny FCOS) on a small shapes set (200 train and 60 val
images of 128 px, batch 8) once per ramp: ``warmup_updates: 0`` (none) and the default
(``1 / (1 - decay)`` updates). After every epoch it prints the val mAP@0.5 of the weights
and of their average, so the lag and the share of the first steps' weights show side by side.
One JSON object per run is the last lines of stdout. Accuracy, not speed: the machine's load
does not change the figures.
"""

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from plugtrain.cli._train import default_config_text
from plugtrain.config import ExperimentConfig, parse_config
from plugtrain.data import make_shapes_dataset
from plugtrain.runs import DetectionSetup, train_from_config
from plugtrain.training import Callback, TrainContext, TrainState


@dataclass
class _BothScores(Callback):
    """mAP@0.5 of the weights and of the average after each epoch."""

    evaluate: "_Evaluate"
    rows: list[tuple[int, float, float]] = field(default_factory=list[tuple[int, float, float]])

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        ema = context.ema
        if ema is None:
            raise SystemExit("the benchmark's config keeps no weight average")
        raw = self.evaluate(context.model)["map50"]
        averaged = self.evaluate(ema.module)["map50"] if ema.started else float("nan")
        self.rows.append((state.step, raw, averaged))


class _Evaluate:
    """The run's own val evaluation (COCO mAP of the detection setup)."""

    def __init__(self, config: ExperimentConfig) -> None:
        prepared = DetectionSetup().prepare(
            config, rank=0, world_size=1, device=torch.device("cpu")
        )
        if prepared.evaluate is None:
            raise SystemExit("the benchmark's config has no val set")
        self._evaluate = prepared.evaluate

    def __call__(self, model: nn.Module) -> dict[str, float]:
        return self._evaluate(model)


def _config(
    root: Path, out: Path, *, decay: float, warmup: int | None, epochs: int, seed: int
) -> ExperimentConfig:
    ramp = "null" if warmup is None else str(warmup)
    overrides = [
        f"data.train.images={root / 'train'}",
        f"data.train.annotations={root / 'train.json'}",
        f"data.val.images={root / 'val'}",
        f"data.val.annotations={root / 'val.json'}",
        "data.image_size=[128,128]",
        "data.batch_size=8",
        "data.num_workers=0",
        f"train.epochs={epochs}",
        f"train.seed={seed}",
        f"train.output_dir={out}",
        f"train.ema.decay={decay}",
        f"train.ema.warmup_updates={ramp}",
        "eval.interval_epochs=1",
    ]
    return parse_config(default_config_text(), overrides=overrides, file="<default>")


def main() -> None:
    parser = argparse.ArgumentParser(description="EMA of a short run, with and without its ramp.")
    parser.add_argument("--decay", type=float, default=0.99)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(2)
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "shapes"
        make_shapes_dataset(root, num_train=200, num_val=60, size=128, seed=args.seed)
        for name, warmup in (("no ramp", 0), ("default ramp", None)):
            config = _config(
                root,
                Path(scratch) / name.replace(" ", "_"),
                decay=args.decay,
                warmup=warmup,
                epochs=args.epochs,
                seed=args.seed,
            )
            scores = _BothScores(_Evaluate(config))
            train_from_config(config, overwrite=True, extra_callbacks=(scores,))
            print(f"\n{name} (decay {args.decay}): step, mAP@0.5 of the weights, of the average")
            for step, raw, averaged in scores.rows:
                print(f"{step:>6} {raw:>8.3f} {averaged:>8.3f}")
            results.append(
                {
                    "ramp": name,
                    "decay": args.decay,
                    "steps": [r[0] for r in scores.rows],
                    "weights_map50": [round(r[1], 3) for r in scores.rows],
                    "average_map50": [round(r[2], 3) for r in scores.rows],
                }
            )
    for result in results:
        print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
