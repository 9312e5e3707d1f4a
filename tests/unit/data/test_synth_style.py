"""The target style of the synthetic shapes: same scenes, another look."""

import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from plugtrain.data import SynthStyle, apply_style, make_shapes_dataset


def _pixels(folder: Path) -> list[NDArray[np.float64]]:
    return [
        np.asarray(Image.open(p).convert("RGB"), np.float64) for p in sorted(folder.glob("*.png"))
    ]


def test_source_is_the_unchanged_default_look(tmp_path: Path) -> None:
    plain = make_shapes_dataset(tmp_path / "plain", num_train=2, num_val=1, size=48, seed=5)
    source = make_shapes_dataset(
        tmp_path / "source", num_train=2, num_val=1, size=48, seed=5, style=SynthStyle.source
    )
    for a, b in zip(_pixels(plain.train_images), _pixels(source.train_images), strict=True):
        np.testing.assert_array_equal(a, b)
    pixels = np.zeros((4, 4, 3), np.uint8)
    assert apply_style(pixels, SynthStyle.source, np.random.default_rng(0)) is pixels


def test_target_keeps_the_scenes_and_changes_the_look(tmp_path: Path) -> None:
    source = make_shapes_dataset(tmp_path / "s", num_train=6, num_val=2, size=64, seed=2)
    target = make_shapes_dataset(
        tmp_path / "t", num_train=6, num_val=2, size=64, seed=2, style=SynthStyle.target
    )
    documents = [
        json.loads(p.read_text()) for p in (source.train_annotations, target.train_annotations)
    ]
    assert documents[0]["annotations"] == documents[1]["annotations"]
    source_pixels, target_pixels = _pixels(source.train_images), _pixels(target.train_images)
    brightness = [
        np.concatenate([p.mean(axis=2).ravel() for p in s]) for s in (source_pixels, target_pixels)
    ]
    assert np.corrcoef(brightness[0], brightness[1])[0, 1] < -0.8
    for before, after in zip(source_pixels, target_pixels, strict=True):
        # contrast polarity flips: brightness is anti-correlated pixel by pixel
        correlation = np.corrcoef(before.mean(axis=2).ravel(), after.mean(axis=2).ravel())[0, 1]
        assert correlation < 0.0, correlation
        # and the colours are cast orange: red well above blue on average
        red, _, blue = after.reshape(-1, 3).mean(axis=0)
        assert red - blue > 40.0, (red, blue)


def test_target_shapes_stay_visible(tmp_path: Path) -> None:
    """Inside each shape the target image differs from the ring around it (the outline
    survives the blend): the median contrast stays well above the grain."""
    made = make_shapes_dataset(
        tmp_path, num_train=10, num_val=1, size=96, seed=4, style=SynthStyle.target
    )
    document = json.loads(made.train_annotations.read_text())
    images = _pixels(made.train_images)
    contrasts: list[float] = []
    for annotation in document["annotations"]:
        index: int = annotation["image_id"]
        image = images[index - 1]
        inside = Image.new("L", (96, 96), 0)
        ImageDraw.Draw(inside).polygon(annotation["segmentation"][0], fill=255)
        x, y, w, h = annotation["bbox"]
        ring = Image.new("L", (96, 96), 0)
        ImageDraw.Draw(ring).rectangle((x - 4, y - 4, x + w + 4, y + h + 4), fill=255)
        ImageDraw.Draw(ring).rectangle((x, y, x + w, y + h), fill=0)
        mask_in, mask_ring = np.asarray(inside) > 0, np.asarray(ring) > 0
        contrasts.append(float(np.abs(image[mask_in].mean(0) - image[mask_ring].mean(0)).max()))
    assert float(np.median(contrasts)) > 30.0, sorted(contrasts)


def test_same_seed_same_target_pixels(tmp_path: Path) -> None:
    a = make_shapes_dataset(
        tmp_path / "a", num_train=2, num_val=1, size=40, seed=9, style=SynthStyle.target, workers=1
    )
    b = make_shapes_dataset(
        tmp_path / "b", num_train=2, num_val=1, size=40, seed=9, style=SynthStyle.target, workers=2
    )
    for x, y in zip(_pixels(a.train_images), _pixels(b.train_images), strict=True):
        np.testing.assert_array_equal(x, y)
