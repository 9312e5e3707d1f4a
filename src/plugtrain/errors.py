"""Every failure a user can cause ends in one of these exceptions.

Hierarchy (each class also inherits the builtin it resembles, so ``except ValueError``
in existing code keeps working)::

    PlugtrainError (Exception)                       PT000
    ├── ConfigError (PlugtrainError, ValueError)     PT100  every config problem at once
    ├── ArgumentError (PlugtrainError, ValueError)   PT110  a part refused one of its arguments
    ├── ShapeError (PlugtrainError, ValueError)      PT200  a tensor broke a shape contract
    ├── CompatibilityError (PlugtrainError, ValueError)
    │                                                PT300  parts whose FeatureSpecs don't fit
    ├── DataError (PlugtrainError, ValueError)       PT400  a bad record in a data set
    ├── CheckpointError (PlugtrainError, OSError)    PT500  a checkpoint that can't be used
    ├── TrainingError (PlugtrainError, RuntimeError) PT600  a run that can't go on
    └── ExportError (PlugtrainError, RuntimeError)   PT700  a model that can't be exported

Every class has a stable ``code`` (listed in ``docs/errors.md``) and structured fields, so
tools can act on an error without parsing its message. Every message says what was
received, what was expected, and how to fix it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

__all__ = [
    "ArgumentError",
    "CheckpointError",
    "CompatibilityError",
    "ConfigError",
    "ConfigIssue",
    "DataError",
    "ExportError",
    "PlugtrainError",
    "ShapeError",
    "TrainingError",
]


class PlugtrainError(Exception):
    """Base of every plugtrain exception; ``code`` is stable across releases."""

    code: ClassVar[str] = "PT000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message: Final = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem in a config: where it is and what to do about it.

    ``loc`` is the dotted path (``model.backbone.depth``); ``file``, ``line`` and ``column``
    point at the YAML node (1-based) when the config came from a file, else ``None``.
    """

    loc: str
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        """``file:line:column`` (as far as known) followed by the dotted loc."""
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        place = ":".join(str(p) for p in parts)
        return f"{place} {self.loc}" if place else self.loc


class ConfigError(PlugtrainError, ValueError):
    """A config has problems; ``issues`` lists all of them, not just the first."""

    code: ClassVar[str] = "PT100"

    def __init__(self, issues: Sequence[ConfigIssue]) -> None:
        if not issues:
            raise ValueError("ConfigError needs at least one ConfigIssue")
        self.issues: Final = tuple(issues)
        count = len(self.issues)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the config:"]
        lines += [f"  {i.where()}: [{i.code}] {i.message}" for i in self.issues]
        super().__init__("\n".join(lines))


class ArgumentError(PlugtrainError, ValueError):
    """A part refused a constructor argument: ``part(argument=received)`` cannot work.

    Raised by the part itself, where the rule lives (no config is involved); builders map
    ``(part, argument)`` to the config key that set it. Fields: ``part`` (class name),
    ``argument`` (keyword name), ``received`` (``repr`` of the value), ``expected`` and
    ``fix``.
    """

    code: ClassVar[str] = "PT110"

    def __init__(
        self, *, part: str, argument: str, received: object, expected: str, fix: str
    ) -> None:
        self.part: Final = part
        self.argument: Final = argument
        self.received: Final = repr(received)
        self.expected: Final = expected
        self.fix: Final = fix
        super().__init__(
            f"{part}: argument '{argument}' received {self.received}, expected {expected}; "
            f"fix: {fix}"
        )


def _format_bindings(bindings: Mapping[str, object]) -> str:
    if not bindings:
        return "(none yet)"
    return ", ".join(f"{name}={size}" for name, size in bindings.items())


class ShapeError(PlugtrainError, ValueError):
    """A tensor (argument or return value) does not match its shape/dtype annotation.

    Fields: ``component`` (class name, with the module path inside its parent model
    when known, e.g. ``detector.neck (FPN)``), ``method``, ``argument`` (``"return"`` for
    the return value), ``expected`` (the annotation), ``actual`` (shape, dtype, device of
    what was received), ``bindings`` (axis sizes bound by earlier arguments),
    ``reason`` (which axis or property disagreed, with both values) and ``fix``.
    """

    code: ClassVar[str] = "PT200"

    def __init__(
        self,
        *,
        component: str,
        method: str,
        argument: str,
        expected: str,
        actual: str,
        bindings: Mapping[str, object],
        reason: str,
        fix: str = "pass a value matching the expected annotation",
    ) -> None:
        self.component: Final = component
        self.method: Final = method
        self.argument: Final = argument
        self.expected: Final = expected
        self.actual: Final = actual
        self.bindings: Final = dict(bindings)
        self.reason: Final = reason
        self.fix: Final = fix
        what = "return value" if argument == "return" else f"argument '{argument}'"
        super().__init__(
            f"{component}.{method}: {what} has the wrong shape or type.\n"
            f"  reason:   {reason}\n"
            f"  received: {actual}\n"
            f"  expected: {expected}\n"
            f"  axis sizes bound so far: {_format_bindings(self.bindings)}\n"
            f"  fix: {fix}"
        )


class CompatibilityError(PlugtrainError, ValueError):
    """Two parts were wired together whose FeatureSpecs do not fit.

    ``producer`` and ``consumer`` are the specs (as text) of the part that makes the
    features and the part that takes them.
    """

    code: ClassVar[str] = "PT300"

    def __init__(self, *, problem: str, producer: str, consumer: str, fix: str) -> None:
        self.problem: Final = problem
        self.producer: Final = producer
        self.consumer: Final = consumer
        super().__init__(f"{problem}\n  produced: {producer}\n  expected: {consumer}\n  fix: {fix}")


class DataError(PlugtrainError, ValueError):
    """A record in a data set is unusable; names the file and the record."""

    code: ClassVar[str] = "PT400"

    def __init__(
        self, message: str, *, file: str | None = None, record_id: int | str | None = None
    ) -> None:
        self.file: Final = file
        self.record_id: Final = record_id
        where = ", ".join(
            p
            for p in (
                f"file {file}" if file is not None else "",
                f"record {record_id}" if record_id is not None else "",
            )
            if p
        )
        super().__init__(f"{message} ({where})" if where else message)


class CheckpointError(PlugtrainError, OSError):
    """A checkpoint is missing, damaged or does not fit the model."""

    code: ClassVar[str] = "PT500"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path: Final = path
        super().__init__(f"{message} (checkpoint {path})" if path is not None else message)


class TrainingError(PlugtrainError, RuntimeError):
    """A run cannot go on: names the step, the loss term and the first non-finite module."""

    code: ClassVar[str] = "PT600"

    def __init__(
        self,
        message: str,
        *,
        step: int | None = None,
        loss_term: str | None = None,
        module: str | None = None,
    ) -> None:
        self.step: Final = step
        self.loss_term: Final = loss_term
        self.module: Final = module
        details = [
            f"{label}: {value}"
            for label, value in (("step", step), ("loss term", loss_term), ("module", module))
            if value is not None
        ]
        super().__init__("\n  ".join([message, *details]))


class ExportError(PlugtrainError, RuntimeError):
    """A model could not be exported, or the export disagrees with eager mode."""

    code: ClassVar[str] = "PT700"
