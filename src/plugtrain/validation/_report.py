"""The outcome of ``plugtrain validate``: every issue, a summary, the config when valid."""

from collections.abc import Mapping
from dataclasses import dataclass

from plugtrain.config import ExperimentConfig
from plugtrain.errors import ConfigError, ConfigIssue

__all__ = ["ValidationReport", "issue_json"]


def issue_json(issue: ConfigIssue) -> dict[str, object]:
    """One issue as the JSON form of ``plugtrain validate --format json`` writes it."""
    return {
        "loc": issue.loc,
        "file": issue.file,
        "line": issue.line,
        "column": issue.column,
        "code": issue.code,
        "message": issue.message,
    }


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """``issues`` in file order (the config file by line, then each override);
    ``summary``: what was checked and what was found (JSON-ready); ``config``: the validated
    config, ``None`` when the schema rejected it."""

    issues: tuple[ConfigIssue, ...]
    summary: Mapping[str, object]
    config: ExperimentConfig | None

    @property
    def ok(self) -> bool:
        """No issue at all, and the config passed the schema."""
        return not self.issues and self.config is not None

    def as_json(self) -> dict[str, object]:
        """``{"ok": bool, "errors": [{"loc", "file", "line", "column", "code", "message"}],
        "summary": {...}}``."""
        return {
            "ok": self.ok,
            "errors": [issue_json(issue) for issue in self.issues],
            "summary": dict(self.summary),
        }

    def raise_if_invalid(self) -> ExperimentConfig:
        """The config when valid, else ``ConfigError`` with every issue."""
        if self.config is None or self.issues:
            raise ConfigError(self.issues)
        return self.config
