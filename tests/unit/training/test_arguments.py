"""The trainer and the sampler refuse impossible arguments as ArgumentErrors."""

import pytest
import torch
from torch import nn

from plugtrain.errors import ArgumentError
from plugtrain.tasks import ClassificationTask
from plugtrain.training import ResumableSampler, Trainer


def _trainer(**overrides: object) -> None:
    model = nn.Linear(2, 2)
    arguments: dict[str, object] = {
        "model": model,
        "task": ClassificationTask(),
        "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
        "train_loader": [object()],
        "epochs": 1,
        **overrides,
    }
    Trainer(**arguments)  # type: ignore[arg-type]  # deliberately loose, to reach the checks


@pytest.mark.parametrize(
    ("overrides", "argument", "words"),
    [
        ({"epochs": 0}, "epochs", "received 0, expected an integer >= 1"),
        ({"train_loader": iter([1])}, "train_loader", "an iterable with len()"),
        ({"train_loader": []}, "train_loader", "at least one batch per epoch"),
    ],
)
def test_trainer_arguments(overrides: dict[str, object], argument: str, words: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        _trainer(**overrides)
    assert (caught.value.part, caught.value.argument) == ("Trainer", argument)
    assert words in str(caught.value)


def test_sampler_rank_outside_the_world() -> None:
    with pytest.raises(
        ArgumentError, match=r"received 2, expected an integer in \[0, world_size=2\)"
    ):
        ResumableSampler(range(4), seed=0, rank=2, world_size=2)
