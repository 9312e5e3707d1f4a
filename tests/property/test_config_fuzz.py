"""Fuzzed config text and overrides: the only outcomes are "valid" or plugtrain's issues.

Every edit of the reference config (tricky values, deleted or repeated lines, random
characters, indentation) and every odd override must end in a ``ValidationReport`` whose
issues are config issues, never an exception and never plugtrain's ``internal-error``
(which the CLI uses for a bug); an invalid report raises only ``ConfigError``.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings

from plugtrain.errors import ConfigError
from plugtrain.validation import ValidationReport, validate_config_text
from tests.strategies import config_overrides, edited_config_text

REFERENCE = (Path(__file__).resolve().parents[2] / "configs" / "shapes_fcos.yaml").read_text()


def _assert_clean(report: ValidationReport) -> None:
    assert all(issue.code != "internal-error" for issue in report.issues), report.issues
    if report.ok:
        assert report.raise_if_invalid() is not None
        return
    with pytest.raises(ConfigError) as raised:
        report.raise_if_invalid()
    assert raised.value.issues


@settings(max_examples=300, deadline=None)
@given(edited_config_text(REFERENCE))
def test_edited_config_text_is_valid_or_config_issues(text: str) -> None:
    _assert_clean(validate_config_text(text, file="fuzz.yaml", dry_run=False))


@settings(max_examples=200, deadline=None)
@given(config_overrides())
def test_odd_overrides_are_valid_or_config_issues(overrides: list[str]) -> None:
    _assert_clean(
        validate_config_text(REFERENCE, file="fuzz.yaml", overrides=overrides, dry_run=False)
    )
