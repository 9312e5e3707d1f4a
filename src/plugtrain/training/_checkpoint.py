"""Pickle-free checkpoints: tensors in safetensors, everything else in JSON, written atomically.

A checkpoint is two files side by side, ``NAME.safetensors`` (model weights, the weight
average when the run keeps one, optimiser tensors, torch RNG state) and ``NAME.json``
(:class:`CheckpointMetadata`: format version, step, epoch, config, class names, optimiser
hyper-parameters, scheduler state, Python/NumPy RNG state, metrics, the tensors file's name
and SHA-256, and the SHA-256 of the JSON's own
content). Each is written to a temporary file, fsynced and renamed over the old one, and the
JSON is written last, so a kill at any moment leaves the previous checkpoint loadable.
"""

import contextlib
import hashlib
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

import torch
from safetensors import SafetensorError
from safetensors.torch import (
    load_file,  # pyright: ignore[reportUnknownVariableType]  # safetensors leaves PathLike bare
    save,
)
from torch import Tensor, nn

from plugtrain.errors import CheckpointError
from plugtrain.training._ema import ModelEma
from plugtrain.training._metadata import (
    FORMAT,
    CheckpointMetadata,
    EmaRecord,
    RunInfo,
    checkpoint_field_error,
    read_metadata,
    seal,
)
from plugtrain.training._rng import (
    numpy_rng_state,
    python_rng_state,
    set_numpy_rng,
    set_python_rng,
)
from plugtrain.training._writes import atomic_write_bytes

__all__ = [
    "Checkpoint",
    "LoadReport",
    "load_checkpoint",
    "load_model_state",
    "load_model_weights",
    "restore_training_state",
    "save_checkpoint",
]

_MODEL: Final = "model."
_OPTIMIZER: Final = "optimizer."
_EMA: Final = "ema."
_EMA_MODULE: Final = "module."
_TORCH_RNG: Final = "rng.torch"


@dataclass(frozen=True)
class Checkpoint:
    """A loaded checkpoint: ``tensors`` by name and the checked JSON ``metadata``."""

    path: Path
    tensors: Mapping[str, Tensor]
    metadata: CheckpointMetadata

    @property
    def model_state(self) -> dict[str, Tensor]:
        return {k.removeprefix(_MODEL): v for k, v in self.tensors.items() if k.startswith(_MODEL)}

    @property
    def ema_state(self) -> dict[str, Tensor]:
        """The weight average's own state (``module.<name>`` and ``n_averaged``); empty
        when the run kept none."""
        return {k.removeprefix(_EMA): v for k, v in self.tensors.items() if k.startswith(_EMA)}

    @property
    def averaged_model_state(self) -> dict[str, Tensor] | None:
        """The averaged weights under the model's own names, or None when the run kept no
        average or it had no update yet (then the weights are the model's)."""
        record = self.metadata.ema
        if record is None or record.updates == 0:
            return None
        state = self.ema_state
        return {
            k.removeprefix(_EMA_MODULE): v for k, v in state.items() if k.startswith(_EMA_MODULE)
        }

    @property
    def step(self) -> int:
        return self.metadata.step

    @property
    def epoch(self) -> int:
        return self.metadata.epoch


@dataclass(frozen=True)
class LoadReport:
    """What loading weights did, per module (dotted path of the parameter's owner)."""

    loaded: tuple[str, ...] = ()
    reinitialised: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict[str, str])

    def describe(self) -> str:
        lines = [
            f"loaded {len(self.loaded)} modules, re-initialised {len(self.reinitialised)}, "
            f"ignored {len(self.ignored)} from the checkpoint"
        ]
        for label, names in (("re-initialised", self.reinitialised), ("ignored", self.ignored)):
            for name in names:
                lines.append(f"  {label}: {name} ({self.details.get(name, '')})")
        return "\n".join(lines)


def _paths(path: Path) -> tuple[Path, Path]:
    base = path.with_suffix("") if path.suffix in {".safetensors", ".json"} else path
    return base.with_suffix(".safetensors"), base.with_suffix(".json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _split_optimizer_state(
    state: Mapping[str, Any],
) -> tuple[dict[str, Tensor], dict[str, Any]]:
    """Optimiser tensors go to safetensors, its plain values and param groups to JSON."""
    tensors: dict[str, Tensor] = {}
    plain: dict[str, dict[str, Any]] = {}
    for index, values in cast(Mapping[int, Mapping[str, Any]], state["state"]).items():
        for name, value in values.items():
            if isinstance(value, Tensor):
                tensors[f"{_OPTIMIZER}{index}.{name}"] = value.detach().cpu().contiguous()
            else:
                plain.setdefault(str(index), {})[name] = value
    return tensors, {"param_groups": state["param_groups"], "plain_state": plain}


def _join_optimizer_state(checkpoint: Checkpoint) -> dict[str, Any]:
    saved = checkpoint.metadata.optimizer
    state: dict[int, dict[str, Any]] = {}
    for key, value in checkpoint.tensors.items():
        if key.startswith(_OPTIMIZER):
            index, name = key.removeprefix(_OPTIMIZER).split(".", 1)
            if not index.isdigit():
                raise checkpoint_field_error(
                    checkpoint.path, f"holds a tensor named {key!r}", "tensors_file"
                )
            state.setdefault(int(index), {})[name] = value
    if saved is None:
        return {"state": state, "param_groups": []}
    for index, values in saved.plain_state.items():
        if not index.isdigit():
            raise checkpoint_field_error(
                checkpoint.path, f"has a key {index!r}", "optimizer.plain_state"
            )
        state.setdefault(int(index), {}).update(values)
    return {"state": state, "param_groups": [dict(group) for group in saved.param_groups]}


def save_checkpoint(
    path: Path,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    step: int = 0,
    epoch: int = 0,
    batch_in_epoch: int = 0,
    run: RunInfo | None = None,
    metrics: Mapping[str, float] | None = None,
    losses: Mapping[str, float] | None = None,
    best: float | None = None,
    stale_evaluations: int = 0,
    ema: ModelEma | None = None,
) -> Path:
    """Write ``path``'s ``.safetensors`` and ``.json`` atomically; return the JSON path.

    ``run`` (the experiment config and class names) travels with the checkpoint; ``best``
    and ``stale_evaluations`` let a resumed run pick the best checkpoint and stop early
    exactly as an uninterrupted one would; ``ema``, the run's weight average, is stored
    beside the weights (``ema.*`` tensors, the ``ema`` field). A fault
    while writing (full disk, file-size limit, permissions) is a CheckpointError naming
    the file; the checkpoint written before stays as it was.
    """
    tensors_path, json_path = _paths(path)
    tensors = {
        f"{_MODEL}{name}": value.detach().cpu().contiguous()
        for name, value in model.state_dict().items()
    }
    if ema is not None:
        tensors.update(
            {f"{_EMA}{name}": value.cpu().contiguous() for name, value in ema.state_dict().items()}
        )
    tensors[_TORCH_RNG] = torch.get_rng_state()
    optimizer_record: dict[str, Any] | None = None
    if optimizer is not None:
        optimizer_tensors, optimizer_record = _split_optimizer_state(optimizer.state_dict())
        tensors.update(optimizer_tensors)
    data = save(tensors, metadata={"format": FORMAT})
    previous = _previous_tensors(tensors_path)
    # The two files are replaced one after the other; until the new JSON is in place the
    # old one must still find its tensors, so they stay reachable under a second name
    # (a hard link: no copy) and load_checkpoint falls back to them (a kill -9 between
    # the two renames leaves the earlier checkpoint whole).
    # without hard links (or rights on a stale one) the window stays, as before
    with contextlib.suppress(OSError):
        previous.unlink(missing_ok=True)
        if tensors_path.exists():
            os.link(tensors_path, previous)
    atomic_write_bytes(tensors_path, data, kind=CheckpointError, what="the checkpoint tensors")
    info = run or RunInfo()
    _, text = seal(
        {
            "step": step,
            "epoch": epoch,
            "batch_in_epoch": batch_in_epoch,
            "config": None if info.config is None else info.config.model_dump(mode="json"),
            "class_names": list(info.class_names),
            "tensors_file": tensors_path.name,
            "tensors_sha256": hashlib.sha256(data).hexdigest(),
            "optimizer": optimizer_record,
            "scheduler": None if scheduler is None else scheduler.state_dict(),
            "rng": {"python": python_rng_state(), "numpy": numpy_rng_state()},
            "metrics": dict(metrics or {}),
            "losses": dict(losses or {}),
            "best": best,
            "stale_evaluations": stale_evaluations,
            "ema": None if ema is None else _ema_record(ema).model_dump(mode="json"),
        }
    )
    atomic_write_bytes(
        json_path, text.encode(), kind=CheckpointError, what="the checkpoint metadata"
    )
    with contextlib.suppress(OSError):  # a stale one is ignored: its checksum decides
        previous.unlink(missing_ok=True)
    return json_path


def _previous_tensors(tensors_path: Path) -> Path:
    """Where the tensors of the checkpoint being replaced stay while the new one is
    written (hidden, beside it)."""
    return tensors_path.with_name(f".{tensors_path.name}.previous")


def _ema_record(ema: ModelEma) -> EmaRecord:
    return EmaRecord(
        decay=ema.decay,
        warmup_updates=ema.warmup_updates,
        every_steps=ema.every_steps,
        start_step=ema.start_step,
        updates=ema.updates,
    )


def load_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint` (either file's path, or the stem).

    The metadata is checked field by field (see :func:`read_metadata`); the tensors file it
    names must exist beside it and match its recorded SHA-256.
    """
    tensors_guess, json_path = _paths(Path(path))
    if not json_path.exists():
        found = "only one" if tensors_guess.exists() else "neither"
        raise CheckpointError(
            f"expected {json_path.name} and {tensors_guess.name} side by side, found {found}. "
            f"Pass the path of a checkpoint written by plugtrain (e.g. runs/x/last.json)",
            path=str(json_path),
        )
    metadata = read_metadata(json_path)
    tensors_path = json_path.parent / metadata.tensors_file
    try:
        regular = stat.S_ISREG(tensors_path.stat().st_mode)
    except OSError:
        regular = None
    if not regular:
        what = "does not exist" if regular is None else "is not a regular file"
        raise checkpoint_field_error(
            json_path,
            f"names {metadata.tensors_file}, which {what} beside it; keep the two files of a "
            f"checkpoint together",
            "tensors_file",
        )
    if metadata.tensors_sha256 != _sha256(tensors_path):
        previous = _previous_tensors(tensors_path)
        if previous.is_file() and metadata.tensors_sha256 == _sha256(previous):
            tensors_path = previous  # stopped between the two renames: the earlier pair
    if metadata.tensors_sha256 != _sha256(tensors_path):
        raise CheckpointError(
            f"{tensors_path.name} does not match the checksum recorded in {json_path.name}: "
            f"the tensors file was changed or only partly written; use an earlier checkpoint",
            path=str(tensors_path),
        )
    try:
        tensors = load_file(str(tensors_path))
    except (SafetensorError, OSError) as error:
        raise CheckpointError(
            f"not a readable safetensors file: {error}", path=str(tensors_path)
        ) from None
    return Checkpoint(path=json_path, tensors=tensors, metadata=metadata)


def load_model_state(checkpoint: Checkpoint, model: nn.Module, *, averaged: bool = False) -> None:
    """Load the checkpoint's weights into ``model``, which must have exactly these tensors.

    With ``averaged``, the weight average is loaded instead when the checkpoint holds one
    (see :attr:`Checkpoint.averaged_model_state`): what evaluation, predict and export use.
    A tensor missing from the file, one the model does not have, or one of another shape
    is a CheckpointError naming the tensor and both shapes.
    """
    average = checkpoint.averaged_model_state if averaged else None
    state = checkpoint.model_state if average is None else average
    own = model.state_dict()
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    reshaped = [
        f"{name}: file {tuple(state[name].shape)}, model {tuple(value.shape)}"
        for name, value in own.items()
        if name in state and tuple(state[name].shape) != tuple(value.shape)
    ]
    problems = [
        *(f"{name} is missing from the file" for name in missing[:5]),
        *(f"{name} is in the file but not in the model" for name in unexpected[:5]),
        *reshaped[:5],
    ]
    if problems:
        raise CheckpointError(
            f"the tensors of {checkpoint.metadata.tensors_file} (field 'tensors_file') do not "
            f"fit this model: {len(missing)} missing, {len(unexpected)} unexpected, "
            f"{len(reshaped)} of another shape: {'; '.join(problems)}; fix: build the model "
            f"from the config the checkpoint was trained with (a changed "
            f"config.model.head.num_classes changes the head's shapes), or load what fits "
            f"with plugtrain.training.load_model_weights",
            path=str(checkpoint.path),
        )
    model.load_state_dict(state, strict=True)


def _owner(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def load_model_weights(model: nn.Module, state: Mapping[str, Tensor]) -> LoadReport:
    """Load what fits, keep the model's own values where it does not, report per module.

    A parameter whose shape differs (e.g. a classifier layer for a new ``num_classes``)
    keeps its fresh initialisation; names the model does not have are ignored.
    """
    own = model.state_dict()
    usable: dict[str, Tensor] = {}
    details: dict[str, str] = {}
    reinitialised: set[str] = set()
    for name, value in own.items():
        given = state.get(name)
        if given is None or tuple(given.shape) != tuple(value.shape):
            owner = _owner(name)
            reinitialised.add(owner)
            if given is None:
                why = f"{name} not in the checkpoint"
            else:
                why = f"{name}: checkpoint shape {tuple(given.shape)}, model {tuple(value.shape)}"
            details[owner] = f"{details[owner]}; {why}" if owner in details else why
        else:
            usable[name] = given
    ignored = sorted({_owner(n) for n in state if n not in own})
    for module in ignored:
        details[module] = "not in the model"
    model.load_state_dict(usable, strict=False)
    loaded = sorted({_owner(n) for n in usable} - reinitialised)
    return LoadReport(
        loaded=tuple(loaded),
        reinitialised=tuple(sorted(reinitialised)),
        ignored=tuple(ignored),
        details=details,
    )


def restore_training_state(
    checkpoint: Checkpoint,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    ema: ModelEma | None = None,
) -> None:
    """Put model, weight average, optimiser, scheduler and every RNG back exactly as they
    were saved.

    Everything is checked before anything is changed where torch allows it; a part that
    does not fit is a CheckpointError naming the field.
    """
    torch_rng = checkpoint.tensors.get(_TORCH_RNG)
    expected = torch.get_rng_state()
    if torch_rng is None or torch_rng.dtype != expected.dtype or torch_rng.shape != expected.shape:
        found = "missing" if torch_rng is None else f"{torch_rng.dtype} {tuple(torch_rng.shape)}"
        raise checkpoint_field_error(
            checkpoint.path,
            f"the torch RNG state tensor {_TORCH_RNG!r} is {found}, expected {expected.dtype} "
            f"{tuple(expected.shape)}",
            "rng",
        )
    rng_tensor: Tensor = torch_rng
    if ema is not None and checkpoint.metadata.ema is None:
        raise checkpoint_field_error(
            checkpoint.path,
            "is null: this checkpoint holds no weight average, but the run keeps one "
            "(train.ema); resume with the config it was trained with",
            "ema",
        )
    load_model_state(checkpoint, model)
    if ema is not None:
        saved_ema = checkpoint.ema_state
        _load_part(checkpoint, "ema", lambda: ema.load_state_dict(saved_ema))
    if optimizer is not None and checkpoint.metadata.optimizer is not None:
        _load_part(
            checkpoint,
            "optimizer",
            lambda: optimizer.load_state_dict(_join_optimizer_state(checkpoint)),
        )
    if scheduler is not None and checkpoint.metadata.scheduler is not None:
        saved = dict(checkpoint.metadata.scheduler)
        _load_part(checkpoint, "scheduler", lambda: scheduler.load_state_dict(saved))
    rng = checkpoint.metadata.rng
    _load_part(checkpoint, "rng.python", lambda: set_python_rng(rng.python))
    _load_part(checkpoint, "rng.numpy", lambda: set_numpy_rng(rng.numpy))
    _load_part(checkpoint, "rng", lambda: torch.set_rng_state(rng_tensor))


def _load_part(checkpoint: Checkpoint, name: str, load: Callable[[], None]) -> None:
    try:
        load()
    except (ValueError, TypeError, KeyError, IndexError, RuntimeError) as error:
        raise checkpoint_field_error(
            checkpoint.path, f"cannot be restored: {type(error).__name__}: {error}", name
        ) from None
