"""Hostile data sets through ``plugtrain data check`` as a user would run it.

Each case plants one hostile file (a FIFO, a device, a JSON bomb, a file_name that leaves
the images folder, a broken image) and asserts the exit code, the plugtrain problem code
and the message. The cases that could hang run the CLI in a subprocess with a timeout, so
a hang fails the test instead of stalling the suite.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.config import read_annotations
from plugtrain.data import CocoDataset, DataCheckError, list_image_files

runner = CliRunner()
_HANG_LIMIT_S = 120  # generous: the 2-core CI starts Python slowly; a hang never ends


def _png(path: Path, size: tuple[int, int] = (16, 12), kind: str = "PNG") -> None:
    Image.new("RGB", size, (200, 30, 30)).save(path, kind)


def _coco(file_names: list[str], size: tuple[int, int] = (16, 12)) -> dict[str, Any]:
    width, height = size
    return {
        "images": [
            {"id": i, "file_name": name, "width": width, "height": height}
            for i, name in enumerate(file_names, start=1)
        ],
        "annotations": [
            {
                "id": i,
                "image_id": i,
                "category_id": 1,
                "bbox": [1, 1, 5, 5],
                "area": 25,
                "iscrowd": 0,
            }
            for i in range(1, len(file_names) + 1)
        ],
        "categories": [{"id": 1, "name": "thing"}],
    }


@pytest.fixture
def images(tmp_path: Path) -> Path:
    folder = tmp_path / "images"
    folder.mkdir()
    _png(folder / "a.png")
    return folder


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document))
    return path


def _run(
    images: Path, annotations: Path | str, *extra: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m plugtrain data check`` in a subprocess, killed if it hangs."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "plugtrain",
            "data",
            "check",
            "--images",
            str(images),
            "--annotations",
            str(annotations),
            "--format",
            "json",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=_HANG_LIMIT_S,
        env={**os.environ, **env},
        check=False,
    )


def _check(images: Path, annotations: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    """In process (fast): the exit code and the JSON report's problems."""
    result = runner.invoke(
        app,
        [
            "data",
            "check",
            "--images",
            str(images),
            "--annotations",
            str(annotations),
            "--format",
            "json",
            *extra,
        ],
    )
    assert "Traceback" not in result.output
    problems: list[dict[str, Any]] = json.loads(result.stdout)["problems"]
    return result.exit_code, problems


def _problems(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert "Traceback" not in result.stderr, result.stderr
    problems: list[dict[str, Any]] = json.loads(result.stdout)["problems"]
    return problems


# -- the annotation file ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_as_annotation_file_is_refused_without_waiting(images: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "annotations.json"
    os.mkfifo(fifo)

    result = _run(images, fifo)

    assert result.returncode == 1
    [problem] = _problems(result)
    assert problem["code"] == "annotations_not_file"
    assert (
        f"the annotation file {fifo} is a named pipe (FIFO), not a regular file"
        in (problem["message"])
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("through_symlink", [False, True])
def test_dev_zero_as_annotation_file_is_refused_unread(
    images: Path, tmp_path: Path, through_symlink: bool
) -> None:
    target: Path | str = "/dev/zero"
    if through_symlink:
        target = tmp_path / "train.json"
        target.symlink_to("/dev/zero")

    result = _run(images, target)

    assert result.returncode == 1
    [problem] = _problems(result)
    assert problem["code"] == "annotations_not_file"
    assert "is a character device, not a regular file" in problem["message"]


def test_a_file_above_the_size_limit_names_the_limit_and_how_to_raise_it(
    images: Path, tmp_path: Path
) -> None:
    annotations = _write(tmp_path / "train.json", _coco(["a.png"]))

    result = _run(images, annotations, PLUGTRAIN_MAX_ANNOTATION_BYTES="100")
    raised = _run(images, annotations, PLUGTRAIN_MAX_ANNOTATION_BYTES="1000000")

    assert result.returncode == 1
    [problem] = _problems(result)
    assert problem["code"] == "annotations_too_large"
    assert "above the limit of 100 B (100 bytes)" in problem["message"]
    assert "PLUGTRAIN_MAX_ANNOTATION_BYTES" in problem["message"]
    assert raised.returncode == 0, raised.stdout


def test_a_malformed_size_limit_is_one_message_not_a_traceback(
    images: Path, tmp_path: Path
) -> None:
    annotations = _write(tmp_path / "train.json", _coco(["a.png"]))

    result = _run(images, annotations, PLUGTRAIN_MAX_ANNOTATION_BYTES="2GB")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[PT400] the environment variable PLUGTRAIN_MAX_ANNOTATION_BYTES is '2GB'" in (
        result.stderr
    )
    assert "expected a positive whole number of bytes" in result.stderr


def test_deeply_nested_json_is_refused_cleanly(images: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "train.json"
    bomb.write_text("[" * 100_000)

    code, problems = _check(images, bomb)

    assert code == 1
    assert [p["code"] for p in problems] == ["json_too_deep"]
    assert "nests lists/objects more than 64 levels deep" in problems[0]["message"]


def test_nesting_below_pythons_limit_but_above_ours_is_refused(
    images: Path, tmp_path: Path
) -> None:
    document = _coco(["a.png"])
    junk: object = 1
    for _ in range(200):
        junk = [junk]
    document["images"][0]["license"] = junk
    code, problems = _check(images, _write(tmp_path / "train.json", document))

    assert code == 1
    assert [p["code"] for p in problems] == ["json_too_deep"]


def test_a_5000_digit_integer_is_refused_cleanly(images: Path, tmp_path: Path) -> None:
    annotations = tmp_path / "train.json"
    text = json.dumps(_coco(["a.png"])).replace('"id": 1,', '"id": ' + "9" * 5000 + ",", 1)
    annotations.write_text(text)

    code, problems = _check(images, annotations)

    assert code == 1
    assert [p["code"] for p in problems] == ["json_number_too_large"]
    assert "holds an integer of more than 4300 digits" in problems[0]["message"]


def test_a_300_digit_box_coordinate_is_a_problem_not_an_overflow(
    images: Path, tmp_path: Path
) -> None:
    document = _coco(["a.png"])
    document["annotations"][0]["bbox"] = [10**300 * 10**10, 1, 5, 5]
    document["annotations"][0]["area"] = 10**400
    code, problems = _check(images, _write(tmp_path / "train.json", document))

    assert code == 1
    assert {p["code"] for p in problems} == {"value_invalid", "bbox_not_finite"}
    assert any(
        "area" in p["message"] and "expected a number >= 0" in p["message"] for p in problems
    )


# -- file names that leave the images folder ----------------------------------------------


def test_a_dotdot_file_name_is_refused_unless_allowed(images: Path, tmp_path: Path) -> None:
    _png(tmp_path / "x.png")
    annotations = _write(tmp_path / "train.json", _coco(["a.png", "../x.png"]))

    code, problems = _check(images, annotations)
    allowed, allowed_problems = _check(images, annotations, "--allow-outside")

    assert code == 1
    [problem] = problems
    assert (problem["code"], problem["image_id"]) == ("image_outside_folder", 2)
    assert (
        "image 2 has file_name '../x.png', which is outside the images folder"
        in (problem["message"])
    )
    assert "its '..' leads out of the folder" in problem["message"]
    assert "--allow-outside" in problem["message"]
    assert (allowed, allowed_problems) == (0, [])


def test_an_absolute_file_name_is_refused(images: Path, tmp_path: Path) -> None:
    _png(tmp_path / "x.png")
    annotations = _write(tmp_path / "train.json", _coco([str(tmp_path / "x.png")]))

    code, problems = _check(images, annotations)

    assert code == 1
    [problem] = problems
    assert (problem["code"], problem["image_id"]) == ("image_outside_folder", 1)
    assert "(it is an absolute path)" in problem["message"]


def test_a_symlink_that_points_outside_counts_as_outside(images: Path, tmp_path: Path) -> None:
    _png(tmp_path / "secret.png")
    (images / "b.png").symlink_to(tmp_path / "secret.png")
    (images / "inner").mkdir()
    _png(images / "inner" / "c.png")
    (images / "d.png").symlink_to(images / "inner" / "c.png")  # inside: fine
    annotations = _write(tmp_path / "train.json", _coco(["a.png", "b.png", "d.png"]))

    code, problems = _check(images, annotations)

    assert code == 1
    [problem] = problems
    assert (problem["code"], problem["image_id"]) == ("image_outside_folder", 2)
    assert "a symlink on the way points outside" in problem["message"]


def test_strict_loading_refuses_an_outside_file_and_allow_outside_reads_it(
    images: Path, tmp_path: Path
) -> None:
    _png(tmp_path / "x.png")
    annotations = _write(tmp_path / "train.json", _coco(["a.png", "../x.png"]))

    with pytest.raises(DataCheckError, match=r"image_outside_folder \[image=2\]"):
        CocoDataset(images, annotations)
    allowed = CocoDataset(images, annotations, allow_outside=True)

    assert len(allowed) == 2
    assert tuple(allowed[1].image.shape) == (3, 12, 16)


# -- image files --------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_among_the_images_is_a_problem_not_a_hang(images: Path, tmp_path: Path) -> None:
    os.mkfifo(images / "b.png")
    annotations = _write(tmp_path / "train.json", _coco(["a.png", "b.png"]))

    result = _run(images, annotations)

    assert result.returncode == 1
    [problem] = _problems(result)
    assert (problem["code"], problem["image_id"]) == ("image_unreadable", 2)
    assert "is a named pipe (FIFO), not a regular file" in problem["message"]


def test_unreadable_and_truncated_images_are_named(images: Path, tmp_path: Path) -> None:
    (images / "b.png").write_bytes(b"not an image at all")
    _png(images / "c.png", (64, 64))
    whole = (images / "c.png").read_bytes()
    (images / "c.png").write_bytes(whole[: len(whole) // 2])
    annotations = _write(tmp_path / "train.json", _coco(["a.png", "b.png", "c.png"]))

    code, problems = _check(images, annotations)

    assert code == 1
    found = {p["image_id"]: p for p in problems}
    assert found[2]["code"] == "image_unreadable"
    assert f"cannot identify {images / 'b.png'} as an image" in found[2]["message"]
    assert found[3]["code"] in {"image_truncated", "image_corrupt"}
    assert str(images / "c.png") in found[3]["message"]


def test_a_gif_is_read_like_any_image(images: Path, tmp_path: Path) -> None:
    _png(images / "b.gif", kind="GIF")
    annotations = _write(tmp_path / "train.json", _coco(["a.png", "b.gif"]))

    code, problems = _check(images, annotations)
    dataset = CocoDataset(images, annotations)

    assert (code, problems) == (0, [])
    assert tuple(dataset[1].image.shape) == (3, 12, 16)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_folder_listing_counts_images_and_says_what_it_skipped(images: Path) -> None:
    _png(images / "b.gif", kind="GIF")
    (images / "notes.txt").write_text("hello")
    (images / "sub").mkdir()
    os.mkfifo(images / "pipe.jpg")

    listing = list_image_files([images])

    assert [p.name for p in listing.files] == ["a.png", "b.gif"]
    assert listing.num_images == 2
    reasons = {s.path.name: s.reason for s in listing.skipped}
    assert reasons["pipe.jpg"] == "a named pipe (FIFO), not a regular file"
    assert reasons["notes.txt"].startswith("its suffix '.txt' is not an image suffix")
    assert reasons["sub"].startswith("a folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_inspect_of_a_fifo_annotation_file_is_one_message(images: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "annotations.json"
    os.mkfifo(fifo)

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "plugtrain",
            "data",
            "inspect",
            "--images",
            str(images),
            "--annotations",
            str(fifo),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=_HANG_LIMIT_S,
        check=False,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "[PT401] the data set cannot be used at all:" in result.stderr
    assert "annotations_not_file: the annotation file" in result.stderr


def test_synth_into_a_path_that_is_a_file_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder")

    result = runner.invoke(
        app, ["data", "synth", "--out", str(tmp_path / "taken"), "--num-train", "1"]
    )

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"[PT400] cannot write to {tmp_path / 'taken'}" in result.output
    assert "pass an --out folder that can be created and written" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_static_validation_refuses_a_fifo_and_a_json_bomb_as_annotations(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    bomb = tmp_path / "bomb.json"
    bomb.write_text("[" * 100_000)
    where = ("data", "train", "annotations")

    info, [finding] = read_annotations(where, str(fifo))
    bomb_info, [bomb_finding] = read_annotations(where, str(bomb))

    assert info is None
    assert finding.code == "path-type"
    assert f"the annotation file {fifo} is a named pipe (FIFO), not a regular file" in (
        finding.message
    )
    assert bomb_info is None
    assert bomb_finding.code == "annotations-invalid"
    assert "nests lists/objects more than 64 levels deep" in bomb_finding.message
