"""Safe YAML reading that keeps node marks and refuses what a config never needs.

* ``yaml.SafeLoader`` only: a ``!!python/...`` tag is an error and nothing is constructed
  from it; so is any tag outside plain YAML (strings, numbers, booleans, null, lists,
  mappings, merge keys).
* Duplicate keys are errors (PyYAML would silently keep the last one).
* Alias bombs are refused before anything is expanded: the size of the document with every
  alias expanded is computed once per distinct node (linear time); what the aliases add
  (that size less the nodes written in the file) must stay under ``MAX_EXPANDED_NODES``, so
  a long plain list is no bomb. A recursive alias is refused as soon as it is seen.
* Floats written without a dot (``1e-4``) are floats, as in YAML 1.2 (PyYAML's YAML 1.1
  rules would read them as strings); dates stay strings.

Every problem is a :class:`Finding` whose position is a 1-based line and column.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, cast

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import ScalarToken, Token

from plugtrain.config._findings import Finding, Path

__all__ = ["MAX_EXPANDED_NODES", "ConfigDumper", "YamlDocument", "parse_yaml"]

MAX_EXPANDED_NODES: Final = 50_000
"""A config has a few hundred nodes; aliases that add more than this when expanded are an
alias bomb."""

# Sizes are capped so that a billion-laughs document adds small integers, not huge ones.
_SIZE_CAP: Final = 1 << 62

_CORE: Final = "tag:yaml.org,2002:"
_ALLOWED_TAGS: Final = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "merge")
)
_MERGE_TAG: Final = _CORE + "merge"

# YAML 1.2 floats such as 1e-4 or 5E+3 (YAML 1.1, which PyYAML follows, needs a dot).
_FLOAT_WITHOUT_DOT: Final = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers the last token it handed to the parser (for error marks)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.last_token: Token | None = None

    def get_token(self) -> Token:
        token = cast(Token, super().get_token())  # type: ignore[no-untyped-call]  # types-PyYAML leaves it unannotated
        self.last_token = token
        return token


# Dates stay strings (no config value is a date, and a bad date would fail to construct).
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _CORE + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(  # pyright: ignore[reportUnknownMemberType]  # types-PyYAML leaves its parameters unannotated
    _CORE + "float", _FLOAT_WITHOUT_DOT, list("-+0123456789")
)


class ConfigDumper(yaml.SafeDumper):
    """SafeDumper that quotes every string the loader above would read as a float."""


ConfigDumper.add_implicit_resolver(  # pyright: ignore[reportUnknownMemberType]  # types-PyYAML leaves its parameters unannotated
    _CORE + "float", _FLOAT_WITHOUT_DOT, list("-+0123456789")
)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed document: its value, its root node (marks) and what was wrong with it.

    ``fatal`` findings (syntax, empty document, unsafe tags, alias bombs) leave ``value``
    as ``None``; duplicate keys are not fatal (the last value is kept so that the rest of
    the config can still be checked).
    """

    value: object
    root: Node | None
    findings: tuple[Finding, ...]
    fatal: bool


def _mark_position(line: int, column: int) -> tuple[int, int]:
    return line + 1, column + 1


def _syntax_position(
    error: yaml.MarkedYAMLError, last_token: Token | None, open_marks: list[Mark]
) -> tuple[int, int]:
    """Where a human would look: the line that holds the mistake, not where PyYAML noticed.

    An unclosed quote or bracket and a key without ``:`` are noticed lines later; their
    context mark points at the start. A missing ``:`` before an indented block makes one
    multi-line plain scalar, noticed at the next ``:``; the scalar's start is the culprit.
    """
    context = error.context or ""
    problem = error.problem or ""
    starts_at_context = (
        "while scanning a simple key",
        "while scanning a quoted scalar",
        "while parsing a flow",
        "while scanning a block scalar",
    )
    if context.startswith("while parsing a flow node") and open_marks:
        # the document ended inside [ ... or { ...: point at the bracket left open
        return _mark_position(open_marks[-1].line, open_marks[-1].column)
    if error.context_mark is not None and context.startswith(starts_at_context):
        return _mark_position(error.context_mark.line, error.context_mark.column)
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return 1, 1
    if (
        problem.startswith("mapping values are not allowed")
        and isinstance(last_token, ScalarToken)
        and last_token.plain
        and last_token.start_mark.line < mark.line
    ):
        return _mark_position(last_token.start_mark.line, last_token.start_mark.column)
    return _mark_position(mark.line, mark.column)


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem:
        return "YAML does not allow tabs for indentation; indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        return (
            "a key needs ': ' (colon and space) before its value, and a value that itself "
            "holds ': ' must be quoted; check this line and the line above"
        )
    if "could not find expected ':'" in problem:
        return "write 'key: value' (colon and space)"
    if "expected <block end>" in problem:
        return "the indentation of this line does not match the lines around it"
    if "found undefined alias" in problem:
        return "define the anchor (&name) before using the alias (*name)"
    if "another document" in problem:
        return "a config is one YAML document; remove the '---' separator"
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        return "the list or mapping opened here is not closed (a ']' or '}' or a ',' is missing)"
    if "end of stream" in problem:
        return "the quote or block opened here is never closed"
    return "fix the YAML syntax"


def _offset_text_position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    column = index - (before.rfind("\n") + 1) + 1
    return line, column


@dataclass(slots=True)
class _Inspector:
    """One pass over the node graph: tags, duplicate keys, expanded size, recursion."""

    place: Callable[[int, int], tuple[int, int]]
    findings: list[Finding]
    sizes: dict[int, int]
    on_path: set[int]
    fatal: bool = False

    def finding(self, path: Path, node: Node, code: str, message: str) -> None:
        line, column = self.place(node.start_mark.line, node.start_mark.column)
        self.findings.append(Finding(path, code, message, line=line, column=column))

    def walk(self, node: Node, path: Path, mark_node: Node) -> int:
        """Expanded size of ``node`` (capped); records findings on the way."""
        key = id(node)
        if key in self.on_path:
            self.fatal = True
            self.finding(
                path,
                mark_node,
                "alias-bomb",
                "recursive alias: this value contains itself through a YAML alias (*name), "
                "so it would never end; use plain values",
            )
            return _SIZE_CAP
        known = self.sizes.get(key)
        if known is not None:
            return known
        self.on_path.add(key)
        self.check_tag(node, path, mark_node)
        total = 1
        if isinstance(node, MappingNode):
            total += self.walk_mapping(node, path)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                total = min(total + self.walk(item, (*path, index), item), _SIZE_CAP)
        self.on_path.discard(key)
        total = min(total, _SIZE_CAP)
        self.sizes[key] = total
        return total

    def walk_mapping(self, node: MappingNode, path: Path) -> int:
        total = 0
        seen: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            total += self.walk(key_node, path, key_node)
            name = key_node.value if isinstance(key_node, ScalarNode) else None
            child: Path = (*path, name) if isinstance(name, str) else path
            if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE_TAG:
                identity = (key_node.tag, key_node.value)
                if identity in seen:
                    first = seen[identity]
                    self.finding(
                        child,
                        key_node,
                        "duplicate-key",
                        f"key '{key_node.value}' appears twice in this mapping (first on line "
                        f"{first}); YAML keeps only one of them, so delete or rename one",
                    )
                else:
                    seen[identity] = self.place(key_node.start_mark.line, 0)[0]
            total = min(total + self.walk(value_node, child, key_node), _SIZE_CAP)
        return total

    def check_tag(self, node: Node, path: Path, mark_node: Node) -> None:
        tag = node.tag or ""
        if tag in _ALLOWED_TAGS:
            return
        self.fatal = True
        shown = tag.replace(_CORE, "!!")
        if "python/" in tag:
            message = (
                f"tag '{shown}' is refused: configs are read with safe YAML only, and no "
                f"Python object is ever built from a config; write a plain value"
            )
        else:
            message = (
                f"tag '{shown}' is not allowed: configs hold plain YAML values only "
                f"(strings, numbers, booleans, null, lists, mappings); remove the tag"
            )
        self.finding(path, mark_node, "unsafe-tag", message)


def _bomb_path(root: Node, sizes: dict[int, int]) -> tuple[Path, Node]:
    """The deepest node whose expansion alone is too big: where the bomb is set off."""
    node, mark_node = root, root
    path: Path = ()
    while True:
        children: list[tuple[Path, Node, Node]] = []
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, ScalarNode) else None
                child_path = (*path, name) if isinstance(name, str) else path
                children.append((child_path, value_node, key_node))
        elif isinstance(node, SequenceNode):
            children = [((*path, i), item, item) for i, item in enumerate(node.value)]
        big = [c for c in children if sizes.get(id(c[1]), 0) > MAX_EXPANDED_NODES]
        if not big:
            return path, mark_node
        path, node, mark_node = big[0]


def _fatal(finding: Finding) -> YamlDocument:
    return YamlDocument(None, None, (finding,), True)


def _reader_finding(
    text: str, error: yaml.reader.ReaderError, place: Callable[[int, int], tuple[int, int]]
) -> Finding:
    line, column = place(*(p - 1 for p in _offset_text_position(text, error.position)))
    message = (
        f"YAML syntax error: character {error.character!r} is not allowed in a YAML file; remove it"
    )
    return Finding((), "yaml-syntax", message, line, column)


def parse_yaml(
    text: str, *, place: Callable[[int, int], tuple[int, int]] = _mark_position
) -> YamlDocument:
    """Parse one YAML document safely; ``place`` maps 0-based marks to 1-based positions."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:  # the reader checks every character up front
        return _fatal(_reader_finding(text, error, place))
    try:
        return _parse(loader, text, place)
    finally:
        loader.dispose()


def _parse(
    loader: _Loader, text: str, place: Callable[[int, int], tuple[int, int]]
) -> YamlDocument:
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        open_marks = cast(list[Mark], loader.marks)
        line, column = _syntax_position(error, loader.last_token, open_marks)
        line, column = place(line - 1, column - 1)
        problem = error.problem or error.context or "invalid YAML"
        if problem == "but found another document":
            problem = "found a second document"
        message = f"YAML syntax error: {problem}; {_syntax_hint(problem)}"
        return _fatal(Finding((), "yaml-syntax", message, line, column))
    except yaml.reader.ReaderError as error:
        return _fatal(_reader_finding(text, error, place))
    except RecursionError:
        line, column = place(0, 0)
        message = "YAML syntax error: the document is nested too deeply to be a config"
        return _fatal(Finding((), "yaml-syntax", message, line, column))
    if root is None or (isinstance(root, ScalarNode) and root.tag == _CORE + "null"):
        line, column = place(0, 0)
        message = (
            "the document is empty; a config is a mapping with the sections model, data "
            "and train (see configs/shapes_fcos.yaml)"
        )
        return _fatal(Finding((), "empty", message, line, column))
    inspector = _Inspector(place=place, findings=[], sizes={}, on_path=set())
    size = inspector.walk(root, (), root)
    added = size - len(inspector.sizes)  # nodes the aliases add: expanded less distinct
    if added > MAX_EXPANDED_NODES and not inspector.fatal:
        path, mark_node = _bomb_path(root, inspector.sizes)
        inspector.fatal = True
        inspector.finding(
            path,
            mark_node,
            "alias-bomb",
            f"its aliases (*name) would add more than {MAX_EXPANDED_NODES} nodes when "
            f"expanded (an alias bomb); a config needs a few hundred, so write the values "
            f"out",
        )
    if inspector.fatal:
        return YamlDocument(None, root, tuple(inspector.findings), True)
    try:
        value: object = loader.construct_document(root)  # pyright: ignore[reportUnknownMemberType]  # types-PyYAML leaves its node parameter unannotated
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = place(mark.line, mark.column) if mark is not None else place(0, 0)
        message = f"YAML error: {error.problem or error.context}; use plain keys and values"
        inspector.findings.append(Finding((), "yaml-syntax", message, line, column))
        return YamlDocument(None, root, tuple(inspector.findings), True)
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        line, column = place(0, 0)
        message = f"YAML error: a value cannot be read ({error}); quote it or fix it"
        inspector.findings.append(Finding((), "yaml-syntax", message, line, column))
        return YamlDocument(None, root, tuple(inspector.findings), True)
    return YamlDocument(value, root, tuple(inspector.findings), False)
