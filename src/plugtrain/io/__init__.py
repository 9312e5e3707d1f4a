"""Reading user files within bounds, and the one COCO parser; torch-free.

* :func:`read_regular_file` / :func:`read_small_text`: regular files only (never a FIFO,
  device, folder or socket), at most a stated number of bytes.
* :func:`load_json_bounded`: JSON within a size and a nesting-depth limit, with integers
  too long to convert reported instead of raised.
* :func:`parse_coco`: a COCO instances file as validated records plus every problem found
  (:class:`DataProblem`, with a stable code from :data:`PROBLEM_CODES`).

Imports nothing of plugtrain but :mod:`plugtrain.errors`, so ``plugtrain.config`` and
``plugtrain.data`` can both use it without loading torch.
"""

from plugtrain.io._coco import parse_coco, parse_coco_document
from plugtrain.io._coco_records import (
    EVALUATION,
    MAX_SIDE,
    TRAINING,
    AnnotationRecord,
    CocoRules,
    ImageRecord,
    ParsedCoco,
    finite_number,
)
from plugtrain.io._files import (
    ANNOTATION_LIMIT,
    IMAGE_LIMIT,
    FileReadError,
    SizeLimit,
    format_bytes,
    open_regular_file,
    read_regular_file,
    read_small_text,
)
from plugtrain.io._folders import (
    IMAGE_SUFFIXES,
    ClassFolders,
    FolderProblem,
    ImageFolderListing,
    list_class_folders,
    list_image_folder,
)
from plugtrain.io._json import (
    DEFAULT_MAX_DEPTH,
    JsonFileError,
    load_json_bounded,
    parse_json_bounded,
)
from plugtrain.io._problems import FATAL_CODES, PROBLEM_CODES, DataProblem

__all__ = [
    "ANNOTATION_LIMIT",
    "DEFAULT_MAX_DEPTH",
    "EVALUATION",
    "FATAL_CODES",
    "IMAGE_LIMIT",
    "IMAGE_SUFFIXES",
    "MAX_SIDE",
    "PROBLEM_CODES",
    "TRAINING",
    "AnnotationRecord",
    "ClassFolders",
    "CocoRules",
    "DataProblem",
    "FileReadError",
    "FolderProblem",
    "ImageFolderListing",
    "ImageRecord",
    "JsonFileError",
    "ParsedCoco",
    "SizeLimit",
    "finite_number",
    "format_bytes",
    "list_class_folders",
    "list_image_folder",
    "load_json_bounded",
    "open_regular_file",
    "parse_coco",
    "parse_coco_document",
    "parse_json_bounded",
    "read_regular_file",
    "read_small_text",
]
