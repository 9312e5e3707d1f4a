"""The process group's end: ``end_processes`` ends only a group ``start_processes`` started."""

from pathlib import Path

import torch.distributed as dist

from plugtrain.runs import Processes, end_processes, start_processes


def _one_process_group(tmp_path: Path) -> None:
    dist.init_process_group(
        backend="gloo", init_method=f"file://{tmp_path / 'store'}", rank=0, world_size=1
    )


def test_a_group_started_elsewhere_is_left_alone_and_one_started_by_the_run_is_ended(
    tmp_path: Path,
) -> None:
    _one_process_group(tmp_path)
    try:
        theirs = start_processes()  # the group already exists: not the run's to end
        assert theirs == Processes(rank=0, world_size=1, started_group=False)
        end_processes(theirs)
        assert dist.is_initialized()
        end_processes(Processes(rank=0, world_size=1, started_group=True))
        assert not dist.is_initialized()
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


def test_without_torchrun_there_is_no_group_to_start_or_end() -> None:
    alone = start_processes()
    assert alone == Processes(rank=0, world_size=1, started_group=False)
    end_processes(alone)
    assert not dist.is_initialized()
