"""A config as read: the YAML nodes of the file and of each override, and their data.

:meth:`ConfigSource.issue` turns a :class:`Finding` (a data path) into a ``ConfigIssue``
with file, line and column by walking the YAML nodes along the path:

* a key's problem points at the key's line; the column is the value's when the value
  starts on that line (``depth: eighteen`` -> the column of ``eighteen``), the key's
  otherwise, and always the key's for unknown and duplicate keys;
* a missing key points at the key of the mapping it is missing from (``head:`` for a
  missing ``model.head.num_classes``); a missing top-level section at line 1, column 1;
* a list element's problem points at its list (locs stop at the field);
* a value set by an override points into that override (``<override K: TEXT>``, line 1).
"""

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, cast

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from plugtrain.config._findings import Finding, Path, field_path, format_loc
from plugtrain.config._overrides import (
    Override,
    apply_overrides,
    override_label,
    parse_override,
)
from plugtrain.config._yaml import YamlDocument, parse_yaml
from plugtrain.errors import ConfigIssue

__all__ = ["MAX_CONFIG_BYTES", "ConfigSource", "config_source_from_text", "read_config_source"]

MAX_CONFIG_BYTES: Final = 1 << 20
"""The largest config (file, text or one override) read; a config is a few KiB."""

_MERGE_TAG = "tag:yaml.org,2002:merge"


def _entry(mapping: MappingNode, part: str | int) -> tuple[Node, Node] | None:
    """The (key, value) nodes of ``part`` in ``mapping``: the last explicit one, else the
    first found through merge keys (``<<: *base``), as PyYAML builds the mapping."""
    name = str(part)
    found: tuple[Node, Node] | None = None
    merges: list[Node] = []
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.tag == _MERGE_TAG:
            merges.append(value_node)
        elif isinstance(key_node, ScalarNode) and key_node.value == name:
            found = (key_node, value_node)
    if found is not None:
        return found
    for merged in merges:
        sources = merged.value if isinstance(merged, SequenceNode) else [merged]
        for source in sources:
            if isinstance(source, MappingNode):
                inner = _entry(source, part)
                if inner is not None:
                    return inner
    return None


def _locate(root: Node, path: Path, *, at_key: bool) -> tuple[int, int] | None:
    """0-based (line, column) of ``path`` in the tree under ``root``; ``None`` when not even
    the first element of ``path`` is there."""
    node = root
    key_node: Node | None = None
    found_all = True
    for depth, part in enumerate(path):
        if isinstance(node, MappingNode):
            entry = _entry(node, part)
            if entry is None:
                found_all = False
                if depth == 0:
                    return None
                break
            key_node, node = entry
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            found_all = False
            if depth == 0:
                return None
            break
    if key_node is not None:
        same_line = node.start_mark.line == key_node.start_mark.line
        if found_all and not at_key and same_line:
            return node.start_mark.line, node.start_mark.column
        return key_node.start_mark.line, key_node.start_mark.column
    return node.start_mark.line, node.start_mark.column


def _same(a: Path, b: Path) -> bool:
    return tuple(str(p) for p in a) == tuple(str(p) for p in b)


@dataclass(frozen=True, slots=True)
class ConfigSource:
    """The config file (``file`` as the user named it, or a label such as ``<string>``),
    its parsed ``document``, the ``overrides`` applied, the resulting ``data`` and the
    ``findings`` made while reading. ``fatal``: nothing can be validated (``data`` unusable)."""

    file: str
    document: YamlDocument | None
    overrides: tuple[Override, ...]
    data: dict[str, object] | None
    findings: tuple[Finding, ...]
    fatal: bool
    override_texts: tuple[str, ...] = ()

    def label(self, origin: int) -> str:
        """The file name shown for findings of ``origin`` (0: the config file)."""
        if 1 <= origin <= len(self.override_texts):
            return override_label(origin, self.override_texts[origin - 1])
        return self.file

    def origin(self, file: str | None) -> int:
        """0 for the config file, ``k`` for the label of the ``k``-th override."""
        for index in range(1, len(self.override_texts) + 1):
            if self.label(index) == file:
                return index
        return 0

    def position(
        self, path: Path, *, at_key: bool = False, inside: Path = ()
    ) -> tuple[str, int | None, int | None]:
        """(file, line, column), 1-based, of the data at ``path``.

        ``inside``: the full path of the problem when ``path`` stops at its field (a list
        element is reported at its list); an override that set that element is the place.
        """
        for override in reversed(self.overrides):
            size = len(override.path)
            if len(path) < size <= len(inside) and _same(inside[:size], override.path):
                return override.label, 1, override.value_column
            if len(path) >= size and _same(path[:size], override.path):
                rest = path[size:]
                root = override.document.root
                if not rest:
                    return override.label, 1, 1 if at_key else override.value_column
                spot = _locate(root, rest, at_key=at_key) if root is not None else None
                if spot is None:
                    return override.label, 1, override.value_column
                line, column = spot
                if line == 0:
                    return override.label, 1, override.value_column + column
                return override.label, line + 1, column + 1
        if self.document is None:  # the file could not be read: no position in it
            return self.file, None, None
        root = self.document.root
        if root is None:
            return self.file, 1, 1
        if not path:
            return self.file, root.start_mark.line + 1, root.start_mark.column + 1
        spot = _locate(root, path, at_key=at_key)
        if spot is None:
            return self.file, 1, 1
        return self.file, spot[0] + 1, spot[1] + 1

    def issue(self, finding: Finding) -> ConfigIssue:
        """``finding`` placed in its file: loc up to the field, file, line, column."""
        loc = format_loc(finding.path)
        if finding.line is not None:
            return ConfigIssue(
                loc=loc,
                code=finding.code,
                message=finding.message,
                file=self.label(finding.origin),
                line=finding.line,
                column=finding.column,
            )
        file, line, column = self.position(
            field_path(finding.path), at_key=finding.at_key, inside=finding.path
        )
        return ConfigIssue(
            loc=loc, code=finding.code, message=finding.message, file=file, line=line, column=column
        )


def _unreadable(file: str, code: str, message: str) -> ConfigSource:
    return ConfigSource(file, None, (), None, (Finding((), code, message),), True)


def config_source_from_text(
    text: str, *, file: str = "<string>", overrides: Sequence[str] = ()
) -> ConfigSource:
    """Parse config ``text`` (named ``file`` in issues) and apply ``overrides``."""
    if len(text) > MAX_CONFIG_BYTES:
        return _too_large(file, len(text))
    document = parse_yaml(text)
    findings = list(document.findings)
    parsed: list[Override] = []
    for index, text_override in enumerate(overrides, start=1):
        if len(text_override) > MAX_CONFIG_BYTES:
            message = (
                f"override {index} is {len(text_override):,} characters; an override sets "
                f"one value and plugtrain reads at most {MAX_CONFIG_BYTES:,}"
            )
            findings.append(Finding((), "too-large", message, 1, 1, origin=index))
            continue
        override, problems = parse_override(text_override, index)
        findings += problems
        if override is not None:
            parsed.append(override)
    texts = tuple(overrides)
    if document.fatal:
        return ConfigSource(file, document, tuple(parsed), None, tuple(findings), True, texts)
    data = document.value
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"the {type(data).__name__} {data!r}"
        message = (
            f"the config must be a mapping with the sections model, data and train, but the "
            f"file holds {kind}; start from configs/shapes_fcos.yaml"
        )
        findings.append(Finding((), "type", message))
        return ConfigSource(file, document, tuple(parsed), None, tuple(findings), True, texts)
    mapping = cast(dict[str, object], data)
    findings += apply_overrides(mapping, parsed)
    return ConfigSource(file, document, tuple(parsed), mapping, tuple(findings), False, texts)


def _special_kind(mode: int) -> str:
    """What a path that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _too_large(file: str, size: int) -> ConfigSource:
    return _unreadable(
        file,
        "too-large",
        f"config file {file} is {size:,} bytes or more; a config is a few KiB and plugtrain "
        f"reads at most {MAX_CONFIG_BYTES:,} bytes (1 MiB), so that a wrong file fails at "
        f"once instead of parsing for minutes; point at the YAML config",
    )


def _read_bytes(file: str) -> bytes | ConfigSource:
    """The bytes of the regular file ``file`` (at most ``MAX_CONFIG_BYTES``), or the
    fatal source that says why not. Never blocks: a FIFO or a device is refused after
    opening it without waiting (``O_NONBLOCK``), before anything is read."""
    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return _unreadable(
            file, "path-missing", f"config file {file} does not exist; check the path"
        )
    except OSError as error:
        return _unreadable(
            file, "path-unreadable", f"config file {file} cannot be read: {error.strerror}"
        )
    except ValueError as error:  # an embedded NUL byte
        return _unreadable(file, "path-unreadable", f"config file {file} cannot be read: {error}")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return _unreadable(
                file,
                "path-type",
                f"config path {file} is a {_special_kind(info.st_mode)}, not a file",
            )
        if info.st_size > MAX_CONFIG_BYTES:
            return _too_large(file, info.st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        return _unreadable(
            file, "path-unreadable", f"config file {file} cannot be read: {error.strerror}"
        )
    finally:
        os.close(descriptor)
    if len(raw) > MAX_CONFIG_BYTES:  # it grew after fstat
        return _too_large(file, len(raw))
    return raw


def read_config_source(path: str | os.PathLike[str], overrides: Sequence[str] = ()) -> ConfigSource:
    """Read the config file at ``path`` (UTF-8 YAML) and apply ``overrides``.

    A file that is missing, not a regular file (a folder, a FIFO, a device), unreadable,
    larger than ``MAX_CONFIG_BYTES`` or not UTF-8 gives a fatal finding, not an exception.
    """
    file = os.fspath(path)
    raw = _read_bytes(file)
    if isinstance(raw, ConfigSource):
        return raw
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8"
        return ConfigSource(
            file, None, (), None, (Finding((), "yaml-syntax", message, line, column),), True
        )
    return config_source_from_text(text, file=file, overrides=overrides)
