#!/usr/bin/env python3
"""Build or preview the site: `python build.py build` / `python build.py serve`."""

import sys
from pathlib import Path

from sitebuilder.cli import main


def forms_api(content: Path):
    """The forms endpoint for `serve`, mounted at /api/ with laptop defaults (mail to var/mail/)."""
    from forms_api import create_app

    return create_app({"CONTENT_DIR": str(content)})


if __name__ == "__main__":
    sys.exit(main(api_factory=forms_api))
