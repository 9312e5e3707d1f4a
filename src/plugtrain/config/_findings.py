"""A problem found in a config, before it is placed in a file (``ConfigIssue``)."""

from dataclasses import dataclass

from plugtrain.config._codes import Severity, issue_severity

__all__ = ["Finding", "Path", "field_path", "format_loc"]

Path = tuple[str | int, ...]
"""A path in the config's data: mapping keys (str) and list indices (int)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """``path`` in the data, a stable ``code``, and a message that says how to fix it.

    ``line``/``column`` are set when the finder knows the position itself (YAML problems);
    otherwise the position is looked up from ``path`` in the YAML nodes. ``at_key`` points
    the column at the key rather than at its value (unknown and duplicate keys).
    ``origin``: 0 for the config file, ``k`` for the ``k``-th command-line override.
    ``severity`` follows from ``code`` (one table, ``plugtrain.config.ISSUE_SEVERITY``).
    """

    path: Path
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    at_key: bool = False
    origin: int = 0

    @property
    def severity(self) -> Severity:
        """``error`` (the config is refused) or ``warning`` (reported; it still runs)."""
        return issue_severity(self.code)


def format_loc(path: Path) -> str:
    """Dotted loc of ``path``, up to the field: a list element is reported at its list.

    ``("data", "image_size", 1)`` -> ``"data.image_size"``; the root is ``""``.
    """
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            break
        parts.append(part)
    return ".".join(parts)


def field_path(path: Path) -> Path:
    """``path`` up to the first list index (the field that holds the list)."""
    for index, part in enumerate(path):
        if isinstance(part, int):
            return path[:index]
    return path
