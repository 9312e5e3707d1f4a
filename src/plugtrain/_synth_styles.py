"""The names of the synthetic data's visual styles, apart from their drawing: the CLI
lists them without importing numpy or the data package (``plugtrain validate`` stays
fast)."""

from enum import StrEnum

__all__ = ["SynthStyle"]


class SynthStyle(StrEnum):
    """The visual domain of a synthetic image."""

    source = "source"
    """The original look: muted backgrounds, saturated shapes."""
    target = "target"
    """The shifted look: inverted, washed orange, blurred and grainy."""
