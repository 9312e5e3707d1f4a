"""Tampering with checkpoint files as a hostile user would (shared by the checkpoint tests).

``tamper`` edits the JSON and, unless told otherwise, re-seals it (recomputes
``content_sha256``), so a test reaches the check it aims at rather than the seal.
"""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file  # pyright: ignore[reportUnknownVariableType]  # safetensors leaves PathLike bare

from plugtrain.training import content_digest

__all__ = ["replace_tensors", "tamper"]

Metadata = dict[str, Any]


def tamper(json_path: Path, edit: Callable[[Metadata], object], *, reseal: bool = True) -> None:
    """Apply ``edit`` to the parsed JSON in place (what it returns is ignored)."""
    content: Metadata = json.loads(json_path.read_text())
    edit(content)
    if reseal:
        content["content_sha256"] = content_digest(content)
    json_path.write_text(json.dumps(content, allow_nan=True))


def replace_tensors(
    json_path: Path, edit: Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]]
) -> None:
    """Rewrite the tensors file through ``edit`` and record its new SHA-256 in the JSON."""
    tensors_path = json_path.with_suffix(".safetensors")
    save_file(edit(dict(load_file(str(tensors_path)))), str(tensors_path))
    digest = hashlib.sha256(tensors_path.read_bytes()).hexdigest()
    tamper(json_path, lambda content: content.update(tensors_sha256=digest))
