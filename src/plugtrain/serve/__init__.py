"""``plugtrain serve``: a REST server (FastAPI + uvicorn, the ``serve`` extra) around a
:class:`plugtrain.inference.Predictor`.

Endpoints: ``POST /v1/detect`` (an image as multipart field ``file`` or the raw body),
``GET /v1/model``, ``GET /health`` and the OpenAPI page at ``/docs``. Every limit is a
field of :class:`ServeSettings`; refusals are ``{"error": {"code", "message"}}``.
Importing this package does not import FastAPI: :func:`create_app` and
:func:`run_server` do.
"""

from typing import TYPE_CHECKING

from plugtrain.serve._settings import SETTINGS_ENVIRONMENT, ServeSettings

if TYPE_CHECKING:
    from plugtrain.serve._app import app_from_environment, create_app
    from plugtrain.serve._run import run_server

__all__ = [
    "SETTINGS_ENVIRONMENT",
    "ServeSettings",
    "app_from_environment",
    "create_app",
    "run_server",
]

_LAZY = {
    "app_from_environment": "plugtrain.serve._app",
    "create_app": "plugtrain.serve._app",
    "run_server": "plugtrain.serve._run",
}


def __getattr__(name: str) -> object:
    from importlib import import_module

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'plugtrain.serve' has no attribute {name!r}")
    value: object = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
