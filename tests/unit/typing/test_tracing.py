"""Checked modules under torch.compile and torch.export: no graph breaks, no false errors."""

import pytest
import torch
import torch._dynamo
from jaxtyping import Float
from torch import Tensor, nn

from plugtrain.errors import ShapeError
from plugtrain.typing import checked


class ConvBlock(nn.Module):
    def __init__(self, channels: int = 4, offset: float = 0.0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.offset = offset

    @checked
    def forward(self, x: Float[Tensor, "batch c h w"]) -> Float[Tensor, "batch c h w"]:
        y: Tensor = self.conv(x)
        return torch.relu(y) + self.offset


class Stack(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.blocks = nn.Sequential(ConvBlock(), ConvBlock())

    @checked
    def forward(
        self, x: Float[Tensor, "batch 4 h w"], scale: Float[Tensor, " batch"]
    ) -> list[Float[Tensor, "batch 4 h w"]]:
        y: Tensor = self.blocks(x)
        return [y, y * scale[:, None, None, None]]


def _inputs() -> tuple[Tensor, Tensor]:
    return torch.randn(2, 4, 8, 8), torch.rand(2)


def test_compile_fullgraph_has_no_graph_breaks_and_matches_eager() -> None:
    torch._dynamo.reset()
    model = Stack()
    x, scale = _inputs()
    explanation = torch._dynamo.explain(model)(x, scale)
    assert explanation.graph_break_count == 0
    assert explanation.graph_count == 1
    compiled = torch.compile(model, fullgraph=True)
    for got, want in zip(compiled(x, scale), model(x, scale), strict=True):
        torch.testing.assert_close(got, want)


def test_checks_still_run_in_eager_after_compiling() -> None:
    model = Stack()
    x, scale = _inputs()
    torch.compile(model, fullgraph=True)(x, scale)
    with pytest.raises(ShapeError) as caught:
        model(x, torch.rand(3))
    assert caught.value.argument == "scale"


def test_many_distinct_checked_functions_compile_without_hitting_the_recompile_limit() -> None:
    # jaxtyping's wrappers share one code object: the ninth distinct block would exceed
    # dynamo's recompile limit (8) and, with fullgraph=True, raise.
    torch._dynamo.reset()

    def make_block_class(index: int) -> type[nn.Module]:
        class Numbered(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.conv = nn.Conv2d(4, 4, 3, padding=1)

            @checked
            def forward(self, x: Float[Tensor, "b c h w"]) -> Float[Tensor, "b c h w"]:
                y: Tensor = self.conv(x)
                return y + index

        return Numbered

    x = torch.randn(1, 4, 8, 8)
    for index in range(12):
        block = make_block_class(index)()
        torch.testing.assert_close(torch.compile(block, fullgraph=True)(x), block(x))


def test_export_strict_and_non_strict_match_eager() -> None:
    model = ConvBlock().eval()
    x = torch.randn(2, 4, 8, 8)
    for strict in (True, False):
        program = torch.export.export(model, (x,), strict=strict)
        torch.testing.assert_close(program.module()(x), model(x))


def test_export_with_dynamic_batch() -> None:
    model = ConvBlock().eval()
    batch = torch.export.Dim("batch", min=1, max=16)
    program = torch.export.export(model, (torch.randn(2, 4, 8, 8),), dynamic_shapes=({0: batch},))
    x = torch.randn(5, 4, 8, 8)
    torch.testing.assert_close(program.module()(x), model(x))
