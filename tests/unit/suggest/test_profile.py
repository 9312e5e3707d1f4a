"""The statistics ``plugtrain suggest`` reads, through the one COCO parser."""

import json
from pathlib import Path

import pytest

from plugtrain.errors import DataError
from plugtrain.suggest import profile_coco


def _write(path: Path, boxes: list[list[float]], *, size: tuple[int, int] = (100, 200)) -> Path:
    height, width = size
    document = {
        "images": [
            {"id": 1, "file_name": "a.png", "width": width, "height": height},
            {"id": 2, "file_name": "b.png", "width": width, "height": height},
        ],
        "annotations": [
            {"id": k + 1, "image_id": 1 + k % 2, "category_id": 1 + k % 2, "bbox": box}
            for k, box in enumerate(boxes)
        ],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
    }
    path.write_text(json.dumps(document))
    return path


def test_box_sides_classes_and_objects_per_image(tmp_path: Path) -> None:
    annotations = _write(tmp_path / "a.json", [[0, 0, 10, 20], [5, 5, 40, 30], [1, 1, 8, 8]])
    profile = profile_coco(tmp_path, annotations)
    assert profile.num_images == 2
    assert profile.image_sizes == ((100, 200), (100, 200))
    assert profile.boxes.short == (10.0, 30.0, 8.0)
    assert profile.boxes.long == (20.0, 40.0, 8.0)
    assert profile.boxes.aspect == (2.0, 0.75, 1.0)
    assert profile.class_boxes == (("cat", 2), ("dog", 1))
    assert profile.objects_per_image == (2, 1)
    # letterboxed to 50 x 100 the 100 x 200 images are halved
    assert profile.resized_short_sides((50, 100)) == [5.0, 15.0, 4.0]
    assert profile.resized_long_sides((200, 200)) == [20.0, 40.0, 8.0]


def test_a_set_with_problems_is_refused_with_the_first_and_the_command(tmp_path: Path) -> None:
    annotations = _write(tmp_path / "a.json", [[0, 0, 10, 20], [150, 0, 100, 20]])
    with pytest.raises(DataError) as caught:
        profile_coco(tmp_path, annotations)
    message = str(caught.value)
    assert "the data set has 1 problem(s), the first [bbox_outside_image]" in message
    assert "run `plugtrain data check --images" in message


def test_a_missing_folder_and_an_empty_set_are_refused(tmp_path: Path) -> None:
    annotations = _write(tmp_path / "a.json", [])
    with pytest.raises(DataError, match=r"the images folder .*nowhere does not exist"):
        profile_coco(tmp_path / "nowhere", annotations)
    with pytest.raises(DataError, match="the data set has no boxes"):
        profile_coco(tmp_path, annotations)
