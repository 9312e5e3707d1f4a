"""Parse a COCO instances file into validated records, collecting every problem on the way.

The one COCO parser of plugtrain: the data check and the reader, evaluation's ground truth
and the static checks of ``plugtrain validate`` all read COCO files through it, each under
its :class:`CocoRules` (:data:`TRAINING` or :data:`EVALUATION`). Torch-free. The file is
read within bounds (:func:`~plugtrain.io.load_json_bounded`: regular files only, a size
limit, a depth limit). Nothing here trusts the file: every key, type and reference is
checked and each failure becomes a :class:`DataProblem` naming the record by its id (or by
its position when it has no usable id), so a report lists all problems at once instead of
the first one.
"""

from pathlib import Path
from typing import Final, cast

from plugtrain.io._coco_parser import CocoParser
from plugtrain.io._coco_records import TRAINING, CocoRules, ParsedCoco, kind_of
from plugtrain.io._files import ANNOTATION_LIMIT, FileReadError, read_regular_file
from plugtrain.io._json import DEFAULT_MAX_DEPTH, JsonFileError, parse_json_bounded

__all__ = ["parse_coco", "parse_coco_document"]

_READ_CODES: Final = {
    "missing": "annotations_missing",
    "unreadable": "annotations_missing",
    "not_file": "annotations_not_file",
    "too_large": "annotations_too_large",
}
_JSON_CODES: Final = {
    "syntax": "json_invalid",
    "encoding": "json_invalid",
    "too_deep": "json_too_deep",
    "number_too_large": "json_number_too_large",
}


def parse_coco(
    annotation_file: Path | str,
    images_dir: Path | None = None,
    *,
    box_tolerance: float,
    rules: CocoRules = TRAINING,
    limit_bytes: int | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> ParsedCoco:
    """Read and validate the annotation file (not the image files).

    A file that cannot be read within bounds (missing, not a regular file, above
    ``limit_bytes``: default :data:`~plugtrain.io.ANNOTATION_LIMIT`) or that is not JSON
    within ``max_depth`` levels is one fatal problem of the result, never an exception
    (only a malformed limit in the environment raises :class:`~plugtrain.errors.DataError`).
    ``images_dir`` only places image files in messages (``None``: the file_name alone).
    """
    source = str(annotation_file)
    try:
        limit = ANNOTATION_LIMIT.resolve() if limit_bytes is None else limit_bytes
        raw = read_regular_file(
            source,
            limit_bytes=limit,
            what="annotation file",
            how_to_change=ANNOTATION_LIMIT.how_to_change(),
        )
        data = parse_json_bounded(raw, max_depth=max_depth, what="annotation file", source=source)
    except FileReadError as error:
        return _failed(source, images_dir, _READ_CODES[error.problem], error.detail)
    except JsonFileError as error:
        return _failed(source, images_dir, _JSON_CODES[error.problem], error.detail)
    return parse_coco_document(
        data, source=source, images_dir=images_dir, box_tolerance=box_tolerance, rules=rules
    )


def _failed(source: str, images_dir: Path | None, code: str, message: str) -> ParsedCoco:
    parser = CocoParser(source, images_dir, 0.0, TRAINING)
    parser.problem(code, message)
    return parser.out


def parse_coco_document(
    data: object,
    *,
    source: str,
    images_dir: Path | None = None,
    box_tolerance: float,
    rules: CocoRules = TRAINING,
) -> ParsedCoco:
    """Validate COCO content already loaded (e.g. a dict); ``source`` names it in messages.
    ``rules`` say what the reader needs (:data:`TRAINING` by default, or
    :data:`EVALUATION`)."""
    parser = CocoParser(source, images_dir, box_tolerance, rules)
    out = parser.out
    if not isinstance(data, dict):
        parser.problem(
            "json_structure",
            f"the top level is {kind_of(data)}, expected an object with 'images', "
            f"'annotations' and 'categories' lists",
        )
        return out
    top = cast(dict[str, object], data)
    categories = parser.list_of(top, "categories")
    images = parser.list_of(top, "images")
    annotations = parser.list_of(top, "annotations")
    if categories is not None:
        before = len(out.problems)
        parser.categories(categories)
        out.category_problems = tuple(out.problems[before:])
    if images is not None:
        parser.images(images)
    if annotations is not None and images is not None and categories is not None:
        parser.annotations(annotations)
    out.counts.update(
        {
            "image_records": len(images or ()),
            "annotation_records": len(annotations or ()),
            "categories": len(out.categories),
        }
    )
    return out
