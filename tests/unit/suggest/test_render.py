"""The commented YAML of a suggested config reads back to the same config."""

from plugtrain.config import DataConfig, DatasetConfig, ExperimentConfig, parse_config
from plugtrain.presets import fcos_tiny_fpn_config
from plugtrain.suggest import render_config


def _config() -> ExperimentConfig:
    data = DataConfig(
        train=DatasetConfig(images="1e5", annotations="data/train.json"),
        image_size=[224, 320],
        batch_size=4,
    )
    return ExperimentConfig(model=fcos_tiny_fpn_config(5), data=data)


def test_every_key_is_block_style_with_its_reason_above_and_reads_back() -> None:
    config = _config()
    reasons = {
        "data.image_size": "the smallest boxes span two cells of P3 " * 4,
        "model.head.num_classes": "five categories",
        "data": "where the data is",
    }
    text = render_config(config, reasons, header=["made for a test", "WARNING: none"])
    lines = text.splitlines()
    assert lines[1] == "# made for a test"
    assert lines[2] == "# WARNING: none"
    at = lines.index("  image_size: [224, 320]")
    assert lines[at - 1].startswith("  #   ")  # a long reason wraps, indented with its key
    assert lines[at - 2].startswith("  # the smallest boxes span two cells of P3")
    assert lines[lines.index("    num_classes: 5") - 1] == "    # five categories"
    assert lines[lines.index("data:") - 1] == "# where the data is"
    assert '    images: "1e5"' in lines  # a string YAML could read as a number is quoted
    assert "    type: fcos" in lines
    assert parse_config(text) == config
