"""Time to accuracy on a hard synthetic set: the default config against ``plugtrain suggest``'s.

    python benchmarks/time_to_accuracy.py [--quick] [--cores 2] [--budget 10] [--out DIR]

1. Writes a hard synthetic set (``plugtrain data synth --hard``: 8 classes, some alike,
   objects from 4 % to 50 % of the short side, clutter, blur, noise, four image sizes).
2. Trains the embedded default config on it (its data paths and class count changed, all
   else as shipped), evaluating after every epoch.
3. Runs ``suggest_config`` with the time budget (its timed steps run on the same cores)
   and trains the config it returns, as written (its own evaluation interval).
4. Prints, for each: wall time to val mAP@0.5 >= 0.5 / 0.7 / 0.9 (at the evaluations
   the run makes; "-" when not reached), final mAP and mAP@0.5, wall time; then the ratios
   (suggested / default) and the targets of issue 14: the suggested config reaches the
   default's final mAP in at most half the default's wall time, and mAP@0.5 >= 0.8 within
   10 minutes. One JSON object with every figure is the last line of stdout.

The process is pinned to ``--cores`` CPU cores (``sched_setaffinity``) and torch to as many
threads, so the figures are those of a 2-core machine on a larger one; run it on a quiet
machine (a loaded one makes every wall time worthless). ``--quick`` is a smoke test (a
tiny set, one default epoch, a 30-second budget): it proves the script works, its figures
mean nothing.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from plugtrain.cli._train import default_config_text
from plugtrain.config import ExperimentConfig, parse_config
from plugtrain.data import HardSynthOptions, make_hard_dataset
from plugtrain.runs import train_from_config
from plugtrain.suggest import suggest_config
from plugtrain.training import Callback, TrainContext, TrainState

THRESHOLDS = (0.5, 0.7, 0.9)


@dataclass
class _Curve(Callback):
    """Wall seconds since the run started and the val metrics at each evaluation."""

    started: float = field(default_factory=time.perf_counter)
    points: list[tuple[float, float, float]] = field(
        default_factory=list[tuple[float, float, float]]
    )

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        if state.metrics:
            elapsed = time.perf_counter() - self.started
            self.points.append((elapsed, state.metrics["map50"], state.metrics["map"]))

    def time_to(self, threshold: float, *, metric: int = 1) -> float | None:
        return next((p[0] for p in self.points if p[metric] >= threshold), None)


@dataclass(frozen=True)
class _Result:
    name: str
    wall_seconds: float
    final_map: float
    final_map50: float
    curve: _Curve

    def row(self) -> str:
        reached = [self.curve.time_to(t) for t in THRESHOLDS]
        shown = " ".join(f"{'-' if r is None else f'{r:.0f}':>8}" for r in reached)
        return (
            f"{self.name:<10}{shown} {self.final_map:>8.3f} {self.final_map50:>8.3f} "
            f"{self.wall_seconds:>8.0f}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "wall_seconds": round(self.wall_seconds, 1),
            "final_map": self.final_map,
            "final_map50": self.final_map50,
            **{f"seconds_to_map50_{t}": self.curve.time_to(t) for t in THRESHOLDS},
            "curve": [[round(s, 1), m50, m] for s, m50, m in self.curve.points],
        }


def _train(name: str, config: ExperimentConfig) -> _Result:
    curve = _Curve()
    started = time.perf_counter()
    summary = train_from_config(config, overwrite=True, extra_callbacks=(curve,))
    return _Result(name, time.perf_counter() - started, summary.map, summary.map50, curve)


def _default_config(
    root: Path, num_classes: int, out: Path, epochs: int | None
) -> ExperimentConfig:
    overrides = [
        f"data.train.images={root / 'train'}",
        f"data.train.annotations={root / 'train.json'}",
        f"data.val.images={root / 'val'}",
        f"data.val.annotations={root / 'val.json'}",
        f"model.head.num_classes={num_classes}",
        f"train.output_dir={out / 'default'}",
        "eval.interval_epochs=1",
    ]
    if epochs is not None:
        overrides.append(f"train.epochs={epochs}")
    return parse_config(default_config_text(), overrides=overrides, file="<default>")


def _pin(cores: int) -> None:
    available = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, available[:cores])
    torch.set_num_threads(cores)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time to accuracy: default vs suggested config.")
    parser.add_argument(
        "--quick", action="store_true", help="tiny smoke test (figures mean nothing)"
    )
    parser.add_argument("--cores", type=int, default=2, help="CPU cores to run on")
    parser.add_argument("--budget", type=float, default=10.0, help="suggest's time budget, min")
    parser.add_argument("--num-train", type=int, default=600)
    parser.add_argument("--num-val", type=int, default=150)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temp one)")
    args = parser.parse_args()
    _pin(args.cores)
    options = HardSynthOptions()
    default_epochs: int | None = None
    budget, num_train, num_val, timed_steps = args.budget, args.num_train, args.num_val, 5
    if args.quick:
        options = HardSynthOptions(num_classes=3, image_sizes=((64, 96), (96, 96)), max_objects=4)
        budget, num_train, num_val, default_epochs, timed_steps = 0.5, 24, 8, 1, 1
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        root = out / "hard"
        started = time.perf_counter()
        make_hard_dataset(
            root, num_train=num_train, num_val=num_val, options=options, seed=args.seed
        )
        print(
            f"hard set: {num_train} + {num_val} images in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        default = _train("default", _default_config(root, options.num_classes, out, default_epochs))
        started = time.perf_counter()
        suggestion = suggest_config(
            root / "train",
            root / "train.json",
            val_images=root / "val",
            val_annotations=root / "val.json",
            time_budget_minutes=budget,
            output_dir=str(out / "suggested"),
            device="cpu",
            timed_steps=timed_steps,
        )
        suggest_seconds = time.perf_counter() - started
        (out / "suggested.yaml").write_text(suggestion.to_yaml())
        suggested = _train("suggested", suggestion.config)
    print(
        f"\n{'config':<10}"
        + "".join(f"{f't@{t}':>9}" for t in THRESHOLDS)
        + f"{'mAP':>9}{'mAP@0.5':>9}{'wall s':>9}"
    )
    for result in (default, suggested):
        print(result.row())
    to_default_final = suggested.curve.time_to(default.final_map, metric=2)
    ratios = {
        "wall_suggested_over_default": round(suggested.wall_seconds / default.wall_seconds, 3),
        "final_map_suggested_over_default": (
            round(suggested.final_map / default.final_map, 3) if default.final_map > 0 else None
        ),
        "suggested_seconds_to_default_final_map": to_default_final,
        "target_half_time_met": to_default_final is not None
        and to_default_final <= 0.5 * default.wall_seconds,
        "target_map50_0.8_in_10_min": any(
            s <= 600 and m50 >= 0.8 for s, m50, _ in suggested.curve.points
        ),
    }
    measured = f"{suggestion.step_seconds:.3f} s per step measured"
    print(f"\nsuggest itself took {suggest_seconds:.0f} s ({measured})")
    for key, value in ratios.items():
        print(f"{key}: {value}")
    print(
        json.dumps(
            {
                "quick": args.quick,
                "cores": args.cores,
                "images": [num_train, num_val],
                "budget_minutes": budget,
                "default": default.to_json(),
                "suggested": suggested.to_json(),
                "suggest_seconds": round(suggest_seconds, 1),
                "suggested_config": {
                    "image_size": suggestion.config.data.image_size,
                    "batch_size": suggestion.config.data.batch_size,
                    "epochs": suggestion.config.train.epochs,
                    "lr": suggestion.config.train.optimizer.lr,
                },
                "warnings": list(suggestion.warnings),
                **ratios,
            }
        )
    )


if __name__ == "__main__":
    main()
