"""Load a part's weights from a local file: a ``.safetensors`` file or a torch state dict.

Nothing is ever downloaded. Keys may carry the prefix of the model they were saved from
(``body.`` of torchvision's ``BackboneWithFPN``, ``backbone.body.`` of a torchvision
detector, ``backbone.`` of a plugtrain model, ``model.backbone.`` of a plugtrain run's
checkpoint, ``model.encoder.backbone.`` of an autoencoder run's); the prefix under which
most keys fit the part is stripped and keys outside it are left alone. Every missing key,
unexpected key and shape mismatch is reported at once in a ``CheckpointError``, before
anything is loaded.

The fit is decided from names and shapes alone: a ``.safetensors`` header is read without
its tensors, a ``.pth`` file is mapped onto the meta device. Only a part with real
parameters then reads the values; a part built on the meta device (``plugtrain validate``)
gets exactly the verdict the real build gets, without reading a tensor.
"""

import json
import pickle
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike's parameter open
from torch import Tensor, nn

from plugtrain.components._interfaces import Backbone
from plugtrain.errors import CheckpointError

__all__ = [
    "WeightsReport",
    "load_backbone_weights",
    "load_weights",
    "read_state_dict",
    "read_tensor_shapes",
]

_PREFIXES: Final = (
    "",
    "body.",
    "backbone.body.",
    "backbone.",
    "model.backbone.body.",
    "model.backbone.",
    "model.encoder.backbone.body.",
    "model.encoder.backbone.",
)
_HEADER_BYTES: Final = 8
_MAX_HEADER: Final = 100_000_000
_TORCH_SUFFIXES: Final = frozenset({".pth", ".pt"})
_SHOWN: Final = 8
_NUM_BATCHES_TRACKED: Final = "num_batches_tracked"


@dataclass(frozen=True, slots=True)
class WeightsReport:
    """What loading a weights file into a part did (or, on the meta device, would do).

    ``prefix``: stripped from the file's keys; ``loaded``: tensors that fit the part;
    ``ignored``: keys under the prefix that the part deliberately lacks (the classifier
    ``fc.*`` of a torchvision model); ``outside``: keys of the file outside the prefix (the
    neck, head and optimiser of a run's checkpoint), left alone; ``read``: whether tensor
    values were read (``False`` for a part on the meta device).
    """

    path: str
    part: str
    prefix: str
    loaded: int
    ignored: tuple[str, ...]
    outside: int
    read: bool

    def describe(self) -> str:
        """One line: what was taken from the file, what was left."""
        prefix = f" under {self.prefix!r}" if self.prefix else ""
        shown = ", ".join(self.ignored[:_SHOWN]) + (", ..." if len(self.ignored) > _SHOWN else "")
        ignored = f"; ignored {len(self.ignored)} ({shown})" if self.ignored else ""
        outside = f"; {self.outside} keys outside the prefix left alone" if self.outside else ""
        verb = "loaded" if self.read else "fit"
        return f"{self.loaded} tensors{prefix} {verb} {self.part}{ignored}{outside}"


def _existing(path: str | Path) -> tuple[Path, str]:
    file = Path(path)
    where = str(file)
    if not file.is_file():
        raise CheckpointError(
            "weights file not found; pass the path of a local .safetensors or .pth file "
            "(plugtrain never downloads weights)",
            path=where,
        )
    suffix = file.suffix.lower()
    if suffix != ".safetensors" and suffix not in _TORCH_SUFFIXES:
        raise CheckpointError(
            f"unknown weights file type {suffix or '(no suffix)'!r}; expected a .safetensors "
            f"file or a torch state dict saved as .pth or .pt",
            path=where,
        )
    return file, where


def _not_safetensors(where: str, why: str) -> CheckpointError:
    return CheckpointError(
        f"cannot read the file as safetensors ({why}); is it damaged or another format?",
        path=where,
    )


def _safetensors_shapes(file: Path, where: str) -> dict[str, tuple[int, ...]]:
    """Names and shapes from the safetensors header (8-byte length, then JSON); no tensor."""
    try:
        with file.open("rb") as handle:
            size_bytes = handle.read(_HEADER_BYTES)
            if len(size_bytes) != _HEADER_BYTES:
                raise _not_safetensors(where, "the file is shorter than a header")
            (size,) = struct.unpack("<Q", size_bytes)
            if size > _MAX_HEADER:
                raise _not_safetensors(where, f"a header of {size} bytes")
            header: object = json.loads(handle.read(size))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise _not_safetensors(where, f"{type(error).__name__}: {error}") from None
    if not isinstance(header, dict):
        raise _not_safetensors(where, "the header is not a JSON object")
    shapes: dict[str, tuple[int, ...]] = {}
    for key, entry in cast(dict[str, object], header).items():
        if key == "__metadata__":
            continue
        shape = cast(dict[str, object], entry).get("shape") if isinstance(entry, dict) else None
        if not isinstance(shape, list):
            raise _not_safetensors(where, f"entry {key!r} has no shape")
        shapes[key] = tuple(int(cast(int, n)) for n in cast(list[object], shape))
    return shapes


def _torch_load(where: str, *, map_location: str) -> object:
    try:
        try:
            return torch.load(where, map_location=map_location, weights_only=True, mmap=True)
        except RuntimeError as error:
            if "mmap" not in str(error):
                raise
            # a file from torch.save(..., _use_new_zipfile_serialization=False)
            return torch.load(where, map_location=map_location, weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, OSError, ValueError) as error:
        first_sentence = str(error).strip().split("\n", 1)[0].split(". ", 1)[0]
        raise CheckpointError(
            f"cannot read the file as a torch state dict ({type(error).__name__}: "
            f"{first_sentence}); it must be a dict of tensors saved with "
            f"torch.save(model.state_dict(), path)",
            path=where,
        ) from None


def read_tensor_shapes(path: str | Path) -> dict[str, tuple[int, ...]]:
    """The name and shape of every tensor of a weights file, reading no tensor data.

    Same files and errors as :func:`read_state_dict`.
    """
    file, where = _existing(path)
    if file.suffix.lower() == ".safetensors":
        return _safetensors_shapes(file, where)
    state = _as_state_dict(_torch_load(where, map_location="meta"), where)
    return {key: tuple(value.shape) for key, value in state.items()}


def read_state_dict(path: str | Path) -> dict[str, Tensor]:
    """The tensors of a ``.safetensors`` file or a ``.pth``/``.pt`` state dict, on the CPU.

    ``.pth`` files are read with ``torch.load(weights_only=True)``: no pickled code runs.
    A file holding ``{"state_dict": ...}`` or ``{"model": ...}`` is unwrapped.
    """
    file, where = _existing(path)
    if file.suffix.lower() == ".safetensors":
        try:
            return dict(load_file(where, device="cpu"))
        except (SafetensorError, OSError, ValueError) as error:
            raise _not_safetensors(where, str(error)) from None
    return _as_state_dict(_torch_load(where, map_location="cpu"), where)


def _as_state_dict(loaded: object, where: str) -> dict[str, Tensor]:
    if isinstance(loaded, Mapping):
        mapping = cast(Mapping[object, object], loaded)
        for wrapper in ("state_dict", "model"):
            inner = mapping.get(wrapper)
            if isinstance(inner, Mapping):
                mapping = cast(Mapping[object, object], inner)
                break
        state: dict[str, Tensor] = {}
        for key, value in mapping.items():
            if isinstance(key, str) and isinstance(value, Tensor):
                state[key] = value
            else:
                raise CheckpointError(
                    f"the file holds a dict, but entry {key!r} is a {type(value).__name__}, not "
                    f"a tensor; expected a state dict (str -> Tensor)",
                    path=where,
                )
        return state
    raise CheckpointError(
        f"the file holds a {type(loaded).__name__}, expected a state dict (str -> Tensor); "
        f"save weights with torch.save(model.state_dict(), path)",
        path=where,
    )


def _listing(title: str, keys: Sequence[str]) -> str:
    shown = ", ".join(keys[:_SHOWN])
    more = f", ... ({len(keys) - _SHOWN} more)" if len(keys) > _SHOWN else ""
    return f"\n  {title} ({len(keys)}): {shown}{more}"


def _best_prefix(keys: Sequence[str], expected: Mapping[str, Tensor]) -> tuple[str, int]:
    best, best_count = "", -1
    for prefix in _PREFIXES:
        count = sum(1 for key in keys if key.startswith(prefix) and key[len(prefix) :] in expected)
        if count > best_count:
            best, best_count = prefix, count
    return best, best_count


def _on_meta(state: Mapping[str, Tensor]) -> bool:
    return any(value.is_meta for value in state.values())


def load_weights(
    module: nn.Module,
    weights: str | Path,
    *,
    part: str,
    ignore: Callable[[str], bool] = lambda _key: False,
) -> WeightsReport:
    """Load ``weights`` into ``module``; ``CheckpointError`` naming every mismatch.

    ``ignore(key)`` marks keys of the file that the part deliberately lacks (the
    classifier ``fc.`` of a torchvision ResNet, stages after the last output level).
    The fit is decided from the file's names and shapes before any value is read; a
    ``module`` on the meta device reads none (nothing could hold them).
    """
    shapes = read_tensor_shapes(weights)
    where = str(weights)
    expected = module.state_dict()
    prefix, matched = _best_prefix(list(shapes), expected)
    if matched <= 0:
        raise CheckpointError(
            f"no key of the file fits {part}"
            + _listing("keys in the file", sorted(shapes))
            + _listing(f"keys {part} expects", list(expected))
            + "\n  fix: pass weights saved from the same architecture (same depth and norm)",
            path=where,
        )
    found = {key[len(prefix) :]: shape for key, shape in shapes.items() if key.startswith(prefix)}
    ignored = sorted(key for key in found if key not in expected and ignore(key))
    unexpected = sorted(
        key
        for key in found
        if key not in expected and not ignore(key) and not key.endswith(_NUM_BATCHES_TRACKED)
    )
    missing = [
        key for key in expected if key not in found and not key.endswith(_NUM_BATCHES_TRACKED)
    ]
    mismatched = [
        f"{key} file {found[key]} vs model {tuple(value.shape)}"
        for key, value in expected.items()
        if key in found and found[key] != tuple(value.shape)
    ]
    if unexpected or missing or mismatched:
        shown_prefix = f" (after stripping the prefix {prefix!r})" if prefix else ""
        raise CheckpointError(
            f"the weights do not fit {part}{shown_prefix}"
            + (_listing("missing keys", missing) if missing else "")
            + (_listing("unexpected keys", unexpected) if unexpected else "")
            + (_listing("shape mismatches", mismatched) if mismatched else "")
            + "\n  fix: pass weights saved from the same architecture (same depth, norm and "
            "out_levels), or a torchvision state dict of the same model",
            path=where,
        )
    usable = [key for key in found if key in expected]
    read = not _on_meta(expected)
    if read:
        state = read_state_dict(weights)
        module.load_state_dict({key: state[prefix + key] for key in usable}, strict=False)
    return WeightsReport(
        path=where,
        part=part,
        prefix=prefix,
        loaded=len(usable),
        ignored=tuple(ignored),
        outside=len(shapes) - len(found),
        read=read,
    )


def load_backbone_weights(backbone: Backbone, weights: str | Path) -> WeightsReport:
    """Load ``weights`` where the backbone says they go (:meth:`Backbone.weights_target`):
    the one loading path of ``plugtrain train``, ``plugtrain validate`` and the Python API."""
    target = backbone.weights_target()
    return load_weights(target.module, weights, part=target.part, ignore=target.ignore)
