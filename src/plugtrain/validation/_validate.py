"""``plugtrain validate`` as a function: schema, static checks, parts, then the build and the
dry run.

Every stage runs on what the earlier stages left valid, so one run reports every problem
it can find. The schema, the file checks and the part specs import no torch
(``--no-dry-run`` stops there); the build through the builders on the meta device (weights
included) and the dry run run only when everything before them passed.
"""

import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from plugtrain.config import (
    DETECTOR_TASKS,
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
from plugtrain.validation._report import ModelFacts, ValidationReport, ValidationSummary
from plugtrain.validation._static import (
    StaticParts,
    check_parts_statically,
    image_size_finding,
    level_facts,
)

__all__ = ["validate_config", "validate_config_text", "validate_loaded"]

_TRACED: Final = (
    "the torchvision backbone's levels are traced when the dry run builds it "
    "(skipped with --no-dry-run)"
)
_SKIPPED: Final = "skipped (fix the problems above first)"
_BUILD_CHECKS: Final = (
    "skipped (--no-dry-run): weights, torchvision models and head arguments are checked "
    "when the dry run builds the model"
)


def _model_facts(schema: SchemaResult) -> ModelFacts | None:
    model = schema.model
    if model is None:
        return None
    return ModelFacts(
        backbone=model.backbone.type,
        neck=model.neck.type if model.neck is not None else None,
        head=model.head.type,
        num_classes=model.head.num_classes,
    )


def _build_and_run(
    config: ExperimentConfig, parts: StaticParts, summary: ValidationSummary
) -> tuple[list[Finding], ValidationSummary]:
    """The meta build (findings, weights) and then the dry run; imports torch."""
    if config.task.type not in DETECTOR_TASKS:
        return _build_and_run_task(config, parts, summary)
    from plugtrain.validation._build import build_on_meta
    from plugtrain.validation._dry_run import run_dry_run

    built = build_on_meta(config.model)
    if built.weights is not None:
        summary = replace(summary, weights=built.weights.describe())
    detector = built.detector
    if built.findings or detector is None:
        return built.findings, replace(summary, dry_run=_SKIPPED)
    if parts.traced_later:
        spec = detector.feature_spec
        summary = replace(
            summary,
            backbone_levels=level_facts(detector.backbone.feature_spec),
            neck_levels=None if detector.neck is None else level_facts(spec),
            largest_stride=spec.levels[-1].stride,
            traced_later=None,
        )
        producer = "backbone" if detector.neck is None else "neck"
        finding = image_size_finding(spec, config.data, producer)
        if finding is not None:
            return [finding], replace(summary, dry_run=_SKIPPED)
    try:
        return [], replace(summary, dry_run=run_dry_run(config, detector))
    except ConfigError as error:
        return _issue_findings(error), replace(summary, dry_run="failed")


def _build_and_run_task(
    config: ExperimentConfig, parts: StaticParts, summary: ValidationSummary
) -> tuple[list[Finding], ValidationSummary]:
    """The meta build through ``MODEL_BUILDERS`` and the task's dry run; imports torch."""
    from plugtrain.validation._task_dry_run import build_task_model_on_meta, run_task_dry_run

    built = build_task_model_on_meta(config, backbone_levels=parts.traced_later)
    if built.weights is not None:
        summary = replace(summary, weights=built.weights.describe())
    model = built.model
    if built.findings or model is None:
        return built.findings, replace(summary, dry_run=_SKIPPED)
    spec = built.backbone_spec
    if spec is not None:  # asked for when the static check could not trace the backbone
        summary = replace(
            summary,
            backbone_levels=level_facts(spec),
            largest_stride=spec.levels[-1].stride,
            traced_later=None,
        )
        finding = image_size_finding(spec, config.data, "backbone")
        if finding is not None:
            return [finding], replace(summary, dry_run=_SKIPPED)
    try:
        return [], replace(summary, dry_run=run_task_dry_run(config, model))
    except ConfigError as error:
        return _issue_findings(error), replace(summary, dry_run="failed")


def _issue_findings(error: ConfigError) -> list[Finding]:
    return [
        Finding(tuple(i.loc.split(".")) if i.loc else (), i.code, i.message) for i in error.issues
    ]


def validate_loaded(source: ConfigSource, *, dry_run: bool = True) -> ValidationReport:
    """Validate a config that has been read (see :func:`validate_config`)."""
    schema = validate_source(source)
    checks = static_checks(schema)
    findings: list[Finding] = list(checks.findings)
    model = schema.model
    parts = StaticParts()
    if model is not None:
        parts = check_parts_statically(model, schema.data)
        findings += parts.findings
    summary = ValidationSummary(
        config=source.file,
        overrides=tuple(source.override_texts),
        train_images=checks.train_images,
        categories=checks.categories,
        val_images=checks.val_images,
        steps_per_epoch=checks.steps_per_epoch,
        total_steps=checks.total_steps,
        backbone_levels=None if parts.backbone is None else level_facts(parts.backbone),
        neck_levels=None if parts.neck is None else level_facts(parts.neck),
        largest_stride=None if parts.head_input is None else parts.head_input.levels[-1].stride,
        traced_later=_TRACED if parts.traced_later else None,
        model=_model_facts(schema),
    )
    problems = [f for f in (*schema.findings, *findings) if f.severity == "error"]
    if not dry_run:
        summary = replace(summary, dry_run="skipped (--no-dry-run)", weights=_BUILD_CHECKS)
    elif problems or schema.config is None:
        summary = replace(summary, dry_run=_SKIPPED)
    else:
        found, summary = _build_and_run(schema.config, parts, summary)
        findings += found
    issues = schema.issues(findings)
    return ValidationReport(tuple(issues), replace(summary, problems=len(issues)), schema.config)


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
