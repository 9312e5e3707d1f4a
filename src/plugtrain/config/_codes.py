"""The stable codes of config issues (``ConfigIssue.code``) and the severity of each.

One table decides, per code, whether a finding is an ``error`` (the config cannot be
trained as written: ``plugtrain validate`` exits 1, ``plugtrain train`` refuses) or a
``warning`` (it trains, but a careful reviewer would point it out: printed, exit 0, an
error under ``--strict``). docs/errors.md and docs/config.md show the table.
"""

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["ISSUE_CODES", "ISSUE_SEVERITY", "Severity", "issue_severity"]

Severity = Literal["error", "warning"]
"""``error``: the config is refused; ``warning``: reported, the config still runs."""


@dataclass(frozen=True, slots=True)
class _Code:
    severity: Severity
    meaning: str


_E: Final = "error"
_W: Final = "warning"

_TABLE: Final[dict[str, _Code]] = {
    # reading the file
    "path-missing": _Code(
        _E, "a file or folder named by the config (or the config itself) does not exist"
    ),
    "path-type": _Code(
        _E,
        "a path names a folder where a file is expected, or the other way round (or a "
        "FIFO, a device or another special file)",
    ),
    "path-unreadable": _Code(_E, "a file or folder exists but cannot be read"),
    "too-large": _Code(_E, "the config file (or an override) is larger than a config can be"),
    "yaml-syntax": _Code(_E, "the YAML cannot be parsed (or is not UTF-8)"),
    "empty": _Code(_E, "the config file holds no document"),
    "duplicate-key": _Code(_E, "a key appears twice in one mapping"),
    "unsafe-tag": _Code(_E, "a YAML tag such as !!python/object (never constructed)"),
    "alias-bomb": _Code(_E, "aliases that expand to a huge or endless value"),
    # overrides
    "override-syntax": _Code(_E, "a command-line override that is not key.path=value"),
    "override-path": _Code(_E, "an override that goes through a value that is not a mapping"),
    # schema
    "type": _Code(_E, "a value of the wrong type (or a root that is not a mapping)"),
    "value": _Code(_E, "a value of the right type outside its allowed range or choices"),
    "missing": _Code(_E, "a required key is missing"),
    "unknown-key": _Code(_E, "a key the schema does not have (with the nearest valid key)"),
    "unknown-type": _Code(_E, "a part type that is not registered"),
    # checks across fields and files
    "incompatible-parts": _Code(_E, "the FeatureSpecs of backbone, neck and head do not fit"),
    "image-size": _Code(_E, "image_size is smaller than the largest stride"),
    "annotations-invalid": _Code(_E, "an annotation file is not a usable COCO instances file"),
    "images-missing": _Code(_E, "images named by the annotations are not in the images folder"),
    "num-classes-mismatch": _Code(_E, "num_classes differs from the categories in the annotations"),
    "categories-mismatch": _Code(
        _E, "train and val have different categories (COCO) or class folders (folders)"
    ),
    "dataset-invalid": _Code(
        _E,
        "a folders or images set holds no images, an empty class folder or a file that is "
        "not an image",
    ),
    "task-mismatch": _Code(
        _E, "the head, a data format, the unlabeled set or eval.metric does not fit the task"
    ),
    "batch-size": _Code(
        _W,
        "batch_size is larger than the number of training images (every step then sees "
        "the whole set)",
    ),
    "schedule": _Code(
        _W,
        "warmup, milestones or a burn-in do not fit in the run (the warmup never "
        "finishes, a milestone is never reached, the teacher never starts), or the weight "
        "average would end it mostly made of the first steps' weights",
    ),
    "output-dir": _Code(_E, "output_dir cannot be created or written"),
    "weights-invalid": _Code(_E, "the weights file is neither .safetensors nor a torch state dict"),
    "weights-mismatch": _Code(_E, "the weights file does not fit the part that loads it"),
    "extra-missing": _Code(
        _E, "a feature the config turns on needs an extra that is not installed"
    ),
    # the dry run and the command
    "dry-run": _Code(_E, "building the detector or running forward and loss failed"),
    "internal-error": _Code(_E, "plugtrain failed while validating (a bug: please report it)"),
}

ISSUE_CODES: Final[dict[str, str]] = {code: entry.meaning for code, entry in _TABLE.items()}
"""Every code and what it means."""

ISSUE_SEVERITY: Final[dict[str, Severity]] = {
    code: entry.severity for code, entry in _TABLE.items()
}
"""Every code and its severity."""


def issue_severity(code: str) -> Severity:
    """The severity of ``code``; a code outside the table (none should be) is an error."""
    return ISSUE_SEVERITY.get(code, "error")
