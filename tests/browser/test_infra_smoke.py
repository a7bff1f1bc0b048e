"""The browser fixtures work: the served site answers and axe runs in it."""

from browsing import describe, run_axe


def test_home_page_is_served_and_axe_runs(browser, served, axe_source) -> None:
    page = browser.new_page()
    response = page.goto(served.url("/"))
    assert response is not None and response.status == 200
    violations = run_axe(page, axe_source)
    assert violations == [], describe("/", violations)
    page.close()
