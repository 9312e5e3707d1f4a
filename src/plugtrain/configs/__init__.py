"""Configs shipped inside the package (the embedded default of ``plugtrain train``)."""

__all__: list[str] = []
