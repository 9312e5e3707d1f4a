"""Problems found in a COCO data set: stable codes, each with a one-line meaning.

Torch-free. The codes are listed, with example messages, in ``docs/data.md``; tools may
rely on them, messages may be reworded.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from plugtrain.errors import ArgumentError

__all__ = ["FATAL_CODES", "PROBLEM_CODES", "DataProblem"]

PROBLEM_CODES: Final[Mapping[str, str]] = {
    # the annotation file and the images folder
    "annotations_missing": "the annotation file does not exist or cannot be read",
    "json_invalid": "the annotation file is not valid JSON (or not UTF-8)",
    "json_structure": "the JSON is not a COCO object: a top-level key is missing or not a list",
    "annotations_not_file": "the annotation path is a folder, FIFO, device or socket",
    "annotations_too_large": "the annotation file is above the size limit",
    "json_too_deep": "the JSON nests lists/objects deeper than the limit",
    "json_number_too_large": "the JSON holds an integer with thousands of digits",
    "images_dir_missing": "the images folder does not exist",
    # records of any kind
    "record_not_object": "an entry of images/annotations/categories is not a JSON object",
    "key_missing": "a record lacks a key COCO requires",
    "value_invalid": "a record's value has the wrong type or range (e.g. a string id)",
    # categories
    "categories_empty": "the file defines no categories",
    "category_id_duplicate": "two categories share an id",
    # image records and files
    "images_empty": "the file lists no images",
    "image_id_duplicate": "two image records share an id",
    "file_name_duplicate": "two image records name the same file",
    "image_outside_folder": "file_name leads outside the images folder (.., absolute, symlink)",
    "image_missing": "the image file does not exist",
    "image_unreadable": "the image file is not a regular file, too large, or not an image",
    "image_truncated": "the image file ends before its pixel data does",
    "image_corrupt": "the image's pixel data cannot be decoded",
    "image_size_mismatch": "the recorded width/height disagree with the file",
    # annotations
    "annotation_id_duplicate": "two annotations share an id",
    "annotation_image_unknown": "an annotation's image_id names no image record",
    "category_unknown": "an annotation's category_id names no category",
    "bbox_malformed": "bbox is not a list of 4 numbers",
    "bbox_not_finite": "bbox holds NaN or infinity",
    "bbox_nonpositive": "bbox width or height is zero or negative",
    "bbox_outside_image": "bbox reaches outside its image",
}
"""Every problem code, with a one-line meaning."""

# Codes that make the whole set unusable: even lenient mode stops on them.
FATAL_CODES: Final = frozenset(
    {
        "annotations_missing",
        "json_invalid",
        "json_structure",
        "annotations_not_file",
        "annotations_too_large",
        "json_too_deep",
        "json_number_too_large",
        "images_dir_missing",
        "categories_empty",
        "category_id_duplicate",
        "images_empty",
    }
)


@dataclass(frozen=True, slots=True)
class DataProblem:
    """One bad record: a stable ``code``, the ids that locate it, and what to do.

    ``image_id`` / ``annotation_id`` are the record's own ids (an id that is not an int is
    given as text; ``None`` when the record has none). ``file`` is the image file for
    problems of an image or of an annotation on a known image, else the annotation file.
    """

    code: str
    message: str
    image_id: int | str | None = None
    annotation_id: int | str | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ArgumentError(
                part="DataProblem",
                argument="code",
                received=self.code,
                expected="one of plugtrain.data.PROBLEM_CODES",
                fix="use a listed code (or add the new code, with its meaning, to PROBLEM_CODES)",
            )

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "image_id": self.image_id,
            "annotation_id": self.annotation_id,
            "file": self.file,
            "message": self.message,
        }

    def as_line(self) -> str:
        ids = [
            f"{label}={value}"
            for label, value in (("image", self.image_id), ("annotation", self.annotation_id))
            if value is not None
        ]
        where = f" [{' '.join(ids)}]" if ids else ""
        return f"{self.code}{where}: {self.message}"
