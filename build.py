#!/usr/bin/env python3
"""Build or preview the site: `python build.py build` / `python build.py serve`.

Works as the README writes it from any new terminal: when the `python` that runs it lacks
the packages and the Quick start's `.venv` is beside this file, it runs itself again with
`.venv`'s Python; without `.venv`, it says in one line how to make it.
"""

import os
import sys
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent
# pyproject.toml's dependencies, by the name they are imported with.
NEEDED = ("yaml", "pydantic", "jinja2", "frontmatter", "pyromark", "flask", "limits")
_AGAIN = "KOMMUNWEBB_BUILD_PY_REEXEC"  # set when we restarted once, so we never loop


def _venv_python() -> "Path | None":
    for candidate in (HERE / ".venv" / "bin" / "python", HERE / ".venv" / "Scripts" / "python.exe"):
        if candidate.is_file():
            return candidate
    return None


def ensure_dependencies() -> None:
    """Return if this Python can run the builder; else restart with .venv's, or explain."""
    missing = [name for name in NEEDED if find_spec(name) is None]
    if not missing and sys.version_info >= (3, 11):
        return
    venv = _venv_python()
    in_venv = venv is not None and Path(sys.prefix).resolve() == venv.parent.parent.resolve()
    if venv is not None and not in_venv and os.environ.get(_AGAIN) != "1":
        os.environ[_AGAIN] = "1"
        os.execv(str(venv), [str(venv), str(Path(__file__).resolve()), *sys.argv[1:]])
    why = (
        f"Python {sys.version_info.major}.{sys.version_info.minor} is too old (3.11 or newer)"
        if not missing
        else f"the packages it needs are not installed ({', '.join(missing)})"
    )
    if venv is None:
        fix = (
            "set it up once, in this folder: python3 -m venv .venv && .venv/bin/pip install -e . "
            "(then `python build.py ...` uses .venv by itself)"
        )
    else:
        fix = f"reinstall them into .venv: {venv.parent / 'pip'} install -e {HERE}"
    print(f"build.py cannot run: {why}; {fix}", file=sys.stderr)
    sys.exit(2)


def forms_api(content: Path):
    """The forms endpoint for `serve`, mounted at /api/ with laptop defaults (mail to var/mail/)."""
    from forms_api import create_app

    config = {"CONTENT_DIR": str(content)}
    if "FORMS_RATE_LIMIT" not in os.environ:
        config["RATE_LIMIT"] = "120 per minute"  # an editor testing forms is not a spammer
    return create_app(config)


if __name__ == "__main__":
    ensure_dependencies()
    from sitebuilder.cli import main

    sys.exit(main(api_factory=forms_api))
