"""What the up-front check of a COCO data set found: problems with stable codes, and counts.

Torch-free, so ``plugtrain data check`` stays light. The problem codes live with the COCO
parser in :mod:`plugtrain.io` (listed, with example messages, in ``docs/data.md``).
"""

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from plugtrain.io import FATAL_CODES, PROBLEM_CODES, DataProblem

__all__ = ["PROBLEM_CODES", "DataProblem", "DataReport"]


@dataclass(frozen=True, slots=True)
class DataReport:
    """Every problem of a data set, plus counts (``summary``). ``ok`` when no problem."""

    images: str
    annotations: str
    problems: tuple[DataProblem, ...]
    counts: Mapping[str, int] = field(default_factory=dict[str, int])

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fatal(self) -> bool:
        """True when a problem makes the whole set unusable (even in lenient mode)."""
        return any(p.code in FATAL_CODES for p in self.problems)

    def by_code(self) -> dict[str, int]:
        return dict(sorted(Counter(p.code for p in self.problems).items()))

    def summary(self) -> dict[str, object]:
        return {
            "images_dir": self.images,
            "annotation_file": self.annotations,
            **self.counts,
            "problems": len(self.problems),
            "by_code": self.by_code(),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "problems": [p.as_dict() for p in self.problems],
            "summary": self.summary(),
        }

    def to_json(self) -> str:
        # Non-finite numbers never reach the report (messages hold them as text).
        return json.dumps(self.as_dict(), indent=2, allow_nan=False)

    def to_text(self, *, limit: int | None = None) -> str:
        """Human-readable: one line per problem (at most ``limit``), then the counts."""
        shown: Sequence[DataProblem] = self.problems if limit is None else self.problems[:limit]
        lines = [p.as_line() for p in shown]
        if len(shown) < len(self.problems):
            lines.append(f"... and {len(self.problems) - len(shown)} more problems")
        counts = ", ".join(f"{k}={v}" for k, v in self.counts.items())
        verdict = (
            "OK: no problems"
            if self.ok
            else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} "
            f"({', '.join(f'{c}={n}' for c, n in self.by_code().items())})"
        )
        lines.append(f"{verdict} in {self.annotations} with images in {self.images}")
        if counts:
            lines.append(f"  {counts}")
        return "\n".join(lines)
