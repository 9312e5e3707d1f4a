"""A corpus of damaged COCO sets: each planted problem is reported by code, id and message."""

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from plugtrain.data import PROBLEM_CODES, DataProblem, DataReport, check_coco
from plugtrain.errors import ArgumentError
from tests.unit.data.conftest import CocoFiles

Damage = Callable[[CocoFiles], object]


@dataclass(frozen=True)
class Case:
    damage: Damage
    code: str
    image_id: int | str | None
    annotation_id: int | str | None
    text: str


def _annotation(document: dict[str, Any], annotation_id: int) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in document["annotations"] if a["id"] == annotation_id)
    return found


def _set_bbox(bbox: object) -> Damage:
    return lambda s: s.edit(lambda d: _annotation(d, 1).__setitem__("bbox", bbox))


def _set_annotation(key: str, value: object) -> Damage:
    return lambda s: s.edit(lambda d: _annotation(d, 7).__setitem__(key, value))


def _set_image(index: int, key: str, value: object) -> Damage:
    return lambda s: s.edit(lambda d: d["images"][index].__setitem__(key, value))


def _truncate(files: CocoFiles) -> None:
    data = files.image(2).read_bytes()
    files.image(2).write_bytes(data[: len(data) // 2])


def _truncate_jpeg(files: CocoFiles) -> None:
    buffer = io.BytesIO()
    files.pixels(2).save(buffer, format="JPEG", quality=95)
    (files.images / "000002.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    files.edit(lambda d: d["images"][1].__setitem__("file_name", "000002.jpg"))


def _scramble_png(files: CocoFiles) -> None:
    data = bytearray(files.image(2).read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(range(64))
    files.image(2).write_bytes(bytes(data))


def _delete_key(where: str, index: int, key: str) -> Damage:
    return lambda s: s.edit(lambda d: d[where][index].pop(key))


CASES: dict[str, Case] = {
    "missing image file": Case(
        lambda s: s.image(2).unlink(), "image_missing", 2, None, "image file not found"
    ),
    "truncated png": Case(_truncate, "image_truncated", 2, None, "is truncated"),
    "truncated jpeg": Case(_truncate_jpeg, "image_truncated", 2, None, "is truncated"),
    "corrupt png data": Case(_scramble_png, "image_corrupt", 2, None, "cannot be decoded"),
    "not an image": Case(
        lambda s: s.image(2).write_text("hello"), "image_unreadable", 2, None, "cannot identify"
    ),
    "empty image file": Case(
        lambda s: s.image(2).write_bytes(b""), "image_unreadable", 2, None, "the file is empty"
    ),
    "width disagrees with the file": Case(
        _set_image(1, "width", 65),
        "image_size_mismatch",
        2,
        None,
        "records width x height 65x64 but the file is 64x64",
    ),
    "box past the right border": Case(
        _set_bbox([60, 1, 10, 10]), "bbox_outside_image", 1, 1, "outside image 1 of 64x64"
    ),
    "box at negative x": Case(
        _set_bbox([-3, 1, 10, 10]), "bbox_outside_image", 1, 1, "spanning x -3..7"
    ),
    "box one pixel too low": Case(
        _set_bbox([1, 10, 10, 55]), "bbox_outside_image", 1, 1, "y + height <= 64"
    ),
    "zero width": Case(_set_bbox([1, 1, 0, 10]), "bbox_nonpositive", 1, 1, "width 0 and height 10"),
    "negative height": Case(_set_bbox([1, 1, 5, -2]), "bbox_nonpositive", 1, 1, "must be > 0"),
    "nan in bbox": Case(_set_bbox([1, math.nan, 5, 5]), "bbox_not_finite", 1, 1, "non-finite"),
    "inf in bbox": Case(_set_bbox([1, 1, math.inf, 5]), "bbox_not_finite", 1, 1, "non-finite"),
    "null bbox": Case(_set_bbox(None), "bbox_malformed", 1, 1, "has bbox null"),
    "string bbox": Case(_set_bbox("1,2,3,4"), "bbox_malformed", 1, 1, 'has bbox "1,2,3,4"'),
    "three numbers": Case(_set_bbox([1, 2, 3]), "bbox_malformed", 1, 1, "a list of 4 numbers"),
    "string in bbox": Case(_set_bbox(["1", 2, 3, 4]), "bbox_malformed", 1, 1, '["1", 2, 3, 4]'),
    "boolean in bbox": Case(_set_bbox([True, 2, 3, 4]), "bbox_malformed", 1, 1, "[true, 2, 3, 4]"),
    "unknown category": Case(
        _set_annotation("category_id", 99), "category_unknown", 2, 7, "category_id 99"
    ),
    "annotation on unknown image": Case(
        _set_annotation("image_id", 999), "annotation_image_unknown", 999, 7, "image_id 999"
    ),
    "duplicate image id": Case(
        _set_image(1, "id", 1), "image_id_duplicate", 1, None, "reuses image id 1 of images[0]"
    ),
    "duplicate annotation id": Case(
        _set_annotation("id", 1),
        "annotation_id_duplicate",
        2,
        1,
        "reuses annotation id 1 of annotations[0]",
    ),
    "same file twice": Case(
        _set_image(1, "file_name", "000001.png"),
        "file_name_duplicate",
        2,
        None,
        "already used by image 1",
    ),
    "annotation without bbox": Case(
        _delete_key("annotations", 6, "bbox"), "key_missing", 2, 7, "has no 'bbox'"
    ),
    "annotation without image_id": Case(
        _delete_key("annotations", 6, "image_id"), "key_missing", None, 7, "has no 'image_id'"
    ),
    "area is null": Case(_set_annotation("area", None), "value_invalid", 2, 7, "area null"),
    "image without file_name": Case(
        _delete_key("images", 2, "file_name"), "key_missing", 3, None, "has no 'file_name'"
    ),
    "image without id": Case(
        _delete_key("images", 2, "id"),
        "key_missing",
        None,
        None,
        "images[2] (id missing, file_name '000003.png') has no 'id'",
    ),
    "string image id": Case(
        _set_image(2, "id", "abc"), "value_invalid", "abc", None, 'has id "abc"; expected an'
    ),
    "width as text": Case(
        _set_image(2, "width", "64"), "value_invalid", 3, None, 'width "64"; expected positive'
    ),
    "float annotation id": Case(_set_annotation("id", 7.5), "value_invalid", 2, "7.5", "id 7.5"),
    "crowd flag 2": Case(_set_annotation("iscrowd", 2), "value_invalid", 2, 7, "iscrowd 2"),
    "negative area": Case(_set_annotation("area", -1), "value_invalid", 2, 7, "area -1"),
    "annotation is a list": Case(
        lambda s: s.edit(lambda d: d["annotations"].__setitem__(3, [1, 2])),
        "record_not_object",
        None,
        None,
        "annotations[3] is a list ([1, 2])",
    ),
    "images is an object": Case(
        lambda s: s.edit(lambda d: d.__setitem__("images", {})),
        "json_structure",
        None,
        None,
        "'images' is an object, expected a list",
    ),
    "no annotations key": Case(
        lambda s: s.edit(lambda d: d.pop("annotations")),
        "json_structure",
        None,
        None,
        "has no 'annotations' list",
    ),
    "top level is a list": Case(
        lambda s: s.save([]), "json_structure", None, None, "the top level is a list"
    ),
    "json does not parse": Case(
        lambda s: s.annotations.write_text('{"images": [\n  {"id": 1,}\n]}'),
        "json_invalid",
        None,
        None,
        "line 2, column 12",
    ),
    "annotation file missing": Case(
        lambda s: s.annotations.unlink(), "annotations_missing", None, None, "cannot read"
    ),
    "no categories": Case(
        lambda s: s.edit(lambda d: d.__setitem__("categories", [])),
        "categories_empty",
        None,
        None,
        "'categories' is empty",
    ),
    "duplicate category id": Case(
        lambda s: s.edit(lambda d: d["categories"][1].__setitem__("id", 1)),
        "category_id_duplicate",
        None,
        None,
        "category id 1 is used by more than one",
    ),
}


def _only(report: DataReport, code: str) -> DataProblem:
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, report.to_text()
    return found[0]


@pytest.mark.parametrize("name", list(CASES))
def test_damaged_set_is_reported(name: str, shapes: CocoFiles) -> None:
    case = CASES[name]
    case.damage(shapes)

    report = check_coco(shapes.images, shapes.annotations, workers=1)

    assert not report.ok
    problem = _only(report, case.code)
    assert problem.image_id == case.image_id
    assert problem.annotation_id == case.annotation_id
    assert case.text in problem.message, problem.message
    assert problem.code in PROBLEM_CODES


def test_clean_set_passes_with_counts(shapes: CocoFiles) -> None:
    report = check_coco(shapes.images, shapes.annotations)

    assert report.ok, report.to_text()
    assert report.as_dict()["problems"] == []
    summary = report.summary()
    assert summary["image_records"] == 4
    assert summary["annotation_records"] == 21
    assert summary["images_checked"] == 4
    assert summary["usable_images"] == 4
    assert "OK: no problems" in report.to_text()


def test_every_planted_problem_is_reported_at_once(shapes: CocoFiles) -> None:
    shapes.image(4).unlink()

    def plant(document: dict[str, Any]) -> None:
        _annotation(document, 1)["bbox"] = [1, 1, 0, 4]
        _annotation(document, 7)["category_id"] = 42
        _annotation(document, 13)["image_id"] = 77
        document["images"][1]["height"] = 100

    shapes.edit(plant)
    report = check_coco(shapes.images, shapes.annotations)

    found = {(p.code, p.image_id, p.annotation_id) for p in report.problems}
    assert found == {
        ("bbox_nonpositive", 1, 1),
        ("category_unknown", 2, 7),
        ("annotation_image_unknown", 77, 13),
        ("image_size_mismatch", 2, None),
        ("image_missing", 4, None),
    }, report.to_text()
    assert report.by_code()["image_missing"] == 1


def test_missing_images_folder(shapes: CocoFiles, tmp_path: Path) -> None:
    report = check_coco(tmp_path / "nowhere", shapes.annotations)

    problem = _only(report, "images_dir_missing")
    assert "does not exist" in problem.message
    assert report.fatal


def test_box_tolerance_allows_rounding(shapes: CocoFiles) -> None:
    shapes.edit(lambda d: _annotation(d, 1).__setitem__("bbox", [28.0, 1.0, 36.3, 18.0]))

    assert check_coco(shapes.images, shapes.annotations).ok
    strict = check_coco(shapes.images, shapes.annotations, box_tolerance=0.0)
    assert _only(strict, "bbox_outside_image").annotation_id == 1


def test_crowd_annotations_are_counted_not_reported(shapes: CocoFiles) -> None:
    shapes.edit(lambda d: _annotation(d, 1).__setitem__("iscrowd", 1))

    report = check_coco(shapes.images, shapes.annotations)

    assert report.ok
    assert report.summary()["crowd_annotations"] == 1


@pytest.mark.parametrize("mode", ["L", "RGBA", "CMYK", "P", "I;16"])
def test_non_rgb_images_are_converted_not_reported(shapes: CocoFiles, mode: str) -> None:
    image = shapes.pixels(1)
    if mode == "CMYK":
        path = shapes.images / "000001.jpg"
        image.convert("CMYK").save(path)
        shapes.edit(lambda d: d["images"][0].__setitem__("file_name", "000001.jpg"))
    elif mode == "I;16":
        image.convert("L").convert("I;16").save(shapes.image(1))
    else:
        image.convert(mode).save(shapes.image(1))

    report = check_coco(shapes.images, shapes.annotations)

    assert report.ok, report.to_text()
    assert report.summary()["non_rgb_images"] == 1


def _exif_rotated(files: CocoFiles, *, orientation: int) -> None:
    """Store image 1 (64x64) as 64 wide x 32 high with an EXIF orientation tag."""
    path = files.image(1)
    image = files.pixels(1).crop((0, 0, 64, 32))
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(path, exif=exif)


def test_exif_rotation_matching_the_recorded_size_is_accepted(shapes: CocoFiles) -> None:
    _exif_rotated(shapes, orientation=6)

    def rotated_size(document: dict[str, Any]) -> None:
        document["images"][0].update(width=32, height=64)
        document["annotations"] = [a for a in document["annotations"] if a["image_id"] != 1]

    shapes.edit(rotated_size)

    report = check_coco(shapes.images, shapes.annotations)

    assert report.ok, report.to_text()
    assert report.summary()["exif_rotated_images"] == 1


def test_exif_orientation_is_ignored_when_the_stored_size_is_recorded(shapes: CocoFiles) -> None:
    _exif_rotated(shapes, orientation=6)

    def stored_size(document: dict[str, Any]) -> None:
        document["images"][0].update(width=64, height=32)
        document["annotations"] = [a for a in document["annotations"] if a["image_id"] != 1]

    shapes.edit(stored_size)

    report = check_coco(shapes.images, shapes.annotations)

    assert report.ok, report.to_text()
    assert report.summary()["exif_rotated_images"] == 0


def test_size_mismatch_mentions_an_unexplained_exif_orientation(shapes: CocoFiles) -> None:
    _exif_rotated(shapes, orientation=3)
    shapes.edit(lambda d: d["images"][0].update(width=32, height=64))

    report = check_coco(shapes.images, shapes.annotations)

    problem = _only(report, "image_size_mismatch")
    assert "EXIF orientation 3 does not explain" in problem.message


def test_headers_only_misses_truncation_but_not_missing_files(shapes: CocoFiles) -> None:
    _truncate(shapes)
    shapes.image(3).unlink()

    report = check_coco(shapes.images, shapes.annotations, decode=False)

    assert {p.code for p in report.problems} == {"image_missing"}


def test_json_report_shape(shapes: CocoFiles) -> None:
    shapes.image(2).unlink()

    document = check_coco(shapes.images, shapes.annotations).as_dict()

    assert document["ok"] is False
    assert document["problems"] == [
        {
            "code": "image_missing",
            "image_id": 2,
            "annotation_id": None,
            "file": str(shapes.image(2)),
            "message": f"image file not found: {shapes.image(2)}; check the image's file_name "
            f"and the --images folder",
        }
    ]
    summary = document["summary"]
    assert isinstance(summary, dict)
    assert summary["by_code"] == {"image_missing": 1}


def test_unknown_problem_code_is_refused() -> None:
    with pytest.raises(
        ArgumentError,
        match=r"DataProblem: argument 'code' received 'nope', expected one of "
        r"plugtrain.data.PROBLEM_CODES",
    ):
        DataProblem(code="nope", message="x")
