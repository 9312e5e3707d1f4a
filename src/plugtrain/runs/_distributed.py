"""Several processes under ``torchrun``: the process group, the rank, and weight digests."""

import hashlib
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn

__all__ = [
    "Processes",
    "end_processes",
    "gather_weight_digests",
    "start_processes",
    "wait_for_all",
]


@dataclass(frozen=True)
class Processes:
    """This process's place among the run's processes (``rank`` 0 of 1 without torchrun)."""

    rank: int
    world_size: int
    started_group: bool = False
    """Whether :func:`start_processes` started the process group (then
    :func:`end_processes` ends it; a group someone else started is theirs to end)."""


def start_processes() -> Processes:
    """Start the gloo (CPU) or nccl (GPU) process group when ``torchrun`` set WORLD_SIZE > 1."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    started = False
    if world_size > 1 and not dist.is_initialized():
        dist.init_process_group(backend="nccl" if torch.cuda.is_available() else "gloo")
        started = True
    if dist.is_initialized():
        return Processes(
            rank=dist.get_rank(), world_size=dist.get_world_size(), started_group=started
        )
    return Processes(rank=0, world_size=1)


def end_processes(processes: Processes) -> None:
    """End the process group :func:`start_processes` started, so that no communication
    thread outlives the run: a process that exits with a live gloo group can abort
    ("terminate called without an active exception") after the run itself succeeded."""
    if processes.started_group and dist.is_initialized():
        dist.destroy_process_group()


def wait_for_all() -> None:
    """A barrier when there are several processes; nothing otherwise."""
    if dist.is_initialized():
        dist.barrier()


def _weight_digest(model: nn.Module) -> str:
    digest = hashlib.sha256()
    # Parameters only: BatchNorm running statistics are each rank's own between broadcasts.
    for name, value in sorted(model.named_parameters()):
        digest.update(name.encode())
        digest.update(value.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def gather_weight_digests(model: nn.Module) -> tuple[str, ...]:
    """SHA-256 of ``model``'s parameters on every rank (one value without torchrun)."""
    mine = _weight_digest(model)
    if not dist.is_initialized():
        return (mine,)
    everyone: list[object] = [None] * dist.get_world_size()
    dist.all_gather_object(everyone, mine)
    return tuple(str(value) for value in everyone)
