"""``plugtrain validate`` as a function: schema, static checks, parts, weights, dry run.

Every stage runs on what the earlier stages left valid, so one run reports every problem
it can find; the dry run runs only when everything before it passed.
"""

import os
from collections.abc import Sequence

from plugtrain.config import (
    ConfigSource,
    Finding,
    SchemaResult,
    config_source_from_text,
    read_config_source,
    static_checks,
    validate_source,
)
from plugtrain.errors import ConfigError
from plugtrain.validation._report import ValidationReport

__all__ = ["validate_config", "validate_config_text", "validate_loaded"]


def _has(findings: Sequence[Finding], prefix: tuple[str, ...]) -> bool:
    return any(f.path[: len(prefix)] == prefix for f in findings)


def _model_summary(schema: SchemaResult) -> dict[str, object]:
    model = schema.model
    if model is None:
        return {}
    return {
        "backbone": model.backbone.type,
        "neck": model.neck.type if model.neck is not None else None,
        "head": model.head.type,
        "num_classes": model.head.num_classes,
    }


def validate_loaded(source: ConfigSource, *, dry_run: bool = True) -> ValidationReport:
    """Validate a config that has been read (see :func:`validate_config`)."""
    schema = validate_source(source)
    findings: list[Finding] = []
    summary: dict[str, object] = {
        "config": source.file,
        "overrides": list(source.override_texts),
    }
    checks = static_checks(schema)
    findings += checks.findings
    summary.update(checks.facts)
    model = schema.model
    if model is not None:
        from plugtrain.validation._parts import check_parts
        from plugtrain.validation._weights import check_weights

        parts = check_parts(model, schema.data, known=findings)
        findings += parts.findings
        summary.update(parts.facts)
        weights_ok = not _has(findings, ("model", "backbone"))
        if model.backbone.weights is not None and weights_ok:
            findings += check_weights(model)
    summary["model"] = _model_summary(schema)
    problems = [f for f in (*schema.findings, *findings) if f.severity == "error"]
    if not dry_run:
        summary["dry_run"] = "skipped (--no-dry-run)"
    elif problems or schema.config is None:
        summary["dry_run"] = "skipped (fix the problems above first)"
    else:
        from plugtrain.validation._dry_run import run_dry_run

        try:
            summary["dry_run"] = dict(run_dry_run(schema.config))
        except ConfigError as error:
            summary["dry_run"] = "failed"
            findings += [
                Finding(tuple(i.loc.split(".")) if i.loc else (), i.code, i.message)
                for i in error.issues
            ]
    issues = schema.issues(findings)
    summary["problems"] = len(issues)
    return ValidationReport(tuple(issues), summary, schema.config)


def validate_config(
    path: str | os.PathLike[str], overrides: Sequence[str] = (), *, dry_run: bool = True
) -> ValidationReport:
    """Every check ``plugtrain validate`` runs, on the config file at ``path``.

    Never raises for a problem in the config or its files: each one is an issue of the
    report, with its dotted loc, file, line and column.
    """
    return validate_loaded(read_config_source(path, overrides), dry_run=dry_run)


def validate_config_text(
    text: str, *, file: str = "<string>", overrides: Sequence[str] = (), dry_run: bool = True
) -> ValidationReport:
    """Like :func:`validate_config` for config text (issues name ``file``)."""
    return validate_loaded(
        config_source_from_text(text, file=file, overrides=overrides), dry_run=dry_run
    )
