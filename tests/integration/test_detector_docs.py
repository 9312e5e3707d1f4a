"""The examples of docs/detector.md run verbatim (the README shows the first one)."""

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "detector.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_ten_line_example_prints_detections() -> None:
    example = _python_blocks()[0]
    lines = [line for line in example.splitlines() if line.strip()]
    assert len(lines) <= 11, example
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(example, str(DOC), "exec"), {})
    printed = output.getvalue()
    assert printed.startswith("Detections(boxes=tensor(")
    assert "scores=tensor(" in printed
    assert "labels=tensor(" in printed


def test_the_other_examples_run_after_it() -> None:
    namespace: dict[str, object] = {}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        for block in _python_blocks():
            exec(compile(block, str(DOC), "exec"), namespace)
    assert "'total':" in output.getvalue()
    assert type(namespace["detector"]).__name__ == "Detector"
