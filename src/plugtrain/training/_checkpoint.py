"""Pickle-free checkpoints: tensors in safetensors, everything else in JSON, written atomically.

A checkpoint is two files side by side, ``NAME.safetensors`` (model weights, optimiser
tensors, torch RNG state) and ``NAME.json`` (format version, step, epoch, config, class
names, optimiser hyper-parameters, scheduler state, Python/NumPy RNG state, metrics). Each
is written to a temporary file, fsynced and renamed over the old one, and the JSON (which
names the tensors file's checksum) is written last, so a kill at any moment leaves the
previous checkpoint loadable.
"""

import hashlib
import json
import os
import random
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

import numpy as np
import torch
from safetensors import SafetensorError

# safetensors annotates filename as a bare PathLike, which pyright strict reports as unknown
from safetensors.torch import (
    load_file,  # pyright: ignore[reportUnknownVariableType]
    save_file,  # pyright: ignore[reportUnknownVariableType]
)
from torch import Tensor, nn

from plugtrain.errors import CheckpointError

__all__ = [
    "Checkpoint",
    "LoadReport",
    "load_checkpoint",
    "load_model_weights",
    "restore_training_state",
    "save_checkpoint",
]

FORMAT: Final = "plugtrain-checkpoint/1"
_MODEL: Final = "model."
_OPTIMIZER: Final = "optimizer."
_TORCH_RNG: Final = "rng.torch"


@dataclass(frozen=True)
class Checkpoint:
    """A loaded checkpoint: ``tensors`` by name and the JSON ``metadata``."""

    path: Path
    tensors: Mapping[str, Tensor]
    metadata: Mapping[str, Any]

    @property
    def model_state(self) -> dict[str, Tensor]:
        return {k.removeprefix(_MODEL): v for k, v in self.tensors.items() if k.startswith(_MODEL)}

    @property
    def step(self) -> int:
        return int(self.metadata.get("step", 0))

    @property
    def epoch(self) -> int:
        return int(self.metadata.get("epoch", 0))


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


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


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


def _join_optimizer_state(
    tensors: Mapping[str, Tensor], saved: Mapping[str, Any]
) -> dict[str, Any]:
    state: dict[int, dict[str, Any]] = {}
    for key, value in tensors.items():
        if key.startswith(_OPTIMIZER):
            index, name = key.removeprefix(_OPTIMIZER).split(".", 1)
            state.setdefault(int(index), {})[name] = value
    for index, values in cast(Mapping[str, Mapping[str, Any]], saved["plain_state"]).items():
        state.setdefault(int(index), {}).update(values)
    return {"state": state, "param_groups": saved["param_groups"]}


def save_checkpoint(
    path: Path,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    step: int = 0,
    epoch: int = 0,
    metadata: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``path``'s ``.safetensors`` and ``.json`` atomically; return the JSON path.

    ``metadata`` (config, class names, metrics...) must be JSON-serialisable.
    """
    tensors_path, json_path = _paths(path)
    tensors = {
        f"{_MODEL}{name}": value.detach().cpu().contiguous()
        for name, value in model.state_dict().items()
    }
    info: dict[str, Any] = {
        "format": FORMAT,
        "step": step,
        "epoch": epoch,
        "rng": {
            "python": _python_rng_to_json(random.getstate()),
            "numpy": _numpy_rng_to_json(),
        },
        **dict(metadata or {}),
    }
    tensors[_TORCH_RNG] = torch.get_rng_state()
    if optimizer is not None:
        optimizer_tensors, info["optimizer"] = _split_optimizer_state(optimizer.state_dict())
        tensors.update(optimizer_tensors)
    if scheduler is not None:
        info["scheduler"] = scheduler.state_dict()

    def write_tensors(target: Path) -> None:
        save_file(tensors, str(target), metadata={"format": FORMAT})

    _atomic_write(tensors_path, write_tensors)
    info["tensors_file"] = tensors_path.name
    info["tensors_sha256"] = _sha256(tensors_path)
    text = json.dumps(info, indent=2, sort_keys=True, allow_nan=True)

    def write_json(target: Path) -> None:
        target.write_text(text)

    _atomic_write(json_path, write_json)
    return json_path


def load_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint` (either file's path, or the stem)."""
    tensors_path, json_path = _paths(Path(path))
    if not json_path.is_file() or not tensors_path.is_file():
        found = "only one" if json_path.exists() or tensors_path.exists() else "neither"
        raise CheckpointError(
            f"expected {json_path.name} and {tensors_path.name} side by side, found {found}. "
            f"Pass the path of a checkpoint written by plugtrain (e.g. runs/x/last.json)",
            path=str(json_path),
        )
    try:
        metadata = cast(dict[str, Any], json.loads(json_path.read_text()))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CheckpointError(f"metadata is not valid JSON: {error}", path=str(json_path)) from None
    if metadata.get("format") != FORMAT:
        raise CheckpointError(
            f"metadata format is {metadata.get('format')!r}, expected {FORMAT!r}",
            path=str(json_path),
        )
    if metadata.get("tensors_sha256") != _sha256(tensors_path):
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
) -> None:
    """Put model, optimiser, scheduler and every RNG back exactly as they were saved."""
    try:
        model.load_state_dict(checkpoint.model_state, strict=True)
    except RuntimeError as error:
        raise CheckpointError(
            f"the checkpoint's weights do not fit this model: {error}. Resume with the config "
            f"the checkpoint was trained with",
            path=str(checkpoint.path),
        ) from None
    if optimizer is not None and "optimizer" in checkpoint.metadata:
        optimizer.load_state_dict(
            _join_optimizer_state(checkpoint.tensors, checkpoint.metadata["optimizer"])
        )
    if scheduler is not None and "scheduler" in checkpoint.metadata:
        scheduler.load_state_dict(dict(checkpoint.metadata["scheduler"]))
    rng = cast(Mapping[str, Any], checkpoint.metadata.get("rng", {}))
    if "python" in rng:
        random.setstate(_python_rng_from_json(rng["python"]))
    if "numpy" in rng:
        _numpy_rng_from_json(rng["numpy"])
    if _TORCH_RNG in checkpoint.tensors:
        torch.set_rng_state(checkpoint.tensors[_TORCH_RNG])


def _python_rng_to_json(state: tuple[Any, ...]) -> list[Any]:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def _python_rng_from_json(saved: list[Any]) -> tuple[Any, ...]:
    version, internal, gauss = saved
    return (version, tuple(internal), gauss)


def _numpy_rng_to_json() -> list[Any]:
    name, keys, position, has_gauss, cached = cast(
        tuple[str, np.ndarray[Any, Any], int, int, float],
        np.random.get_state(),  # the legacy global generator
    )
    return [name, [int(k) for k in keys], position, has_gauss, cached]


def _numpy_rng_from_json(saved: list[Any]) -> None:
    name, keys, position, has_gauss, cached = saved
    np.random.set_state(  # the legacy global generator
        (name, np.asarray(keys, dtype=np.uint32), position, has_gauss, cached)
    )
