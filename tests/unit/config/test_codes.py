"""Every issue code has one severity, and the docs show the table the code uses."""

import re
from pathlib import Path

from plugtrain.config import ISSUE_CODES, ISSUE_SEVERITY, Finding, issue_severity

ROOT = Path(__file__).resolve().parents[3]


def test_every_code_has_a_severity_and_a_meaning() -> None:
    assert set(ISSUE_SEVERITY) == set(ISSUE_CODES)
    assert set(ISSUE_SEVERITY.values()) == {"error", "warning"}


def test_a_finding_takes_the_severity_of_its_code() -> None:
    assert Finding(("train", "scheduler"), "schedule", "m").severity == "warning"
    assert Finding(("data", "batch_size"), "batch-size", "m").severity == "warning"
    assert Finding(("model",), "incompatible-parts", "m").severity == "error"
    assert issue_severity("a-code-nobody-registered") == "error"


def test_the_config_guide_lists_every_code_with_its_severity() -> None:
    docs = (ROOT / "docs" / "config.md").read_text()
    section = docs.split("## Severity", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|$", section, re.MULTILINE))
    assert table == ISSUE_SEVERITY


def test_the_error_reference_names_the_warning_codes() -> None:
    docs = (ROOT / "docs" / "errors.md").read_text()
    (row,) = re.findall(r"^\| warning \| (.*) \|$", docs, re.MULTILINE)
    warnings = {code for code, severity in ISSUE_SEVERITY.items() if severity == "warning"}
    assert set(re.findall(r"`([a-z-]+)`", row)) == warnings
