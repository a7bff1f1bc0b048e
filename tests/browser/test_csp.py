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


# -- a forms endpoint on another origin -----------------------------------------------------

SECOND_ORIGIN_FORM = """\
id: fraga
title: Fråga
recipient: fraga@test.example
subject: Fråga
success: Tack för din fråga.
fields:
  - name: amne
    type: radio
    label: Vad gäller frågan?
    required: true
    options: [Gator, Parker]
"""


@pytest.fixture
def second_origin(tmp_path):
    """A site on http://127.0.0.1:<a> whose site.yml posts forms to the forms API on
    https://127.0.0.1:<b> (a second origin, with a certificate from a throwaway CA), served
    with netlify.toml's headers. Yields a function that serves it with given headers."""
    import ssl
    import threading

    import trustme

    import forms_api
    from sitebuilder.pipeline import BuildOptions, build
    from sitebuilder.serve import preview_server

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    (tmp_path / "empty").mkdir()
    api_server, api_preview = preview_server(tmp_path / "empty")
    api_server.socket = context.wrap_socket(api_server.socket, server_side=True)
    api_port = api_server.server_address[1]
    servers = [api_server]

    def serve(headers):
        out = tmp_path / f"public-{len(servers)}"
        site_server, _ = preview_server(out, None, headers=headers)
        site_port = site_server.server_address[1]
        content = tmp_path / f"content-{len(servers)}"
        (content / "forms").mkdir(parents=True)
        (content / "site.yml").write_text(
            f"name: Testby kommun\nbase_url: http://127.0.0.1:{site_port}\nlanguage: sv\n"
            f"forms_endpoint: https://127.0.0.1:{api_port}/api/forms\n",
            encoding="utf-8",
        )
        (content / "_index.md").write_text(
            "---\ntitle: Fråga oss\ndescription: Fråga kommunen.\nform: fraga\n---\n\nFråga.\n",
            encoding="utf-8",
        )
        (content / "forms" / "fraga.yml").write_text(SECOND_ORIGIN_FORM, encoding="utf-8")
        build(BuildOptions(content=content, out=out, cache=False))
        api_preview.api = forms_api.create_app(
            {
                "TESTING": True,
                "CONTENT_DIR": str(content),
                "DATABASE": str(tmp_path / f"outbox-{len(servers)}.sqlite3"),
                "MAIL_DIR": str(tmp_path / "mail"),
                "SENDER_THREAD": False,
            }
        )
        servers.append(site_server)
        for server in (api_server, site_server) if len(servers) == 2 else (site_server,):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{site_port}/", f"https://127.0.0.1:{api_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def trusting_page(browser):
    """A tab that accepts the throwaway CA's certificate, with JavaScript on."""
    context = browser.new_context(ignore_https_errors=True, locale="sv-SE")
    page = context.new_page()
    yield page, CspWatch(page)
    context.close()


def post_the_form(page, watch, site_url: str):
    page.goto(site_url)
    page.locator('input[name="amne"][value="Parker"]').check()
    page.locator("form.form button[type=submit]").click(no_wait_after=True)
    page.wait_for_timeout(500)  # a refused post fires its violation at once
    page.wait_for_load_state()
    return watch.violations()


def test_a_form_posts_to_a_forms_endpoint_on_another_origin(second_origin, trusting_page):
    """`forms_endpoint: https://...` on another host: the page's own policy names its origin,
    so the resident's post arrives and the receipt is shown, with no violation."""
    page, watch = trusting_page
    site_url, api_url = second_origin(netlify_headers(NETLIFY_TOML))
    # The page narrows the header's `https:` to the endpoint's origin: elsewhere is refused.
    page.goto(site_url)
    page.evaluate("document.querySelector('form.form').action = 'https://127.0.0.2:9/x'")
    page.locator('input[name="amne"][value="Parker"]').check()
    page.locator("form.form button[type=submit]").click(no_wait_after=True)
    page.wait_for_timeout(500)
    events, console = watch.violations()
    assert page.url == site_url
    assert any("form-action" in line for line in events + console), (events, console)
    with page.expect_navigation(url=f"{api_url}api/forms/fraga/receipt/**"):
        events, console = post_the_form(page, watch, site_url)
    assert (events, console) == ([], [])
    assert RECEIPT_PATH.search(page.url), page.url
    assert "Tack för din fråga." in page.content()


def test_without_the_pages_policy_the_old_header_blocks_that_post(second_origin, trusting_page):
    """The control: under the header the site had before (form-action 'self' only), the same
    post is refused by the browser, and the watch sees it."""
    page, watch = trusting_page
    old = [
        (name, value.replace("form-action 'self' https:", "form-action 'self'"))
        for name, value in netlify_headers(NETLIFY_TOML)
    ]
    assert old != list(netlify_headers(NETLIFY_TOML))
    site_url, _ = second_origin(tuple(old))
    events, console = post_the_form(page, watch, site_url)
    assert page.url == site_url  # the resident's answers never left
    assert any("form-action" in line for line in events + console), (events, console)
