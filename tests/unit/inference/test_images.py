"""Reading image files for inference: regular files only, pixel limit before decoding."""

import os
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from plugtrain.errors import ArgumentError, DataError, ShapeError
from plugtrain.inference import ImageInputError, read_image, to_model_image
from tests.inference_helpers import png_header_only, truncated_jpeg, write_image


def test_reads_png_and_jpeg_as_rgb_uint8(tmp_path: Path) -> None:
    for name in ("a.png", "a.jpg", "a.gif", "a.bmp"):
        pixels = read_image(write_image(tmp_path / name, size=(20, 30)))
        assert (pixels.shape, pixels.dtype) == ((3, 20, 30), torch.uint8)


def _unreadable(case: str, folder: Path) -> Path:
    if case == "missing":
        return folder / "missing.png"
    if case == "folder":
        return folder
    if case == "text":
        (folder / "notes.png").write_bytes(b"not an image")
        return folder / "notes.png"
    if case == "empty":
        (folder / "empty.png").write_bytes(b"")
        return folder / "empty.png"
    return truncated_jpeg(folder / "cut.jpg")


@pytest.mark.parametrize(
    ("case", "problem", "text"),
    [
        ("missing", "image_missing", "no such image file"),
        ("folder", "image_not_a_file", "is not a regular file"),
        ("text", "image_unsupported", "12 bytes of an unknown format"),
        ("empty", "image_unsupported", "the file is empty"),
        ("truncated", "image_truncated", "is truncated"),
    ],
)
def test_unreadable_files_name_the_problem(
    tmp_path: Path, case: str, problem: str, text: str
) -> None:
    path = _unreadable(case, tmp_path)
    with pytest.raises(ImageInputError, match=text) as caught:
        read_image(path)
    assert caught.value.problem == problem
    assert caught.value.code == "PT400"
    assert str(path) in str(caught.value)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(ImageInputError, match="not a regular file") as caught:
        read_image(fifo)
    assert caught.value.problem == "image_not_a_file"


def test_pixel_limit_is_checked_from_the_header(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header_only(2000, 3000))  # 6 megapixels declared in ~100 bytes
    with pytest.raises(ImageInputError, match=r"2000 x 3000 = 6000000 pixels") as caught:
        read_image(bomb, max_pixels=1_000_000)
    assert caught.value.problem == "image_too_large"
    bomb.write_bytes(png_header_only(60_000, 60_000))  # past Pillow's own limit
    with pytest.raises(ImageInputError, match="decompression-bomb limit") as caught:
        read_image(bomb, max_pixels=1_000_000)
    assert caught.value.problem == "image_too_large"
    small = write_image(tmp_path / "small.png", size=(20, 30))
    with pytest.raises(ImageInputError, match=r"above the limit of 599"):
        read_image(small, max_pixels=599)
    assert read_image(small, max_pixels=600).shape == (3, 20, 30)


def test_in_memory_inputs_become_float_rgb() -> None:
    array = np.full((4, 5, 3), 255, dtype=np.uint8)
    from_array = to_model_image(array, 0)
    assert from_array.shape == (3, 4, 5)
    assert from_array.dtype == torch.float32
    assert float(from_array.max()) == 1.0
    gray = to_model_image(np.zeros((4, 5), dtype=np.float32), 0)
    assert gray.shape == (3, 4, 5)
    from_pil = to_model_image(Image.new("RGBA", (5, 4), (255, 0, 0, 10)), 0)
    assert from_pil.shape == (3, 4, 5)
    assert torch.equal(from_pil[:, 0, 0], torch.tensor([1.0, 0.0, 0.0]))
    from_palette = to_model_image(Image.new("P", (5, 4)), 0)
    assert from_palette.shape == (3, 4, 5)
    assert to_model_image(torch.full((3, 4, 5), 128, dtype=torch.uint8), 0).shape == (3, 4, 5)


@pytest.mark.parametrize(
    ("value", "error", "text"),
    [
        (torch.rand(4, 5, 3), ShapeError, r"permute an \(H, W, 3\) image"),
        (torch.rand(1, 3, 4, 5), ShapeError, "expected 3 axes with 3 channels first, got 4"),
        (torch.zeros(3, 4, 5, dtype=torch.int32), ShapeError, "dtype torch.int32"),
        (torch.full((3, 4, 5), 2.0), ShapeError, r"values in \[2.0, 2.0\]"),
        (torch.full((3, 4, 5), float("nan")), ShapeError, "must be finite"),
        (np.zeros((4, 5, 4), dtype=np.uint8), ShapeError, "drop the alpha channel"),
        (np.zeros((3, 4, 5), dtype=np.uint8), ShapeError, r"array.transpose\(1, 2, 0\)"),
        (np.zeros((4, 5, 3), dtype=np.uint16), ShapeError, "dtype uint16"),
        (np.zeros((0, 5, 3), dtype=np.uint8), DataError, r"is empty \(0 x 5 pixels\)"),
        (Image.new("I;16", (5, 4)), DataError, "mode 'I;16'"),
        (42, DataError, "inputs\\[7\\] is a int; expected a file path"),
    ],
)
def test_bad_in_memory_inputs_say_what_to_pass(
    value: object, error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text) as caught:
        to_model_image(value, 7)
    assert "inputs[7]" in str(caught.value)


def test_in_memory_pixel_limit() -> None:
    with pytest.raises(ImageInputError, match="5 x 4 = 20 pixels, above the limit of 19"):
        to_model_image(Image.new("RGB", (5, 4)), 0, max_pixels=19)
    with pytest.raises(ImageInputError, match="above the limit of 19"):
        to_model_image(torch.zeros(3, 4, 5), 0, max_pixels=19)


def test_max_pixels_above_pillows_bomb_limit_is_refused() -> None:
    from plugtrain.inference import Predictor
    from tests.unit.inference.test_predictor import StaticBackend

    with pytest.raises(ArgumentError, match="Pillow's decompression-bomb limit"):
        Predictor(StaticBackend(), max_pixels=10**12)
