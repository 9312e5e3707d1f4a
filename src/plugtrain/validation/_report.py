"""The outcome of ``plugtrain validate``: every issue, a summary, the config when valid."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from plugtrain.config import ExperimentConfig, Severity, issue_severity
from plugtrain.errors import ConfigError, ConfigIssue

__all__ = ["ValidationReport", "issue_json"]


def issue_json(issue: ConfigIssue, severity: Severity | None = None) -> dict[str, object]:
    """One issue as the JSON form of ``plugtrain validate --format json`` writes it;
    ``severity`` defaults to the severity of its code."""
    return {
        "loc": issue.loc,
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "code": issue.code,
        "severity": severity or issue_severity(issue.code),
        "message": issue.message,
    }


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """``issues`` in file order (the config file by line, then each override), errors and
    warnings alike; ``summary``: what was checked and what was found (JSON-ready);
    ``config``: the validated config, ``None`` when the schema rejected it. ``strict``:
    warnings count as errors (``plugtrain validate --strict``)."""

    issues: tuple[ConfigIssue, ...]
    summary: Mapping[str, object]
    config: ExperimentConfig | None
    strict: bool = False

    def severity(self, issue: ConfigIssue) -> Severity:
        """The severity of ``issue`` in this report (every issue is an error when strict)."""
        return "error" if self.strict else issue_severity(issue.code)

    @property
    def errors(self) -> tuple[ConfigIssue, ...]:
        """The issues that make the config invalid, in file order."""
        return tuple(i for i in self.issues if self.severity(i) == "error")

    @property
    def warnings(self) -> tuple[ConfigIssue, ...]:
        """The issues that are reported but leave the config valid, in file order."""
        return tuple(i for i in self.issues if self.severity(i) == "warning")

    @property
    def ok(self) -> bool:
        """No error (warnings allowed unless strict), and the config passed the schema."""
        return not self.errors and self.config is not None

    def as_strict(self) -> "ValidationReport":
        """This report with every warning counted as an error."""
        return replace(self, strict=True)

    def as_json(self) -> dict[str, object]:
        """``{"ok": bool, "errors": [issue, ...], "warnings": [issue, ...], "summary": {...}}``
        where each issue is ``{"loc", "file", "line", "column", "code", "severity",
        "message"}``."""
        return {
            "ok": self.ok,
            "errors": [issue_json(i, "error") for i in self.errors],
            "warnings": [issue_json(i, "warning") for i in self.warnings],
            "summary": dict(self.summary),
        }

    def raise_if_invalid(self) -> ExperimentConfig:
        """The config when valid, else ``ConfigError`` with every error (never warnings)."""
        if self.config is None or self.errors:
            raise ConfigError(self.errors or self.issues)
        return self.config
