from torch import nn

class MultiScaleRoIAlign(nn.Module):
    featmap_names: list[str]
    sampling_ratio: int
    output_size: tuple[int, ...]
    scales: list[float] | None
    canonical_scale: int
    canonical_level: int
    def __init__(
        self,
        featmap_names: list[str],
        # torchvision annotates tuple[int], but takes any length (its own heads pass 7 or (7, 7))
        output_size: int | tuple[int, ...] | list[int],
        sampling_ratio: int,
        *,
        canonical_scale: int = 224,
        canonical_level: int = 4,
    ) -> None: ...
