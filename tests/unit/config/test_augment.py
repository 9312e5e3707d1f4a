"""The ``data.augment`` section: defaults equal to the old pipeline, bounds and rules with
messages that point at the YAML line."""

import textwrap

import pytest

from plugtrain.config import AugmentConfig, IoUCropConfig, MosaicConfig, RandomCropConfig
from plugtrain.validation import validate_config_text
from tests.unit.config.workspace import REFERENCE

TEXT = REFERENCE.read_text()
ANCHOR = "  num_workers: 2\n"


def _with_augment(block: str) -> str:
    """The reference config with ``block`` (indented under data.augment) after num_workers."""
    assert ANCHOR in TEXT
    lines = "".join(f"    {line}\n" for line in textwrap.dedent(block).strip().splitlines())
    return TEXT.replace(ANCHOR, f"{ANCHOR}  augment:\n{lines}", 1)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_defaults_are_the_augmentation_training_always_had() -> None:
    config = AugmentConfig()
    assert config.scale == [0.75, 1.25]
    assert (config.hflip, config.vflip) == (0.5, 0.0)
    assert config.photometric is not None
    assert (config.photometric.p, config.photometric.brightness, config.photometric.hue) == (
        0.8,
        0.2,
        0.0,
    )
    assert (config.crop, config.mosaic, config.min_visible, config.min_box_size) == (
        None,
        None,
        0.0,
        2.0,
    )


@pytest.mark.usefixtures("workspace")
def test_a_full_augment_section_validates() -> None:
    text = _with_augment(
        """
        scale: [0.5, 1.5]
        hflip: 0.5
        vflip: 0.5
        photometric: {p: 1.0, brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.05}
        crop: {type: iou, p: 0.5, min_iou: [0.1, 0.5, 1.0]}
        mosaic: {p: 0.5, center: [0.3, 0.7]}
        min_visible: 0.25
        min_box_size: 1.5
        """
    )
    report = validate_config_text(text, file="c.yaml", dry_run=False)
    assert report.ok, report.issues
    assert report.config is not None
    augment = report.config.data.augment
    assert isinstance(augment.crop, IoUCropConfig)
    assert augment.crop.min_iou == [0.1, 0.5, 1.0]
    assert augment.mosaic == MosaicConfig(p=0.5, center=[0.3, 0.7])


@pytest.mark.parametrize(
    ("block", "needle", "loc", "message"),
    [
        (
            "scale: [1.5, 0.5]",
            "scale:",
            "data.augment.scale",
            "augment scale needs low <= high, e.g. [0.75, 1.25]; got [1.5, 0.5]",
        ),
        ("scale: [0, 1]", "scale:", "data.augment.scale", "greater than 0"),
        ("hflip: 1.5", "hflip:", "data.augment.hflip", "less than or equal to 1"),
        ("min_visible: -0.1", "min_visible:", "data.augment.min_visible", "greater than or"),
        (
            "photometric: {hue: 0.7}",
            "photometric:",
            "data.augment.photometric.hue",
            "less than or equal to 0.5",
        ),
        (
            "crop: {type: iou, min_iou: [0.3, 0.5]}",
            "crop:",
            "data.augment.crop.min_iou",
            "min_iou must include 1.0 ('leave the image as it is')",
        ),
        (
            "crop: {type: random, min_scale: 0.9, max_scale: 0.4}",
            "crop:",
            "data.augment.crop",
            "crop min_scale..max_scale needs low <= high, e.g. 0.3 and 1.0; got [0.9, 0.4]",
        ),
        ("crop: {type: zoom}", "crop:", "data.augment.crop.type", "zoom"),
        (
            "mosaic: {center: [0.8, 0.2]}",
            "mosaic:",
            "data.augment.mosaic.center",
            "mosaic center needs low <= high, e.g. [0.25, 0.75]; got [0.8, 0.2]",
        ),
        (
            "mosaic: {center: [0.5, 1.0]}",
            "mosaic:",
            "data.augment.mosaic.center",
            "mosaic center must stay below 1.0",
        ),
        ("mosaic: {p: 2}", "mosaic:", "data.augment.mosaic.p", "less than or equal to 1"),
        ("flip: 0.5", "flip:", "data.augment.flip", "flip"),
    ],
)
@pytest.mark.usefixtures("workspace")
def test_bad_values_are_issues_at_their_line(
    block: str, needle: str, loc: str, message: str
) -> None:
    text = _with_augment(block)
    report = validate_config_text(text, file="c.yaml", dry_run=False)
    (issue,) = report.issues
    assert issue.loc == loc
    assert message in issue.message
    assert issue.file == "c.yaml"
    assert issue.line == _line_of(text, needle)


def test_random_and_iou_crops_are_told_apart_by_type() -> None:
    random = AugmentConfig.model_validate({"crop": {"type": "random", "min_scale": 0.5}})
    assert isinstance(random.crop, RandomCropConfig)
    assert random.crop.min_scale == 0.5
