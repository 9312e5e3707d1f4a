"""The stable codes of config issues (``ConfigIssue.code``); docs/config.md shows each."""

from typing import Final

__all__ = ["ISSUE_CODES"]

ISSUE_CODES: Final[dict[str, str]] = {
    # reading the file
    "path-missing": "a file or folder named by the config (or the config itself) does not exist",
    "path-type": "a path names a folder where a file is expected, or the other way round",
    "path-unreadable": "a file or folder exists but cannot be read",
    "yaml-syntax": "the YAML cannot be parsed (or is not UTF-8)",
    "empty": "the config file holds no document",
    "duplicate-key": "a key appears twice in one mapping",
    "unsafe-tag": "a YAML tag such as !!python/object (never constructed)",
    "alias-bomb": "aliases that expand to a huge or endless value",
    # overrides
    "override-syntax": "a command-line override that is not key.path=value",
    "override-path": "an override that goes through a value that is not a mapping",
    # schema
    "type": "a value of the wrong type (or a root that is not a mapping)",
    "value": "a value of the right type outside its allowed range or choices",
    "missing": "a required key is missing",
    "unknown-key": "a key the schema does not have (with the nearest valid key)",
    "unknown-type": "a part type that is not registered",
    # checks across fields and files
    "incompatible-parts": "the FeatureSpecs of backbone, neck and head do not fit",
    "image-size": "image_size is smaller than the largest stride",
    "annotations-invalid": "an annotation file is not a usable COCO instances file",
    "images-missing": "images named by the annotations are not in the images folder",
    "num-classes-mismatch": "num_classes differs from the categories in the annotations",
    "categories-mismatch": "train and val annotations have different categories",
    "batch-size": "batch_size is larger than the number of training images",
    "schedule": "warmup or milestones do not fit in the run",
    "output-dir": "output_dir cannot be created or written",
    "weights-invalid": "the weights file is neither .safetensors nor a torch state dict",
    "weights-mismatch": "the weights file does not fit the part that loads it",
    # the dry run and the command
    "dry-run": "building the detector or running forward and loss failed",
    "internal-error": "plugtrain failed while validating (a bug: please report it)",
}
