"""``checked``: jaxtyping + beartype at a component boundary, failures as ``ShapeError``.

Why not plain ``@jaxtyped(typechecker=beartype)``:

* its errors are raw ``TypeCheckError`` text; users get a ``ShapeError`` naming the
  component path, method, argument, expected annotation, actual value and axis bindings;
* beartype spot-checks one random element of a ``list``/``dict``/``tuple[X, ...]``; a batch
  of images with one bad element would pass most of the time, so containers of tensors
  are checked element by element here;
* a jaxtyped ``forward`` breaks ``torch.compile`` and ``torch.export``: under tracing the
  wrapper steps aside and calls the undecorated function;
* every jaxtyped wrapper shares one code object, so compiling many blocks hits dynamo's
  recompile limit; each wrapper here gets a code object of its own.
"""

import functools
import inspect
import re
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, ParamSpec, TypeVar, cast

import torch
from beartype import beartype
from beartype.door import die_if_unbearable
from beartype.roar import BeartypeDoorHintViolation
from jaxtyping import AbstractArray, TypeCheckError
from jaxtyping import jaxtyped as _jaxtyped  # pyright: ignore[reportUnknownVariableType]  # typechecker param is untyped

from plugtrain.errors import ShapeError
from plugtrain.typing._describe import describe_hint, describe_value
from plugtrain.typing._switch import CHECKS_AT_IMPORT, SWITCH

__all__ = ["checked", "checked_dataclass"]

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)

_RETURN: Final = "return"
_PARAM_RE: Final = re.compile(r"typechecking parameter '(\w+)'")
_REASON_RE: Final = re.compile(r"violates type hint .*?, as (.*)$", re.DOTALL)
_FIXES: Final = (
    (
        re.compile(
            r"size of dimension (\S+) is (\d+) which does not equal the existing value of (\d+)"
        ),
        "axis '{0}' was bound to {2} by an earlier argument but is {1} here; every tensor of one "
        "call must agree on it (check which tensors you passed together)",
    ),
    (
        re.compile(r"has (\d+) dimensions, not the (\d+)"),
        "pass a tensor with {1} dimensions, not {0} (e.g. add a batch axis with x.unsqueeze(0) "
        "or drop one with x[0])",
    ),
    (
        re.compile(r"dimension size (\d+) does not equal (\d+)"),
        "that axis must have exactly {1} entries, not {0}",
    ),
    (re.compile(r"has dtype (\S+), not"), "convert the tensor (e.g. x.float() or x.long())"),
    (re.compile(r"not an instance of the underlying array type"), "pass a torch.Tensor"),
)
_BINDINGS_HEADER: Final = "The current values for each jaxtyping axis annotation are as follows."
_MemoStack = tuple[dict[str, int], dict[str, tuple[bool, tuple[int, ...]]], object, object]
_with_jaxtyping_checks = cast(
    Callable[[Callable[..., object]], Callable[..., object]], _jaxtyped(typechecker=beartype)
)


class _ActiveCalls(threading.local):
    """Modules whose checked methods are running, outermost first (for component paths)."""

    def __init__(self) -> None:
        self.stack: list[object] = []


_ACTIVE: Final = _ActiveCalls()


class _ViolationError(Exception):
    """Raised inside the jaxtyped call, where axis bindings are still visible."""

    def __init__(self, argument: str, value: object, hint: object, reason: str) -> None:
        super().__init__(reason)
        self.argument = argument
        self.value = value
        self.hint = hint
        self.reason = reason
        self.bindings = _current_bindings()


def _current_bindings() -> dict[str, object]:
    # jaxtyping keeps the axis sizes of the running call in a thread-local memo stack;
    # it has no public accessor, so read it defensively.
    try:
        from jaxtyping import _storage  # pyright: ignore[reportPrivateUsage]

        memo = cast(Callable[[], _MemoStack], vars(_storage)["get_shape_memo"])()
    except Exception:  # diagnostics must never mask the real error
        return {}
    bindings: dict[str, object] = dict(memo[0])
    bindings.update({f"*{name}": shape for name, (_, shape) in memo[1].items()})
    return bindings


def _element_hint(hint: object) -> tuple[str, object, object] | None:
    """For ``list[X]``, ``Sequence[X]``, ``tuple[X, ...]``, ``dict[K, X]`` (or ``| None``):
    (kind, X, the same container hint with X replaced by ``object``)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        arms = [a for a in args if a is not type(None)]
        found = _element_hint(arms[0]) if len(arms) == 1 else None
        if found is None or len(arms) == len(args):
            return None
        container: Any = found[2]
        return (found[0], found[1], container | None)
    generic: Any = origin
    if origin in (list, Sequence) and len(args) == 1:
        return ("seq", args[0], generic[object])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ("seq", args[0], tuple[object, ...])
    if origin in (dict, Mapping) and len(args) == 2:
        return ("map", args[1], generic[args[0], object])
    return None


def _is_checkable_element(hint: object) -> bool:
    # Arrays, and classes of ours (dataclasses of tensors); builtins are beartype's business.
    return isinstance(hint, type) and (
        issubclass(hint, AbstractArray) or hint.__module__ != "builtins"
    )


def _check_value(argument: str, value: object, hint: object) -> None:
    try:
        die_if_unbearable(value, cast(Any, hint))
    except BeartypeDoorHintViolation as violation:
        raise _ViolationError(argument, value, hint, _reason_from(str(violation))) from None


def _check_elements(argument: str, value: object, kind: str, hint: object) -> None:
    if kind == "seq" and isinstance(value, (list, tuple)):
        for index, element in enumerate(cast(Sequence[object], value)):
            _check_value(f"{argument}[{index}]", element, hint)
    elif kind == "map" and isinstance(value, Mapping):
        for key, element in cast(Mapping[object, object], value).items():
            _check_value(f"{argument}[{key!r}]", element, hint)


def _fix_for(reason: str) -> str:
    for pattern, fix in _FIXES:
        found = pattern.search(reason)
        if found:
            return fix.format(*found.groups())
    return "pass a value matching the expected annotation"


def _reason_from(text: str) -> str:
    match = _REASON_RE.search(text)
    reason = match.group(1) if match else text
    return " ".join(reason.split()).rstrip(".")


@dataclass(frozen=True, slots=True)
class _Plan:
    """What ``checked`` checks itself, beyond jaxtyped's parameter checks.

    Containers of tensors are checked here element by element, in order, so the first bad
    element is the one reported; jaxtyped sees them as plain containers (``list[object]``)
    because beartype would spot-check one random element first and bind its axes.
    """

    signature: inspect.Signature
    hints: Mapping[str, object]
    checked_annotations: Mapping[str, object]
    element_params: tuple[tuple[str, str, object], ...]
    return_hint: object
    return_elements: tuple[str, object] | None

    @staticmethod
    def of(fn: Callable[..., object]) -> "_Plan":
        signature = inspect.signature(fn)
        try:
            hints: dict[str, object] = typing.get_type_hints(fn, include_extras=True)
        except NameError:  # a forward reference not yet resolvable: beartype resolves it later
            hints = dict(inspect.get_annotations(fn))
        annotations = {k: v for k, v in hints.items() if k != _RETURN}
        element_params: list[tuple[str, str, object]] = []
        for name in signature.parameters:
            found = _element_hint(hints.get(name))
            if found is not None and _is_checkable_element(found[1]):
                element_params.append((name, found[0], found[1]))
                annotations[name] = found[2]
        return_hint = hints.get(_RETURN, Any)
        return_elements: tuple[str, object] | None = None
        found_return = _element_hint(return_hint)
        if found_return is not None and _is_checkable_element(found_return[1]):
            return_elements = (found_return[0], found_return[1])
            return_hint = found_return[2]
        return _Plan(
            signature=signature,
            hints=hints,
            checked_annotations=annotations,
            element_params=tuple(element_params),
            return_hint=return_hint,
            return_elements=return_elements,
        )


def _component_of(fn: Callable[..., object], args: Sequence[object]) -> tuple[str, str]:
    """(component, method): the class with its module path inside the outermost model."""
    qualname = fn.__qualname__
    if "." not in qualname or not args:
        return fn.__module__, fn.__name__
    owner = args[0]
    name = type(owner).__name__
    modules = [m for m in _ACTIVE.stack if isinstance(m, torch.nn.Module)]
    if isinstance(owner, torch.nn.Module) and modules and modules[0] is not owner:
        root = modules[0]
        for path, module in cast(Iterator[tuple[str, torch.nn.Module]], root.named_modules()):
            if module is owner:
                return f"{type(root).__name__.lower()}.{path} ({name})", fn.__name__
    return name, fn.__name__


def _shape_error(
    fn: Callable[..., object],
    args: Sequence[object],
    *,
    argument: str,
    value: object,
    hint: object,
    reason: str,
    bindings: Mapping[str, object],
) -> ShapeError:
    component, method = _component_of(fn, args)
    return ShapeError(
        component=component,
        method=method,
        argument=argument,
        expected=describe_hint(hint),
        actual=describe_value(value),
        bindings=bindings,
        reason=reason,
        fix=_fix_for(reason),
    )


def _from_typecheck_error(
    fn: Callable[..., object],
    plan: _Plan,
    args: Sequence[object],
    kwargs: Mapping[str, object],
    error: TypeCheckError,
) -> ShapeError:
    text = str(error)
    found = _PARAM_RE.search(text)
    argument = found.group(1) if found else "?"
    try:
        value: object = plan.signature.bind(*args, **kwargs).arguments.get(argument)
    except TypeError:
        value = None
    cause: BaseException | None = error
    reason = text.split("\n", 1)[0]
    while cause is not None:
        if type(cause).__name__.endswith("Violation"):
            reason = _reason_from(str(cause))
            break
        cause = cause.__cause__
    bindings: dict[str, object] = {}
    if _BINDINGS_HEADER in text:
        for line in text.split(_BINDINGS_HEADER, 1)[1].strip().splitlines():
            key, sep, size = line.partition("=")
            if sep:
                bindings[key.strip()] = size.strip()
    return _shape_error(
        fn,
        args,
        argument=argument,
        value=value,
        hint=plan.hints.get(argument, Any),
        reason=reason,
        bindings=bindings,
    )


def checked(fn: Callable[P, R]) -> Callable[P, R]:
    """Check a function's (or ``nn.Module`` method's) annotated tensor shapes on each call.

    Axis names bind per call and must agree across arguments and the return value.
    Containers of tensors (``list``, ``tuple[X, ...]``, ``dict``) are checked element by
    element. A violation raises :class:`plugtrain.errors.ShapeError`. With
    ``PLUGTRAIN_CHECKS=0`` at import this returns ``fn`` itself; inside
    ``checks_disabled()`` and under ``torch.compile``/``torch.export`` tracing it calls
    ``fn`` directly.
    """
    if not CHECKS_AT_IMPORT:
        return fn

    plan = _Plan.of(fn)

    def body(*args: P.args, **kwargs: P.kwargs) -> R:
        if plan.element_params:
            arguments = plan.signature.bind(*args, **kwargs).arguments
            for name, kind, hint in plan.element_params:
                _check_elements(name, arguments.get(name), kind, hint)
        result = fn(*args, **kwargs)
        if plan.return_hint is not Any:
            _check_value(_RETURN, result, plan.return_hint)
        if plan.return_elements is not None:
            _check_elements(_RETURN, result, *plan.return_elements)
        return result

    # jaxtyped checks the parameters (containers as plain containers); the return value is
    # checked in ``body``, inside jaxtyped's memo so axis names still bind, which lets the
    # error carry the returned value itself.
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(body, attribute, getattr(fn, attribute))
    body.__dict__["__signature__"] = plan.signature.replace(
        parameters=[
            p.replace(annotation=plan.checked_annotations.get(p.name, p.annotation))
            for p in plan.signature.parameters.values()
        ],
        return_annotation=inspect.Signature.empty,
    )
    body.__annotations__ = dict(plan.checked_annotations)
    checking = _with_jaxtyping_checks(body)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if torch.compiler.is_compiling() or not SWITCH.on:
            return fn(*args, **kwargs)
        stack = _ACTIVE.stack
        stack.append(args[0] if args else None)
        try:
            return cast(R, checking(*args, **kwargs))
        except TypeCheckError as error:
            raise _from_typecheck_error(fn, plan, args, kwargs, error) from None
        except _ViolationError as violation:
            raise _shape_error(
                fn,
                args,
                argument=violation.argument,
                value=violation.value,
                hint=violation.hint,
                reason=violation.reason,
                bindings=violation.bindings,
            ) from None
        finally:
            stack.pop()

    # A code object of its own per checked function: dynamo caches compiled frames per code
    # object, and one shared wrapper code hits its recompile limit after 8 functions.
    name = f"checked_{fn.__name__}"
    function = cast(types.FunctionType, wrapper)
    function.__code__ = function.__code__.replace(
        co_name=name, co_qualname=f"{fn.__qualname__}.<{name}>"
    )
    return wrapper


def checked_dataclass(cls: C) -> C:
    """Check a (frozen) dataclass's annotated fields whenever an instance is constructed.

    Field validation in ``__post_init__`` runs inside the check, so its own plugtrain
    errors pass through unchanged.
    """
    if CHECKS_AT_IMPORT:
        # dataclass's generated __init__ is annotated with the field types.
        init = cast(Callable[..., None], cls.__dict__["__init__"])
        type.__setattr__(cls, "__init__", checked(init))
    return cls
