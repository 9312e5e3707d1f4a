"""Checks of plugtrain: `nox` runs tests, typecheck, lint and docs; `nox -s bench` benchmarks.

All sessions share one environment (``.nox/shared``) so torch (several GB) is installed once
per machine, not once per session. It installs exactly ``requirements/dev.lock`` (every
check tool, stub package and library at one pinned version, so a fresh machine runs the
checks on what CI ran), then plugtrain itself without dependencies. It is synced again only
when the lock or ``pyproject.toml`` changes. ``nox -s lock`` refreshes the lock.
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
LOCK = ROOT / "requirements" / "dev.lock"
TORCH_PINS = ROOT / "requirements" / "torch.txt"
# Caches the checks would otherwise keep under HOME or /tmp, where a second run on the same
# machine would silently reuse them (a fresh clone on a new machine has none).
CACHE = ROOT / ".nox" / "cache"


def _install_digest() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _shared_env(session: nox.Session) -> dict[str, str]:
    """Create or sync the shared environment; return the env vars that select it."""
    python = str(BIN / "python")
    if not (BIN / "python").exists():
        session.run(sys.executable, "-m", "venv", str(SHARED))
    if not STAMP.exists() or STAMP.read_text() != _install_digest():
        # --no-deps: the lock is complete, nothing outside it may come in
        session.run(python, "-m", "pip", "install", "-q", "--no-deps", "-r", str(LOCK))
        # removes what an earlier lock (or a hand) left that this lock does not name
        session.run(str(BIN / "pip-sync"), "-q", str(LOCK))
        session.run(python, "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT))
        session.run(python, "-m", "pip", "check")
        STAMP.write_text(_install_digest())
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(SHARED),
        "XDG_CACHE_HOME": str(CACHE),
        "MPLCONFIGDIR": str(CACHE / "matplotlib"),
        "TORCH_HOME": str(CACHE / "torch"),
        "TORCHINDUCTOR_CACHE_DIR": str(CACHE / "torchinductor"),
    }


@nox.session(venv_backend="venv")
def lock(session: nox.Session) -> None:
    """Refresh requirements/dev.lock from pyproject.toml; run it after changing dependencies.

    Keeps the pins that still fit; ``nox -s lock -- --upgrade`` moves every pin to the newest
    release (torch stays at requirements/torch.txt).
    """
    session.install("pip-tools", *(["-c", str(LOCK)] if LOCK.exists() else []))
    session.run(
        "pip-compile",
        "--quiet",
        "--extra=dev",
        "--extra=export",
        "--extra=serve",
        "--strip-extras",
        "--allow-unsafe",  # pins pip and setuptools too
        "--no-emit-index-url",  # the machine's package configuration is not part of the lock
        "--no-emit-find-links",
        f"--constraint={TORCH_PINS.relative_to(ROOT)}",
        f"--output-file={LOCK.relative_to(ROOT)}",
        *session.posargs,
        "pyproject.toml",
        env={"CUSTOM_COMPILE_COMMAND": "nox -s lock"},
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Unit, property and integration tests with runtime shape checks on."""
    env = _shared_env(session)
    env["PLUGTRAIN_CHECKS"] = "1"
    # pytest-randomly (in the lock) shuffles the order and prints its seed at the end;
    # `-p randomly --randomly-seed=N` repeats an order, `-p no:randomly` turns it off.
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
