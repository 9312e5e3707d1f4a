"""Load a part's weights from a local file: a ``.safetensors`` file or a torch state dict.

Nothing is ever downloaded. Keys may carry the prefix of the model they were saved from
(``body.`` of torchvision's ``BackboneWithFPN``, ``backbone.body.`` of a torchvision
detector, ``backbone.`` of a plugtrain model); the prefix under which most keys fit the part
is stripped and keys outside it are left alone. Every missing key, unexpected key and
shape mismatch is reported at once in a ``CheckpointError``, before anything is loaded.
"""

import pickle
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Final, cast

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file  # pyright: ignore[reportUnknownVariableType]  # its stub leaves PathLike's parameter open
from torch import Tensor, nn

from plugtrain.errors import CheckpointError

__all__ = ["load_weights", "read_state_dict"]

_PREFIXES: Final = ("", "body.", "backbone.body.", "backbone.")
_TORCH_SUFFIXES: Final = frozenset({".pth", ".pt"})
_SHOWN: Final = 8
_NUM_BATCHES_TRACKED: Final = "num_batches_tracked"


def read_state_dict(path: str | Path) -> dict[str, Tensor]:
    """The tensors of a ``.safetensors`` file or a ``.pth``/``.pt`` state dict, on the CPU.

    ``.pth`` files are read with ``torch.load(weights_only=True)``: no pickled code runs.
    A file holding ``{"state_dict": ...}`` or ``{"model": ...}`` is unwrapped.
    """
    file = Path(path)
    where = str(file)
    if not file.is_file():
        raise CheckpointError(
            "weights file not found; pass the path of a local .safetensors or .pth file "
            "(plugtrain never downloads weights)",
            path=where,
        )
    suffix = file.suffix.lower()
    if suffix == ".safetensors":
        try:
            return dict(load_file(where, device="cpu"))
        except (SafetensorError, OSError, ValueError) as error:
            raise CheckpointError(
                f"cannot read the file as safetensors ({error}); is it damaged or another format?",
                path=where,
            ) from None
    if suffix not in _TORCH_SUFFIXES:
        raise CheckpointError(
            f"unknown weights file type {suffix or '(no suffix)'!r}; expected a .safetensors "
            f"file or a torch state dict saved as .pth or .pt",
            path=where,
        )
    try:
        loaded: object = torch.load(where, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, OSError, ValueError) as error:
        first_sentence = str(error).strip().split("\n", 1)[0].split(". ", 1)[0]
        raise CheckpointError(
            f"cannot read the file as a torch state dict ({type(error).__name__}: "
            f"{first_sentence}); it must be a dict of tensors saved with "
            f"torch.save(model.state_dict(), path)",
            path=where,
        ) from None
    return _as_state_dict(loaded, where)


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


def load_weights(
    module: nn.Module,
    weights: str | Path,
    *,
    part: str,
    ignore: Callable[[str], bool] = lambda _key: False,
) -> None:
    """Load ``weights`` into ``module``; ``CheckpointError`` naming every mismatch.

    ``ignore(key)`` marks keys of the file that the part deliberately lacks (the
    classifier ``fc.`` of a torchvision ResNet, stages after the last output level).
    """
    state = read_state_dict(weights)
    where = str(weights)
    expected = module.state_dict()
    prefix, matched = _best_prefix(list(state), expected)
    if matched <= 0:
        raise CheckpointError(
            f"no key of the file fits {part}"
            + _listing("keys in the file", sorted(state))
            + _listing(f"keys {part} expects", list(expected))
            + "\n  fix: pass weights saved from the same architecture (same depth and norm)",
            path=where,
        )
    found = {key[len(prefix) :]: value for key, value in state.items() if key.startswith(prefix)}
    unexpected = sorted(
        key
        for key in found
        if key not in expected and not ignore(key) and not key.endswith(_NUM_BATCHES_TRACKED)
    )
    missing = [
        key for key in expected if key not in found and not key.endswith(_NUM_BATCHES_TRACKED)
    ]
    mismatched = [
        f"{key} file {tuple(found[key].shape)} vs model {tuple(value.shape)}"
        for key, value in expected.items()
        if key in found and found[key].shape != value.shape
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
    module.load_state_dict({k: v for k, v in found.items() if k in expected}, strict=False)
