"""``summary.json``: what a finished run reports."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from plugtrain.errors import TrainingError
from plugtrain.training import atomic_write_bytes

__all__ = ["RunSummary", "write_summary"]


@dataclass(frozen=True)
class RunSummary:
    """What ``summary.json`` holds.

    ``task``: the setup (``task.type``); ``metrics``: the setup's own metrics, by the names
    of its requirements (NaN for a run without a val set); ``map``/``map50``/``map75``: the
    COCO figures of detection (NaN for the other setups and without a val set).
    """

    task: str
    metrics: dict[str, float]
    map: float
    map50: float
    map75: float
    epochs: int
    steps: int
    wall_seconds: float
    images_per_second: float
    checkpoint: str
    best_checkpoint: str | None
    output_dir: str
    world_size: int
    weight_digests: tuple[str, ...]
    """SHA-256 of the final parameters on each rank: one value repeated when DDP kept them
    equal."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"


def write_summary(summary: RunSummary, path: Path) -> None:
    """Write ``summary`` atomically; a full disk or a bad path is a TrainingError naming it."""
    atomic_write_bytes(path, summary.to_json().encode(), kind=TrainingError, what="the summary")
