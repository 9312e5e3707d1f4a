"""load_json_bounded: syntax, encoding, depth and number-length problems, all placed."""

import json
from pathlib import Path

import pytest

from plugtrain.io import JsonFileError, load_json_bounded, parse_json_bounded


def _parse(text: str | bytes, max_depth: int = 64) -> object:
    raw = text.encode() if isinstance(text, str) else text
    return parse_json_bounded(raw, max_depth=max_depth, what="annotation file", source="a.json")


def test_valid_json_of_any_utf_encoding_is_read() -> None:
    assert _parse('{"a": [1, 2.5, null]}') == {"a": [1, 2.5, None]}
    assert _parse(json.dumps({"é": 1}, ensure_ascii=False).encode("utf-16")) == {"é": 1}


def test_a_syntax_error_is_placed() -> None:
    with pytest.raises(JsonFileError) as caught:
        _parse('{"a": 1,\n "b": }')
    assert caught.value.problem == "syntax"
    assert (caught.value.line, caught.value.column) == (2, 7)
    assert str(caught.value) == (
        "[PT403] the annotation file a.json is not valid JSON: Expecting value at line 2, "
        "column 7 (file a.json)"
    )


def test_a_bad_byte_is_placed() -> None:
    with pytest.raises(JsonFileError, match=r"byte b'\\xff' at line 2, column 9") as caught:
        _parse(b'{"a":\n  "b": "\xff"}')
    assert caught.value.problem == "encoding"


@pytest.mark.parametrize("opening", ["[", '{"a": '])
def test_nesting_beyond_pythons_recursion_limit_is_refused(opening: str) -> None:
    with pytest.raises(JsonFileError, match=r"nests lists/objects more than 64 levels deep"):
        _parse(opening * 100_000)


def test_the_depth_limit_is_exact() -> None:
    assert _parse("[" * 64 + "]" * 64, max_depth=64) is not None
    with pytest.raises(JsonFileError, match=r"more than 64 levels") as caught:
        _parse("[" * 65 + "]" * 65, max_depth=64)
    assert caught.value.problem == "too_deep"
    with pytest.raises(JsonFileError, match=r"more than 3 levels"):
        _parse('{"a": {"b": {"c": {}}}}', max_depth=3)


def test_an_integer_of_5000_digits_is_refused() -> None:
    with pytest.raises(JsonFileError, match=r"holds an integer of more than 4300 digits") as caught:
        _parse('{"id": ' + "7" * 5000 + "}")
    assert caught.value.problem == "number_too_large"
    assert _parse("7" * 4000) == int("7" * 4000)


def test_load_json_bounded_reads_through_the_bounded_reader(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"images": []}')
    assert load_json_bounded(tmp_path / "a.json", limit_bytes=100, what="annotation file") == {
        "images": []
    }
    (tmp_path / "b.json").write_text("{")
    with pytest.raises(JsonFileError, match=r"is not valid JSON"):
        load_json_bounded(tmp_path / "b.json", limit_bytes=100, what="annotation file")
