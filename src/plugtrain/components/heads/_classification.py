"""ClassificationHead: global average pool of one pyramid level, dropout, a linear layer."""

from typing import Final, final

from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.components._arguments import invalid_argument, is_int
from plugtrain.components._feature_checks import check_feature_maps
from plugtrain.components._interfaces import FeatureMaps
from plugtrain.errors import CompatibilityError
from plugtrain.structures import FeatureSpec
from plugtrain.typing import checked

__all__ = ["ClassificationHead"]


@final
class ClassificationHead(nn.Module):
    """Class logits from level ``level`` of ``in_spec`` (default: the last, coarsest one).

    ``forward(features) -> (batch, num_classes)`` unnormalised logits; ``dropout`` (in
    [0, 1)) zeroes pooled features in training mode.
    """

    def __init__(
        self,
        *,
        in_spec: FeatureSpec,
        num_classes: int,
        level: str | None = None,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        if not is_int(num_classes) or num_classes < 1:
            raise invalid_argument(
                "ClassificationHead",
                "num_classes",
                received=num_classes,
                expected="a positive int (the number of classes)",
                fix="pass the number of classes of your data set",
            )
        if not _is_probability_below_one(dropout):
            raise invalid_argument(
                "ClassificationHead",
                "dropout",
                received=dropout,
                expected="a probability in [0, 1)",
                fix="pass dropout=0.0 for none, e.g. 0.2 for some",
            )
        chosen = in_spec.names[-1] if level is None else level
        if chosen not in in_spec.names:
            raise CompatibilityError(
                problem=f"ClassificationHead reads level {chosen!r}, which the backbone does not "
                "produce",
                producer=f"backbone: {in_spec}",
                consumer=f"ClassificationHead(level={chosen!r})",
                fix=f"pass level= one of {list(in_spec.names)}, or None for the last level",
            )
        self._in_spec: Final = in_spec
        self._index: Final = in_spec.names.index(chosen)
        self.level: Final = chosen
        self.num_classes: Final = num_classes
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(float(dropout))
        self.fc = nn.Linear(in_spec.levels[self._index].channels, num_classes)

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this head was built to take."""
        return self._in_spec

    @checked
    def forward(self, features: FeatureMaps) -> Float[Tensor, "batch classes"]:
        check_feature_maps(component="ClassificationHead", features=features, spec=self._in_spec)
        pooled: Tensor = self.pool(features[self._index])
        logits: Tensor = self.fc(self.dropout(pooled.flatten(1)))
        return logits


def _is_probability_below_one(value: object) -> bool:
    """A real number in [0, 1) (``True`` is not a probability); users may pass anything."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 <= value < 1.0
