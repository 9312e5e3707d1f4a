"""DomainClassifierHead: pool one level, then an MLP to one target-domain logit."""

import pytest
import torch

from plugtrain.components import TinyBackbone
from plugtrain.components.heads import DomainClassifierHead
from plugtrain.errors import CompatibilityError, ShapeError
from plugtrain.structures import FeatureSpec
from tests.unit.components.heads.argument_errors import refuses

_SPEC = FeatureSpec.of(("C3", 8, 8), ("C4", 16, 16), ("C5", 32, 32))


def _features(batch: int = 2) -> list[torch.Tensor]:
    return [torch.rand(batch, 8, 8, 8), torch.rand(batch, 16, 4, 4), torch.rand(batch, 32, 2, 2)]


def test_one_logit_per_image_from_the_last_level_by_default() -> None:
    head = DomainClassifierHead(in_spec=_SPEC, hidden=12)
    assert head.level == "C5"
    first = head.mlp[0]
    assert isinstance(first, torch.nn.Linear)
    assert (first.in_features, first.out_features) == (32, 12)
    assert head(_features(3)).shape == (3,)


def test_a_chosen_level_is_the_only_one_read() -> None:
    head = DomainClassifierHead(in_spec=_SPEC, level="C4")
    features = _features()
    changed = [features[0] * 0, features[1], features[2] + 5]
    torch.testing.assert_close(head(features), head(changed))


def test_runs_on_a_backbone() -> None:
    backbone = TinyBackbone()
    head = DomainClassifierHead(in_spec=backbone.feature_spec)
    assert head(backbone(torch.rand(2, 3, 64, 64))).shape == (2,)


def test_unknown_level_is_a_compatibility_error() -> None:
    with pytest.raises(CompatibilityError) as caught:
        DomainClassifierHead(in_spec=_SPEC, level="P5")
    message = str(caught.value)
    assert "DomainClassifierHead reads level 'P5', which the backbone does not produce" in message
    assert "one of ['C3', 'C4', 'C5']" in message


@pytest.mark.parametrize("hidden", [0, -3, 2.5, True])
def test_bad_hidden_is_refused(hidden: object) -> None:
    with refuses("DomainClassifierHead", "hidden", "a positive int", "hidden=64"):
        DomainClassifierHead(in_spec=_SPEC, hidden=hidden)  # type: ignore[arg-type]  # the refused value


def test_wrong_channels_is_a_shape_error() -> None:
    head = DomainClassifierHead(in_spec=_SPEC)
    features = [torch.rand(1, 8, 8, 8), torch.rand(1, 16, 4, 4), torch.rand(1, 64, 2, 2)]
    with pytest.raises(ShapeError, match=r"DomainClassifierHead\.forward.*\n.*C5 has 64 channels"):
        head(features)
