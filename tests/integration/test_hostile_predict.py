"""Hostile inputs to ``plugtrain predict``: nothing written among the inputs, no output
overwrites another, one bad image does not stop the rest, a FIFO does not hang."""

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from tests.inference_helpers import (
    png_header_only,
    save_tiny_checkpoint,
    truncated_jpeg,
    write_image,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_checkpoint(tmp_path_factory.mktemp("predict-model"))


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


@pytest.mark.parametrize("out_is", ["the folder", "a folder above", "a file's folder"])
def test_out_holding_an_input_is_refused_and_nothing_changes(
    model: Path, tmp_path: Path, out_is: str
) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    write_image(photos / "a.png")
    write_image(photos / "a.png.png", seed=1)  # what a drawn copy of a.png would be called
    before = _snapshot(photos)
    inputs, out = {
        "the folder": ([str(photos)], photos),
        "a folder above": ([str(photos)], tmp_path),
        "a file's folder": ([str(photos / "a.png")], photos),
    }[out_is]
    result = runner.invoke(app, ["predict", str(model), *inputs, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "[PT400]" in result.output
    assert f"--out {out} holds the input" in result.output
    assert "Pass an output folder that holds no input" in result.output
    assert _snapshot(photos) == before
    assert not (photos / "predictions.json").exists()


def test_same_stem_inputs_keep_separate_outputs(model: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    inputs = [
        write_image(first / "a.jpg"),
        write_image(first / "a.png", seed=1),
        write_image(second / "a.jpg", seed=2, size=(30, 40)),
    ]
    out = tmp_path / "out"
    result = runner.invoke(app, ["predict", str(model), *map(str, inputs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = json.loads((out / "predictions.json").read_text())["images"]
    assert [(r["source"], r["drawn"]) for r in records] == [
        (str(inputs[0]), "a.jpg.png"),
        (str(inputs[1]), "a.png.png"),
        (str(inputs[2]), "a.jpg.2.png"),
    ]
    assert sorted(p.name for p in out.glob("*.png")) == ["a.jpg.2.png", "a.jpg.png", "a.png.png"]
    assert records[2]["width"] == 40


def test_unreadable_fifo_and_gif_in_a_folder(model: Path, tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    write_image(photos / "1-good.png")
    truncated_jpeg(photos / "2-cut.jpg")
    (photos / "3-text.png").write_text("not an image")
    os.mkfifo(photos / "4-pipe.jpg")
    write_image(photos / "5-moving.gif", seed=3)
    (photos / "notes.txt").write_text("a note")
    out = tmp_path / "out"
    result = runner.invoke(app, ["predict", str(model), str(photos), "--out", str(out)])
    assert result.exit_code == 3, result.output
    summary = json.loads(result.stdout)
    assert (summary["images"], summary["failed"], summary["skipped"]) == (2, 3, 1)
    written = json.loads((out / "predictions.json").read_text())
    assert [Path(r["source"]).name for r in written["images"]] == ["1-good.png", "5-moving.gif"]
    errors = {Path(e["file"]).name: e for e in written["errors"]}
    assert set(errors) == {"2-cut.jpg", "3-text.png", "4-pipe.jpg"}
    assert all(e["code"] == "PT400" for e in errors.values())
    assert errors["2-cut.jpg"]["problem"] == "image_truncated"
    assert "is truncated" in errors["2-cut.jpg"]["message"]
    assert errors["3-text.png"]["problem"] == "image_unsupported"
    assert "cannot identify" in errors["3-text.png"]["message"]
    assert errors["4-pipe.jpg"]["problem"] == "image_not_a_file"
    assert "not a regular file" in errors["4-pipe.jpg"]["message"]
    assert written["skipped"] == [str(photos / "notes.txt")]
    assert "skipped " in result.output
    assert "2-cut.jpg" in result.output


def test_missing_inputs_are_reported_and_the_rest_run(model: Path, tmp_path: Path) -> None:
    good = write_image(tmp_path / "good.png")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["predict", str(model), str(tmp_path / "gone.png"), str(good), "--out", str(out)]
    )
    assert result.exit_code == 3, result.output
    written = json.loads((out / "predictions.json").read_text())
    assert [r["source"] for r in written["images"]] == [str(good)]
    assert (
        written["errors"][0]["message"] == f"no such image file or folder: {tmp_path / 'gone.png'}"
    )


def test_no_images_at_all_and_a_bad_model(model: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["predict", str(model), str(empty), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "no images found in" in result.output
    image = write_image(tmp_path / "a.png")
    result = runner.invoke(
        app, ["predict", str(tmp_path / "nope.json"), str(image), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "[PT500]" in result.output
    assert "side by side" in result.output


def test_out_that_is_a_file_or_holds_a_link_to_an_input(model: Path, tmp_path: Path) -> None:
    image = write_image(tmp_path / "a.png")
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me")
    result = runner.invoke(app, ["predict", str(model), str(image), "--out", str(taken)])
    assert result.exit_code == 1
    assert f"--out {taken} exists and is not a folder" in result.output
    assert taken.read_text() == "keep me"
    out = tmp_path / "out"
    out.mkdir()
    link = out / "link.png"
    link.symlink_to(image)
    before = image.read_bytes()
    result = runner.invoke(app, ["predict", str(model), str(link), "--out", str(out)])
    assert result.exit_code == 1
    assert f"holds the input {link}" in result.output
    assert image.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["link.png"]


def test_images_above_max_pixels_are_skipped_not_decoded(model: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(30_000, 30_000))  # 900 megapixels declared
    good = write_image(tmp_path / "good.png")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["predict", str(model), str(bomb), str(good), "--out", str(out), "--max-pixels", "1000000"],
    )
    assert result.exit_code == 3, result.output
    [error] = json.loads((out / "predictions.json").read_text())["errors"]
    assert error["problem"] == "image_too_large"
    assert "above the limit of 1000000 pixels" in error["message"]
