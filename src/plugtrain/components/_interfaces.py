"""The interfaces of detector parts: a Backbone makes a pyramid, a Neck remakes one.

Features travel between parts as a list of tensors in the order of the producer's
``feature_spec.levels`` (finest first). Implementations are ``@final`` subclasses that
declare their spec from constructor arguments alone, and check their ``forward`` with
``@checked``.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.structures import FeatureSpec

__all__ = ["Backbone", "FeatureMaps", "Neck", "WeightsTarget"]

FeatureMaps = list[Float[Tensor, "batch _ _ _"]]
"""Per-level feature maps, one per FeatureSpec level, finest first; batch agrees across levels."""


def _keeps_every_key(_key: str) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class WeightsTarget:
    """Where a backbone's weights file loads: ``module`` (the backbone or its inner
    network), ``ignore(key)`` for file keys the part deliberately lacks, and the ``part``
    named in errors."""

    module: nn.Module
    part: str
    ignore: Callable[[str], bool] = _keeps_every_key


class Backbone(nn.Module, ABC):
    """Images in, a feature pyramid out.

    ``forward(images: (batch, 3, height, width)) -> FeatureMaps`` whose levels match
    ``feature_spec`` (channels, and spatial size ``ceil(size / stride)`` for inputs padded to
    a multiple of the largest stride).
    """

    @property
    @abstractmethod
    def feature_spec(self) -> FeatureSpec:
        """The output levels, known before any tensor exists."""

    @abstractmethod
    def forward(self, images: Float[Tensor, "batch 3 height width"]) -> FeatureMaps:
        """Feature maps for a batch of normalised images."""

    def weights_target(self) -> WeightsTarget:
        """Where a weights file for this backbone loads: the whole backbone by default."""
        return WeightsTarget(module=self, part=type(self).__name__)


class Neck(nn.Module, ABC):
    """A feature pyramid in (the ``in_spec`` it was built for), another out."""

    @property
    @abstractmethod
    def in_spec(self) -> FeatureSpec:
        """The spec of the features this neck was built to take."""

    @property
    @abstractmethod
    def feature_spec(self) -> FeatureSpec:
        """The output levels, known before any tensor exists."""

    @abstractmethod
    def forward(self, features: FeatureMaps) -> FeatureMaps:
        """Remade feature maps, one per level of ``feature_spec``."""
