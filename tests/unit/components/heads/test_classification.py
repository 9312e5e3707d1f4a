"""ClassificationHead: pool one level, then a linear layer."""

import pytest
import torch

from plugtrain.components import ClassificationHead, TinyBackbone
from plugtrain.errors import ArgumentError, CompatibilityError, ShapeError
from plugtrain.structures import FeatureSpec

_SPEC = FeatureSpec.of(("C3", 8, 8), ("C4", 16, 16), ("C5", 32, 32))


def test_logits_of_the_last_level_by_default() -> None:
    head = ClassificationHead(in_spec=_SPEC, num_classes=5)
    assert head.level == "C5"
    assert head.fc.in_features == 32
    features = [torch.rand(2, 8, 8, 8), torch.rand(2, 16, 4, 4), torch.rand(2, 32, 2, 2)]
    assert head(features).shape == (2, 5)


def test_a_chosen_level() -> None:
    head = ClassificationHead(in_spec=_SPEC, num_classes=3, level="C3")
    features = [torch.zeros(1, 8, 8, 8), torch.rand(1, 16, 4, 4), torch.rand(1, 32, 2, 2)]
    # only C3 is read: zeros give the bias
    torch.testing.assert_close(head(features), head.fc.bias.detach().unsqueeze(0))


def test_runs_on_a_backbone() -> None:
    backbone = TinyBackbone()
    head = ClassificationHead(in_spec=backbone.feature_spec, num_classes=4)
    assert head(backbone(torch.rand(3, 3, 64, 64))).shape == (3, 4)


def test_unknown_level_is_a_compatibility_error() -> None:
    with pytest.raises(CompatibilityError) as caught:
        ClassificationHead(in_spec=_SPEC, num_classes=3, level="P5")
    message = str(caught.value)
    assert "reads level 'P5', which the backbone does not produce" in message
    assert "produced: backbone: [C3(8ch, stride 8)" in message
    assert "one of ['C3', 'C4', 'C5']" in message


def test_bad_num_classes_is_a_config_error() -> None:
    with pytest.raises(
        ArgumentError, match=r"ClassificationHead: argument 'num_classes' received 0"
    ):
        ClassificationHead(in_spec=_SPEC, num_classes=0)


def test_wrong_channels_is_a_shape_error() -> None:
    head = ClassificationHead(in_spec=_SPEC, num_classes=3)
    features = [torch.rand(1, 8, 8, 8), torch.rand(1, 16, 4, 4), torch.rand(1, 64, 2, 2)]
    with pytest.raises(ShapeError, match=r"ClassificationHead\.forward.*\n.*C5 has 64 channels"):
        head(features)


def test_batch_must_agree_across_levels() -> None:
    head = ClassificationHead(in_spec=_SPEC, num_classes=3)
    features = [torch.rand(1, 8, 8, 8), torch.rand(2, 16, 4, 4), torch.rand(1, 32, 2, 2)]
    with pytest.raises(ShapeError, match=r"ClassificationHead\.forward.*'features\[1\]'"):
        head(features)
