"""A torchvision classification model named by a config, checked against torchvision's list.

The name is looked up in ``torchvision.models.list_models(module=torchvision.models)``
(classification models only); nothing is imported by a dotted path and no weights are
downloaded (``weights=None``: random initialisation).
"""

import difflib

import torchvision.models
from torch import nn

from plugtrain.errors import ArgumentError

__all__ = ["torchvision_model"]


def torchvision_model(name: str) -> nn.Module:
    """The randomly initialised torchvision classification model ``name`` (on the current
    default device: under ``torch.device("meta")`` it allocates nothing).

    ``ArgumentError`` (part ``TorchvisionBackbone``, argument ``model``) for a name
    torchvision does not know, with the nearest names.
    """
    known = torchvision.models.list_models(module=torchvision.models)
    if name not in known:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise ArgumentError(
            part="TorchvisionBackbone",
            argument="model",
            received=name,
            expected="the name of a torchvision classification model",
            fix=f"{hint}see torchvision.models.list_models()",
        )
    return torchvision.models.get_model(name, weights=None)
