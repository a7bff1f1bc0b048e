"""Helpers for the browser tests: running axe and saying exactly what failed, finding the built
pages and their forms, answering a form, and reading focus and overflow from the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sample_answers import answers_for  # noqa: F401  (re-exported for the browser tests)

CONTENT = Path(__file__).resolve().parents[2] / "content"
NETLIFY_TOML = CONTENT.parent / "netlify.toml"  # the deployed site's headers, its CSP among them
# A receipt's address: the form id, then a reference of 8 unambiguous characters.
RECEIPT_PATH = re.compile(r"/api/forms/(?P<form>[a-z0-9-]+)/receipt/(?P<ref>[A-HJ-NP-Z2-9]{8})$")
RECEIPT_TITLE = "Tack, vi har tagit emot ditt ärende"

# WCAG 2.0 and 2.1, A and AA, plus axe's best practices (landmarks, heading order, ...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now.

    axe goes in with page.evaluate after the page has loaded, never as a script tag or an
    init script: evaluation through the DevTools protocol is not subject to the page's
    Content-Security-Policy, so the site's own policy cannot block it."""
    if not page.evaluate("typeof window.axe !== 'undefined' && typeof axe.run === 'function'"):
        page.evaluate(axe_source)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe(where: str, violations: list[dict[str, Any]]) -> str:
    """One line per problem: page, rule, impact and the element (its selector and HTML)."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}): {target}: {node['html'][:160]}"
                f" | {violation['help']}"
            )
    return "\n".join(lines)


# -- Content-Security-Policy -----------------------------------------------------------------

# Runs before the page's own scripts in every document (an init script comes through the
# DevTools protocol, so the policy does not block it) and keeps each violation the page reports.
CSP_LISTENER_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  const file = (e.sourceFile || location.href).replace(location.origin, "");
  const where = file + (e.lineNumber ? ":" + e.lineNumber : "");
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "?"} at ${where}`
    + (e.sample ? ` (${e.sample})` : ""));
});
"""
# The events are queued tasks: read them after one more turn of the page's event loop.
CSP_EVENTS_JS = "() => new Promise(done => setTimeout(() => done(window.__cspViolations), 0))"


class CspWatch:
    """Notices Content-Security-Policy violations on a page in two independent ways: the
    ``securitypolicyviolation`` events the document fires, and the "Refused to ..." errors
    Chromium writes to the console. Needs JavaScript on for the events."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(script=CSP_LISTENER_JS)
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            # "Executing inline script violates ... directive 'script-src 'self''", where.
            first = message.text.split(". ", 1)[0]
            self.console.append(f"console {message.type}: {first} ({message.location['url']})")

    def violations(self) -> tuple[list[str], list[str]]:
        """(events of the document now shown, console messages since the last call); both
        empty when all is well."""
        events = self.page.evaluate(CSP_EVENTS_JS)
        # Console messages can arrive after the events are read; give them a second.
        for _ in range(20):
            if len(self.console) >= len(events):
                break
            self.page.wait_for_timeout(50)
        console, self.console = self.console, []
        return events, console


# -- the built site --------------------------------------------------------------------------

# Any address the site does not have: the server answers it with 404.html and status 404.
MISSING_PATH = "/den-har-sidan-finns-inte/"
FORM_SECTION_TITLE = re.compile(r'<h2 id="formular-([a-z0-9-]+)-title">')
FORM_LINE = re.compile(r"^form:\s*(\S+)\s*$", re.MULTILINE)


def is_redirect(html: str) -> bool:
    return 'http-equiv="refresh"' in html


def url_path(out: Path, file: Path) -> str:
    """The address a built file is served at: folders end in /, 404.html is any missing path."""
    rel = file.relative_to(out).as_posix()
    if rel == "404.html":
        return MISSING_PATH
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel.removesuffix("index.html")
    return "/" + rel


def site_paths(out: Path) -> list[str]:
    """Every built HTML page to check, as a path; redirect pages are left out (they move on at
    once, so a browser would check their target instead)."""
    files = sorted(out.rglob("*.html"))
    return [url_path(out, f) for f in files if not is_redirect(f.read_text(encoding="utf-8"))]


def form_pages(out: Path) -> dict[str, str]:
    """Form id -> path of the built page that embeds it, open or closed."""
    found: dict[str, str] = {}
    for file in sorted(out.rglob("*.html")):
        for form_id in FORM_SECTION_TITLE.findall(file.read_text(encoding="utf-8")):
            found[form_id] = url_path(out, file)
    return found


def embedded_form_ids(content: Path) -> set[str]:
    """The form ids that page front matter in content/ asks for (``form: <id>``)."""
    return {
        form_id
        for file in content.rglob("*.md")
        for form_id in FORM_LINE.findall(file.read_text(encoding="utf-8").split("\n---", 1)[0])
    }


# -- what a resident answers -------------------------------------------------------------------


def fill_form(page: Any, definition: Any, answers: dict[str, str | list[str]]) -> None:
    """Put the answers into the form on the page with Playwright's own actions (not keys)."""
    from sitebuilder.forms.view import field_id

    form = page.locator("form.form")
    for field in definition.fields:
        if field.name not in answers:
            continue  # a question the earlier answers do not ask (hidden with JavaScript)
        answer = answers[field.name]
        if field.type in ("radio", "checkboxes"):
            chosen = [answer] if isinstance(answer, str) else answer
            for value in chosen:
                form.locator(f'input[name="{field.name}"][value="{value}"]').check()
        elif field.type == "consent":
            form.locator(f"#{field_id(field.name)}").check()
        elif field.type == "select":
            form.locator(f"#{field_id(field.name)}").select_option(str(answer))
        else:
            form.locator(f"#{field_id(field.name)}").fill(str(answer))


# -- focus ------------------------------------------------------------------------------------

# Computed styles that can show focus, read from an element.
FOCUS_STYLE_JS = """element => {
  const s = getComputedStyle(element);
  return {
    outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor,
    boxShadow: s.boxShadow, backgroundColor: s.backgroundColor,
  };
}"""

DESCRIBE_ACTIVE_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const text = (e.innerText || e.value || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.getAttribute("type") || "",
    name: e.getAttribute("name") || "", classes: e.className, href: e.getAttribute("href"),
    text, inForm: !!e.closest("form.form"), focusVisible: e.matches(":focus-visible"),
  };
}"""


def active(page: Any) -> dict[str, Any] | None:
    """What has focus now, in a few plain facts; None when nothing (the body) has it."""
    return page.evaluate(DESCRIBE_ACTIVE_JS)


def label_of(element: dict[str, Any] | None) -> str:
    """A short name for a focused element in a failure message."""
    if element is None:
        return "<body>"
    ident = f"#{element['id']}" if element["id"] else ""
    what = element["href"] or element["name"] or element["text"]
    return f"<{element['tag']}{ident}> {what!r}"


def _visible_colour(colour: str) -> bool:
    return colour not in ("transparent", "rgba(0, 0, 0, 0)") and not colour.endswith(", 0)")


def _outline_shows(style: dict[str, str]) -> bool:
    return (
        style["outlineStyle"] != "none"
        and float(style["outlineWidth"].removesuffix("px") or 0) > 0
        and _visible_colour(style["outlineColor"])
    )


def focus_change(focused: dict[str, str], blurred: dict[str, str]) -> list[str]:
    """How an element looks different with focus: outline, box-shadow or background.

    Each must be visible and differ from the unfocused look: a transparent outline (kept for
    Windows high contrast mode) or a shadow the element always has does not count.
    """
    changes = []
    if _outline_shows(focused) and (
        not _outline_shows(blurred)
        or (focused["outlineColor"], focused["outlineWidth"])
        != (blurred["outlineColor"], blurred["outlineWidth"])
    ):
        changes.append(f"outline {focused['outlineWidth']} {focused['outlineColor']}")
    if focused["boxShadow"] not in ("none", blurred["boxShadow"]):
        changes.append(f"box-shadow {focused['boxShadow']}")
    if focused["backgroundColor"] != blurred["backgroundColor"]:
        changes.append(f"background {blurred['backgroundColor']} -> {focused['backgroundColor']}")
    return changes


def focus_indicator(page: Any) -> list[str]:
    """How the focused element's look differs from its look without focus ([] = no indicator).

    Blurs the element to read its unfocused style, then focuses it again; Chromium keeps
    :focus-visible for a script's focus() after keyboard use, which the caller can check with
    active(page)["focusVisible"].
    """
    element = page.evaluate_handle("document.activeElement")
    try:
        focused = element.evaluate(FOCUS_STYLE_JS)
        element.evaluate("e => e.blur()")
        blurred = element.evaluate(FOCUS_STYLE_JS)
        element.evaluate("e => e.focus()")
    finally:
        element.dispose()
    return focus_change(focused, blurred)


WIDER_THAN_VIEWPORT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 0.5;
  });
  // The outermost ones: their children stick out because they do.
  return wide.filter(e => !wide.includes(e.parentElement)).slice(0, 5).map(e => {
    const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\\s+/).join(".") : "");
    return `${name} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`;
  });
}"""


def horizontal_overflow(page: Any) -> str | None:
    """None when the page fits the viewport's width; else the widths and what sticks out."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll <= inner:
        return None
    culprits = page.evaluate(WIDER_THAN_VIEWPORT_JS)
    return f"scrolls sideways: {scroll} px wide in a {inner} px viewport; " + (
        ", ".join(culprits) or "no element found"
    )


def required_when_empty(definition: Any) -> list[Any]:
    """The fields an empty post gets an error for: required, and asked whatever the answers
    (a `show_if` question is not asked, nor a `required_if` one required, before its answer)."""
    return [f for f in definition.fields if f.required and f.show_if is None]


def load_sample_forms(content: Path) -> dict[str, Any]:
    """Form id -> LoadedForm for every definition in content/forms, as the builder reads them."""
    from sitebuilder.errors import ErrorList
    from sitebuilder.forms import load_forms

    errors = ErrorList()
    forms = load_forms(content, errors).forms
    assert not errors, [e.format() for e in errors.items]
    return dict(forms)


# -- the phone menu ---------------------------------------------------------------------------

PHONE_MENU_PAGES = ("/", "/bygga-bo-och-miljo/bygglov/")  # the home page and a service page
NAV_LINKS = "#meny a"  # the main menu's links


def visible_links(page: Any) -> int:
    return page.locator(NAV_LINKS).evaluate_all(
        "links => links.filter(a => a.getClientRects().length > 0).length"
    )


def open_phone_menu(page: Any) -> None:
    """Open the header's menu with its Meny button (a <details>), as a resident on a phone
    does; the menu's links are then on the page. Fails where the button is not shown."""
    page.locator("summary.menu-toggle__button").click()
    assert page.locator("details.menu-toggle").evaluate("d => d.open"), "the menu did not open"
    page.evaluate("document.activeElement.blur()")
