"""A run's output folder: what it holds, and whether a new run may write into it.

``plugtrain train`` into a folder that holds a run (finished or interrupted) refuses unless
told what to do: ``--resume`` continues it, ``--overwrite`` deletes that run's own files
(and nothing else) first. Paths of the wrong kind (a file named ``checkpoints``, a folder
named ``metrics.jsonl``) are refused before any training step.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plugtrain.errors import CheckpointError, TrainingError
from plugtrain.training import remove_stale_temporaries

__all__ = ["RunFolder", "prepare_output_dir"]

_CHECKPOINT_FILES: Final = tuple(
    f"{name}.{suffix}" for name in ("last", "best") for suffix in ("json", "safetensors")
)
_LOGS: Final = (
    "metrics.jsonl",
    "summary.json",
    "training_curve.png",
    "val_predictions.png",
    "reconstructions.png",
)


@dataclass(frozen=True)
class RunFolder:
    """The paths of one run's artefacts under ``root`` (``train.output_dir``)."""

    root: Path

    @property
    def checkpoints(self) -> Path:
        return self.root / "checkpoints"

    @property
    def metrics(self) -> Path:
        return self.root / "metrics.jsonl"

    @property
    def summary(self) -> Path:
        return self.root / "summary.json"

    @property
    def training_curve(self) -> Path:
        return self.root / "training_curve.png"

    @property
    def val_predictions(self) -> Path:
        return self.root / "val_predictions.png"

    @property
    def reconstructions(self) -> Path:
        return self.root / "reconstructions.png"

    def artefacts(self) -> tuple[Path, ...]:
        """Every file a run writes here (what ``--overwrite`` deletes)."""
        return (
            *(self.checkpoints / name for name in _CHECKPOINT_FILES),
            *(self.root / name for name in _LOGS),
        )

    def earlier_run(self) -> tuple[str, ...]:
        """The files (relative to ``root``) that show a run was here; empty when none."""
        marks = (
            self.checkpoints / "last.json",
            self.checkpoints / "best.json",
            self.metrics,
            self.summary,
        )
        return tuple(str(p.relative_to(self.root)) for p in marks if p.exists())


def _check_kinds(folder: RunFolder) -> None:
    if folder.root.exists() and not folder.root.is_dir():
        raise TrainingError(
            f"train.output_dir {folder.root} is a file, expected a folder: move it away or "
            f"choose another train.output_dir"
        )
    if folder.checkpoints.exists() and not folder.checkpoints.is_dir():
        raise CheckpointError(
            f"{folder.checkpoints} is a file, expected the run's checkpoints folder: move it "
            f"away (or choose another train.output_dir); no training step was run",
            path=str(folder.checkpoints),
        )
    for path in (folder.metrics, folder.summary, folder.training_curve, folder.val_predictions):
        if path.is_dir():
            raise TrainingError(
                f"{path} is a folder, expected a file the run writes: move it away (or "
                f"choose another train.output_dir); no training step was run"
            )


def _remove_earlier_run(folder: RunFolder) -> tuple[Path, ...]:
    removed: list[Path] = []
    for path in folder.artefacts():
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    removed += remove_stale_temporaries(folder.checkpoints)
    removed += remove_stale_temporaries(folder.root)
    if folder.checkpoints.is_dir() and not any(folder.checkpoints.iterdir()):
        shutil.rmtree(folder.checkpoints)
    return tuple(removed)


def prepare_output_dir(
    root: Path, *, resume: bool, overwrite: bool, writer: bool = True
) -> tuple[Path, ...]:
    """Check ``root`` for a new run; with ``overwrite`` (and ``writer``, i.e. rank 0)
    delete the earlier run's files. Returns the deleted paths.

    Raises TrainingError when an earlier run is there and neither ``resume`` nor
    ``overwrite`` was given, or when both were.
    """
    if resume and overwrite:
        raise TrainingError(
            "--resume and --overwrite exclude each other: --resume continues the run in "
            f"{root}, --overwrite deletes it; pass one"
        )
    folder = RunFolder(root)
    _check_kinds(folder)
    found = folder.earlier_run()
    if not found or resume:
        if writer:  # left by a process killed mid-write; nothing else writes here now
            remove_stale_temporaries(folder.checkpoints)
            remove_stale_temporaries(folder.root)
        return ()
    if not overwrite:
        state = "a finished run" if folder.summary.exists() else "an interrupted run"
        raise TrainingError(
            f"train.output_dir {root} already holds {state} ({', '.join(found)}); nothing "
            f"was trained, so as not to replace its checkpoints. Pass "
            f"--resume to continue that run, or --overwrite to delete its checkpoints, "
            f"metrics.jsonl, summary.json and plots and start again (other files stay), or "
            f"set train.output_dir to a new folder"
        )
    return _remove_earlier_run(folder) if writer else ()
