"""find_first_nonfinite: the first module whose output is NaN or infinite."""

import pytest
import torch
from torch import Tensor, nn

from plugtrain.components import TinyBackbone
from plugtrain.diagnostics import NonFiniteReport, find_first_nonfinite


class _Log(nn.Module):
    """log(x - 10): NaN for the inputs in these tests."""

    def forward(self, x: Tensor) -> Tensor:
        return torch.log(x - 10)


class _Explode(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x / 0.0


def _model() -> nn.Sequential:
    return nn.Sequential(
        nn.Linear(4, 6), nn.Sequential(nn.ReLU(), _Log(), nn.Linear(6, 2)), nn.Softmax(dim=1)
    )


def test_names_the_module_in_the_middle_that_made_the_nan() -> None:
    model = _model()
    images = torch.rand(3, 4)
    report = find_first_nonfinite(model, lambda: model(images))
    assert report == NonFiniteReport(
        path="1.1",
        module_type="_Log",
        input_shapes=((3, 6),),
        output_shapes=((3, 6),),
        inputs_finite=True,
        nan_count=18,
        inf_count=0,
        call_index=2,
    )
    assert report is not None
    assert report.describe() == (
        "first non-finite output: 1.1 (_Log), module call #2\n"
        "  inputs:  (3, 6)\n"
        "  outputs: (3, 6) (18 NaN, 0 Inf)\n"
        "  its inputs were finite, so this module made them"
    )


def test_infinities_count_too() -> None:
    model = nn.Sequential(nn.Linear(2, 2), _Explode(), nn.Linear(2, 2))
    report = find_first_nonfinite(model, lambda: model(torch.ones(1, 2)))
    assert report is not None
    assert (report.path, report.module_type) == ("1", "_Explode")
    assert report.nan_count + report.inf_count == 2
    assert report.inf_count >= 1


def test_non_finite_input_is_blamed_on_the_data() -> None:
    model = _model()
    images = torch.rand(3, 4)
    images[1, 2] = float("nan")
    report = find_first_nonfinite(model, lambda: model(images))
    assert report is not None
    assert report.path == "0"
    assert not report.inputs_finite
    assert "the data fed to the model holds NaN/Inf" in report.describe()


def test_finite_run_gives_none_and_leaves_no_hooks() -> None:
    model = nn.Sequential(nn.Linear(4, 2), nn.ReLU())
    assert find_first_nonfinite(model, lambda: model(torch.rand(2, 4))) is None
    assert bool(model(torch.full((2, 4), torch.inf)).isnan().any())  # no hook stops it now


def test_hooks_are_removed_when_the_run_fails() -> None:
    model = nn.Sequential(nn.Linear(4, 2))
    with pytest.raises(RuntimeError, match="mat1 and mat2"):
        find_first_nonfinite(model, lambda: model(torch.rand(2, 5)))
    assert bool(model(torch.full((2, 4), torch.nan)).isnan().all())  # no hook stops it now


def test_the_run_stops_even_if_user_code_catches_exceptions() -> None:
    model = _model()
    after: list[str] = []

    def run() -> None:
        try:
            model(torch.rand(2, 4))
        except Exception:
            after.append("swallowed")
        after.append("continued")

    report = find_first_nonfinite(model, run)
    assert report is not None
    assert report.path == "1.1"
    assert after == []


def test_finds_a_poisoned_weight_inside_a_plugtrain_backbone() -> None:
    backbone = TinyBackbone(channels=(4, 6, 8, 8)).eval()
    with torch.no_grad():
        backbone.get_parameter("stages.1.0.0.weight")[0, 0, 0, 0] = float("inf")
    report = find_first_nonfinite(backbone, lambda: backbone(torch.rand(1, 3, 64, 64)))
    assert report is not None
    assert report.where == "stages.1.0.0 (Conv2d)"
    assert report.input_shapes == ((1, 4, 16, 16),)
    assert report.output_shapes == ((1, 6, 8, 8),)
    assert report.inputs_finite


def test_the_model_itself_is_reported_as_model() -> None:
    class Whole(nn.Module):
        def forward(self, x: Tensor) -> Tensor:
            return x * float("nan")

    model = Whole()
    report = find_first_nonfinite(model, lambda: model(torch.ones(2)))
    assert report is not None
    assert report.where == "<model> (Whole)"
