"""Timed training steps and the free memory that ``plugtrain suggest`` plans with."""

import pytest

from plugtrain.config import DataConfig, DatasetConfig, ExperimentConfig
from plugtrain.errors import ArgumentError
from plugtrain.presets import fcos_tiny_fpn_config
from plugtrain.suggest import available_memory_mib, measure_steps


def _config() -> ExperimentConfig:
    data = DataConfig(
        train=DatasetConfig(images="data/shapes/train", annotations="data/shapes/train.json"),
        val=DatasetConfig(images="data/shapes/val", annotations="data/shapes/val.json"),
        image_size=[64, 64],
        batch_size=4,
        num_workers=0,
    )
    return ExperimentConfig(model=fcos_tiny_fpn_config(3), data=data)


@pytest.mark.usefixtures("workspace")
def test_the_steps_after_the_warmup_are_timed_and_one_eval_forward() -> None:
    timing = measure_steps(_config(), steps=2, warmup=1, device="cpu")
    assert timing.timed_steps == 2
    assert timing.device == "cpu"
    assert timing.step_seconds > 0
    assert timing.eval_seconds_per_image > 0


def test_nothing_to_time_is_refused() -> None:
    with pytest.raises(ArgumentError) as caught:
        measure_steps(_config(), steps=0)
    assert "steps >= 1 and warmup >= 0" in str(caught.value)


def test_the_host_has_free_memory() -> None:
    assert available_memory_mib("cpu") > 1
