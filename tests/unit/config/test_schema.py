"""The JSON Schema, the editor modeline, the documented issue codes and the defaults."""

import json
import re
from pathlib import Path
from typing import cast

import pytest

from plugtrain.config import (
    ISSUE_CODES,
    ExperimentConfig,
    FPNConfig,
    SGDConfig,
    config_json_schema,
    parse_config,
    schema_text,
)

ROOT = Path(__file__).resolve().parents[3]


def test_the_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / "configs" / "schema.json").read_text()
    assert committed == schema_text(), "regenerate it: plugtrain schema > configs/schema.json"


def test_the_schema_forbids_unknown_keys_and_lists_the_part_types() -> None:
    schema = config_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["model", "data"]
    text = json.dumps(schema)
    for tag in ("resnet", "tiny", "torchvision", "fpn", "fcos", "retinanet", "sgd", "adamw"):
        assert f'"const": "{tag}"' in text
    definitions = cast(dict[str, dict[str, object]], schema["$defs"])
    objects = [d for d in definitions.values() if d.get("type") == "object"]
    assert len(objects) >= 15
    assert all(d.get("additionalProperties") is False for d in objects)


@pytest.mark.parametrize("config", sorted((ROOT / "configs").glob("*.yaml")), ids=lambda p: p.name)
def test_configs_carry_the_modeline(config: Path) -> None:
    assert config.read_text().splitlines()[0] == "# yaml-language-server: $schema=schema.json"


def test_every_issue_code_is_documented_with_an_example() -> None:
    docs = (ROOT / "docs" / "config.md").read_text()
    documented = set(re.findall(r"^### `([a-z-]+)`", docs, flags=re.MULTILINE))
    assert documented == set(ISSUE_CODES)
    for code in ISSUE_CODES:
        section = docs.split(f"### `{code}`", 1)[1].split("\n### ", 1)[0]
        assert "```" in section, f"docs/config.md has no example message for {code}"


def test_a_minimal_config_is_short_and_gets_the_defaults() -> None:
    config = parse_config(
        "model: {backbone: {type: resnet}, head: {type: fcos, num_classes: 2}}\n"
        "data: {train: {images: i, annotations: a.json}}\n"
    )
    assert config.model.neck == FPNConfig(type="fpn", channels=256, out_levels=[3, 4, 5, 6, 7])
    assert config.train.optimizer == SGDConfig(type="sgd", lr=0.01)
    assert config.data.image_size == [512, 512]
    assert config.data.val is None
    assert config.eval.metric is None
    assert config.monitored_metric == "map"  # the detection task's first metric


def test_configs_are_frozen() -> None:
    config = ExperimentConfig.model_validate(
        {
            "model": {"backbone": {"type": "tiny"}, "head": {"type": "fcos", "num_classes": 1}},
            "data": {"train": {"images": "i", "annotations": "a"}},
        }
    )
    with pytest.raises(ValueError, match="frozen"):
        config.train.epochs = 3
