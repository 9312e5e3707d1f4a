"""Checks of plugtrain: `nox` runs tests, typecheck, lint and docs; `nox -s bench` benchmarks.

All sessions share one environment (``.nox/shared``) so torch (several GB) is installed once
per machine, not once per session. It is reinstalled only when ``pyproject.toml`` changes.
pip, not uv: on these machines pip takes torch from local disk, uv would download it.
"""

import hashlib
import os
import sys
from pathlib import Path

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "docs"]
nox.options.default_venv_backend = "none"
nox.options.error_on_external_run = False

ROOT = Path(__file__).resolve().parent
SHARED = ROOT / ".nox" / "shared"
BIN = SHARED / "bin"
STAMP = SHARED / ".plugtrain-install-stamp"


def _install_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def _shared_env(session: nox.Session) -> dict[str, str]:
    """Create or refresh the shared environment; return the env vars that select it."""
    if not (BIN / "python").exists():
        session.run(sys.executable, "-m", "venv", str(SHARED))
    if not STAMP.exists() or STAMP.read_text() != _install_digest():
        session.run(str(BIN / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip")
        session.run(str(BIN / "python"), "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]")
        STAMP.write_text(_install_digest())
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(SHARED),
    }


@nox.session
def tests(session: nox.Session) -> None:
    """Unit, property and integration tests with runtime shape checks on."""
    env = _shared_env(session)
    env["PLUGTRAIN_CHECKS"] = "1"
    args = session.posargs or ["tests", "-q", "-p", "no:cacheprovider"]
    session.run(str(BIN / "python"), "-m", "pytest", *args, env=env)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright strict over src, tests, benchmarks and this file; stubtest
    compares our stubs of untyped dependencies (typings/) with the installed packages."""
    env = _shared_env(session)
    session.run(str(BIN / "mypy"), env=env)
    session.run(str(BIN / "pyright"), "--pythonpath", str(BIN / "python"), env=env)
    typings = ROOT / "typings"
    stubbed = sorted(path.name for path in typings.iterdir() if path.is_dir())
    session.run(
        str(BIN / "python"),
        "-m",
        "mypy.stubtest",
        *stubbed,
        # typings/ stubs only what plugtrain uses; everything else is not ours to check
        "--ignore-missing-stub",
        "--allowlist",
        str(typings / "stubtest-allowlist.txt"),
        "--mypy-config-file",
        str(ROOT / "pyproject.toml"),
        env=env,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    env = _shared_env(session)
    session.run(str(BIN / "ruff"), "check", ".", env=env)
    session.run(str(BIN / "ruff"), "format", "--check", ".", env=env)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with warnings as errors."""
    env = _shared_env(session)
    env["NO_MKDOCS_2_WARNING"] = "1"  # a notice about a future release, not about our docs
    session.run(str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(ROOT / "site"), env=env)


@nox.session
def bench(session: nox.Session) -> None:
    """Run every benchmark in benchmarks/; each prints its ratios against a baseline."""
    env = _shared_env(session)
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        session.log(f"benchmark {script.name}")
        session.run(str(BIN / "python"), str(script), *session.posargs, env=env)
