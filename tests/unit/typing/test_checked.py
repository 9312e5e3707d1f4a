"""``checked`` turns every shape/dtype/type violation into a ShapeError that says where."""

import subprocess
import sys
from dataclasses import dataclass

import pytest
import torch
from jaxtyping import Float, Int64
from torch import Tensor, nn

from plugtrain.errors import PlugtrainError, ShapeError
from plugtrain.typing import Image, checked, checked_dataclass, checks_disabled, checks_enabled


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 3, padding=1)

    @checked
    def forward(
        self, images: Float[Tensor, "batch 3 h w"], weights: Float[Tensor, "batch k"]
    ) -> Float[Tensor, "batch 3 h w"]:
        out: Tensor = self.conv(images)
        return out * weights.mean()


class Parent(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.stages = nn.ModuleList([Block()])

    @checked
    def forward(self, images: Float[Tensor, "batch 3 h w"]) -> Float[Tensor, "batch 3 h w"]:
        block = self.stages[0]
        out: Tensor = block(images, torch.ones(images.shape[0] + 1, 2))
        return out


class WrongReturn(nn.Module):
    @checked
    def forward(self, x: Float[Tensor, "batch n"]) -> Float[Tensor, "batch n"]:
        return x[:1]


@checked
def stack_images(images: list[Image]) -> Float[Tensor, "batch 3 height width"]:
    return torch.stack(images)


@checked
def per_level(features: dict[str, Float[Tensor, "batch _ _ _"]]) -> int:
    return len(features)


@checked
def return_list(count: int) -> list[Float[Tensor, " n"]]:
    return [torch.zeros(2) for _ in range(count)] + [torch.zeros(2, 2)]


def test_valid_call_passes_and_returns_result() -> None:
    out = Block()(torch.rand(2, 3, 8, 8), torch.rand(2, 5))
    assert out.shape == (2, 3, 8, 8)


def test_axis_disagreeing_across_arguments_names_class_axis_and_both_sizes() -> None:
    with pytest.raises(ShapeError) as caught:
        Block()(torch.rand(2, 3, 8, 8), torch.rand(3, 5))
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, PlugtrainError)
    assert error.component == "Block"
    assert error.method == "forward"
    assert error.argument == "weights"
    assert error.bindings == {"batch": "2", "h": "8", "w": "8"}
    text = str(error)
    assert "Block.forward: argument 'weights'" in text
    assert "the size of dimension batch is 3 which does not equal the existing value of 2" in text
    assert "received: Tensor shape=(3, 5) dtype=float32 device=cpu" in text
    assert "expected: Float[Tensor, 'batch k']" in text
    assert "axis 'batch' was bound to 2 by an earlier argument but is 3 here" in text


def test_wrong_rank() -> None:
    with pytest.raises(ShapeError) as caught:
        Block()(torch.rand(3, 8, 8), torch.rand(2, 5))
    assert caught.value.argument == "images"
    assert "this array has 3 dimensions, not the 4 expected" in str(caught.value)
    assert "x.unsqueeze(0)" in str(caught.value)


def test_wrong_fixed_axis() -> None:
    with pytest.raises(ShapeError, match="dimension size 4 does not equal 3") as caught:
        Block()(torch.rand(2, 4, 8, 8), torch.rand(2, 5))
    assert "that axis must have exactly 3 entries, not 4" in str(caught.value)


def test_wrong_dtype() -> None:
    with pytest.raises(ShapeError, match="this array has dtype int64") as caught:
        Block()(torch.zeros(2, 3, 8, 8, dtype=torch.int64), torch.rand(2, 5))
    assert "x.float()" in str(caught.value)


def test_not_a_tensor() -> None:
    with pytest.raises(ShapeError, match=r"pass a torch\.Tensor"):
        Block()([[1.0]], torch.rand(2, 5))


def test_wrong_return_shape() -> None:
    with pytest.raises(ShapeError) as caught:
        WrongReturn()(torch.rand(4, 2))
    assert caught.value.argument == "return"
    assert "WrongReturn.forward: return value has the wrong shape" in str(caught.value)
    assert "size of dimension batch is 1 which does not equal the existing value of 4" in str(
        caught.value
    )


def test_component_path_inside_parent_model() -> None:
    with pytest.raises(ShapeError) as caught:
        Parent()(torch.rand(2, 3, 8, 8))
    assert caught.value.component == "parent.stages.0 (Block)"
    assert str(caught.value).startswith("[PT200] parent.stages.0 (Block).forward")


@pytest.mark.parametrize("bad_index", [0, 3, 5])
def test_every_list_element_is_checked(bad_index: int) -> None:
    images = [torch.rand(3, 8, 8) for _ in range(6)]
    images[bad_index] = torch.rand(3, 9, 8)
    for _ in range(20):  # beartype alone would catch this about 1 time in 6
        with pytest.raises(ShapeError) as caught:
            stack_images(images)
        if bad_index == 0:
            assert caught.value.argument.startswith("images[")
        else:
            assert caught.value.argument == f"images[{bad_index}]"


def test_list_function_names_module_and_function() -> None:
    with pytest.raises(ShapeError) as caught:
        stack_images([torch.rand(3, 8, 8), torch.rand(8, 8)])
    assert caught.value.component == __name__
    assert caught.value.method == "stack_images"
    assert f"{__name__}.stack_images: argument 'images[1]'" in str(caught.value)


def test_every_dict_value_is_checked() -> None:
    features = {f"P{i}": torch.rand(2, 4, 4, 4) for i in range(5)}
    assert per_level(features) == 5
    features["P4"] = torch.rand(3, 4, 4, 4)
    with pytest.raises(ShapeError) as caught:
        per_level(features)
    assert caught.value.argument in {"features['P4']", *(f"features['P{i}']" for i in range(4))}


def test_every_returned_list_element_is_checked() -> None:
    with pytest.raises(ShapeError) as caught:
        return_list(4)
    assert caught.value.argument == "return[4]"
    assert "this array has 2 dimensions, not the 1 expected" in str(caught.value)


def test_non_tensor_argument_type_is_checked() -> None:
    with pytest.raises(ShapeError, match="argument 'count'"):
        return_list("4")  # type: ignore[arg-type]  # the point of the test


def test_checks_disabled_context_skips_and_restores() -> None:
    assert checks_enabled()
    with checks_disabled():
        assert not checks_enabled()
        out = Block()(torch.rand(2, 3, 8, 8), torch.rand(3, 5))  # would fail when checked
        assert out.shape == (2, 3, 8, 8)
    assert checks_enabled()
    with pytest.raises(ShapeError):
        Block()(torch.rand(2, 3, 8, 8), torch.rand(3, 5))


def test_checks_disabled_restores_after_exception() -> None:
    with pytest.raises(RuntimeError), checks_disabled():
        raise RuntimeError("boom")
    assert checks_enabled()


def test_nested_checks_disabled_keeps_outer_state() -> None:
    with checks_disabled():
        with checks_disabled():
            pass
        assert not checks_enabled()
    assert checks_enabled()


@checked_dataclass
@dataclass(frozen=True)
class Pair:
    boxes: Float[Tensor, "num 4"]
    labels: Int64[Tensor, " num"]


def test_checked_dataclass_checks_fields_on_construction() -> None:
    pair = Pair(boxes=torch.zeros(3, 4), labels=torch.zeros(3, dtype=torch.int64))
    assert pair.boxes.shape == (3, 4)
    with pytest.raises(ShapeError) as caught:
        Pair(boxes=torch.zeros(3, 4), labels=torch.zeros(2, dtype=torch.int64))
    assert caught.value.component == "Pair"
    assert caught.value.method == "__init__"
    assert caught.value.argument == "labels"


def test_wrapper_keeps_name_docs_and_signature() -> None:
    assert stack_images.__name__ == "stack_images"
    assert Block.forward.__qualname__ == "Block.forward"


def test_each_wrapper_has_its_own_code_object() -> None:
    codes = {fn.__code__ for fn in (stack_images, per_level, return_list)}
    assert len(codes) == 3


def test_env_switch_off_returns_the_undecorated_function() -> None:
    program = (
        "import torch\n"
        "from jaxtyping import Float\n"
        "from plugtrain.typing import checked, checks_enabled, CHECKS_AT_IMPORT\n"
        "def f(x: Float[torch.Tensor, 'n']) -> Float[torch.Tensor, 'n']:\n"
        "    return x\n"
        "print(checked(f) is f, CHECKS_AT_IMPORT, checks_enabled())\n"
        "print(f(torch.zeros(2, 2)).shape)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={"PLUGTRAIN_CHECKS": "0", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == ["True False False", "torch.Size([2, 2])"]
