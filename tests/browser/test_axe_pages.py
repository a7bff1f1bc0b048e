"""axe-core finds nothing on any page of the built sample site, at 1280 px and at 320 px.

One test per viewport walks every page and collects every violation before failing, so a
single run lists all problems (page, rule, element) instead of stopping at the first. The page
list comes from the session's build (served.out), which does not exist at collection time, so
per-page parametrisation would need a second build just to name the tests. axe is injected
into each page after it has loaded (run_axe), as the pages are served with the site's
Content-Security-Policy.
"""

from __future__ import annotations

import pytest
from browsing import MISSING_PATH, describe, run_axe, site_paths


@pytest.mark.parametrize("viewport", ["desktop", "narrow"])
def test_every_page_has_no_axe_violations(request, viewport, served, axe_source) -> None:
    paths = site_paths(served.out)
    assert MISSING_PATH in paths, "404.html was built and is checked at a missing address"
    assert len(paths) > 20, paths
    page = request.getfixturevalue(viewport).new_page()
    problems = []
    try:
        for path in paths:
            response = page.goto(served.url(path))
            status = response.status if response is not None else None
            expected = 404 if path == MISSING_PATH else 200
            if status != expected:
                problems.append(f"{path}: HTTP {status}, expected {expected}")
                continue
            violations = run_axe(page, axe_source)
            if violations:
                problems.append(describe(f"{path} ({viewport})", violations))
    finally:
        page.close()
    assert not problems, f"{len(problems)} of {len(paths)} pages fail:\n" + "\n".join(problems)
