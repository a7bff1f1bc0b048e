"""Each open sample form, used with the keyboard alone, with JavaScript on and off.

A walkthrough per form and mode: Tab to the skip link and follow it, Tab to the form and
through it (the tab order must be the definition's field order, each stop visibly focused),
send it empty with Enter, Tab from the focused error summary to each of its links and follow
it with Enter to its field (and Shift+Tab back up), answer every question with keys only
(typing, Space, arrow keys), send, and read the receipt. The answers that arrive in the outbox
prove the keys did what they should. No step moves focus with a script.

The header's phone menu and the home page, by keyboard at 375 px without JavaScript: the Meny
button opens and closes the menu with Enter and Space, and Tab goes through the header in
reading order (name, button, the menu's links when open, search) and then the page, every
stop visibly focused.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import sqlite3

import pytest
from browsing import (
    CONTENT,
    NAV_LINKS,
    RECEIPT_PATH,
    RECEIPT_TITLE,
    active,
    answers_for,
    focus_indicator,
    form_pages,
    label_of,
    load_sample_forms,
    required_when_empty,
    visible_links,
)

from sitebuilder.forms.conditions import holds
from sitebuilder.forms.view import field_id, option_id, reveal_place

FORMS = load_sample_forms(CONTENT)
TODAY = dt.date.today()
OPEN = sorted(f for f, loaded in FORMS.items() if loaded.definition.is_open(TODAY))
SERVICE = "/bygga-bo-och-miljo/bygglov/"
MAX_TABS = 150  # far more stops than any page has; a loop that never ends is a failure


@pytest.fixture(scope="module")
def pages(served) -> dict[str, str]:
    return form_pages(served.out)


@pytest.fixture(params=["js", "no-js"])
def keyboard_page(request):
    """A fresh tab, in the JavaScript context or in the one with JavaScript turned off."""
    return request.getfixturevalue("desktop_page" if request.param == "js" else "no_js_page")


def expected_tab_stops(definition, js: bool) -> list[str]:
    """Ids that Tab should reach in the form, in order, with nothing chosen yet: one per field,
    except that every checkbox is its own stop; a radio group is one stop, its first radio
    (arrows move within). A question that depends on an answer (`show_if`) sits right after
    that option, or after its question: hidden with JavaScript, a stop of its own without."""
    revealed: dict[tuple[str, int | None], list] = {}
    for field in definition.fields:
        place = reveal_place(definition, field)
        if place is not None:
            revealed.setdefault((field.show_if.field, place[1]), []).append(field)

    def stops(field) -> list[str]:
        found = []
        if field.type in ("radio", "checkboxes", "consent"):
            for n in range(len(field.options or ()) if field.options else 1):
                if field.type != "radio" or n == 0:
                    found.append(option_id(field.name, n))
                for nested in [] if js else revealed.get((field.name, n), []):
                    found += stops(nested)
        else:
            found.append(field_id(field.name))
        for nested in [] if js else revealed.get((field.name, None), []):
            found += stops(nested)
        return found

    return [stop for f in definition.fields if f.show_if is None for stop in stops(f)]


def press(page, key: str) -> dict | None:
    page.keyboard.press(key)
    return active(page)


def assert_visible_focus(page, where: str) -> None:
    element = active(page)
    assert focus_indicator(page), (
        f"{where}: {label_of(element)} has focus but looks the same as without it "
        "(no outline, box-shadow or background change)"
    )
    assert active(page) == element, f"{where}: focus did not come back to {label_of(element)}"


def on_screen(page) -> bool:
    """Whether the focused element lies wholly inside the viewport."""
    return page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0"
        " && r.right <= innerWidth && r.bottom <= innerHeight; }"
    )


def is_submit(element: dict | None) -> bool:
    return bool(element and element["inForm"] and element["tag"] == "button")


def is_field(element: dict | None) -> bool:
    return bool(element and element["inForm"] and element["tag"] in ("input", "select", "textarea"))


def tab_into_form(page, where: str) -> dict:
    """Tab until focus is in the form; every stop on the way must show focus."""
    for _ in range(MAX_TABS):
        element = press(page, "Tab")
        assert element is not None, f"{where}: Tab left the page before reaching the form"
        assert_visible_focus(page, where)
        if element["inForm"]:
            return element
    raise AssertionError(f"{where}: {MAX_TABS} Tabs never reached the form")


def summary_link(page) -> str | None:
    """The field id that the focused error summary link points to; None if focus is elsewhere."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.matches('.error-summary a') ? e.hash.slice(1) : null; }"
    )


def shift_tab_to_summary(page, targets: list[str]) -> None:
    """Shift+Tab until focus is on the error summary's first link, passing all its links.

    The summary itself (tabindex=-1: the page focuses it on load) is not a Tab stop, so going
    back up by keys ends on its first link, the same place a Tab from the summary reaches.
    """
    passed = []
    for _ in range(MAX_TABS):
        element = press(page, "Shift+Tab")
        assert element is not None, "Shift+Tab left the page before reaching the error summary"
        link = summary_link(page)
        if link is not None:
            passed.append(link)
            if link == targets[0]:
                assert passed == targets[::-1], f"Shift+Tab passed the summary links {passed}"
                return
    raise AssertionError(f"{MAX_TABS} Shift+Tabs never reached the error summary's first link")


def submit_with_enter(page, status: int):
    """Enter on the focused send button, and the page it leads to."""
    assert is_submit(active(page)), f"focus is on {label_of(active(page))}, not the send button"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    assert response is not None and response.status == status, (
        f"{page.url}: HTTP {response.status if response else None}, expected {status}"
    )


def answer_with_keys(page, definition) -> dict[str, str]:
    """From the form's first field, answer every question with keys; the text each answer
    should have in the email, by field name."""
    values = answers_for(definition, every_field=True)
    expected: dict[str, str] = {}
    chosen_so_far: dict[str, str | tuple[str, ...]] = {}
    for field in definition.fields:
        if field.show_if is not None and not holds(field.show_if, chosen_so_far):
            continue  # not asked: hidden with JavaScript, and Tab goes past it without
        fid = field_id(field.name)
        options = list(field.options or ())
        here = active(page)
        assert here is not None and here["id"] == fid, (
            f"expected focus on #{fid} ({field.label}), found {label_of(here)}"
        )
        if field.type == "radio":
            page.keyboard.press("Space")
            assert page.locator(f"#{fid}").is_checked(), f"Space did not choose #{fid}"
            chosen = options[0]
            if len(options) > 1:
                moved = press(page, "ArrowDown")
                assert moved is not None and moved["id"] == f"{fid}-2", (
                    f"ArrowDown in the group {field.name!r} went to {label_of(moved)}"
                )
                assert page.locator(f"#{fid}-2").is_checked(), "ArrowDown chose the next radio"
                chosen = options[1]
            expected[field.name] = chosen_so_far[field.name] = chosen
            page.keyboard.press("Tab")
        elif field.type == "checkboxes":
            for n, _ in enumerate(options):
                box = fid if n == 0 else f"{fid}-{n + 1}"
                here = active(page)
                assert here is not None and here["id"] == box, f"expected #{box}, {label_of(here)}"
                if n < 2:
                    page.keyboard.press("Space")
                    assert page.locator(f"#{box}").is_checked(), f"Space did not tick #{box}"
                page.keyboard.press("Tab")
            expected[field.name] = "\n".join(f"- {o}" for o in options[:2])
            chosen_so_far[field.name] = tuple(options[:2])
        elif field.type == "consent":
            page.keyboard.press("Space")
            assert page.locator(f"#{fid}").is_checked(), f"Space did not tick #{fid}"
            expected[field.name] = "Ja"
            chosen_so_far[field.name] = "ja"
            page.keyboard.press("Tab")
        elif field.type == "select":
            page.keyboard.press("ArrowDown")
            chosen = page.locator(f"#{fid}").input_value()
            assert chosen == options[0], f"ArrowDown on #{fid} chose {chosen!r}"
            expected[field.name] = chosen_so_far[field.name] = chosen
            page.keyboard.press("Tab")
        else:
            page.keyboard.type(str(values[field.name]))
            assert page.locator(f"#{fid}").input_value() == values[field.name]
            expected[field.name] = str(values[field.name])
            page.keyboard.press("Tab")
    return expected


def stored_body(database, ref: str) -> str:
    with sqlite3.connect(database) as connection:
        row = connection.execute("SELECT message FROM submissions WHERE ref = ?", (ref,)).fetchone()
    assert row is not None, f"{ref} is not in the outbox"
    message = email.message_from_bytes(row[0], policy=email.policy.default)
    return message.get_body().get_content().replace("\r\n", "\n")


@pytest.mark.parametrize("form_id", OPEN)
def test_form_can_be_used_with_the_keyboard_alone(
    form_id, pages, served, keyboard_page, request
) -> None:
    page = keyboard_page
    definition = FORMS[form_id].definition
    page.goto(served.url(pages[form_id]))

    # The first Tab reaches the skip link; Enter on it moves focus to the main content.
    skip = press(page, "Tab")
    assert skip is not None and "skip-link" in skip["classes"], f"first Tab: {label_of(skip)}"
    assert skip["text"] == "Till huvudinnehållet"
    assert_visible_focus(page, "skip link")
    assert on_screen(page), "the focused skip link is drawn inside the viewport"
    main = press(page, "Enter")
    assert main is not None and main["tag"] == "main", f"the skip link moved focus to {main}"

    # Tab through the form: fields in the definition's order, each visibly focused.
    element = tab_into_form(page, "from main to the form")
    reached = []
    for _ in range(MAX_TABS):
        if is_submit(element):
            break
        if is_field(element):
            reached.append(element["id"])
        element = press(page, "Tab")
        assert element is not None and element["inForm"], (
            f"Tab left the form at {label_of(element)} before the send button"
        )
        assert_visible_focus(page, "in the form")
    js = request.node.callspec.params["keyboard_page"] == "js"
    assert reached == expected_tab_stops(definition, js=js)

    # Sent empty with Enter: the error summary takes focus (autofocus, no script needed).
    submit_with_enter(page, 422)
    assert page.title().startswith("Fel:"), page.title()
    summary = active(page)
    assert summary is not None and "error-summary" in summary["classes"], (
        f"after the errors came back, focus is on {label_of(summary)}"
    )
    assert_visible_focus(page, "error summary")

    # From the summary, Tab reaches its links in order; Enter on each puts focus on the first
    # control of its field. Shift+Tab goes back up to the summary, then Tab down to the next.
    links = page.locator(".error-summary a")
    targets = links.evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert targets == [field_id(f.name) for f in required_when_empty(definition)]
    for n, target in enumerate(targets):
        if n > 0:
            shift_tab_to_summary(page, targets)  # on the first link, so one Tab fewer
        for k in range(0 if n == 0 else 1, n + 1):
            page.keyboard.press("Tab")
            assert summary_link(page) == targets[k], (
                f"Tab {k + 1} from the error summary reached {label_of(active(page))},"
                f" not its link to #{targets[k]}"
            )
            assert_visible_focus(page, f"the error summary's link to #{targets[k]}")
        landed = press(page, "Enter")
        assert landed is not None and landed["id"] == target, (
            f"the summary link to #{target} moved focus to {label_of(landed)}"
        )
        first = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e === e.closest('.form-group').querySelector('input, select, textarea'); }"
        )
        assert first, f"#{target} is not the first control of its question"
        assert_visible_focus(page, f"#{target} reached from the error summary")

    # Back up to the summary, where the page put the resident, then answer with keys alone.
    shift_tab_to_summary(page, targets)
    tab_into_form(page, "from the error summary to the form")
    expected = answer_with_keys(page, definition)
    for _ in range(MAX_TABS):
        if is_submit(active(page)):
            break
        page.keyboard.press("Tab")
    submit_with_enter(page, 200)

    receipt = RECEIPT_PATH.search(page.url)
    assert receipt and receipt["form"] == form_id, page.url
    assert page.locator("h1").inner_text() == RECEIPT_TITLE
    body = stored_body(served.database, receipt["ref"])
    for field in definition.fields:
        if field.name not in expected:
            assert f"{field.label}:" not in body, f"{field.label!r} was not asked"
            continue
        # Every line of an answer is indented four spaces in the email (issue 8, item 8).
        indented = "".join(f"    {line}\n" for line in expected[field.name].splitlines())
        assert f"{field.label}:\n{indented}" in body, (
            f"the answer to {field.label!r} did not arrive as typed:\n{body}"
        )


def test_the_menu_opens_and_closes_by_keyboard_in_reading_order(served, phone_page) -> None:
    page = phone_page
    page.goto(served.url(SERVICE))
    stops = []
    for _ in range(5):  # skip link, name, Meny, search field, search button
        page.keyboard.press("Tab")
        stops.append(label_of(active(page)))
    assert stops[2] == "<summary> 'Meny'", stops
    assert "#sok-sidhuvud" in stops[3] and "Sök" in stops[4], stops

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back on Meny
    assert active(page)["tag"] == "summary"
    assert active(page)["focusVisible"], "the menu button shows it has focus"
    page.keyboard.press("Enter")
    assert page.locator("details.menu-toggle").evaluate("d => d.open")
    assert visible_links(page) == 7, "Enter opens the menu: its seven sections show"
    names = []
    for _ in range(2 + 7):  # the search field and button, then each section
        page.keyboard.press("Tab")
        names.append(active(page)["text"] or active(page)["id"])
    assert names[:2] == ["sok-sidhuvud", "Sök"], names
    assert names[2:] == page.locator(NAV_LINKS).all_inner_texts(), names
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('header')"), "then the page"

    page.keyboard.press("Shift+Tab")
    while active(page)["tag"] != "summary":  # back up to the button, by keyboard
        page.keyboard.press("Shift+Tab")
    page.keyboard.press(" ")
    assert not page.locator("details.menu-toggle").evaluate("d => d.open")
    assert visible_links(page) == 0, "Space closes it again"
    page.keyboard.press(" ")
    assert visible_links(page) == 7, "and Space opens it"


@pytest.mark.parametrize("menu", ["closed", "open"])
def test_the_home_page_by_keyboard_alone_with_the_phone_menu(served, phone_page, menu) -> None:
    page = phone_page
    page.goto(served.url("/"))
    sections = page.locator(NAV_LINKS).all_inner_texts()
    tasks = page.locator(".task-list__link").all_inner_texts()
    assert len(sections) == 7 and len(tasks) >= 6
    names = []
    for _ in range(MAX_TABS):
        element = press(page, "Tab")
        if element is None or (names and element["classes"] == "skip-link"):
            break  # round to the start, or out to the browser
        for _ in range(20):  # the theme scrolls smoothly to a focused element
            if on_screen(page):
                break
            page.wait_for_timeout(50)
        assert on_screen(page), f"{label_of(element)} is focused off the screen"
        assert_visible_focus(page, f"home, menu {menu}")
        names.append(element["text"] or element["id"])
        if element["tag"] == "summary" and menu == "open":
            page.keyboard.press("Enter")
            assert visible_links(page) == 7
    header = ["Till huvudinnehållet", "Exempelby kommun", "Meny"]
    header += [*sections] if menu == "open" else []
    header += ["sok-sidhuvud", "Sök"]
    assert names[: len(header)] == header
    assert names[len(header) : len(header) + len(tasks)] == tasks, "then the top tasks"
    assert len(names) > len(header) + len(tasks) + 10, "and on through the page"
