"""Every page works under the Content-Security-Policy that the deployed site is served with.

The tests' server sends netlify.toml's headers for "/*" on every response, the forms API's at
/api/ included (sitebuilder/serve.py). With JavaScript on, every built page, every open form
sent empty (the API's error page) and answered (its receipt), and the API's 404 page must
arrive with that policy and make the browser report no violation of it. The watch itself is
proved by test_broken_fixture.py: a theme copy with an inline style attribute and an inline
script is caught by both its signals.
"""

from __future__ import annotations

import datetime as dt

import pytest
from browsing import (
    CONTENT,
    MISSING_PATH,
    NETLIFY_TOML,
    RECEIPT_PATH,
    CspWatch,
    answers_for,
    fill_form,
    form_pages,
    load_sample_forms,
    site_paths,
)

from sitebuilder.serve import netlify_headers

FORMS = load_sample_forms(CONTENT)
TODAY = dt.date.today()
OPEN = sorted(f for f, loaded in FORMS.items() if loaded.definition.is_open(TODAY))
POLICY = dict(netlify_headers(NETLIFY_TOML)).get("Content-Security-Policy")


@pytest.fixture
def watched(desktop_page):
    """A 1280 px tab with JavaScript on whose CSP violations are collected."""
    return desktop_page, CspWatch(desktop_page)


def test_the_policy_is_strict() -> None:
    """Without 'unsafe-inline' or 'unsafe-eval' anywhere, inline styles and scripts are refused."""
    assert POLICY is not None, f"{NETLIFY_TOML} sets no Content-Security-Policy for /*"
    directives = dict(d.strip().split(" ", 1) for d in POLICY.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-" not in POLICY


def problems_on(where: str, response, watch: CspWatch) -> list[str]:
    """What is wrong with the page now shown: a missing policy, or violations of it."""
    sent = response.headers.get("content-security-policy") if response is not None else None
    if sent != POLICY:
        return [f"{where}: served with Content-Security-Policy {sent!r}, not netlify.toml's"]
    events, console = watch.violations()
    return [f"{where}: {line}" for line in events + console]


def submit(page, status: int):
    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    response = navigation.value
    assert response is not None and response.status == status, page.url
    return response


def test_no_built_page_violates_the_policy(served, watched) -> None:
    page, watch = watched
    paths = site_paths(served.out)
    assert MISSING_PATH in paths
    problems = []
    for path in paths:
        problems += problems_on(path, page.goto(served.url(path)), watch)
    assert not problems, f"{len(problems)} problems on {len(paths)} pages:\n" + "\n".join(problems)


def test_no_form_error_page_or_receipt_violates_the_policy(served, watched) -> None:
    page, watch = watched
    pages = form_pages(served.out)
    problems = []
    for form_id in OPEN:
        page.goto(served.url(pages[form_id]))
        watch.violations()  # the form page itself is checked above
        problems += problems_on(f"{form_id} sent empty", submit(page, 422), watch)
        definition = FORMS[form_id].definition
        fill_form(page, definition, answers_for(definition))
        response = submit(page, 200)
        assert RECEIPT_PATH.search(page.url), page.url
        problems += problems_on(f"receipt of {form_id}", response, watch)
    missing = f"/api/forms/{OPEN[0]}/receipt/AAAAAAAA"
    problems += problems_on(f"{missing} (API 404)", page.goto(served.url(missing)), watch)
    assert not problems, "\n".join(problems)
