"""The optional form script marks each page load with its own random token (audit B, F-repeat):
two people who give the same answers from one network are two cases, while Send pressed twice
on one page is one. Checked in Chromium on the sample kontakt form, through the real API."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from browsing import CONTENT, form_pages, load_sample_forms

FORMS = load_sample_forms(CONTENT)


def send_kontakt(page, url: str) -> tuple[dict[str, list[str]], str]:
    """Fill in the kontakt form the same way each time; the post's fields and the receipt."""
    page.goto(url)
    page.get_by_label("Vad vill du fråga eller berätta?").fill("Lekplatsen behöver en gunga.")
    page.get_by_label("Jag vill inte bli kontaktad").check()
    with page.expect_request(lambda r: r.method == "POST" and "/api/forms/kontakt" in r.url) as req:
        page.locator("form[data-timing] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/api/forms/kontakt/receipt/[A-Z0-9]{8}$"))
    return parse_qs(req.value.post_data), page.url


def test_each_page_load_posts_its_own_token_and_gets_its_own_case(served, desktop_page):
    url = served.url(form_pages(served.out)["kontakt"])

    first, first_receipt = send_kontakt(desktop_page, url)
    second, second_receipt = send_kontakt(desktop_page, url)

    for fields in (first, second):
        assert re.fullmatch(r"[0-9a-f]{32}", fields["_p"][0]), fields.get("_p")
    assert first["_p"] != second["_p"]
    assert first_receipt != second_receipt  # same answers, same browser and address: two cases
