import PIL.Image
import numpy as np
import torch
from _typeshed import Incomplete
from torchvision import tv_tensors as tv_tensors

@torch.jit.unused
def to_image(inpt: torch.Tensor | PIL.Image.Image | np.ndarray) -> tv_tensors.Image: ...

to_pil_image: Incomplete
pil_to_tensor: Incomplete
