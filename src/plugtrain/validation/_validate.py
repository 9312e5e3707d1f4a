"""``plugtrain validate`` as a function: schema, static checks, parts, weights, dry run.

Every stage runs on what the earlier stages left valid, so one run reports every problem
it can find; the dry run runs only when everything before it passed.
"""

import importlib
import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Final, cast

from plugtrain.config import (
    ConfigSource,
    ExperimentConfig,
    Finding,
    SchemaResult,
    config_source_from_text,
    read_config_source,
    static_checks,
    validate_source,
)
from plugtrain.errors import ConfigError
from plugtrain.validation._report import ValidationReport

__all__ = ["DRY_RUN_MODULE", "validate_config", "validate_config_text", "validate_loaded"]

DRY_RUN_MODULE: Final = "plugtrain.validation._dry_run"
"""The module that provides ``run_dry_run(config) -> Mapping[str, object]`` (summary facts;
raises ``ConfigError`` when the build, forward or loss fails). Until it exists the summary
says the dry run is not available."""

DryRun = Callable[[ExperimentConfig], Mapping[str, object]]


def _dry_run_function() -> DryRun | None:
    if importlib.util.find_spec(DRY_RUN_MODULE) is None:
        return None
    module = importlib.import_module(DRY_RUN_MODULE)
    function = getattr(module, "run_dry_run", None)
    return cast(DryRun, function) if callable(function) else None


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
    problems = [*schema.findings, *findings]
    if not dry_run:
        summary["dry_run"] = "skipped (--no-dry-run)"
    elif problems or schema.config is None:
        summary["dry_run"] = "skipped (fix the problems above first)"
    else:
        run = _dry_run_function()
        if run is None:
            summary["dry_run"] = "not available in this version"
        else:
            try:
                summary["dry_run"] = dict(run(schema.config))
            except ConfigError as error:
                summary["dry_run"] = "failed"
                issues = schema.issues(findings)
                return ValidationReport(
                    (*issues, *error.issues),
                    {**summary, "problems": len(issues) + len(error.issues)},
                    schema.config,
                )
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
