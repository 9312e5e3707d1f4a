# Hand-written stub of the part of OpenVINO's API plugtrain uses: OpenVINO ships .pyi files
# but no py.typed marker, so mypy does not read them.
from os import PathLike
from typing import Any

from numpy.typing import NDArray

__version__: str

class Tensor:
    @property
    def data(self) -> NDArray[Any]: ...

class InferRequest:
    def infer(
        self,
        inputs: Any = None,
        share_inputs: bool = False,
        share_outputs: bool = False,
        *,
        decode_strings: bool = True,
    ) -> object: ...
    def get_tensor(self, *args: Any, **kwargs: Any) -> Tensor: ...

class CompiledModel:
    # built by Core.compile_model, never by plugtrain
    def __init__(self, other: CompiledModel, weights: bytes | None = None) -> None: ...
    def create_infer_request(self) -> InferRequest: ...

class Core:
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def compile_model(
        self,
        model: str | PathLike[str],
        device_name: str | None = None,
        config: dict[str, Any] | None = None,
        *,
        weights: bytes | None = None,
    ) -> CompiledModel: ...

def get_version() -> str: ...
