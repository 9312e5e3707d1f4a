"""The examples of docs/components.md run as written, and the error shown there is real."""

import re
from pathlib import Path

import pytest

from plugtrain.components import FPN, TinyBackbone
from plugtrain.errors import CompatibilityError

_DOC = Path(__file__).resolve().parents[2] / "docs" / "components.md"
_PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", _DOC.read_text(encoding="utf-8"), re.DOTALL)
_TEXT_BLOCKS = re.findall(r"```text\n(.*?)```", _DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_page_has_examples() -> None:
    assert len(_PYTHON_BLOCKS) == 5
    assert len(_TEXT_BLOCKS) == 1


@pytest.mark.parametrize("index", range(len(_PYTHON_BLOCKS)))
def test_example_runs(index: int, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(_PYTHON_BLOCKS[index], f"{_DOC}:block{index}", "exec"), {})
    if index == 0:
        printed = capsys.readouterr().out
        assert "[C3(32ch, stride 8), C4(64ch, stride 16), C5(128ch, stride 32)]" in printed
    if index == 2:
        assert "1 image detected" in capsys.readouterr().out
    if index == 4:
        assert "first non-finite output: head.fc (Linear)" in capsys.readouterr().out


def test_the_documented_wiring_error_is_the_real_one() -> None:
    with pytest.raises(CompatibilityError) as caught:
        FPN(in_spec=TinyBackbone(out_levels=(4, 5)).feature_spec, channels=64)
    assert str(caught.value) == _TEXT_BLOCKS[0].strip()
