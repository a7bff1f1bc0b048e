"""The endpoint's search index: built at start from FORMS_CONTENT_DIR, rebuilt when stale.

The engine says when its index no longer matches the content (`is_stale()`); asking costs a
few stat calls, so it is asked at most every STALE_CHECK_SECONDS. A rebuild reads the
content again through the builder's read path; content with errors keeps the last good
index (and says so in the log), just as a failed build leaves the published site alone.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sitebuilder.errors import BuildFailed, ErrorList
from sitebuilder.pipeline import BuildOptions, Indexed, index_site
from sitebuilder.theme import DEFAULT_THEME

from .engine import SearchIndex
from .index import build_index

STALE_CHECK_SECONDS = 2.0
RETRY_BROKEN_SECONDS = 30.0  # content with errors: try again this much later, not every check
log = logging.getLogger("forms_api.search")


class SearchService:
    def __init__(self, content_dir: Path, index_path: Path, indexed: Indexed) -> None:
        self._content = content_dir
        self._path = index_path
        self._lock = threading.Lock()
        self._index = build_index(indexed, index_path)
        self._checked = time.monotonic()

    def index(self) -> SearchIndex:
        """The current index; rebuilt first if the content changed since it was built."""
        due = time.monotonic() - self._checked >= STALE_CHECK_SECONDS
        # One request checks (and rebuilds); the others meanwhile use the last index.
        if due and self._lock.acquire(blocking=False):
            try:
                self._checked = time.monotonic()
                if self._index.is_stale():
                    self._rebuild()
            finally:
                self._lock.release()
        return self._index

    def _rebuild(self) -> None:
        errors = ErrorList()
        try:
            indexed = index_site(BuildOptions(content=self._content, theme=DEFAULT_THEME), errors)
        except BuildFailed as failed:
            errors.items = list(failed.errors)
        if errors:
            log.warning(
                "search: the content has errors; searching the last good index (%d errors)",
                len(errors.items),
            )
            self._checked = time.monotonic() + RETRY_BROKEN_SECONDS - STALE_CHECK_SECONDS
            return
        self._index = build_index(indexed, self._path)
        log.info("search: index rebuilt from %s", self._content)
