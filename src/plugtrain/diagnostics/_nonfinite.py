"""Find the first module whose output holds a NaN or an infinity.

A NaN loss says nothing about where the NaN came from. ``find_first_nonfinite`` hooks
every submodule, runs the model once and reports the first module, in the order modules
finish their forward (inner modules before the module that contains them), whose output
is not finite, with its input and output shapes.
"""

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import cast

import torch
from torch import Tensor, nn
from torch.utils.hooks import RemovableHandle

__all__ = ["NonFiniteReport", "find_first_nonfinite"]

Shape = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NonFiniteReport:
    """Where the first non-finite value appeared.

    ``path``: the module's dotted path inside the model (``""`` for the model itself);
    ``module_type``: its class name; ``input_shapes`` / ``output_shapes``: shapes of the
    tensors it took and returned (nested containers flattened, in order);
    ``inputs_finite``: whether all its floating-point inputs were finite (``False``
    means the non-finite values came in from outside, e.g. the data);
    ``nan_count`` / ``inf_count``: non-finite entries in its outputs; ``call_index``: how
    many module calls finished before it in this run.
    """

    path: str
    module_type: str
    input_shapes: tuple[Shape, ...]
    output_shapes: tuple[Shape, ...]
    inputs_finite: bool
    nan_count: int
    inf_count: int
    call_index: int

    @property
    def where(self) -> str:
        """``path (Class)``, or ``<model> (Class)`` for the model itself."""
        return f"{self.path or '<model>'} ({self.module_type})"

    def describe(self) -> str:
        """A few lines for a log or an error message."""
        origin = (
            "its inputs were finite, so this module made them"
            if self.inputs_finite
            else "its inputs were already non-finite: the data fed to the model holds NaN/Inf"
        )
        return (
            f"first non-finite output: {self.where}, module call #{self.call_index}\n"
            f"  inputs:  {_shapes(self.input_shapes)}\n"
            f"  outputs: {_shapes(self.output_shapes)} ({self.nan_count} NaN, "
            f"{self.inf_count} Inf)\n"
            f"  {origin}"
        )


def _shapes(shapes: tuple[Shape, ...]) -> str:
    return ", ".join(str(shape) for shape in shapes) if shapes else "(no tensors)"


def _tensors(value: object) -> Iterator[Tensor]:
    """Tensors inside ``value``: lists, tuples, dicts and dataclasses are searched."""
    if isinstance(value, Tensor):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in cast(list[object] | tuple[object, ...], value):
            yield from _tensors(item)
    elif isinstance(value, Mapping):
        for item in cast(Mapping[object, object], value).values():
            yield from _tensors(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _tensors(getattr(value, field.name))


def _floating(tensors: list[Tensor]) -> list[Tensor]:
    return [t for t in tensors if t.is_floating_point() or t.is_complex()]


def _all_finite(tensors: list[Tensor]) -> bool:
    return all(bool(torch.isfinite(t.detach()).all()) for t in _floating(tensors))


class _Found(BaseException):
    """Stops the run at the first non-finite output (a BaseException: user code that
    catches ``Exception`` must not swallow it)."""

    def __init__(self, report: NonFiniteReport) -> None:
        super().__init__(report.describe())
        self.report = report


def find_first_nonfinite(model: nn.Module, run: Callable[[], object]) -> NonFiniteReport | None:
    """Run ``run()`` with forward hooks on every submodule of ``model``; stop at the first
    module whose output holds a NaN or an infinity and report it, or return ``None``.

    ``run`` is whatever reproduces the problem (``lambda: model.loss(images, targets)``);
    the run stops at the first non-finite output, so later code never sees it. Each hook
    costs a finiteness check, so call this to diagnose a failure, not on every step.
    Hooks are removed afterwards, also when ``run`` raises. Pass the eager model: modules
    inside a ``torch.compile``d graph do not call their hooks one by one.
    """
    calls = [0]

    def make_hook(path: str) -> Callable[[nn.Module, tuple[object, ...], object], None]:
        def hook(module: nn.Module, inputs: tuple[object, ...], output: object) -> None:
            calls[0] += 1
            outputs = _floating(list(_tensors(output)))
            bad = [t.detach() for t in outputs if not bool(torch.isfinite(t.detach()).all())]
            if not bad:
                return
            input_tensors = list(_tensors(inputs))
            raise _Found(
                NonFiniteReport(
                    path=path,
                    module_type=type(module).__name__,
                    input_shapes=tuple(tuple(t.shape) for t in input_tensors),
                    output_shapes=tuple(tuple(t.shape) for t in _tensors(output)),
                    inputs_finite=_all_finite(input_tensors),
                    nan_count=sum(int(torch.isnan(t).sum()) for t in bad),
                    inf_count=sum(int(torch.isinf(t).sum()) for t in bad),
                    call_index=calls[0] - 1,
                )
            )

        return hook

    handles: list[RemovableHandle] = [
        module.register_forward_hook(make_hook(path))
        for path, module in cast(Iterator[tuple[str, nn.Module]], model.named_modules())
    ]
    try:
        run()
    except _Found as found:
        return found.report
    finally:
        for handle in handles:
            handle.remove()
    return None
