"""ServeSettings: every limit bounded, with the fix named; JSON round trip for workers."""

import json

import pytest

from plugtrain.errors import ArgumentError
from plugtrain.serve import ServeSettings


def test_defaults_bind_loopback_and_round_trip() -> None:
    settings = ServeSettings(model="m.json")
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert ServeSettings.from_json(settings.to_json()) == settings


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("port", 70000, r"an int in \[0, 65535\]"),
        ("workers", 0, r"an int in \[1, 64\]"),
        ("max_pixels", 10**12, "max_pixels=16777216"),
        ("max_in_flight", True, "max_in_flight=8"),
        ("threads", 0, "threads=2"),
        ("request_timeout_s", float("inf"), r"seconds in \(0, 3600\]"),
        ("request_timeout_s", 0, "request_timeout_s=30"),
    ],
)
def test_out_of_range_limits_are_refused(field: str, value: object, text: str) -> None:
    with pytest.raises(ArgumentError, match=text) as caught:
        ServeSettings.from_json(json.dumps({"model": "m.json", field: value}))
    assert caught.value.argument == field


def test_unknown_settings_json_is_refused() -> None:
    with pytest.raises(ArgumentError, match="start workers through plugtrain serve"):
        ServeSettings.from_json('{"model": "m.json", "pickle": "yes"}')


def test_the_runtime_is_one_of_the_export_runtimes() -> None:
    assert ServeSettings(model="m.onnx", runtime="openvino").runtime == "openvino"
    with pytest.raises(ArgumentError, match=r"one of \['onnxruntime', 'openvino'\], or None"):
        ServeSettings(model="m.onnx", runtime="tensorrt")
