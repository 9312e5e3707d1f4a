"""Safe YAML reading: tags, alias bombs, duplicate keys, spellings, positions."""

from pathlib import Path

import pytest

from plugtrain.config import MAX_EXPANDED_NODES, Finding
from plugtrain.config._yaml import parse_yaml


def _only(text: str) -> Finding:
    document = parse_yaml(text)
    assert len(document.findings) == 1, document.findings
    return document.findings[0]


def test_python_tags_run_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'weights: !!python/object/apply:os.system ["touch {marker}"]\n'
    finding = _only(text)
    assert (finding.path, finding.code, finding.line, finding.column) == (
        ("weights",),
        "unsafe-tag",
        1,
        1,
    )
    assert "is refused" in finding.message
    assert not marker.exists()


@pytest.mark.parametrize(
    "tag", ["!!python/name:os.system", "!!python/module:os", "!!binary", "!include", "!!set"]
)
def test_every_tag_outside_plain_yaml_is_refused(tag: str) -> None:
    finding = _only(f"a:\n  b: {tag} x\n")
    assert (finding.path, finding.code, finding.line) == (("a", "b"), "unsafe-tag", 2)
    assert parse_yaml(f"a:\n  b: {tag} x\n").fatal


def test_plain_tags_are_allowed() -> None:
    document = parse_yaml('a: !!str 18\nb: !!int "3"\nc: !!float 1\n')
    assert document.value == {"a": "18", "b": 3, "c": 1.0}
    assert document.findings == ()


def test_billion_laughs_is_refused_without_expanding() -> None:
    # 9**12 (about 3e11) strings when expanded: only a check that never expands finishes
    lines = ['l0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 12)]
    document = parse_yaml("\n".join(lines) + "\n")
    assert document.fatal
    assert document.value is None
    finding = document.findings[0]
    assert (finding.code, finding.path, finding.line) == ("alias-bomb", ("l4",), 5)
    assert f"more than {MAX_EXPANDED_NODES} nodes" in finding.message


def test_recursive_alias_is_refused() -> None:
    finding = _only("a:\n  b: &x [1, *x]\n")
    assert (finding.code, finding.path, finding.line) == ("alias-bomb", ("a", "b", 1), 2)
    assert "recursive alias" in finding.message


def test_small_aliases_are_fine() -> None:
    document = parse_yaml("a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}, e: 2}\n")
    assert document.value == {"a": [1, 2], "b": [1, 2], "c": {"d": 1, "e": 2}}
    assert not document.fatal


def test_duplicate_keys_are_found_but_not_fatal() -> None:
    document = parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert not document.fatal
    assert document.value == {"a": 1, "b": {"c": 2}}
    (finding,) = document.findings
    assert (finding.path, finding.code, finding.line, finding.column) == (
        ("b", "c"),
        "duplicate-key",
        4,
        3,
    )
    assert "(first on line 3)" in finding.message


def test_duplicate_keys_in_a_flow_mapping() -> None:
    finding = _only("a: {b: 1, b: 2}\n")
    assert (finding.path, finding.code, finding.line, finding.column) == (
        ("a", "b"),
        "duplicate-key",
        1,
        11,
    )


def test_floats_without_a_dot_are_floats_and_dates_stay_strings() -> None:
    document = parse_yaml("a: 1e-4\nb: 5E+3\nc: -2.5e-3\nd: 2024-01-01\ne: 1_000\nf: 1e\n")
    assert document.value == {
        "a": 1e-4,
        "b": 5e3,
        "c": -2.5e-3,
        "d": "2024-01-01",
        "e": 1000,
        "f": "1e",
    }


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a:\n  b: [1, 2\n  c: 3\n", 2, 6, "is not closed"),
        ("a:\n  b\n    c: 1\n", 2, 3, "check this line and the line above"),
        ("a: 1\nb 2\nc: 3\n", 2, 1, "write 'key: value'"),
        ("a: 'x\nb: 1\n", 1, 4, "never closed"),
        ("a:\n\tb: 1\n", 2, 1, "tabs"),
        ("a: 1\n---\nb: 2\n", 2, 1, "found a second document"),
        ("a: *nothing\n", 1, 4, "define the anchor"),
        ("a: \x07\n", 1, 4, "is not allowed in a YAML file"),
    ],
)
def test_syntax_errors_point_at_the_mistake(text: str, line: int, column: int, words: str) -> None:
    finding = _only(text)
    assert (finding.code, finding.path, finding.line, finding.column) == (
        (("yaml-syntax"), (), line, column)
    )
    assert words in finding.message


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    finding = _only("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert finding.code == "yaml-syntax"
    assert "nested too deeply" in finding.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n...\n"])
def test_empty_documents(text: str) -> None:
    finding = _only(text)
    assert (finding.code, finding.line, finding.column) == ("empty", 1, 1)
    assert "the document is empty" in finding.message
