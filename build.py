#!/usr/bin/env python3
"""Build or preview the site: `python build.py build` / `python build.py serve`."""

import os
import sys
from pathlib import Path

from sitebuilder.cli import main


def forms_api(content: Path):
    """The forms endpoint for `serve`, mounted at /api/ with laptop defaults (mail to var/mail/)."""
    from forms_api import create_app

    config = {"CONTENT_DIR": str(content)}
    if "FORMS_RATE_LIMIT" not in os.environ:
        config["RATE_LIMIT"] = "120 per minute"  # an editor testing forms is not a spammer
    return create_app(config)


if __name__ == "__main__":
    sys.exit(main(api_factory=forms_api))
