"""Read and validate a config: file -> YAML -> overrides -> pydantic, every problem at once."""

import contextlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, TypeAdapter, ValidationError

from plugtrain.config._data import DataConfig
from plugtrain.config._experiment import ExperimentConfig
from plugtrain.config._findings import Finding
from plugtrain.config._issues import findings_from_validation_error
from plugtrain.config._model import ModelConfig
from plugtrain.config._source import ConfigSource, config_source_from_text, read_config_source
from plugtrain.config._task import DetectionTaskConfig, TaskConfig, as_task
from plugtrain.config._train import EvalConfig, TrainConfig
from plugtrain.errors import ConfigError, ConfigIssue

__all__ = ["SchemaResult", "load_config", "parse_config", "validate_source"]

_SECTIONS: dict[str, type[BaseModel]] = {
    "model": ModelConfig,
    "data": DataConfig,
    "train": TrainConfig,
    "eval": EvalConfig,
}
_TASK: TypeAdapter[TaskConfig] = TypeAdapter(TaskConfig)


@dataclass(frozen=True, slots=True)
class SchemaResult:
    """The outcome of schema validation.

    ``config`` is set when the whole config is valid. ``sections`` holds every top-level
    section that is valid on its own (so cross-section checks can still run on them when
    another section has problems). ``findings`` lists reading and schema problems.
    """

    source: ConfigSource
    config: ExperimentConfig | None
    sections: Mapping[str, BaseModel] = field(default_factory=dict[str, BaseModel])
    findings: tuple[Finding, ...] = ()

    @property
    def model(self) -> ModelConfig | None:
        section = self.sections.get("model")
        return section if isinstance(section, ModelConfig) else None

    @property
    def data(self) -> DataConfig | None:
        section = self.sections.get("data")
        return section if isinstance(section, DataConfig) else None

    @property
    def train(self) -> TrainConfig | None:
        section = self.sections.get("train")
        return section if isinstance(section, TrainConfig) else None

    @property
    def eval(self) -> EvalConfig | None:
        section = self.sections.get("eval")
        return section if isinstance(section, EvalConfig) else None

    @property
    def task(self) -> TaskConfig | None:
        """The ``task`` section (detection when absent), ``None`` when it is invalid."""
        return as_task(self.sections.get("task"))

    def issues(self, extra: Sequence[Finding] = ()) -> list[ConfigIssue]:
        """The findings (and ``extra``) placed in their files, in file order."""
        return sort_issues(self.source, [*self.findings, *extra])


def sort_issues(source: ConfigSource, findings: Sequence[Finding]) -> list[ConfigIssue]:
    """Place ``findings`` and order them: the file by line, then each override in order."""
    placed = [source.issue(f) for f in findings]
    placed.sort(key=lambda i: (source.origin(i.file), i.line or 0, i.column or 0))
    unique: list[ConfigIssue] = []
    for issue in placed:
        if issue not in unique:
            unique.append(issue)
    return unique


def validate_source(source: ConfigSource) -> SchemaResult:
    """Validate the data of ``source`` against :class:`ExperimentConfig`."""
    data = source.data
    if source.fatal or data is None:
        return SchemaResult(source, None, {}, source.findings)
    try:
        config = ExperimentConfig.model_validate(data)
    except ValidationError as error:
        findings = findings_from_validation_error(error, root=ExperimentConfig, data=data)
        broken = {f.path[0] for f in findings if f.path}
        valid: dict[str, BaseModel] = {}
        for name, model in _SECTIONS.items():
            if name in broken:
                continue
            try:
                raw = data.get(name)
                valid[name] = model.model_validate({} if raw is None else raw)
            except ValidationError:
                continue
        if "task" not in broken:
            raw_task = data.get("task")
            with contextlib.suppress(ValidationError):  # reported by the whole-config pass
                valid["task"] = (
                    DetectionTaskConfig() if raw_task is None else _TASK.validate_python(raw_task)
                )
        return SchemaResult(source, None, valid, (*source.findings, *findings))
    sections: dict[str, BaseModel] = {
        "task": config.task,
        "model": config.model,
        "data": config.data,
        "train": config.train,
        "eval": config.eval,
    }
    return SchemaResult(source, config, sections, source.findings)


def _raise_if_any(result: SchemaResult) -> ExperimentConfig:
    """The config, or ``ConfigError`` with the errors; warnings never raise."""
    errors = [f for f in result.findings if f.severity == "error"]
    if errors or result.config is None:
        raise ConfigError(sort_issues(result.source, errors or result.findings))
    return result.config


def load_config(path: str | os.PathLike[str], overrides: Sequence[str] = ()) -> ExperimentConfig:
    """Read, override and validate the config file at ``path`` (schema checks only).

    Raises ``ConfigError`` listing every problem with its file, line and column. The
    checks that look at files and parts (paths exist, ``num_classes`` agrees with the
    annotations, FeatureSpecs fit) are in ``plugtrain.validation``.
    """
    return _raise_if_any(validate_source(read_config_source(path, overrides)))


def parse_config(
    text: str, *, overrides: Sequence[str] = (), file: str = "<string>"
) -> ExperimentConfig:
    """Like :func:`load_config` for config text; issues name ``file``."""
    return _raise_if_any(
        validate_source(config_source_from_text(text, file=file, overrides=overrides))
    )
