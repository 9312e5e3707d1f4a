"""Data-loader workers that end with their parent, at once, however the parent ends.

torch's workers notice a dead parent only at their next status check (seconds later) and
not at all while blocked; a killed ``plugtrain train`` must not leave them running. On
Linux each worker asks the kernel for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); elsewhere the check is torch's own.
"""

import ctypes
import multiprocessing
import os
import signal
import sys
from typing import Final

__all__ = ["end_with_parent"]

_PR_SET_PDEATHSIG: Final = 1


def end_with_parent(worker_id: int) -> None:
    """``worker_init_fn`` for a DataLoader: the worker is killed when its parent dies."""
    del worker_id  # every worker does the same
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    parent = multiprocessing.parent_process()
    # the parent may have died before prctl took effect: then the worker was re-parented
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)
