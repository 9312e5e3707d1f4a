from torch import nn

class GeneralizedRCNN(nn.Module):
    transform: nn.Module
    backbone: nn.Module
    rpn: nn.Module
    roi_heads: nn.Module
    def __init__(
        self, backbone: nn.Module, rpn: nn.Module, roi_heads: nn.Module, transform: nn.Module
    ) -> None: ...
