"""The checkpoint's JSON half as a typed, versioned, frozen structure (torch-free).

Every field is checked when a checkpoint is read: its type and range, the experiment
config (validated as ``plugtrain validate`` would), that the config's ``num_classes``
matches ``class_names``, the RNG states, and the SHA-256 of the JSON's own content
(``content_sha256``, over the canonical JSON without that field), so an edited or damaged
file ends in one :class:`~plugtrain.errors.CheckpointError` naming the field and the fix.

Format 3 added ``ema`` (the weight average kept beside the weights); a format-2 file reads
as one with ``ema: null``.
"""

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Final, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, model_validator

import plugtrain
from plugtrain.config import ExperimentConfig
from plugtrain.errors import CheckpointError
from plugtrain.training._bounded import find_oversized, read_bounded_json

__all__ = [
    "FORMAT",
    "READABLE_FORMATS",
    "CheckpointMetadata",
    "EmaRecord",
    "NumpyRngState",
    "OptimizerRecord",
    "PythonRngState",
    "RngState",
    "RunInfo",
    "checkpoint_field_error",
    "content_digest",
    "read_metadata",
    "run_problem",
    "seal",
]

FORMAT: Final = "plugtrain-checkpoint/3"
READABLE_FORMATS: Final = ("plugtrain-checkpoint/2", FORMAT)
"""Formats :func:`read_metadata` accepts: the current one and those it upgrades."""
MAX_METADATA_BYTES: Final = 16 * 1024 * 1024
MAX_DEPTH: Final = 32
MAX_INT_DIGITS: Final = 30
MAX_COUNT: Final = 2**53

_UInt32 = Annotated[int, Field(ge=0, le=2**32 - 1)]
_Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
_Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PythonRngState(_Record):
    """``random.getstate()``: Mersenne Twister words plus the position, and the cached
    Gaussian."""

    version: Literal[3]
    internal: Annotated[tuple[_UInt32, ...], Field(min_length=625, max_length=625)]
    gauss: float | None

    @model_validator(mode="after")
    def _position(self) -> "PythonRngState":
        if self.internal[-1] > 624:
            raise ValueError(f"the position (last word) must be <= 624, got {self.internal[-1]}")
        return self


class NumpyRngState(_Record):
    """``numpy.random.get_state()`` of the legacy global generator."""

    name: Literal["MT19937"]
    keys: Annotated[tuple[_UInt32, ...], Field(min_length=624, max_length=624)]
    position: Annotated[int, Field(ge=0, le=624)]
    has_gauss: Literal[0, 1]
    cached_gaussian: float


class RngState(_Record):
    """Python's and NumPy's generators (torch's state is a tensor in the safetensors file)."""

    python: PythonRngState
    numpy: NumpyRngState


class OptimizerRecord(_Record):
    """The optimiser's JSON part; its tensors (momenta...) are in the safetensors file."""

    param_groups: tuple[dict[str, JsonValue], ...]
    plain_state: dict[str, dict[str, JsonValue]]


class EmaRecord(_Record):
    """The weight average's schedule and how many updates went into it; its tensors
    (``ema.module.<name>``, ``ema.n_averaged``) are in the safetensors file."""

    decay: Annotated[float, Field(gt=0.0, lt=1.0)]
    warmup_updates: _Count
    every_steps: Annotated[int, Field(ge=1, le=MAX_COUNT)]
    start_step: _Count
    updates: _Count


class RunInfo(_Record):
    """What a run is, carried by every checkpoint it writes: the experiment config (``None``
    for a trainer driven from Python without one) and the class names, label order."""

    config: ExperimentConfig | None = None
    class_names: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> "RunInfo":
        problem = run_problem(self.config, self.class_names)
        if problem is not None:
            raise ValueError(f"{problem[0]}: {problem[1]}")
        return self


def run_problem(
    config: ExperimentConfig | None, class_names: tuple[str, ...]
) -> tuple[str, str] | None:
    """(field, what is wrong) when the config and the class names cannot belong together."""
    if config is None:
        return None
    num_classes = config.model.head.num_classes
    if num_classes != len(class_names):
        return (
            "class_names",
            f"holds {len(class_names)} names but config.model.head.num_classes is {num_classes}",
        )
    # the image size bound is the schema's (config.data.image_size), checked as the config
    # is validated
    return None


class CheckpointMetadata(_Record):
    """The whole JSON file of a checkpoint. Every field is required."""

    format: Literal["plugtrain-checkpoint/2", "plugtrain-checkpoint/3"]
    plugtrain_version: Annotated[str, Field(max_length=64)]
    step: _Count
    epoch: _Count
    batch_in_epoch: _Count
    config: ExperimentConfig | None
    class_names: tuple[Annotated[str, Field(max_length=256)], ...]
    tensors_file: Annotated[str, Field(pattern=r"^[^/\\]{1,255}\.safetensors$")]
    tensors_sha256: _Sha256
    optimizer: OptimizerRecord | None
    scheduler: dict[str, JsonValue] | None
    rng: RngState
    metrics: dict[str, float]
    losses: dict[str, float]
    best: float | None
    stale_evaluations: _Count
    ema: EmaRecord | None
    """The weight average (format 3), or null: then the weights are the only ones."""
    content_sha256: _Sha256

    @property
    def run(self) -> RunInfo:
        return RunInfo(config=self.config, class_names=self.class_names)


def content_digest(content: Mapping[str, object]) -> str:
    """SHA-256 of the canonical JSON of ``content`` without ``content_sha256``."""
    canonical = json.dumps(
        {k: v for k, v in content.items() if k != "content_sha256"},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def seal(content: Mapping[str, object]) -> tuple[CheckpointMetadata, str]:
    """``content`` (every field but the version fields and ``content_sha256``) checked and
    sealed: the typed metadata and the text of its file."""
    sealed = {
        **content,
        "format": FORMAT,
        "plugtrain_version": plugtrain.__version__,
    }
    sealed["content_sha256"] = content_digest(sealed)
    try:
        metadata = CheckpointMetadata.model_validate_json(json.dumps(sealed, allow_nan=True))
    except ValidationError as error:
        raise CheckpointError(f"cannot save this checkpoint's metadata: {error}") from None
    problem = run_problem(metadata.config, metadata.class_names)
    if problem is not None:
        raise CheckpointError(f"cannot save a checkpoint whose {problem[0]} {problem[1]}")
    return metadata, json.dumps(sealed, indent=2, sort_keys=True, allow_nan=True) + "\n"


_FIXES: Final[dict[str, str]] = {
    "config": "the run's config no longer validates (or was removed): train again with "
    "this plugtrain version, or load the weights into a new run",
    "class_names": "class_names must list one name per class of config.model.head; use an "
    "unedited checkpoint",
    "rng": "the saved random-generator state is damaged: use an earlier checkpoint, or start "
    "a new run that loads these weights",
    "format": "this checkpoint was written by another plugtrain version: train again, or "
    "load its weights with plugtrain.training.load_model_weights",
}
_DEFAULT_FIX: Final = (
    "the file was edited or damaged: use a checkpoint as plugtrain train wrote it (an "
    "earlier one, e.g. best.json), or train again"
)


def checkpoint_field_error(path: Path, message: str, field: str | None) -> CheckpointError:
    """The CheckpointError for ``field`` of the checkpoint at ``path``, with its fix."""
    top = (field or "").split(".")[0]
    fix = _FIXES.get(top, _DEFAULT_FIX)
    subject = f"checkpoint metadata field '{field}'" if field else "checkpoint metadata:"
    return CheckpointError(f"{subject} {message}; fix: {fix}", path=str(path))


def _short(value: object) -> str:
    if isinstance(value, int) and value.bit_length() > 100:
        return f"<a number of about {int(value.bit_length() * 0.30103) + 1} digits>"
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _from_validation_error(path: Path, error: ValidationError) -> CheckpointError:
    problems = error.errors(include_url=False)
    first = problems[0]
    field = ".".join(str(part) for part in first["loc"]) or None
    if first["type"] == "missing":
        message = "is missing"
    else:
        message = f"is invalid: {first['msg']} (got {_short(first.get('input'))})"
    if len(problems) > 1:
        message += f"; and {len(problems) - 1} more problem(s)"
    return checkpoint_field_error(path, message, field)


def read_metadata(path: Path) -> CheckpointMetadata:
    """Parse and check a checkpoint's JSON file; any problem is one CheckpointError."""

    def fail(message: str) -> CheckpointError:
        return checkpoint_field_error(path, message, None)

    tree = read_bounded_json(
        path,
        what="the file",
        max_bytes=MAX_METADATA_BYTES,
        max_depth=MAX_DEPTH,
        max_int_digits=MAX_INT_DIGITS,
        fail=fail,
    )
    if not isinstance(tree, dict):
        raise fail(f"the file holds a JSON {type(tree).__name__}, expected an object")
    content = cast(dict[str, object], tree)
    oversized = find_oversized(content)
    if oversized is not None:
        raise checkpoint_field_error(
            path, f"holds {oversized[1]!r}, far beyond any real value", oversized[0]
        )
    if content.get("format") not in READABLE_FORMATS:
        expected = " or ".join(repr(f) for f in READABLE_FORMATS)
        raise checkpoint_field_error(
            path, f"is {_short(content.get('format'))}, expected {expected}", "format"
        )
    # format 2 predates the weight average; its digest covers what it holds, checked below
    upgraded = {"ema": None, **content} if content["format"] == READABLE_FORMATS[0] else content
    try:
        metadata = CheckpointMetadata.model_validate_json(json.dumps(upgraded, allow_nan=True))
    except ValidationError as error:
        raise _from_validation_error(path, error) from None
    problem = run_problem(metadata.config, metadata.class_names)
    if problem is not None:
        raise checkpoint_field_error(path, problem[1], problem[0])
    if content_digest(content) != metadata.content_sha256:
        raise checkpoint_field_error(
            path,
            "does not match the file's content: the JSON was edited after plugtrain wrote it",
            "content_sha256",
        )
    return metadata
