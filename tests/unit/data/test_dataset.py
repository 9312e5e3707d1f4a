"""CocoDataset: typed samples, label mapping, crowd handling, strict and lenient modes."""

import logging
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from plugtrain._tensors import int_list
from plugtrain.data import CategoryMap, CocoDataset, DataCheckError, Letterbox, Sample, check_coco
from plugtrain.data._decode import reduction_of
from plugtrain.errors import DataError
from tests.unit.data.conftest import CocoFiles, rows


def test_samples_are_typed_with_contiguous_labels(shapes: CocoFiles) -> None:
    # Category ids 10, 20, 30 in the file become labels 0, 1, 2.
    def renumber(document: dict[str, Any]) -> None:
        for category in document["categories"]:
            category["id"] *= 10
        for annotation in document["annotations"]:
            annotation["category_id"] *= 10

    shapes.edit(renumber)
    dataset = CocoDataset(shapes.images, shapes.annotations)

    sample = dataset[0]
    assert isinstance(sample, Sample)
    assert sample.image.shape == (3, 64, 64)
    assert sample.image.dtype == torch.float32
    assert float(sample.image.min()) >= 0.0
    assert float(sample.image.max()) <= 1.0
    assert sample.image_id == 1
    assert sample.file_name == "000001.png"
    assert dataset.category_names == ("circle", "square", "triangle")
    assert dataset.categories.ids == (10, 20, 30)
    # annotation 1 of image 1: category 10, bbox [28, 1, 19, 18] -> label 0, xyxy
    assert sample.targets.labels[0] == 0
    assert rows(sample.targets.boxes)[0] == [28.0, 1.0, 47.0, 19.0]
    assert int_list(sample.targets.labels) == [0, 0, 0, 1, 1, 0]
    assert sample.targets.num_classes == 3


def test_pixels_match_the_file(shapes: CocoFiles) -> None:
    sample = CocoDataset(shapes.images, shapes.annotations)[1]

    expected = torch.as_tensor(np.array(shapes.pixels(2)), dtype=torch.float32)
    assert torch.allclose(sample.image.permute(1, 2, 0) * 255, expected)


def test_crowd_annotations_stay_out_of_targets(shapes: CocoFiles) -> None:
    shapes.edit(lambda d: d["annotations"][0].__setitem__("iscrowd", 1))

    sample = CocoDataset(shapes.images, shapes.annotations)[0]

    assert len(sample.targets) == 5
    assert [28.0, 1.0, 47.0, 19.0] not in rows(sample.targets.boxes)


def test_strict_mode_refuses_with_the_report(shapes: CocoFiles) -> None:
    shapes.image(3).unlink()
    shapes.edit(lambda d: d["annotations"][0].__setitem__("bbox", [1, 1, -4, 3]))

    with pytest.raises(DataCheckError) as caught:
        CocoDataset(shapes.images, shapes.annotations)

    error = caught.value
    assert isinstance(error, DataError)
    text = str(error)
    assert "strict mode: the data set has 2 problem(s)" in text
    assert "image_missing [image=3]" in text
    assert "bbox_nonpositive [image=1 annotation=1]" in text
    assert "mode='lenient'" in text
    # the fix names what a config user can do too (no config key sets lenient mode)
    assert "fix: repair or remove the records above (`plugtrain data check --images" in text
    assert "plugtrain.data.subset_coco writes a copy of the file without chosen images" in text
    assert "from Python, CocoDataset(..., mode='lenient') skips them instead" in text
    assert {p.code for p in error.report.problems} == {"image_missing", "bbox_nonpositive"}


def test_lenient_mode_skips_bad_images_and_counts(
    shapes: CocoFiles, caplog: pytest.LogCaptureFixture
) -> None:
    shapes.image(3).unlink()
    shapes.edit(lambda d: d["annotations"][0].__setitem__("bbox", [1, 1, -4, 3]))

    with caplog.at_level(logging.WARNING, logger="plugtrain.data"):
        dataset = CocoDataset(shapes.images, shapes.annotations, mode="lenient")

    assert dataset.image_ids == (2, 4)
    assert dataset.skipped_images == 2
    assert "skipped 2 image(s)" in caplog.text
    assert [dataset[i].image_id for i in range(len(dataset))] == [2, 4]


def test_lenient_mode_still_refuses_an_unusable_file(shapes: CocoFiles) -> None:
    shapes.annotations.write_text("not json")

    with pytest.raises(
        DataCheckError, match=r"cannot be used at all:\njson_invalid(.|\n)*fix: fix the files"
    ):
        CocoDataset(shapes.images, shapes.annotations, mode="lenient")


def test_lenient_mode_serves_the_next_image_when_a_file_breaks_mid_epoch(
    shapes: CocoFiles,
) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations, mode="lenient")
    shapes.image(2).write_bytes(b"broken")

    assert dataset[1].image_id == 3
    assert dataset.load_failures == 1


def test_strict_mode_names_a_file_that_broke_after_the_check(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations)
    shapes.pixels(2).resize((32, 32)).save(shapes.image(2))

    with pytest.raises(DataError, match=r"image 2 is now 32x32 .* but was 64x64 when checked"):
        dataset[1]


def test_image_ids_select_a_subset(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations, image_ids=[4, 2])

    assert dataset.image_ids == (2, 4)
    with pytest.raises(DataError, match=r"image_ids name 1 image\(s\) not in the annotation file"):
        CocoDataset(shapes.images, shapes.annotations, image_ids=[1, 99])


def test_grayscale_and_rgba_images_come_out_rgb(shapes: CocoFiles) -> None:
    shapes.pixels(1).convert("L").save(shapes.image(1))
    shapes.pixels(2).convert("RGBA").save(shapes.image(2))

    dataset = CocoDataset(shapes.images, shapes.annotations)

    gray = dataset[0].image
    assert gray.shape == (3, 64, 64)
    assert torch.equal(gray[0], gray[1])
    assert torch.equal(gray[1], gray[2])
    assert dataset[1].image.shape == (3, 64, 64)


def test_exif_rotated_image_is_turned_when_its_recorded_size_is_the_rotated_one(
    shapes: CocoFiles,
) -> None:
    stored = shapes.pixels(1).crop((0, 0, 64, 32))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise for display
    stored.save(shapes.image(1), exif=exif)

    def rotated(document: dict[str, Any]) -> None:
        document["images"][0].update(width=32, height=64)
        document["annotations"] = [a for a in document["annotations"] if a["image_id"] != 1]

    shapes.edit(rotated)

    sample = CocoDataset(shapes.images, shapes.annotations)[0]

    assert sample.image.shape == (3, 64, 32)
    assert len(sample.targets) == 0


def test_transforms_run_and_the_mapping_goes_back(shapes: CocoFiles) -> None:
    dataset = CocoDataset(shapes.images, shapes.annotations, transforms=Letterbox((32, 48)))

    sample = dataset[0]

    assert sample.image.shape == (3, 32, 48)
    back = sample.mapping.to_original(sample.targets.boxes)
    assert torch.allclose(back[0], torch.tensor([28.0, 1.0, 47.0, 19.0]), atol=1e-4)


def test_bad_arguments_are_refused(shapes: CocoFiles) -> None:
    with pytest.raises(DataError, match="mode must be 'strict' or 'lenient', got 'loose'"):
        CocoDataset(shapes.images, shapes.annotations, mode="loose")  # type: ignore[arg-type]  # testing the runtime check
    with pytest.raises(DataError, match=r"transforms must be a plugtrain\.data\.Transform"):
        CocoDataset(shapes.images, shapes.annotations, transforms=print)  # type: ignore[arg-type]  # testing the runtime check


def test_category_map_round_trip() -> None:
    categories = CategoryMap.from_pairs([(7, "b"), (3, "a")])

    assert categories.ids == (3, 7)
    assert categories.label(7) == 1
    assert categories.category_id(0) == 3
    assert CategoryMap.from_dict(categories.as_dict()) == categories
    with pytest.raises(
        DataError, match=r"category id 5 is not one of this data set's categories \[3, 7\]"
    ):
        categories.label(5)
    with pytest.raises(DataError, match=r"label 2 is outside \[0, 2\)"):
        categories.category_id(2)
    with pytest.raises(DataError, match="as many integer 'ids' as string 'names'"):
        CategoryMap.from_dict({"ids": [1, 2], "names": ["a"]})


def _as_jpeg(files: CocoFiles) -> None:
    for image_id in range(1, 5):
        files.pixels(image_id).save(files.images / f"{image_id:06d}.jpg", quality=95)

    def rename(document: dict[str, Any]) -> None:
        for image in document["images"]:
            image["file_name"] = image["file_name"].replace(".png", ".jpg")

    files.edit(rename)


def test_large_jpegs_are_decoded_at_a_reduced_scale(shapes: CocoFiles) -> None:
    _as_jpeg(shapes)
    reduced = CocoDataset(shapes.images, shapes.annotations, transforms=Letterbox((16, 16)))
    full = CocoDataset(
        shapes.images, shapes.annotations, transforms=Letterbox((16, 16)), reduce_on_decode=False
    )

    fast, slow = reduced[0], full[0]

    assert fast.image.shape == slow.image.shape == (3, 16, 16)
    assert torch.allclose(fast.targets.boxes, slow.targets.boxes)
    assert rows(fast.targets.boxes)[0] == [7.0, 0.25, 11.75, 4.75]  # [28, 1, 47, 19] / 4
    assert fast.mapping.scale == (0.25, 0.25)
    back = fast.mapping.to_original(fast.targets.boxes)
    assert torch.allclose(back[0], torch.tensor([28.0, 1.0, 47.0, 19.0]))
    assert float((fast.image - slow.image).abs().mean()) < 0.05  # the same picture


def test_reduction_factor_keeps_enough_pixels() -> None:
    assert reduction_of((64, 64), (16, 16)) == 4
    assert reduction_of((64, 64), (17, 16)) == 2
    assert reduction_of((480, 640), (240, 320)) == 2
    assert reduction_of((481, 641), (240, 320)) == 2  # ceil(481 / 2) = 241 >= 240
    assert reduction_of((64, 64), None) == 1
    assert reduction_of((64, 64), (64, 64)) == 1


def test_annotations_without_area_or_iscrowd_are_fine(shapes: CocoFiles) -> None:
    # Many COCO exporters omit them; plugtrain's evaluation uses w * h and iscrowd 0.
    def strip(document: dict[str, Any]) -> None:
        for annotation in document["annotations"]:
            del annotation["area"]
            del annotation["iscrowd"]

    shapes.edit(strip)
    assert check_coco(shapes.images, shapes.annotations).ok
    assert len(CocoDataset(shapes.images, shapes.annotations)) == 4
