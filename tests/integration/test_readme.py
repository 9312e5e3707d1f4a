"""The README's example runs verbatim, and its two quick-start commands are what CI runs."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_readme_example_builds_a_detector_and_prints_detections(
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks, "README.md has no python example"
    example = blocks[0]
    assert len(example.strip().splitlines()) <= 11
    exec(compile(example, "README.md", "exec"), {})  # the README's own example
    printed = capsys.readouterr().out
    assert printed.startswith("Detections(boxes=tensor(")


def test_ci_runs_the_readme_check_command_verbatim() -> None:
    commands = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)
    check = [
        line
        for block in commands
        for line in block.splitlines()
        if "nox" in line and not line.startswith("#")
    ]
    assert check, "README.md has no check command"
    assert check[0] in (ROOT / ".ci" / "run").read_text()
