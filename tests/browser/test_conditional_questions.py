"""Conditional questions in Chromium, on the sample kontakt form ("Hur vill du att vi kontaktar
dig?" reveals the e-mail or phone question): with JavaScript the dependent question is hidden
until its answer is chosen, then revealed in place and reached by Tab; without, every question
is shown with its condition in the hint. "Telefon" without a number comes back as a 422 whose
error summary names the phone question and leads to it. axe-core finds nothing in any state,
and the reveal script keeps to the Content-Security-Policy.

axe needs JavaScript, so the state without it is checked in a tab that runs scripts but never
gets the reveal script: the same document a browser without JavaScript shows.
"""

from __future__ import annotations

import pytest
from browsing import CONTENT, CspWatch, active, form_pages, label_of, load_sample_forms, run_axe
from browsing import describe as describe_violations

FORMS = load_sample_forms(CONTENT)
PHONE_ERROR = "Svara på frågan ”Vilket telefonnummer har du?”, eftersom du valde ”Telefon”"
TELEFON_RADIO = "#f-kontaktsatt-2"  # the second option, "Telefon"
EPOST_RADIO = "#f-kontaktsatt"


@pytest.fixture(scope="module")
def kontakt(served) -> str:
    definition = FORMS["kontakt"].definition
    depends = {f.name: f.show_if for f in definition.fields if f.show_if}
    assert depends["telefon"].field == "kontaktsatt" and depends["telefon"].values == ("Telefon",)
    assert depends["epost"].values == ("E-post",)
    return served.url(form_pages(served.out)["kontakt"])


@pytest.fixture(params=["js", "no-js"])
def any_page(request):
    return request.param == "js", request.getfixturevalue(
        "desktop_page" if request.param == "js" else "no_js_page"
    )


def assert_axe_clean(page, axe_source: str, state: str) -> None:
    violations = run_axe(page, axe_source)
    assert violations == [], describe_violations(f"{page.url} ({state})", violations)


def test_with_javascript_the_phone_question_waits_for_its_answer(
    kontakt, desktop_page, axe_source
) -> None:
    page = desktop_page
    watch = CspWatch(page)
    page.goto(kontakt)

    assert page.locator("#f-telefon").is_hidden()
    assert page.locator("#f-epost").is_hidden()
    assert page.locator("#f-namn").is_visible()  # not conditional
    # The choices name what they reveal; radios carry no aria-expanded (ARIA allows it on
    # checkboxes, not on radios), and the markup's data attribute has been promoted.
    radio = page.locator(TELEFON_RADIO)
    assert radio.get_attribute("aria-controls") == "conditional-f-kontaktsatt-2"
    assert radio.get_attribute("aria-expanded") is None
    assert page.locator("[data-aria-controls]").count() == 0
    assert "form-conditional--hidden" in (
        page.locator("#conditional-f-kontaktsatt-2").get_attribute("class") or ""
    )
    assert_axe_clean(page, axe_source, "JavaScript, nothing chosen")

    # Keys only: Tab to the group, Space chooses E-post, ArrowDown moves to Telefon.
    page.locator("#f-arende").focus()
    page.keyboard.press("Tab")
    assert active(page)["id"] == "f-kontaktsatt", label_of(active(page))
    page.keyboard.press("Space")
    assert page.locator("#f-epost").is_visible() and page.locator("#f-telefon").is_hidden()
    page.keyboard.press("ArrowDown")
    assert page.locator(TELEFON_RADIO).is_checked()
    assert page.locator("#f-telefon").is_visible(), "Telefon reveals the phone question"
    assert page.locator("#f-epost").is_hidden(), "and hides the e-mail question again"

    # The revealed question is the next Tab stop, directly below its answer.
    page.keyboard.press("Tab")
    here = active(page)
    assert here is not None and here["id"] == "f-telefon", label_of(here)
    tops = page.evaluate(
        "ids => ids.map(id => document.getElementById(id).getBoundingClientRect().top)",
        ["f-kontaktsatt-2", "f-telefon", "f-kontaktsatt-3"],
    )  # read at once: a smooth scroll to the focused field may still be moving the page
    assert tops == sorted(tops), f"revealed in place, between Telefon and the next choice: {tops}"
    page.keyboard.press("Tab")
    assert active(page)["id"] == "f-namn", label_of(active(page))
    assert_axe_clean(page, axe_source, "JavaScript, Telefon chosen")

    events, console = watch.violations()
    assert events == [] and console == []


def test_without_javascript_every_question_is_shown_with_its_condition(kontakt, no_js_page) -> None:
    page = no_js_page
    page.goto(kontakt)

    for field in ("#f-epost", "#f-telefon", "#f-namn"):
        assert page.locator(field).is_visible(), field
    assert (
        page.locator("#f-telefon-hint")
        .inner_text()
        .startswith("Svara bara om du valde ”Telefon” ovan.")
    )
    assert page.locator("#f-epost-hint").inner_text() == "Svara bara om du valde ”E-post” ovan."
    assert page.locator("#f-telefon").get_attribute("aria-describedby") == "f-telefon-hint"
    # Tab goes through every question in the order they are read.
    page.locator("#f-arende").focus()
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(active(page)["id"])
    assert stops == ["f-kontaktsatt", "f-epost", "f-telefon", "f-namn"]


def test_the_state_without_javascript_is_axe_clean(kontakt, desktop_page, axe_source) -> None:
    page = desktop_page
    page.route("**/assets/form-reveal.*", lambda route: route.abort())
    page.goto(kontakt)
    assert page.locator("[data-aria-controls]").count() == 2, "the reveal script did not run"
    assert page.locator("#f-telefon").is_visible()
    assert_axe_clean(page, axe_source, "as without JavaScript")

    page.locator("#f-arende").fill("En fråga")
    page.locator(TELEFON_RADIO).check()
    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    assert navigation.value.status == 422
    assert page.locator(".error-summary a").all_inner_texts() == [PHONE_ERROR]
    assert_axe_clean(page, axe_source, "422 as without JavaScript")


def test_telefon_without_a_number_leads_back_to_the_phone_question(
    kontakt, any_page, axe_source
) -> None:
    js, page = any_page
    page.goto(kontakt)
    page.locator("#f-arende").fill("Hur gör jag en felanmälan?")
    page.locator(TELEFON_RADIO).check()

    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    assert navigation.value.status == 422

    links = page.locator(".error-summary a")
    assert links.all_inner_texts() == [PHONE_ERROR]
    assert page.locator(TELEFON_RADIO).is_checked(), "the answer is kept"
    if js:
        assert page.locator("#f-telefon").is_visible() and page.locator("#f-epost").is_hidden()
        assert_axe_clean(page, axe_source, "422 with JavaScript")

    links.first.focus()
    page.keyboard.press("Enter")
    here = active(page)
    assert here is not None and here["id"] == "f-telefon", label_of(here)
    assert page.locator("#f-telefon").is_visible()
    assert page.locator("#f-telefon-error").inner_text().endswith(PHONE_ERROR)

    page.keyboard.type("08-123 456 78")
    with page.expect_navigation() as navigation:
        page.locator("form.form button[type=submit]").click()
    assert navigation.value.status == 200, page.url


def test_going_back_keeps_the_revealed_question_in_step(kontakt, desktop_page) -> None:
    page = desktop_page
    page.goto(kontakt)
    page.locator(TELEFON_RADIO).check()
    page.locator("#f-arende").fill("En fråga")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()  # 422: no number
    page.go_back()

    checked = page.locator(TELEFON_RADIO).is_checked()
    assert page.locator("#f-telefon").is_visible() == checked
    assert page.locator("#f-epost").is_hidden()
