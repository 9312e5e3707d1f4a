"""A torchvision classification model named by a config, checked against torchvision's list.

The name is looked up in ``torchvision.models.list_models(module=torchvision.models)``
(classification models only); nothing is imported by a dotted path and no weights are
downloaded (``weights=None``: random initialisation).
"""

import difflib
from typing import TYPE_CHECKING

from plugtrain.config import TorchvisionBackboneConfig
from plugtrain.errors import ConfigError, ConfigIssue

if TYPE_CHECKING:
    from torch import nn

__all__ = ["torchvision_backbone_model"]


def torchvision_backbone_model(config: TorchvisionBackboneConfig) -> "nn.Module":
    """The randomly initialised torchvision model ``config.model`` (on the current default
    device: build it under ``torch.device("meta")`` to allocate nothing).

    ``ConfigError`` (loc ``TorchvisionBackbone.model``) for a name torchvision does not
    know, with the nearest names.
    """
    import torchvision.models

    known = torchvision.models.list_models(module=torchvision.models)
    if config.model not in known:
        close = difflib.get_close_matches(config.model, known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ConfigError(
            [
                ConfigIssue(
                    loc="TorchvisionBackbone.model",
                    code="value",
                    message=f"'{config.model}' is not a torchvision classification model{hint} "
                    f"(see torchvision.models.list_models())",
                )
            ]
        )
    return torchvision.models.get_model(config.model, weights=None)
