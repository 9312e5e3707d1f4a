from torch import nn

# Not imported by plugtrain: the type of BackboneWithFPN.body.
class IntermediateLayerGetter(nn.ModuleDict):
    return_layers: dict[str, str]
    def __init__(self, model: nn.Module, return_layers: dict[str, str]) -> None: ...
