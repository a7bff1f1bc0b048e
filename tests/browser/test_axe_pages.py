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
from browsing import (
    MISSING_PATH,
    PHONE_MENU_PAGES,
    describe,
    open_phone_menu,
    run_axe,
    site_paths,
)


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


def test_the_phone_menu_open_and_closed_has_no_axe_violations(
    served, narrow_page, axe_source
) -> None:
    """At 320 px the menu is behind its Meny button: closed (as every page is checked above)
    and open, on the home page, a service page and one of the endpoint's own pages."""
    problems = []
    for path in (*PHONE_MENU_PAGES, "/api/finns-inte"):
        narrow_page.goto(served.url(path))
        for state in ("closed", "open"):
            if state == "open":
                open_phone_menu(narrow_page)
            violations = run_axe(narrow_page, axe_source)
            if violations:
                problems.append(describe(f"{path} (menu {state}, 320 px)", violations))
    assert not problems, "\n".join(problems)
