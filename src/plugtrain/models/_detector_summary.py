"""DetectorSummary: what a detector computes for an input size, and where its parameters are."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

__all__ = ["DetectorSummary", "LevelSummary", "PartSummary"]


@dataclass(frozen=True, slots=True)
class LevelSummary:
    """One pyramid level as the head sees it for the summarised input size."""

    name: str
    channels: int
    stride: int
    height: int
    width: int
    anchors_per_location: int

    @property
    def anchors(self) -> int:
        """Anchors (or points) of this level: cells x anchors per location."""
        return self.height * self.width * self.anchors_per_location


@dataclass(frozen=True, slots=True)
class PartSummary:
    """A part of the detector (``backbone``, ``neck``, ``head``) and its parameters."""

    role: str
    kind: str
    parameters: int
    trainable: int


@dataclass(frozen=True, slots=True)
class DetectorSummary:
    """Per-level shapes, strides and anchors for one input size; parameters per part.

    ``image_size``: the summarised input (height, width); ``network_input``: after the
    detector's resizing and padding. Print it with ``rich.print(summary)`` for tables, or
    ``str(summary)`` for plain text.
    """

    image_size: tuple[int, int]
    network_input: tuple[int, int]
    num_classes: int
    levels: tuple[LevelSummary, ...]
    parts: tuple[PartSummary, ...]

    @property
    def parameters(self) -> int:
        """All parameters of the detector."""
        return sum(part.parameters for part in self.parts)

    @property
    def trainable(self) -> int:
        """Parameters with ``requires_grad``."""
        return sum(part.trainable for part in self.parts)

    @property
    def anchors(self) -> int:
        """Anchors (or points) over all levels."""
        return sum(level.anchors for level in self.levels)

    def _title(self) -> str:
        height, width = self.image_size
        net_h, net_w = self.network_input
        return (
            f"Detector: input {height}x{width} -> network input {net_h}x{net_w}, "
            f"{self.num_classes} classes"
        )

    def tables(self) -> tuple["Table", "Table"]:
        """Two rich tables: the levels, and the parts with their parameters."""
        from rich.table import Table

        levels = Table(title=self._title())
        for column in ("level", "channels", "stride", "shape (h x w)", "anchors/location"):
            levels.add_column(column, justify="left" if column == "level" else "right")
        levels.add_column("anchors", justify="right")
        for level in self.levels:
            levels.add_row(
                level.name,
                str(level.channels),
                str(level.stride),
                f"{level.height} x {level.width}",
                str(level.anchors_per_location),
                f"{level.anchors:,}",
            )
        levels.add_row("total", "", "", "", "", f"{self.anchors:,}", style="bold")
        parts = Table(title="Parameters")
        parts.add_column("part")
        parts.add_column("type")
        parts.add_column("parameters", justify="right")
        parts.add_column("trainable", justify="right")
        for part in self.parts:
            parts.add_row(part.role, part.kind, f"{part.parameters:,}", f"{part.trainable:,}")
        parts.add_row("total", "", f"{self.parameters:,}", f"{self.trainable:,}", style="bold")
        return levels, parts

    def __rich__(self) -> "RenderableType":
        from rich.console import Group

        return Group(*self.tables())

    def __str__(self) -> str:
        lines = [self._title()]
        lines += [
            f"  {lv.name}: {lv.channels}ch, stride {lv.stride}, {lv.height}x{lv.width}, "
            f"{lv.anchors_per_location} anchors/location, {lv.anchors} anchors"
            for lv in self.levels
        ]
        lines.append(f"  anchors: {self.anchors}")
        lines += [
            f"  {p.role} ({p.kind}): {p.parameters:,} parameters, {p.trainable:,} trainable"
            for p in self.parts
        ]
        lines.append(f"  total: {self.parameters:,} parameters, {self.trainable:,} trainable")
        return "\n".join(lines)
