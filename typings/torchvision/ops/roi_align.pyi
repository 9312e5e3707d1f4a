from torch import Tensor

# torchvision annotates output_size as torch.jit's BroadcastingList2[int]: an int or two ints.
def roi_align(
    input: Tensor,
    boxes: Tensor | list[Tensor],
    output_size: int | tuple[int, int] | list[int],
    spatial_scale: float = 1.0,
    sampling_ratio: int = -1,
    aligned: bool = False,
) -> Tensor: ...
