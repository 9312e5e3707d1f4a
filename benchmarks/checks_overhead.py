"""What runtime shape checks cost: checked/unchecked and disabled/plain, one block and 20.

    python benchmarks/checks_overhead.py [--repeats N]

* checked/unchecked: the same conv block with and without ``@checked`` on ``forward``,
  checks on (the worst case: every block checked, where plugtrain checks only at component
  boundaries);
* runtime-off/unchecked: checked blocks inside ``checks_disabled()``;
* disabled/plain: ``PLUGTRAIN_CHECKS=0`` at import (measured in a child process), where
  ``checked`` returns the undecorated function. Target: <= 1.005.

Each figure is a median over interleaved repetitions measured in the same process.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import torch
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.typing import checked, checks_disabled

CHANNELS = 64
SIZE = 56


def _block_forward(block: "PlainBlock | CheckedBlock", x: Tensor) -> Tensor:
    y: Tensor = block.conv(x)
    z: Tensor = block.norm(y)
    return torch.relu(z)


class PlainBlock(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(CHANNELS, CHANNELS, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(CHANNELS)

    def forward(self, x: Float[Tensor, "batch c h w"]) -> Float[Tensor, "batch c h w"]:
        return _block_forward(self, x)


class CheckedBlock(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(CHANNELS, CHANNELS, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(CHANNELS)

    @checked
    def forward(self, x: Float[Tensor, "batch c h w"]) -> Float[Tensor, "batch c h w"]:
        return _block_forward(self, x)


def _models(depth: int) -> tuple[nn.Module, nn.Module]:
    plain = nn.Sequential(*[PlainBlock() for _ in range(depth)]).eval()
    checked_model = nn.Sequential(*[CheckedBlock() for _ in range(depth)]).eval()
    checked_model.load_state_dict(plain.state_dict())
    return plain, checked_model


def _median_seconds(
    runs: dict[str, Callable[[], object]], repeats: int, inner: int
) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():  # warm-up
        fn()
    for repeat in range(repeats):
        order = list(runs.items())
        if repeat % 2:
            order.reverse()  # alternate the order so drift hits both sides alike
        for name, fn in order:
            start = time.perf_counter()
            for _ in range(inner):
                fn()
            samples[name].append((time.perf_counter() - start) / inner)
    return {name: statistics.median(values) for name, values in samples.items()}


def _run_pair(depth: int, repeats: int, *, runtime_off: bool) -> dict[str, float]:
    plain, checked_model = _models(depth)
    x = torch.randn(1, CHANNELS, SIZE, SIZE)

    def run_plain() -> object:
        return plain(x)

    def run_checked() -> object:
        return checked_model(x)

    def run_runtime_off() -> object:
        with checks_disabled():
            return checked_model(x)

    runs: dict[str, Callable[[], object]] = {"plain": run_plain, "checked": run_checked}
    if runtime_off:
        runs["runtime_off"] = run_runtime_off
    with torch.inference_mode():
        return _median_seconds(runs, repeats, inner=max(1, 20 // depth))


def _child(repeats: int) -> None:
    """Runs under PLUGTRAIN_CHECKS=0: ``checked`` blocks are plain blocks here."""
    result = {str(depth): _run_pair(depth, repeats, runtime_off=False) for depth in (1, 20)}
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=41)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.repeats)
        return

    env = {**os.environ, "PLUGTRAIN_CHECKS": "0"}
    child = subprocess.run(
        [sys.executable, __file__, "--child", "--repeats", str(args.repeats)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    disabled: dict[str, dict[str, float]] = json.loads(child.stdout)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"input 1x{CHANNELS}x{SIZE}x{SIZE}, conv3x3+BN+ReLU blocks, median of {args.repeats}"
    )
    print(
        f"{'blocks':>6}  {'unchecked ms':>12}  {'checked ms':>10}  {'checked/unchecked':>17}  "
        f"{'runtime-off/unchecked':>21}  {'disabled/plain':>14}"
    )
    for depth in (1, 20):
        on = _run_pair(depth, args.repeats, runtime_off=True)
        off = disabled[str(depth)]
        print(
            f"{depth:>6}  {on['plain'] * 1e3:>12.3f}  {on['checked'] * 1e3:>10.3f}  "
            f"{on['checked'] / on['plain']:>17.4f}  {on['runtime_off'] / on['plain']:>21.4f}  "
            f"{off['checked'] / off['plain']:>14.4f}"
        )


if __name__ == "__main__":
    main()
