"""The embedded default config is the shipped configs/default.yaml, and it is valid."""

from pathlib import Path

from plugtrain.cli._train import default_config_text
from plugtrain.config import CocoDatasetConfig, parse_config

ROOT = Path(__file__).resolve().parents[3]


def test_embedded_default_equals_configs_default_yaml() -> None:
    assert default_config_text() == (ROOT / "configs" / "default.yaml").read_text()


def test_embedded_default_parses_and_trains_fcos_on_the_shapes_set() -> None:
    config = parse_config(default_config_text(), file="default.yaml")
    assert config.model.head.type == "fcos"
    assert config.model.head.num_classes == 3
    train = config.data.train
    assert isinstance(train, CocoDatasetConfig)
    assert train.annotations == "data/shapes/train.json"
    assert config.train.output_dir == "runs/default"
