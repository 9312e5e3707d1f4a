"""What a model costs: FLOPs per image and peak activation memory, measured on the meta device.

Both figures come from one training-mode forward of the dense part (backbone -> neck ->
head) that the dry run already runs on meta tensors, so they need no memory, no values and
no second build:

* **FLOPs** are counted by :class:`torch.utils.flop_counter.FlopCounterMode`, which reads
  the shapes of every matrix product and convolution (a multiply-add counts as 2 FLOPs;
  normalisation, activation and elementwise ops are not counted, as in fvcore and
  torchvision's GFLOPS figures up to that factor of 2). The batch total is divided by the
  batch size.
* **Peak activation memory** is estimated as the bytes of the distinct tensors autograd
  saves for the backward pass during that forward (``torch.autograd.graph.
  saved_tensors_hooks``). They are all alive when the backward starts, which is where
  training memory peaks; frozen layers save nothing, as in a real run. Not counted: the
  parameters, their gradients and the optimiser state (see the parameter counts), the
  loss and target assignment (small next to the feature maps), and the allocator's
  fragmentation; read it as a lower bound to leave headroom above. Weights a layer saves
  for its backward are parameters, not activations, and are left out too.
* A two-stage detector's figures cover the backbone, the neck and the RPN head: the box
  head runs on sampled proposals, which need values the meta device does not have.
"""

from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, final

from plugtrain.errors import ArgumentError

if TYPE_CHECKING:  # torch is imported when a forward is measured: the report is torch-free
    from torch import Tensor

__all__ = ["CostMeter", "ModelCost", "measure_cost"]

_MIB: Final = 2**20


@dataclass(frozen=True, slots=True)
class ModelCost:
    """The cost of one training step's forward, per image and for the batch measured.

    ``flops_per_image``: FLOPs of one image's forward (multiply-add = 2).
    ``activation_mib_per_image`` / ``activation_peak_mib``: the saved-tensor estimate of
    peak activation memory in MiB, per image and for ``batch`` images.
    """

    flops_per_image: int
    activation_peak_mib: float
    activation_mib_per_image: float
    batch: int

    @property
    def gflops_per_image(self) -> float:
        """``flops_per_image`` in units of 10**9."""
        return self.flops_per_image / 1e9

    def to_json(self) -> dict[str, object]:
        return {
            "flops_per_image": self.flops_per_image,
            "gflops_per_image": round(self.gflops_per_image, 3),
            "activation_peak_mib": self.activation_peak_mib,
            "activation_mib_per_image": self.activation_mib_per_image,
            "batch": self.batch,
        }


@final
class CostMeter:
    """Collects the FLOPs and saved tensors of the forward run inside :func:`measure_cost`."""

    def __init__(self, batch: int) -> None:
        from torch.nn import Parameter

        self._parameter = Parameter
        self.batch = batch
        self.flops = 0
        # Keyed by id while the tensors are held here, so one tensor saved by two ops
        # (a ReLU output kept by the ReLU and by the next convolution) counts once.
        self._saved: dict[int, "Tensor"] = {}

    def pack(self, tensor: "Tensor") -> "Tensor":
        # Weights saved by a convolution are parameters (counted there), not activations.
        if not isinstance(tensor, self._parameter):
            self._saved.setdefault(id(tensor), tensor)
        return tensor

    def result(self) -> ModelCost:
        """The figures of the forward that ran; per image = batch figure / batch."""
        saved = sum(t.numel() * t.element_size() for t in self._saved.values())
        return ModelCost(
            flops_per_image=self.flops // self.batch,
            activation_peak_mib=round(saved / _MIB, 1),
            activation_mib_per_image=round(saved / _MIB / self.batch, 2),
            batch=self.batch,
        )


def _unpack(tensor: "Tensor") -> "Tensor":
    return tensor


@contextmanager
def measure_cost(batch: int) -> Generator[CostMeter]:
    """Count what the forward run inside costs; read ``meter.result()`` after the block.

    ``batch``: the images in that forward's input (to give per-image figures). Run the
    forward in training mode with gradients on (parameters that require them), or nothing
    is saved for a backward pass.
    """
    if batch < 1:
        raise ArgumentError(
            part="measure_cost",
            argument="batch",
            received=batch,
            expected="the number of images in the forward's input, at least 1",
            fix="pass the batch size of the forward being measured",
        )
    from torch.autograd.graph import saved_tensors_hooks
    from torch.utils.flop_counter import FlopCounterMode

    meter = CostMeter(batch)
    counter = FlopCounterMode(display=False)
    with counter, saved_tensors_hooks(meter.pack, _unpack):
        yield meter
    meter.flops = int(counter.get_total_flops())
