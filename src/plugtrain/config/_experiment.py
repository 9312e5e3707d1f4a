"""The root of a config file: ``model``, ``data``, ``train`` and ``eval``."""

from pydantic import ConfigDict, Field

from plugtrain.config._base import ConfigModel
from plugtrain.config._data import DataConfig
from plugtrain.config._model import ModelConfig
from plugtrain.config._train import EvalConfig, TrainConfig

__all__ = ["ExperimentConfig"]


def _default_train() -> TrainConfig:
    return TrainConfig()


def _default_eval() -> EvalConfig:
    return EvalConfig()


class ExperimentConfig(ConfigModel):
    """A whole experiment: the detector, the data, the training run and evaluation."""

    model_config = ConfigDict(
        title="plugtrain experiment",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    model: ModelConfig = Field(description="the detector: backbone, neck, head, postprocess")
    data: DataConfig = Field(description="training and validation data, image size, batches")
    train: TrainConfig = Field(
        default_factory=_default_train, description="epochs, optimizer, scheduler, output_dir"
    )
    eval: EvalConfig = Field(
        default_factory=_default_eval, description="evaluation interval and best-checkpoint metric"
    )
