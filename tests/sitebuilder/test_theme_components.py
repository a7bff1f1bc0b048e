"""Theme components: every macro renders its examples, with escaped text and ids that exist."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml

from sitebuilder.theme import DEFAULT_THEME, make_environment

COMPONENTS = DEFAULT_THEME / "components"
POISON = '<script>alert("x")</script>" onmouseover="alert(1)'
# Params that are not text shown to readers: ids must stay valid id lists, the rest are choices.
NOT_TEXT = {"id", "current", "component", "type", "step", "heading_level"}


def _field(id_: str, **extra: Any) -> dict[str, Any]:
    """A form field following the error contract: `<id>-hint` and `<id>-error`."""
    return {
        "id": id_,
        "name": id_,
        "hint": {"id": f"{id_}-hint", "text": "Så fyller du i."},
        "error": {"id": f"{id_}-error", "text": "Fyll i fältet.", "prefix": "Fel:"},
        **extra,
    }


CHOICES = [
    {"value": "epost", "text": "E-post"},
    {"value": "telefon", "text": "Telefon", "checked": True},
]

# Examples for components whose folder has no examples.yml yet.
EXTRA_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "text_input": [
        {
            "name": "with hint and error",
            "params": _field("namn", label={"text": "Namn"}, value="Anna", autocomplete="name"),
        },
        {
            "name": "plain email",
            "params": {
                "id": "epost",
                "name": "epost",
                "type": "email",
                "label": {"text": "E-post"},
            },
        },
    ],
    "textarea": [
        {
            "name": "with hint and error",
            "params": _field("meddelande", label={"text": "Meddelande"}, value="Hej"),
        },
    ],
    "select": [
        {
            "name": "with hint and error",
            "params": _field(
                "amne",
                label={"text": "Ämne"},
                placeholder="Välj ämne",
                items=[
                    {"value": "bygglov", "text": "Bygglov"},
                    {"value": "avfall", "text": "Avfall", "selected": True},
                ],
            ),
        },
    ],
    "radios": [
        {
            "name": "with hint and error",
            "params": _field(
                "kontaktsatt", legend={"text": "Hur vill du bli kontaktad?"}, items=CHOICES
            ),
        },
    ],
    "checkboxes": [
        {
            "name": "group",
            "params": _field("amnen", legend={"text": "Vad gäller det?"}, items=CHOICES),
        },
        {
            "name": "single consent box",
            "params": _field(
                "samtycke", items=[{"value": "ja", "text": "Jag har läst informationen."}]
            ),
        },
    ],
    "error_summary": [
        {
            "name": "two errors",
            "params": {
                "title": "Det finns problem",
                "items": [{"text": "Skriv ditt namn", "href": "#namn"}],
            },
        },
    ],
    "form": [
        {
            "name": "with errors",
            "params": {
                "action": "/api/forms/kontakt",
                "id": "kontakt",
                "title": "Kontakta oss",
                "error_summary": {
                    "title": "Det finns problem",
                    "items": [
                        {"text": "Skriv ditt namn", "href": "#namn"},
                        {"text": "Välj hur vi ska kontakta dig", "href": "#kontaktsatt"},
                    ],
                },
                "fields": [
                    {"component": "text_input", "params": _field("namn", label={"text": "Namn"})},
                    {
                        "component": "radios",
                        "params": _field("kontaktsatt", legend={"text": "Hur?"}, items=CHOICES),
                    },
                ],
                "hidden": [{"name": "formular", "value": "kontakt"}],
                "honeypot": {"id": "kontakt-webb", "name": "webb", "label": "Lämna fältet tomt"},
                "privacy": {
                    "heading": "Dina personuppgifter",
                    "rows": [{"label": "Ändamål", "text": "Att svara dig."}],
                    "more": {
                        "text": "Så behandlar vi personuppgifter",
                        "href": "/om-webbplatsen/personuppgifter/",
                    },
                },
                "submit": {"text": "Skicka"},
            },
        },
        {
            "name": "closed",
            "params": {
                "id": "kontakt",
                "title": "Kontakta oss",
                "closed": {"text": "Formuläret är stängt."},
            },
        },
    ],
}

# Components whose `#id` links all point inside the component itself.
SELF_CONTAINED_LINKS = {"az_index", "form"}


def component_names() -> list[str]:
    return sorted(p.name for p in COMPONENTS.iterdir() if p.is_dir())


def examples() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for name in component_names():
        file = COMPONENTS / name / "examples.yml"
        listed = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else []
        for example in [*(listed or []), *EXTRA_EXAMPLES.get(name, [])]:
            found.append((name, example["name"], example["params"]))
    return found


EXAMPLES = examples()


@pytest.fixture(scope="module")
def render():
    env = make_environment(DEFAULT_THEME)

    def run(component: str, params: dict[str, Any]) -> str:
        template = env.from_string(
            f'{{% from "components/{component}/macro.html" import {component} %}}'
            f"{{{{ {component}(params) }}}}"
        )
        return template.render(params=params)

    return run


def poisoned(value: Any, key: str = "") -> Any:
    """Every reader-facing string replaced by markup that must come out escaped."""
    if isinstance(value, dict):
        return {k: poisoned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v, key) for v in value]
    if isinstance(value, str) and key not in NOT_TEXT and not key.endswith("html"):
        return POISON
    return value


def test_every_component_folder_has_a_macro_and_examples() -> None:
    names = component_names()
    assert names, f"no components under {COMPONENTS}"
    with_examples = {name for name, _, _ in EXAMPLES}
    for name in names:
        assert (COMPONENTS / name / "macro.html").is_file(), f"{name}/ has no macro.html"
        assert name in with_examples, f"{name}/ has no examples.yml (and the test gives none)"


@pytest.mark.parametrize(
    ("component", "example", "params"), EXAMPLES, ids=[f"{c}-{e}" for c, e, _ in EXAMPLES]
)
def test_component_references_only_ids_that_exist(
    render, parse_html, component: str, example: str, params: dict[str, Any]
) -> None:
    doc = parse_html(render(component, params))
    ids = doc.ids()
    assert [i for i, n in Counter(ids).items() if n > 1] == [], "duplicate ids"
    for element in doc.elements:
        for attribute in ("aria-labelledby", "aria-describedby", "data-aria-controls"):
            for ref in (element.get(attribute) or "").split():
                assert ref in ids, f"<{element.tag} {attribute}={ref!r}> names no element"
        if element.tag == "label" and element.get("for"):
            assert element.get("for") in ids, f"<label for={element.get('for')!r}> names no field"
        href = element.get("href") or ""
        if component in SELF_CONTAINED_LINKS and href.startswith("#"):
            assert href[1:] in ids, f"link {href} lands nowhere"


@pytest.mark.parametrize(
    ("component", "example", "params"), EXAMPLES, ids=[f"{c}-{e}" for c, e, _ in EXAMPLES]
)
def test_component_escapes_text(
    render, parse_html, component: str, example: str, params: dict[str, Any]
) -> None:
    html = render(component, poisoned(params))
    assert "<script" not in html
    assert "&lt;script&gt;" in html or not html.strip()  # e.g. breadcrumbs on the home page
    doc = parse_html(html)
    assert not any("onmouseover" in e.attrs for e in doc.elements)


def test_skip_link_goes_to_main_by_default(render, parse_html) -> None:
    (link,) = parse_html(render("skip_link", {"text": "Till huvudinnehållet"})).find_all("a")
    assert link.get("href") == "#main"
    assert link.text == "Till huvudinnehållet"


def test_breadcrumbs_render_nothing_without_items(render) -> None:
    assert render("breadcrumbs", {"label": "Du är här", "items": []}).strip() == ""


def test_page_meta_renders_nothing_without_items(render) -> None:
    assert render("page_meta", {"items": []}).strip() == ""


def test_main_nav_marks_the_current_page_and_section(render, parse_html) -> None:
    doc = parse_html(
        render(
            "main_nav",
            {
                "label": "Huvudmeny",
                "items": [
                    {"text": "Bygga", "href": "/bygga/", "current": "section"},
                    {"text": "Trafik", "href": "/trafik/", "current": "page"},
                    {"text": "Kultur", "href": "/kultur/"},
                ],
            },
        )
    )
    current = {a.text: a.get("aria-current") for a in doc.find_all("a")}
    assert current == {"Bygga": "true", "Trafik": "page", "Kultur": None}
    assert doc.find_all("nav")[0].get("aria-label") == "Huvudmeny"


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_service_info_marks_the_current_step_not_by_colour_alone(
    render, parse_html, step: int
) -> None:
    steps = ["Information", "Enkel interaktion", "E-legitimation", "Samverkan"]
    doc = parse_html(
        render(
            "service_info",
            {
                "id": "om-tjansten",
                "heading": "Om tjänsten",
                "step": step,
                "ladder_label": "Servicetrappan",
                "step_text": f"Steg {step} av 4",
                "steps": steps,
                "catalogue": {"text": "Alla e-tjänster", "href": "/e-tjanster/"},
            },
        )
    )
    marked = [li.text.strip() for li in doc.find_all("li") if li.get("aria-current") == "step"]
    assert marked == [f"{step}. {steps[step - 1]}"]
    assert f"Steg {step} av 4" in doc.find_all("p")[0].text


@pytest.mark.parametrize("component", ["text_input", "textarea", "select"])
def test_field_lists_hint_and_error_in_aria_describedby(render, parse_html, component: str) -> None:
    params = next(p for c, _, p in EXAMPLES if c == component and "error" in p)
    doc = parse_html(render(component, params))
    (field,) = doc.find_all(id=params["id"])
    assert field.get("aria-describedby", "").split() == [
        params["hint"]["id"],
        params["error"]["id"],
    ]
    assert field.get("aria-invalid") == "true"


@pytest.mark.parametrize("component", ["radios", "checkboxes"])
def test_first_choice_carries_the_bare_id(render, parse_html, component: str) -> None:
    params = next(p for c, _, p in EXAMPLES if c == component and len(p.get("items", [])) > 1)
    doc = parse_html(render(component, params))
    inputs = doc.find_all("input")
    assert inputs[0].get("id") == params["id"]
    assert len({i.get("id") for i in inputs}) == len(inputs)


def test_error_summary_links_land_on_the_fields(render, parse_html) -> None:
    params = next(p for c, _, p in EXAMPLES if c == "form" and p.get("error_summary"))
    doc = parse_html(render("form", params))
    summary_links = [
        a.get("href") for a in doc.find_all("a") if (a.get("href") or "").startswith("#")
    ]
    assert summary_links == [item["href"] for item in params["error_summary"]["items"]]
    assert summary_links
    for href in summary_links:
        (target,) = doc.find_all(id=href[1:])
        assert target.tag in ("input", "select", "textarea")


def test_error_summary_has_one_focus_target_and_one_live_region(render, parse_html) -> None:
    """GOV.UK Frontend's current structure (README.md of the component): focus on the outer
    element, role="alert" on an inner one that holds the heading and the list, and no
    aria-labelledby; never role and focus on the same element."""
    params = next(p for c, _, p in EXAMPLES if c == "error_summary")
    doc = parse_html(render("error_summary", params))
    outer = doc.elements[0]
    assert outer.get("class") == "error-summary"
    assert outer.get("tabindex") == "-1" and "autofocus" in outer.attrs
    assert outer.get("role") is None and outer.get("aria-labelledby") is None
    (alert,) = [e for e in doc.elements if e.get("role") == "alert"]
    assert alert.parents == ("div",) and "autofocus" not in alert.attrs
    inside = [e for e in doc.elements if len(e.parents) >= 2 and e.parents[:2] == ("div", "div")]
    assert {"h2", "ul"} <= {e.tag for e in inside}
    assert [e for e in doc.elements if "autofocus" in e.attrs] == [outer]
    assert not [e for e in doc.elements if e.get("aria-labelledby") or e.get("aria-live")]
    (title,) = doc.find_all("h2")
    assert title.get("id") is None and title.text.strip() == params["title"]


def test_az_index_is_one_landmark_with_letters_as_headings(render, parse_html) -> None:
    params = next(p for c, _, p in EXAMPLES if c == "az_index")
    doc = parse_html(render("az_index", params))
    assert len(doc.find_all("nav")) == 1
    assert doc.find_all("section") == []
    assert not [e for e in doc.elements if e.get("role") in ("region", "navigation")]
    letters = [h.text for h in doc.find_all("h2")]
    assert letters == [g["letter"] for g in params["groups"]]
