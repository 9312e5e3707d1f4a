"""JSON Schema export (for editors) and config -> YAML."""

import json

import yaml

from plugtrain.config._experiment import ExperimentConfig
from plugtrain.config._yaml import ConfigDumper

__all__ = ["config_json_schema", "dump_config", "schema_text"]


def config_json_schema() -> dict[str, object]:
    """The JSON Schema of a config file (``configs/schema.json``)."""
    return ExperimentConfig.model_json_schema(mode="validation")


def schema_text() -> str:
    """The JSON Schema as the text of ``configs/schema.json`` (stable, newline-terminated)."""
    return json.dumps(config_json_schema(), indent=2) + "\n"


def dump_config(config: ExperimentConfig) -> str:
    """``config`` as YAML that reads back to an equal config (every default written out)."""
    text: str = yaml.dump(
        config.model_dump(mode="json"),
        Dumper=ConfigDumper,
        sort_keys=False,
        default_flow_style=None,
        allow_unicode=True,
    )
    return text
