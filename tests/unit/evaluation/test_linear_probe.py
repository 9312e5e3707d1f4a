"""The linear probe: a logistic regression on frozen features, fit on half a set."""

import pytest
import torch

from plugtrain.errors import DataError
from plugtrain.evaluation import linear_probe, probe_split


def test_the_split_alternates_within_each_class() -> None:
    labels = torch.tensor([0, 1, 0, 0, 1, 2, 2, 1])
    fit, test = probe_split(labels)
    assert torch.equal(fit, torch.tensor([0, 1, 3, 5, 7]))
    assert torch.equal(test, torch.tensor([2, 4, 6]))


def test_separable_features_score_one_and_noise_about_chance() -> None:
    generator = torch.Generator().manual_seed(0)
    labels = torch.arange(300) % 3
    centres = torch.randn(3, 16, generator=generator) * 4.0
    separable = centres[labels] + torch.randn(300, 16, generator=generator)
    noise = torch.randn(300, 16, generator=generator)
    assert linear_probe(separable, labels, num_classes=3).accuracy == 1.0
    chance = linear_probe(noise, labels, num_classes=3)
    assert 0.15 < chance.accuracy < 0.5
    assert (chance.train_examples, chance.test_examples) == (150, 150)


def test_deterministic() -> None:
    features = torch.randn(60, 8)
    labels = torch.arange(60) % 2
    first = linear_probe(features, labels, num_classes=2)
    assert linear_probe(features.clone(), labels.clone(), num_classes=2) == first


def test_needs_two_images_of_a_class() -> None:
    with pytest.raises(DataError, match="at least two labeled images of a class"):
        linear_probe(torch.randn(2, 4), torch.tensor([0, 1]), num_classes=2)


def test_labels_outside_the_classes() -> None:
    with pytest.raises(DataError, match=r"labels must be in \[0, 2\), got values from 0 to 5"):
        linear_probe(torch.randn(4, 4), torch.tensor([0, 5, 0, 1]), num_classes=2)
