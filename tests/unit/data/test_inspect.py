"""inspect_coco: counts, histogram and the sample grid."""

from pathlib import Path

from PIL import Image

from plugtrain.data import inspect_coco
from tests.unit.data.conftest import CocoFiles


def test_counts_histogram_and_grid(shapes: CocoFiles, tmp_path: Path) -> None:
    stats = inspect_coco(shapes.images, shapes.annotations, out=tmp_path / "out", tile=64)

    assert stats.num_images == 4
    assert stats.num_boxes == 21
    assert sum(stats.class_boxes.values()) == 21
    assert stats.class_boxes == {"circle": 9, "square": 9, "triangle": 3}
    assert stats.class_images == {"circle": 4, "square": 4, "triangle": 2}
    assert sum(count for _, count in stats.size_histogram) == 21
    assert dict(stats.size_histogram)["0-8"] == 2  # the 6x6 and 7x7 squares
    assert stats.grid == tmp_path / "out" / "samples.png"
    assert stats.grid is not None
    with Image.open(stats.grid) as grid:
        assert grid.size == (2 * 64 + 3 * 4, 2 * 64 + 3 * 4)  # 2x2 tiles with padding
    text = stats.to_text()
    assert "4 images, 21 boxes" in text
    assert "circle" in text
    assert "sample grid:" in text


def test_bad_records_are_skipped_and_counted(shapes: CocoFiles) -> None:
    shapes.image(2).unlink()

    stats = inspect_coco(shapes.images, shapes.annotations)

    assert stats.num_images == 3
    assert stats.skipped_images == 1
    assert stats.grid is None
    assert "(1 images skipped" in stats.to_text()
