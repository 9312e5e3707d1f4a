"""The example of docs/two_stage.md runs as written and prints what the page says."""

import re
from pathlib import Path

import pytest

_DOC = Path(__file__).resolve().parents[2] / "docs" / "two_stage.md"
_PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", _DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(_PYTHON_BLOCKS) == 1
    exec(compile(_PYTHON_BLOCKS[0], f"{_DOC}:block0", "exec"), {})
    printed = capsys.readouterr().out
    assert "32x7x7 per region" in printed
    assert "['roi_box', 'roi_classification', 'rpn_box', 'rpn_objectness']" in printed
    assert "2 images" in printed
