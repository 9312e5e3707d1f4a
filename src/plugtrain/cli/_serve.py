"""``plugtrain serve MODEL``: a REST server for a checkpoint or an exported model.

Needs the ``serve`` extra (``pip install 'plugtrain[serve]'``). Registered in
``cli/__init__.py``.
"""

from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["serve"]


def _console_error(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(text, highlight=False, markup=False)


def serve(
    model: Annotated[
        Path, typer.Argument(help="a checkpoint (.json) from plugtrain train, or an exported model")
    ],
    host: Annotated[
        str, typer.Option(help="address to bind; 0.0.0.0 exposes the server to the network")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="processes, each with its own copy of the model")
    ] = 1,
    threads: Annotated[
        int, typer.Option(min=1, max=256, help="images detected at once per worker")
    ] = 2,
    max_in_flight: Annotated[
        int, typer.Option(min=1, max=10_000, help="requests admitted at once (503 above)")
    ] = 8,
    max_body_bytes: Annotated[
        int, typer.Option(min=1, help="largest upload in bytes (413 above)")
    ] = 20 * 1024 * 1024,
    max_pixels: Annotated[
        int, typer.Option(min=1, help="largest image width x height (422 above)")
    ] = 4096 * 4096,
    request_timeout: Annotated[
        float, typer.Option(min=0.001, max=3600, help="seconds per request (504 after)")
    ] = 30.0,
    device: Annotated[str, typer.Option(help="cpu, cuda, cuda:1")] = "cpu",
    runtime: Annotated[
        str | None, typer.Option(help="runs an .onnx model: onnxruntime (default) or openvino")
    ] = None,
) -> None:
    """Serve MODEL over HTTP: POST /v1/detect, GET /v1/model, GET /health, /docs."""
    from plugtrain.errors import PlugtrainError
    from plugtrain.serve import ServeSettings

    missing = [name for name in ("fastapi", "uvicorn", "multipart") if find_spec(name) is None]
    if missing:
        _console_error(
            f"plugtrain serve needs the serve extra ({', '.join(missing)} missing): "
            f"pip install 'plugtrain[serve]'"
        )
        raise typer.Exit(code=1)
    from plugtrain.serve import run_server

    try:
        settings = ServeSettings(
            model=str(model),
            host=host,
            port=port,
            workers=workers,
            device=device,
            max_body_bytes=max_body_bytes,
            max_pixels=max_pixels,
            max_in_flight=max_in_flight,
            threads=threads,
            request_timeout_s=request_timeout,
            runtime=runtime,
        )
        run_server(settings)
    except PlugtrainError as error:
        _console_error(str(error))
        raise typer.Exit(code=1) from None
