"""Timed training steps on this machine: what ``plugtrain suggest`` plans the run length by.

The candidate config is built as ``plugtrain train`` builds it (the builders: data sets,
loader, detector, optimiser) and runs a few real steps (forward, loss, backward,
optimiser step, on the real batches from the loader with its workers); the first
``warmup`` steps (worker start-up, allocator, lazy initialisation) are not timed. One
evaluation-mode forward of a validation batch gives the inference time per image.
"""

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from plugtrain.builders import (
    build_datasets,
    build_detector,
    build_eval_loader,
    build_optimizer,
    build_train_loader,
)
from plugtrain.config import ExperimentConfig
from plugtrain.data import CocoDataset
from plugtrain.errors import ArgumentError
from plugtrain.tasks import DetectionTask

__all__ = ["StepTiming", "available_memory_mib", "default_device", "measure_steps"]


@dataclass(frozen=True, slots=True)
class StepTiming:
    """Median seconds per training step (at the config's batch size), seconds of one
    evaluation-mode forward per validation image, the device, and the steps timed."""

    step_seconds: float
    eval_seconds_per_image: float
    device: str
    timed_steps: int


def available_memory_mib(device: str) -> float:
    """Free memory of ``device`` in MiB: the GPU's free memory, or the host's available
    RAM (``/proc/meminfo``'s MemAvailable; the physical pages otherwise)."""
    if device.startswith("cuda"):
        free, _ = torch.cuda.mem_get_info(torch.device(device))
        return free / 2**20
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20


def default_device() -> str:
    """cuda when a GPU is present, else cpu (what ``plugtrain train`` uses)."""
    return "cuda" if torch.cuda.is_available() else "cpu"


def measure_steps(
    config: ExperimentConfig, *, steps: int = 5, warmup: int = 2, device: str | None = None
) -> StepTiming:
    """Run ``warmup + steps`` training steps of ``config`` and time the last ``steps``."""
    if steps < 1 or warmup < 0:
        raise ArgumentError(
            part="measure_steps",
            argument="steps",
            received=(steps, warmup),
            expected="steps >= 1 and warmup >= 0",
            fix="time at least one step, e.g. steps=5, warmup=2",
        )
    chosen = torch.device(device or default_device())
    datasets = build_datasets(config.data)
    loader = build_train_loader(datasets.train, config.data, seed=config.train.seed)
    torch.random.manual_seed(config.train.seed)  # pyright: ignore[reportUnknownMemberType]  # torch leaves the seed untyped
    detector = build_detector(config.model).to(chosen)
    optimizer = build_optimizer(config.train.optimizer, detector)
    task = DetectionTask()
    detector.train()
    durations: list[float] = []
    done = 0
    while done < warmup + steps:
        last = time.perf_counter()
        for batch in loader:  # each step's time includes waiting for its batch
            loss = task.loss(detector, task.to_device(batch, chosen)).total
            optimizer.zero_grad(set_to_none=True)
            torch.autograd.backward(loss)
            optimizer.step()
            if chosen.type == "cuda":
                torch.cuda.synchronize(chosen)
            now = time.perf_counter()
            if done >= warmup:
                durations.append(now - last)
            last = now
            done += 1
            if done == warmup + steps:
                break
    return StepTiming(
        step_seconds=statistics.median(durations),
        eval_seconds_per_image=_eval_seconds(config, detector, datasets.val, chosen),
        device=str(chosen),
        timed_steps=len(durations),
    )


def _eval_seconds(
    config: ExperimentConfig,
    detector: torch.nn.Module,
    val: CocoDataset | None,
    device: torch.device,
) -> float:
    if val is None:
        return 0.0
    detector.eval()
    batch = next(iter(build_eval_loader(val, config.data)))
    images = batch.images.to(device)
    with torch.no_grad():
        detector(images)  # once untimed: the first call allocates
        started = time.perf_counter()
        detector(images)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
    return (time.perf_counter() - started) / int(images.shape[0])
