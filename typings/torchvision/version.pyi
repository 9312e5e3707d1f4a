from _typeshed import Incomplete

__version__: str
git_version: str
cuda: Incomplete
