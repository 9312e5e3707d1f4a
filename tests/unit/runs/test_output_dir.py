"""An output_dir that holds a run is never silently replaced (function and CLI)."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from plugtrain.cli import app
from plugtrain.errors import CheckpointError, TrainingError
from plugtrain.runs import RunFolder, prepare_output_dir
from tests.integration.runs import write_experiment

runner = CliRunner()


def _earlier_run(root: Path, *, finished: bool) -> RunFolder:
    folder = RunFolder(root)
    folder.checkpoints.mkdir(parents=True)
    for path in folder.artefacts():
        path.write_text(f"earlier {path.name}")
    if not finished:
        folder.summary.unlink()
    return folder


@pytest.mark.parametrize(("finished", "state"), [(True, "a finished"), (False, "an interrupted")])
def test_refused_without_resume_or_overwrite(tmp_path: Path, finished: bool, state: str) -> None:
    folder = _earlier_run(tmp_path / "run", finished=finished)
    with pytest.raises(TrainingError) as caught:
        prepare_output_dir(folder.root, resume=False, overwrite=False)
    message = str(caught.value)
    assert f"train.output_dir {folder.root} already holds {state} run" in message
    assert "Pass --resume to continue that run, or --overwrite to delete" in message
    assert (folder.checkpoints / "best.json").read_text() == "earlier best.json"


def test_resume_keeps_everything(tmp_path: Path) -> None:
    folder = _earlier_run(tmp_path / "run", finished=False)
    assert prepare_output_dir(folder.root, resume=True, overwrite=False) == ()
    assert all(path.exists() for path in folder.artefacts() if path != folder.summary)


def test_overwrite_deletes_the_runs_files_and_nothing_else(tmp_path: Path) -> None:
    folder = _earlier_run(tmp_path / "run", finished=True)
    notes = folder.root / "notes.md"
    notes.write_text("mine")
    removed = prepare_output_dir(folder.root, resume=False, overwrite=True)
    assert set(removed) == set(folder.artefacts())
    assert sorted(p.name for p in folder.root.iterdir()) == ["notes.md"]


def test_only_the_writing_rank_deletes(tmp_path: Path) -> None:
    folder = _earlier_run(tmp_path / "run", finished=True)
    assert prepare_output_dir(folder.root, resume=False, overwrite=True, writer=False) == ()
    assert all(path.exists() for path in folder.artefacts())


def test_both_flags_are_refused(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="--resume and --overwrite exclude each other"):
        prepare_output_dir(tmp_path, resume=True, overwrite=True)


def test_paths_of_the_wrong_kind_are_refused_before_training(tmp_path: Path) -> None:
    (tmp_path / "checkpoints").write_text("a file")
    with pytest.raises(CheckpointError, match="checkpoints is a file, expected the run's"):
        prepare_output_dir(tmp_path, resume=False, overwrite=False)
    (tmp_path / "checkpoints").unlink()
    (tmp_path / "metrics.jsonl").mkdir()
    with pytest.raises(TrainingError, match=r"metrics\.jsonl is a folder, expected a file"):
        prepare_output_dir(tmp_path, resume=False, overwrite=True)


def test_the_cli_refuses_and_names_both_flags(tmp_path: Path) -> None:
    config = write_experiment(tmp_path)
    folder = _earlier_run(tmp_path / "run", finished=True)
    result = runner.invoke(app, ["train", str(config)])
    assert result.exit_code == 1
    assert "[PT600]" in result.output
    assert "--resume" in result.output
    assert "--overwrite" in result.output
    assert (folder.checkpoints / "best.json").read_text() == "earlier best.json"
    both = runner.invoke(app, ["train", str(config), "--resume", "--overwrite"])
    assert both.exit_code == 1
    assert "--resume and --overwrite exclude each other" in both.output
