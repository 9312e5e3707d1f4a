"""Candidate changes to a suggested config, compared by val mAP@0.5 per optimiser step.

    python benchmarks/suggest_candidates.py suggested.yaml [--epochs 8] [--interval 2]
        [--threads 1] [--time-steps 5] --candidate base \\
        --candidate 'lr2x=train.optimizer.lr=0.002828' \\
        --candidate 'anchors=model.head.anchor_sizes=[2,4,8];model.head.center_sampling_radius=6'

How the rules of ``plugtrain suggest`` were tuned on a shared machine, where wall times
are worthless: each candidate is the config (typically one ``plugtrain suggest`` wrote)
with its ``;``-separated overrides and a shorter proxy schedule (``--epochs``, the cosine
schedule over those), trained one after the other, evaluated every ``--interval`` epochs;
accuracy per step does not depend on the machine's load. With ``--time-steps N`` the
candidates' training steps are then timed against the first candidate's, alternating, N
steps each, twice (``plugtrain.suggest.measure_steps``): the ratios survive load roughly,
absolute times do not. A quiet estimate of a candidate's run is its steps x the first's
quiet step time x its ratio, plus the evaluations. One JSON object with every figure is
the last line of stdout.
"""

import argparse
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from plugtrain.config import ExperimentConfig, load_config
from plugtrain.runs import train_from_config
from plugtrain.suggest import measure_steps
from plugtrain.training import Callback, TrainContext, TrainState


@dataclass
class _Curve(Callback):
    """The optimiser step and the val mAP@0.5 and mAP at each evaluation."""

    points: list[tuple[int, float, float]] = field(default_factory=list[tuple[int, float, float]])

    def on_epoch_end(self, context: TrainContext, state: TrainState) -> None:
        if state.metrics:
            self.points.append((state.step, state.metrics["map50"], state.metrics["map"]))


def _candidate(text: str) -> tuple[str, list[str]]:
    name, _, overrides = text.partition("=")
    return name, [o for o in overrides.split(";") if o]


def main() -> None:
    parser = argparse.ArgumentParser(description="mAP@0.5 per step of config candidates.")
    parser.add_argument("config", type=Path, help="the config the candidates change")
    parser.add_argument(
        "--candidate",
        action="append",
        required=True,
        help="NAME or NAME=OVERRIDE;OVERRIDE... (config overrides, as `plugtrain train` takes)",
    )
    parser.add_argument("--epochs", type=int, default=8, help="the proxy schedule's epochs")
    parser.add_argument("--interval", type=int, default=2, help="evaluate every N epochs")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--time-steps", type=int, default=0, help="steps timed per candidate")
    parser.add_argument("--out", type=Path, default=Path("runs/candidates"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    candidates = [_candidate(text) for text in args.candidate]
    configs: dict[str, ExperimentConfig] = {
        name: load_config(
            args.config,
            overrides=[
                f"train.epochs={args.epochs}",
                f"eval.interval_epochs={args.interval}",
                f"train.output_dir={args.out / name}",
                *overrides,
            ],
        )
        for name, overrides in candidates
    }
    curves: dict[str, list[tuple[int, float, float]]] = {}
    for name, config in configs.items():
        curve = _Curve()
        started = time.perf_counter()
        train_from_config(config, overwrite=True, extra_callbacks=(curve,))
        curves[name] = curve.points
        shown = "  ".join(f"{step}: {m50:.3f}" for step, m50, _ in curve.points)
        took = time.perf_counter() - started
        print(f"{name}: mAP@0.5 at step {shown} ({took:.0f} s wall, not a quiet figure)")
    ratios: dict[str, float] = {}
    if args.time_steps > 0:
        times: dict[str, list[float]] = {name: [] for name in configs}
        for _ in range(2):
            for name, config in configs.items():
                timing = measure_steps(config, steps=args.time_steps, device="cpu")
                times[name].append(timing.step_seconds)
        first = statistics.median(next(iter(times.values())))
        ratios = {name: round(statistics.median(t) / first, 3) for name, t in times.items()}
        shown = ", ".join(f"{name} {ratio}" for name, ratio in ratios.items())
        print(f"step time / the first candidate's: {shown}")
    print(
        json.dumps(
            {
                "epochs": args.epochs,
                "curves": {
                    name: [[step, round(m50, 4), round(m, 4)] for step, m50, m in points]
                    for name, points in curves.items()
                },
                "step_time_ratios": ratios,
                "overrides": dict(candidates),
            }
        )
    )


if __name__ == "__main__":
    main()
