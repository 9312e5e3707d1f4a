"""Start uvicorn on a loaded model: in this process for one worker, else N processes."""

import os

from plugtrain.inference import Predictor
from plugtrain.serve._settings import SETTINGS_ENVIRONMENT, ServeSettings

__all__ = ["run_server"]


def run_server(settings: ServeSettings) -> None:
    """Load the model (a bad one fails here, before the port is bound) and serve it.

    With ``workers > 1`` each uvicorn worker process loads the model once itself.
    """
    import uvicorn

    from plugtrain.serve._app import create_app

    predictor = Predictor.from_path(
        settings.model,
        device=settings.device,
        max_pixels=settings.max_pixels,
        runtime=settings.runtime,
    )
    # uvicorn's own connection cap answers plain-text 503s: keep it well above ours, so
    # /health still answers while max_in_flight detects are running.
    connections = settings.max_in_flight * settings.workers + 64
    if settings.workers == 1:
        uvicorn.run(
            create_app(settings, predictor),
            host=settings.host,
            port=settings.port,
            limit_concurrency=connections,
            log_level="warning",
        )
        return
    del predictor
    os.environ[SETTINGS_ENVIRONMENT] = settings.to_json()
    uvicorn.run(
        "plugtrain.serve._app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        limit_concurrency=connections,
        log_level="warning",
    )
