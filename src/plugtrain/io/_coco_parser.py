"""The COCO parser: one pass over a loaded document, every problem collected.

Torch-free. :class:`CocoRules` say what the reader needs (training needs more than
evaluation); every check is written once, here.
"""

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import cast, final

from plugtrain.io._coco_records import (
    MAX_SIDE,
    AnnotationRecord,
    CocoRules,
    ImageRecord,
    ParsedCoco,
    finite_number,
    id_of,
    kind_of,
    show,
    size_int,
    strict_int,
    to_float,
)
from plugtrain.io._problems import DataProblem

__all__ = ["CocoParser"]


@final
class CocoParser:
    """One pass over a COCO document under :class:`CocoRules`; problems go to ``out``."""

    def __init__(
        self, source: str, images_dir: Path | None, box_tolerance: float, rules: CocoRules
    ) -> None:
        self.out = ParsedCoco(annotation_file=source)
        self.rules = rules
        self.images_dir = images_dir
        self.tolerance = box_tolerance
        self.sizes: dict[int, tuple[int, int]] = {}  # image id -> (width, height) as recorded
        self.files: dict[int, str] = {}  # image id -> file path (for messages)
        self.all_image_ids: set[int] = set()
        self.category_ids: set[int] = set()

    def file_of(self, file_name: str) -> str:
        """The image file a record names, for messages."""
        return file_name if self.images_dir is None else str(self.images_dir / file_name)

    def problem(
        self,
        code: str,
        message: str,
        *,
        image_id: int | str | None = None,
        annotation_id: int | str | None = None,
        file: str | None = None,
        taints: bool = True,
    ) -> None:
        """Record a problem; unless ``taints`` is False, its image becomes unusable."""
        if taints and isinstance(image_id, int):
            self.out.bad_image_ids.add(image_id)
        self.out.problems.append(
            DataProblem(
                code=code,
                message=message,
                image_id=image_id,
                annotation_id=annotation_id,
                file=file if file is not None else self.out.annotation_file,
            )
        )

    def list_of(self, data: Mapping[str, object], key: str) -> list[object] | None:
        if key not in data:
            hint = (
                " (an image-info file, as for a test split, has no ground truth)"
                if key == "annotations"
                else ""
            )
            self.problem(
                "json_structure",
                f"the top-level object has no {key!r} list{hint}; expected a COCO instances "
                f"file with "
                f"'images', 'annotations' and 'categories' lists (keys found: "
                f"{', '.join(sorted(data)) or 'none'})",
            )
            return None
        value = data[key]
        if not isinstance(value, list):
            self.problem(
                "json_structure",
                f"{key!r} is {kind_of(value)}, expected a list of {key[:-1]} objects",
            )
            return None
        return cast(list[object], value)

    def record(
        self, kind: str, index: int, value: object, required: Sequence[str]
    ) -> Mapping[str, object] | None:
        """The record as a mapping if it is an object with every required key."""
        label = f"{kind}[{index}]"
        is_image = kind == "images"
        if not isinstance(value, dict):
            self.problem(
                "record_not_object",
                f"{label} is {kind_of(value)} ({show(value)}), expected an object with keys "
                f"{', '.join(required)}",
            )
            return None
        record = cast(Mapping[str, object], value)
        missing = [key for key in required if key not in record]
        if missing:
            record_id = id_of(record.get("id"))
            image_id = record_id if is_image else id_of(record.get("image_id"))
            file_name = record.get("file_name") if is_image else None
            named = f", file_name {file_name!r}" if isinstance(file_name, str) else ""
            self.problem(
                "key_missing",
                f"{label} (id {record_id if record_id is not None else 'missing'}{named}) has "
                f"no {', '.join(repr(k) for k in missing)}; COCO {kind} need "
                f"{', '.join(required)}",
                image_id=image_id if kind != "categories" else None,
                annotation_id=record_id if kind == "annotations" else None,
                file=self.file_of(file_name) if isinstance(file_name, str) else None,
            )
            return None
        return record

    # -- categories -------------------------------------------------------------------

    def categories(self, values: list[object]) -> None:
        found: list[tuple[int, str]] = []
        seen: Counter[int] = Counter()
        for index, value in enumerate(values):
            record = self.record("categories", index, value, self.rules.category_keys)
            if record is None:
                continue
            category_id = strict_int(record["id"])
            name = record.get("name")
            if "name" not in self.rules.category_keys and not (isinstance(name, str) and name):
                name = str(category_id)  # a reader that needs no names gets the id as text
            if category_id is None:
                self.problem(
                    "value_invalid",
                    f"categories[{index}] has id {show(record['id'])}; expected an integer",
                )
                continue
            if not isinstance(name, str) or not name:
                self.problem(
                    "value_invalid",
                    f"category {category_id} has name {show(name)}; expected a non-empty string",
                )
                continue
            seen[category_id] += 1
            if seen[category_id] >= 2:
                self.problem(
                    "category_id_duplicate",
                    f"category id {category_id} is used by more than one category "
                    f"({name!r} and an earlier one); give every category its own id",
                )
            if seen[category_id] == 1:
                found.append((category_id, name))
        if not values and self.rules.require_records:
            self.problem(
                "categories_empty",
                "'categories' is empty; a detection set needs at least one category "
                '({"id": 1, "name": "..."})',
            )
        self.category_ids = {category_id for category_id, _ in found}
        self.out.categories = tuple(sorted(found))

    # -- images -----------------------------------------------------------------------

    def images(self, values: list[object]) -> None:
        records: list[ImageRecord] = []
        id_counts: Counter[int] = Counter(
            image_id
            for value in values
            if isinstance(value, dict)
            and (image_id := strict_int(cast(Mapping[str, object], value).get("id"))) is not None
        )
        self.all_image_ids = set(id_counts)
        self.out.named_files = tuple(
            name
            for value in values
            if isinstance(value, dict)
            and isinstance(name := cast(Mapping[str, object], value).get("file_name"), str)
        )
        first_file: dict[str, int] = {}
        first_index: dict[int, int] = {}
        for index, value in enumerate(values):
            record = self.record("images", index, value, self.rules.image_keys)
            if record is None:
                continue
            image_id = strict_int(record["id"])
            file_name = record.get("file_name")
            file = self.file_of(file_name) if isinstance(file_name, str) and file_name else None
            if image_id is None:
                self.problem(
                    "value_invalid",
                    f"images[{index}] has id {show(record['id'])}; expected an integer",
                    image_id=id_of(record["id"]),
                    file=file,
                )
                continue
            if file is None and self.rules.file_names:
                self.problem(
                    "value_invalid",
                    f"image {image_id} has file_name {show(file_name)}; expected a non-empty "
                    f"path relative to the images folder",
                    image_id=image_id,
                )
                continue
            if file is not None:
                self.files.setdefault(image_id, file)
            width, height = size_int(record.get("width")), size_int(record.get("height"))
            bad_sizes = [
                f"{key} {show(record.get(key))}"
                for key, size in (("width", width), ("height", height))
                if size is None
            ]
            if bad_sizes and "width" in self.rules.image_keys:
                self.problem(
                    "value_invalid",
                    f"image {image_id} has {' and '.join(bad_sizes)}; expected positive "
                    f"integers (pixels) of at most {MAX_SIDE}",
                    image_id=image_id,
                    file=file,
                )
            if id_counts[image_id] > 1:
                if image_id in first_index:
                    self.problem(
                        "image_id_duplicate",
                        f"images[{index}] ({file_name!r}) reuses image id {image_id} of "
                        f"images[{first_index[image_id]}]; ids must be unique (annotations "
                        f"cannot tell these images apart)",
                        image_id=image_id,
                        file=file,
                    )
                    continue
                first_index[image_id] = index
            sized = (height, width) if width is not None and height is not None else None
            self.out.image_sizes[image_id] = sized
            if not self.rules.file_names:
                if sized is not None:
                    self.sizes[image_id] = (sized[1], sized[0])
                continue
            file_name = cast(str, file_name)
            if file_name in first_file:
                self.problem(
                    "file_name_duplicate",
                    f"image {image_id} names the file {file_name!r} already used by image "
                    f"{first_file[file_name]}; each image record needs its own file",
                    image_id=image_id,
                    file=file,
                )
                continue
            first_file[file_name] = image_id
            if width is None or height is None:
                continue
            self.sizes[image_id] = (width, height)
            records.append(ImageRecord(index, image_id, file_name, width, height))
        if not values and self.rules.require_records:
            self.problem("images_empty", "'images' is empty; there is nothing to train on")
        self.out.images = tuple(records)

    # -- annotations ------------------------------------------------------------------

    def annotations(self, values: list[object]) -> None:
        records: list[AnnotationRecord] = []
        id_seen: dict[int, int] = {}
        crowd = 0
        for index, value in enumerate(values):
            record = self.record("annotations", index, value, self.rules.annotation_keys)
            if record is None:
                continue
            found = self.annotation(index, record, id_seen)
            if found is not None:
                records.append(found)
                crowd += found.iscrowd
        self.out.annotations = tuple(records)
        self.out.counts["crowd_annotations"] = crowd

    def annotation(
        self, index: int, record: Mapping[str, object], id_seen: dict[int, int]
    ) -> AnnotationRecord | None:
        raw_id, raw_image = record.get("id"), record["image_id"]
        annotation_id, image_id = strict_int(raw_id), strict_int(raw_image)
        needs_id = "id" in self.rules.annotation_keys
        category_id = strict_int(record["category_id"])
        shown_id = id_of(raw_id)
        shown_image = id_of(raw_image)
        file = self.files.get(image_id) if image_id is not None else None
        label = f"annotation {shown_id}" if annotation_id is not None else f"annotations[{index}]"

        def report(code: str, message: str) -> None:
            self.problem(code, message, image_id=shown_image, annotation_id=shown_id, file=file)

        invalid = [
            f"{key} {show(record.get(key))}"
            for key, parsed in (
                ("id", annotation_id),
                ("image_id", image_id),
                ("category_id", category_id),
            )
            if parsed is None and (key != "id" or needs_id)
        ]
        if invalid:
            report("value_invalid", f"{label} has {', '.join(invalid)}; expected integers")
        crowd_value = record.get("iscrowd", 0)
        if crowd_value not in (0, 1):
            report("value_invalid", f"{label} has iscrowd {show(crowd_value)}; expected 0 or 1")
        area = record.get("area")
        if area is None and (self.rules.null_area_missing or "area" not in record):
            area_value: float | None = None
        else:
            area_value = finite_number(area)
            if area_value is None or area_value < 0:
                report("value_invalid", f"{label} has area {show(area)}; expected a number >= 0")
        if annotation_id is not None and needs_id:
            if annotation_id in id_seen:
                report(
                    "annotation_id_duplicate",
                    f"annotations[{index}] reuses annotation id {annotation_id} of "
                    f"annotations[{id_seen[annotation_id]}]; ids must be unique",
                )
            else:
                id_seen[annotation_id] = index
        if image_id is not None and image_id not in self.all_image_ids:
            report(
                "annotation_image_unknown",
                f"{label} points at image_id {image_id}, which no record in 'images' has",
            )
        if category_id is not None and category_id not in self.category_ids:
            known = ", ".join(str(c) for c in sorted(self.category_ids)[:20]) or "none"
            report(
                "category_unknown",
                f"{label} has category_id {category_id}, which is not in 'categories' "
                f"(known ids: {known})",
            )
        bbox = self.bbox(label, record["bbox"], image_id, report)
        if bbox is None or image_id is None or category_id is None:
            return None
        if len(invalid) or crowd_value not in (0, 1):
            return None
        if area_value is not None and area_value < 0:
            return None
        return AnnotationRecord(
            index,
            annotation_id if annotation_id is not None else index + 1,
            image_id,
            category_id,
            bbox,
            bool(crowd_value),
            area_value,
        )

    def bbox(
        self, label: str, value: object, image_id: int | None, report: Callable[[str, str], None]
    ) -> tuple[float, float, float, float] | None:
        shown = show(value)
        if (
            not isinstance(value, list)
            or len(cast(list[object], value)) != 4
            or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool)
                for v in cast(list[object], value)
            )
        ):
            report(
                "bbox_malformed",
                f"{label} has bbox {shown}; expected [x, y, width, height]: "
                f"a list of "
                f"4 numbers in absolute pixels",
            )
            return None
        x, y, w, h = (to_float(v) for v in cast(list[float], value))
        if not all(math.isfinite(v) for v in (x, y, w, h)):
            report(
                "bbox_not_finite",
                f"{label} has bbox {[x, y, w, h]} with a non-finite number; expected 4 finite "
                f"numbers [x, y, width, height]",
            )
            return None
        bad = False
        positive = self.rules.positive_boxes
        if (w <= 0 or h <= 0) if positive else (w < 0 or h < 0):
            report(
                "bbox_nonpositive",
                f"{label} has bbox [{x:g}, {y:g}, {w:g}, {h:g}] with width {w:g} and height "
                f"{h:g}; both must be {'> 0' if positive else '>= 0'} (COCO boxes are "
                f"[x, y, width, height], not corners)",
            )
            bad = True
        size = self.sizes.get(image_id) if image_id is not None else None
        if size is not None and self.rules.boxes_inside:
            width, height = size
            tol = self.tolerance
            if x < -tol or y < -tol or x + w > width + tol or y + h > height + tol:
                report(
                    "bbox_outside_image",
                    f"{label} has bbox [{x:g}, {y:g}, {w:g}, {h:g}] spanning x {x:g}..{x + w:g}, "
                    f"y {y:g}..{y + h:g}, outside image {image_id} of {width}x{height} "
                    f"(width x height); expected 0 <= x, x + width <= {width}, 0 <= y, "
                    f"y + height <= {height} (within {tol:g} px)",
                )
                bad = True
        return None if bad else (x, y, w, h)
