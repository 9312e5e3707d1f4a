"""``--resume``: the checkpoint to continue from, refused when it belongs to another config."""

from pathlib import Path
from typing import cast

from plugtrain.config import ExperimentConfig
from plugtrain.errors import CheckpointError
from plugtrain.runs._trained import require_config
from plugtrain.training import Checkpoint, load_checkpoint

__all__ = ["config_differences", "resume_checkpoint"]


def config_differences(saved: object, current: object, prefix: str = "") -> list[str]:
    """The dotted keys whose values differ between two JSON-like trees."""
    if isinstance(saved, dict) and isinstance(current, dict):
        saved_map = cast(dict[str, object], saved)
        current_map = cast(dict[str, object], current)
        keys = sorted(set(saved_map) | set(current_map))
        return [
            found
            for key in keys
            for found in config_differences(
                saved_map.get(key), current_map.get(key), f"{prefix}.{key}" if prefix else key
            )
        ]
    return [] if saved == current else [prefix]


def resume_checkpoint(last: Path, config: ExperimentConfig) -> Checkpoint | None:
    """The checked checkpoint at ``last`` (None when the run wrote none yet).

    Resuming with another config would mix two runs (e.g. two schedules): refused, naming
    the keys that differ. ``train.output_dir`` may differ: a run folder may be moved.
    """
    if not last.exists():
        return None
    checkpoint = load_checkpoint(last)
    saved = require_config(checkpoint.metadata, checkpoint.path)
    changed = [
        key
        for key in config_differences(saved.model_dump(mode="json"), config.model_dump(mode="json"))
        if key != "train.output_dir"
    ]
    if changed:
        raise CheckpointError(
            f"--resume needs the config the checkpoint was trained with; these keys differ: "
            f"{', '.join(changed)}. Resume with the same config, or start a new run (a new "
            f"train.output_dir) that loads these weights",
            path=str(checkpoint.path),
        )
    return checkpoint
