#!/usr/bin/env python3
"""Build or preview the site: `python build.py build` / `python build.py serve`."""

import sys

from sitebuilder.cli import main

if __name__ == "__main__":
    sys.exit(main())
