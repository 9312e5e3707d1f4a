"""ClassificationHead: global average pool of one pyramid level, then a linear layer."""

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

    ``forward(features) -> (batch, num_classes)`` unnormalised logits.
    """

    def __init__(self, *, in_spec: FeatureSpec, num_classes: int, level: str | None = None) -> None:
        super().__init__()
        if not is_int(num_classes) or num_classes < 1:
            raise invalid_argument(
                "ClassificationHead",
                "num_classes",
                received=num_classes,
                expected="a positive int (the number of classes)",
                fix="pass the number of classes of your data set",
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
        self.fc = nn.Linear(in_spec.levels[self._index].channels, num_classes)

    @property
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this head was built to take."""
        return self._in_spec

    @checked
    def forward(self, features: FeatureMaps) -> Float[Tensor, "batch classes"]:
        check_feature_maps(component="ClassificationHead", features=features, spec=self._in_spec)
        pooled: Tensor = self.pool(features[self._index])
        logits: Tensor = self.fc(pooled.flatten(1))
        return logits
