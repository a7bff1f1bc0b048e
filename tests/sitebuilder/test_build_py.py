"""`python build.py ...` works as the README writes it, from any new terminal.

A new terminal's `python` is not the Quick start's `.venv`: build.py must then run itself
with `.venv`'s Python, or say in one line how to set it up. Each test runs the real
build.py in a scratch copy of the project, with a `python` that has no packages at all
(the interpreter behind the test run, started with -S: no site-packages).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BARE_PYTHON = getattr(sys, "_base_executable", None) or sys.executable


def bare_env(bin_dir: Path | None = None) -> dict[str, str]:
    """The environment of a new terminal: no virtualenv active, nothing on PYTHONPATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith("KOMMUNWEBB")
    }
    if bin_dir is not None:
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def project_copy(tmp_path: Path, *, venv: bool) -> Path:
    """The project as an editor has it: build.py, the packages, the theme, the content."""
    root = tmp_path / "kommunwebb"
    root.mkdir()
    shutil.copy2(REPO_ROOT / "build.py", root / "build.py")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("sitebuilder", "forms_api", "theme", "content"):
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=ignore)
    if venv:
        if sys.prefix != sys.base_prefix:  # the tests run in a virtualenv: the editor's .venv
            (root / ".venv").symlink_to(sys.prefix, target_is_directory=True)
        else:  # a Python with the packages installed, standing in for .venv
            script = root / ".venv" / "bin" / "python"
            script.parent.mkdir(parents=True)
            script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
            script.chmod(0o755)
    return root


def bare_python_on_path(tmp_path: Path) -> Path:
    """A folder whose `python` is an interpreter without any packages (a new terminal's)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{BARE_PYTHON}" -S "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    return bin_dir


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_bare_python_really_lacks_the_packages(tmp_path: Path) -> None:
    result = run([BARE_PYTHON, "-S", "-c", "import yaml"], tmp_path, bare_env())
    assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr


def test_a_python_without_packages_runs_build_py_with_the_venv(tmp_path: Path) -> None:
    root = project_copy(tmp_path, venv=True)
    result = run([BARE_PYTHON, "-S", "build.py", "check"], root, bare_env())
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"^0 errors, \d+ warnings?$", result.stdout, re.MULTILINE), result.stdout


def test_without_a_venv_build_py_says_in_one_line_how_to_set_it_up(tmp_path: Path) -> None:
    root = project_copy(tmp_path, venv=False)
    result = run([BARE_PYTHON, "-S", "build.py", "check"], root, bare_env())
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "build.py cannot run: the packages it needs are not installed ("
    )
    assert "python3 -m venv .venv && .venv/bin/pip install -e ." in result.stderr


def test_a_broken_venv_is_named_not_restarted_forever(tmp_path: Path) -> None:
    root = project_copy(tmp_path, venv=False)
    venv_python = root / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text(f'#!/bin/sh\nexec "{BARE_PYTHON}" -S "$@"\n', encoding="utf-8")
    venv_python.chmod(0o755)
    result = run([BARE_PYTHON, "-S", "build.py", "check"], root, bare_env())
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"reinstall them into .venv: {venv_python.parent / 'pip'} install -e" in result.stderr


# -- every editor command in the README, exactly as written ------------------------------------


def readme_commands() -> list[str]:
    """The `python build.py ...` lines of the sh blocks in the Quick start and the editors' part."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Quick start")
    end = readme.index("## For operators")
    parts = readme[start:end]
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", parts, re.DOTALL):
        for line in block.splitlines():
            command = line.split("#", 1)[0].strip()
            if command.startswith("python build.py") and command not in commands:
                commands.append(command)
    return commands


def test_the_readme_gives_the_editors_commands() -> None:
    commands = readme_commands()
    for command in ("python build.py serve", "python build.py check", "python build.py build"):
        assert command in commands, commands


@pytest.mark.parametrize("command", [c for c in readme_commands() if c.split()[2] != "serve"])
def test_a_readme_command_runs_as_written_in_a_new_terminal(tmp_path: Path, command: str) -> None:
    root = project_copy(tmp_path, venv=True)
    env = bare_env(bare_python_on_path(tmp_path))
    result = run(["sh", "-c", command], root, env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    subcommand = command.split()[2]
    if subcommand == "check":
        assert re.search(r"^0 errors, \d+ warnings?$", result.stdout, re.MULTILINE)
    if subcommand == "build":
        assert (root / "public" / "index.html").is_file()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_from_the_readme_runs_as_written_in_a_new_terminal(tmp_path: Path) -> None:
    (command,) = {c for c in readme_commands() if c.startswith("python build.py serve")}
    root = project_copy(tmp_path, venv=True)
    env = bare_env(bare_python_on_path(tmp_path))
    port = free_port()  # not the README's 8000: other programs on this machine may use it
    server = subprocess.Popen(
        ["sh", "-c", f"exec {command} --port {port}"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    assert answer.status == 200
                    assert b"<h1>" in answer.read()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.communicate(timeout=30)
