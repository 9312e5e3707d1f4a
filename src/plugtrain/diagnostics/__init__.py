"""Diagnostics for runs that go wrong: where did the first NaN come from?"""

from plugtrain.diagnostics._nonfinite import NonFiniteReport, find_first_nonfinite

__all__ = ["NonFiniteReport", "find_first_nonfinite"]
