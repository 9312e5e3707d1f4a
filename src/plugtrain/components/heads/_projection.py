"""ProjectionHead: global average pool of one pyramid level, then SimCLR's MLP.

The ``projection`` head of the ``contrastive`` task. SimCLR computes its loss on these
projections but keeps the pooled features before them (the representation a linear probe
or a later detector uses): the MLP absorbs what the augmentations make the loss discard.
"""

from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.components.heads._level import level_index
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["ProjectionHead"]


def _positive(argument: str, value: int, example: int) -> int:
    if not is_int(value) or value < 1:
        raise invalid_argument(
            "ProjectionHead",
            argument,
            received=value,
            expected="a positive int",
            fix=f"pass e.g. {argument}={example}",
        )
    return value


@final
class ProjectionHead(nn.Module):
    """Level ``level`` of ``in_spec`` (default the last) pooled to ``(batch, channels)``, then
    Linear-BN-ReLU-Linear to ``(batch, out_dim)``.

    :meth:`pooled` gives the representation, :meth:`forward` its projection.
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        hidden_dim: int = 256,
        out_dim: int = 64,
        level: str | None = None,
    ) -> None:
        super().__init__()
        index = level_index(in_spec, level, consumer="ProjectionHead")
        hidden = _positive("hidden_dim", hidden_dim, 256)
        out = _positive("out_dim", out_dim, 64)
        self._in_spec: Final = in_spec
        self._index: Final = index
        self.level: Final = in_spec.names[index]
        self.feature_dim: Final = in_spec.levels[index].channels
        self.out_dim: Final = out
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.mlp = nn.Sequential(
            nn.Linear(self.feature_dim, hidden, bias=False),
            nn.BatchNorm1d(hidden),
            nn.ReLU(inplace=True),
            nn.Linear(hidden, out),
        )

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this head was built to take."""
        return self._in_spec

    @checked
    def pooled(self, features: FeatureMaps) -> Float[Tensor, "batch feature_dim"]:
        """The globally averaged level: ``(batch, in_spec.levels[level].channels)``."""
        check_feature_maps(component="ProjectionHead", features=features, spec=self._in_spec)
        pooled: Tensor = self.pool(features[self._index])
        return pooled.flatten(1)

    @checked
    def forward(self, features: FeatureMaps) -> Float[Tensor, "batch out_dim"]:
        """The projection the contrastive loss compares: ``(batch, out_dim)``."""
        projected: Tensor = self.mlp(self.pooled(features))
        return projected
