"""DomainClassifierHead: which domain (source or target) a feature map came from.

The adversary of domain-adversarial training (Ganin & Lempitsky, 2015): global average
pool of one level, then a small MLP to one logit. A model puts a ``GradientReversal``
layer in front of it, so the features learn to fool it.
"""

from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.errors import CompatibilityError
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["DomainClassifierHead"]


@final
class DomainClassifierHead(nn.Module):
    """A target-domain logit from level ``level`` of ``in_spec`` (default: the last one).

    ``forward(features) -> (batch,)``: positive means "target", negative "source"
    (``sigmoid`` of it is the probability of the target domain). The MLP is
    ``Linear(channels, hidden) -> ReLU -> Linear(hidden, 1)``.
    """

    def __init__(self, *, in_spec: FeatureSpec, hidden: int = 64, level: str | None = None) -> None:
        super().__init__()
        if not is_int(hidden) or hidden < 1:
            raise invalid_argument(
                "DomainClassifierHead",
                "hidden",
                received=hidden,
                expected="a positive int (the width of the hidden layer)",
                fix="pass e.g. hidden=64",
            )
        chosen = in_spec.names[-1] if level is None else level
        if chosen not in in_spec.names:
            raise CompatibilityError(
                problem=f"DomainClassifierHead reads level {chosen!r}, which the backbone does "
                "not produce",
                producer=f"backbone: {in_spec}",
                consumer=f"DomainClassifierHead(level={chosen!r})",
                fix=f"pass level= one of {list(in_spec.names)}, or None for the last level",
            )
        self._in_spec: Final = in_spec
        self._index: Final = in_spec.names.index(chosen)
        self.level: Final = chosen
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.mlp = nn.Sequential(
            nn.Linear(in_spec.levels[self._index].channels, hidden),
            nn.ReLU(inplace=True),
            nn.Linear(hidden, 1),
        )

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this head was built to take."""
        return self._in_spec

    @checked
    def forward(self, features: FeatureMaps) -> Float[Tensor, " batch"]:
        check_feature_maps(component="DomainClassifierHead", features=features, spec=self._in_spec)
        pooled: Tensor = self.pool(features[self._index])
        logits: Tensor = self.mlp(pooled.flatten(1))
        return logits.squeeze(1)
