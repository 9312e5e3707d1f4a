"""Hostile requests to ``plugtrain serve``: each gets a clean JSON 4xx/5xx and the server
keeps answering; memory stays bounded over many bad requests."""

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.inference_helpers import (
    encoded_image,
    png_header_only,
    save_tiny_checkpoint,
    truncated_jpeg,
)
from tests.integration.serving import Server, running_server

pytestmark = pytest.mark.slow

MAX_BODY = 200_000
TIMEOUT_S = 6


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    model = save_tiny_checkpoint(tmp_path_factory.mktemp("hostile-serve"))
    options = [
        "--max-body-bytes", str(MAX_BODY),
        "--max-pixels", "1000000",
        "--max-in-flight", "2",
        "--threads", "1",
        "--request-timeout", str(TIMEOUT_S),
    ]  # fmt: skip
    with running_server(model, *options) as running:
        yield running


def _error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    return message


def _still_serving(server: Server) -> None:
    response = httpx.post(
        f"{server.url}/v1/detect",
        content=encoded_image((24, 24), "png"),
        headers={"content-type": "image/png"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.json()["width"] == 24


def _post(
    server: Server, content: bytes, kind: str = "image/png", **params: object
) -> httpx.Response:
    return httpx.post(
        f"{server.url}/v1/detect",
        content=content,
        headers={"content-type": kind},
        params={k: str(v) for k, v in params.items()},
        timeout=60,
    )


def test_body_too_large_declared_streamed_and_multipart(server: Server) -> None:
    big = b"\x89PNG" + bytes(MAX_BODY)
    message = _error(_post(server, big), 413, "body_too_large")
    assert f"{MAX_BODY + 4} bytes (Content-Length)" in message
    assert f"limit of {MAX_BODY} bytes" in message

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield bytes(30_000)

    streamed = httpx.post(
        f"{server.url}/v1/detect",
        content=chunks(),
        headers={"content-type": "image/png"},
        timeout=60,
    )
    assert "so far" in _error(streamed, 413, "body_too_large")
    multipart = httpx.post(
        f"{server.url}/v1/detect", files={"file": ("a.png", big, "image/png")}, timeout=60
    )
    _error(multipart, 413, "body_too_large")
    _still_serving(server)


def test_not_an_image_truncated_and_wrong_content_type(server: Server, tmp_path: Path) -> None:
    message = _error(_post(server, b"GIF89a but not really"), 415, "image_unsupported")
    assert "cannot identify the uploaded file as an image" in message
    assert "/tmp" not in message, "the server's temporary path stays private"
    cut = truncated_jpeg(tmp_path / "cut.jpg").read_bytes()
    assert "truncated" in _error(_post(server, cut, "image/jpeg"), 422, "image_truncated")
    message = _error(_post(server, b"hello", "text/plain"), 415, "unsupported_media_type")
    assert "'text/plain' is not accepted" in message
    assert "is empty" in _error(_post(server, b""), 422, "empty_body")
    no_file = httpx.post(f"{server.url}/v1/detect", files={"other": ("a.png", b"x")}, timeout=60)
    assert "field named 'file'" in _error(no_file, 422, "missing_file")
    _still_serving(server)


def test_pixel_limit_and_decompression_bombs(server: Server) -> None:
    message = _error(_post(server, png_header_only(2000, 2000)), 422, "image_too_large")
    assert "2000 x 2000 = 4000000 pixels, above the limit of 1000000" in message
    message = _error(_post(server, png_header_only(60_000, 60_000)), 422, "image_too_large")
    assert "decompression-bomb limit" in message
    _still_serving(server)


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"score_threshold": "abc"}, "query.score_threshold"),
        ({"score_threshold": "1.5"}, "query.score_threshold"),
        ({"max_detections": "0"}, "query.max_detections"),
        ({"max_detections": "100000"}, "query.max_detections"),
    ],
)
def test_bad_query_values(server: Server, params: dict[str, str], where: str) -> None:
    message = _error(_post(server, encoded_image((8, 8), "png"), **params), 422, "invalid_request")
    assert where in message
    assert repr(next(iter(params.values()))) in message


def test_unknown_routes_and_methods_are_json(server: Server) -> None:
    _error(httpx.get(f"{server.url}/nothing"), 404, "not_found")
    _error(httpx.get(f"{server.url}/v1/detect"), 405, "method_not_allowed")


def _stalled_upload(server: Server) -> socket.socket:
    """A raw POST that declares 1000 bytes and sends 8: the server admits it and waits."""
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    connection.sendall(
        b"POST /v1/detect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
        b"Content-Length: 1000\r\n\r\n\x89PNG\r\n\x1a\n"
    )
    return connection


def _wait_for_in_flight(server: Server, count: int) -> None:
    deadline = time.monotonic() + 60
    while httpx.get(f"{server.url}/health").json()["in_flight"] != count:
        assert time.monotonic() < deadline, f"in_flight never reached {count}"
        time.sleep(0.05)


def test_too_many_in_flight_is_503_and_slots_come_back(server: Server) -> None:
    stalled = [_stalled_upload(server), _stalled_upload(server)]
    try:
        _wait_for_in_flight(server, 2)
        message = _error(_post(server, encoded_image((8, 8), "png")), 503, "busy")
        assert "2 requests are already in flight" in message
        assert httpx.get(f"{server.url}/health").status_code == 200
    finally:
        for connection in stalled:
            connection.close()
    _wait_for_in_flight(server, 0)
    _still_serving(server)


def test_a_request_that_takes_too_long_is_504(server: Server) -> None:
    connection = _stalled_upload(server)
    try:
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            piece = connection.recv(65536)  # the server answers after TIMEOUT_S by itself
            if not piece:
                break
            answer += piece
    finally:
        connection.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 504"), head
    error = json.loads(body)["error"]
    assert error["code"] == "timeout"
    assert f"longer than {float(TIMEOUT_S)} s" in error["message"]
    _wait_for_in_flight(server, 0)
    _still_serving(server)


def test_memory_stays_bounded_over_200_bad_requests(server: Server, tmp_path: Path) -> None:
    bad = [
        (b"not an image at all" * 10, "image/png"),
        (truncated_jpeg(tmp_path / "cut.jpg").read_bytes(), "image/jpeg"),
        (png_header_only(5000, 5000), "image/png"),
        (b"\x89PNG" + bytes(MAX_BODY), "image/png"),
    ]
    with httpx.Client(timeout=60) as client:

        def send(count: int) -> set[int]:
            return {
                client.post(
                    f"{server.url}/v1/detect",
                    content=bad[i % len(bad)][0],
                    headers={"content-type": bad[i % len(bad)][1]},
                ).status_code
                for i in range(count)
            }

        send(20)  # warm up: allocator pools, imported codecs
        before = server.rss_kib()
        statuses = send(200)
        after = server.rss_kib()
    assert statuses == {413, 415, 422}
    assert after - before < 30 * 1024, f"RSS grew {after - before} KiB over 200 bad requests"
    _still_serving(server)


def test_malformed_and_crowded_multipart(server: Server) -> None:
    url = f"{server.url}/v1/detect"
    no_boundary = httpx.post(
        url, content=b"--x\r\n\r\n", headers={"content-type": "multipart/form-data"}, timeout=60
    )
    assert "Missing boundary" in _error(no_boundary, 400, "bad_request")
    image = encoded_image((8, 8), "png")
    two_files = httpx.post(
        url,
        files=[("file", ("a.png", image, "image/png")), ("more", ("b.png", image, "image/png"))],
        timeout=60,
    )
    assert "Maximum number of files is 1" in _error(two_files, 400, "bad_request")
    _still_serving(server)
