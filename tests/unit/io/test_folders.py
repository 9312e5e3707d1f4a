"""The listing rule of folder sets: classes, samples and every problem, nothing skipped."""

from pathlib import Path

from PIL import Image

from plugtrain.io import list_class_folders, list_image_folder


def _image(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8)).save(path)


def test_classes_are_the_sorted_sub_folders_and_nested_images_count(tmp_path: Path) -> None:
    _image(tmp_path / "square" / "b.png")
    _image(tmp_path / "circle" / "a.jpg")
    _image(tmp_path / "circle" / "more" / "c.png")
    (tmp_path / "README").write_text("files in the root are not read")
    listing = list_class_folders(tmp_path)
    assert listing.classes == ("circle", "square")
    assert [(Path(f).name, label) for f, label in listing.samples] == [
        ("a.jpg", 0),
        ("c.png", 0),
        ("b.png", 1),
    ]
    assert listing.problems == ()
    assert listing.count(0) == 2


def test_an_empty_class_folder_and_a_stray_file_are_problems(tmp_path: Path) -> None:
    _image(tmp_path / "circle" / "a.png")
    (tmp_path / "circle" / "notes.txt").write_text("x")
    (tmp_path / "square").mkdir()
    problems = [p.message for p in list_class_folders(tmp_path).problems]
    assert problems == [
        f"{tmp_path / 'circle' / 'notes.txt'} is not an image: its suffix '.txt' is not one of "
        ".bmp, .gif, .jpeg, .jpg, .png, .tif, .tiff, .webp; move it out of the data set folder",
        f"class folder {tmp_path / 'square'} holds no images (.bmp, .gif, .jpeg, .jpg, .png, "
        ".tif, .tiff, .webp); add images of class 'square' or remove the folder",
    ]


def test_a_root_without_class_folders_is_a_problem(tmp_path: Path) -> None:
    _image(tmp_path / "a.png")
    listing = list_class_folders(tmp_path)
    assert listing.classes == ()
    assert "holds no class folders" in listing.problems[0].message


def test_an_images_folder_is_flat_and_must_hold_images(tmp_path: Path) -> None:
    _image(tmp_path / "b.png")
    _image(tmp_path / "a.png")
    _image(tmp_path / "sub" / "ignored.png")
    listing = list_image_folder(tmp_path)
    assert [Path(f).name for f in listing.files] == ["a.png", "b.png"]
    assert listing.problems == ()
    empty = tmp_path / "sub" / "empty"
    empty.mkdir()
    assert "holds no images" in list_image_folder(empty).problems[0].message
