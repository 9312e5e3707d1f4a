"""JSON Schema export (for editors) and config -> YAML."""

import io
import json
from typing import Protocol

from plugtrain.config._experiment import ExperimentConfig
from plugtrain.config._yaml import ConfigDumper

__all__ = ["config_json_schema", "dump_config", "schema_text"]


def config_json_schema() -> dict[str, object]:
    """The JSON Schema of a config file (``configs/schema.json``)."""
    return ExperimentConfig.model_json_schema(mode="validation")


def schema_text() -> str:
    """The JSON Schema as the text of ``configs/schema.json`` (stable, newline-terminated)."""
    return json.dumps(config_json_schema(), indent=2) + "\n"


class _Emitter(Protocol):
    """The part of a PyYAML dumper that :func:`dump_config` uses, fully typed.

    types-PyYAML leaves some of these parameters unannotated (and types ``yaml.dump``'s
    ``width`` with a typeshed alias that not every checker knows), so the dumper is used
    through this protocol: it type-checks the same whichever stub release is installed.
    """

    def open(self) -> None: ...
    def represent(self, data: object, /) -> None: ...
    def close(self) -> None: ...
    def dispose(self) -> None: ...


def _emitter(stream: io.StringIO) -> _Emitter:
    return ConfigDumper(stream, default_flow_style=None, allow_unicode=True, sort_keys=False)


def dump_config(config: ExperimentConfig) -> str:
    """``config`` as YAML that reads back to an equal config (every default written out)."""
    stream = io.StringIO()
    dumper = _emitter(stream)
    try:  # what yaml.dump does with one document
        dumper.open()
        dumper.represent(config.model_dump(mode="json"))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()
