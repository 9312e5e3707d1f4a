"""The root of a config file: ``task``, ``model``, ``data``, ``train`` and ``eval``."""

from pydantic import ConfigDict, Field

from plugtrain.config._base import ConfigModel
from plugtrain.config._data import DataConfig
from plugtrain.config._metrics import METRIC_GOALS, MetricGoal
from plugtrain.config._model import ModelConfig
from plugtrain.config._task import DetectionTaskConfig, TaskConfig
from plugtrain.config._train import EvalConfig, TrainConfig

__all__ = ["ExperimentConfig"]


def _default_task() -> DetectionTaskConfig:
    return DetectionTaskConfig()


def _default_train() -> TrainConfig:
    return TrainConfig()


def _default_eval() -> EvalConfig:
    return EvalConfig()


class ExperimentConfig(ConfigModel):
    """A whole experiment: the learning setup, the model, the data, the run, evaluation."""

    model_config = ConfigDict(
        title="plugtrain experiment",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    task: TaskConfig = Field(
        default_factory=_default_task,
        description="the learning setup: detection (the default), classification, ...",
    )
    model: ModelConfig = Field(description="the model: backbone, neck, head, postprocess")
    data: DataConfig = Field(description="training and validation data, image size, batches")
    train: TrainConfig = Field(
        default_factory=_default_train, description="epochs, optimizer, scheduler, output_dir"
    )
    eval: EvalConfig = Field(
        default_factory=_default_eval, description="evaluation interval and best-checkpoint metric"
    )

    @property
    def monitored_metric(self) -> str:
        """``eval.metric``, or the task's first metric when it is null."""
        return self.eval.metric or self.task.requirements.metrics[0]

    @property
    def metric_goal(self) -> MetricGoal:
        """Whether a higher (``max``) or lower (``min``) monitored metric is better."""
        return METRIC_GOALS[self.monitored_metric]
