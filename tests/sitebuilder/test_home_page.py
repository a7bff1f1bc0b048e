"""The header and the home page (issue 9, item 8): where the search box sends its query, the
top tasks from the home page's front matter, and what the home page lists besides them."""

from __future__ import annotations

SECTION = {"Omsorg/_index.md": "---\ntitle: Omsorg\ndescription: Omsorg och stöd.\n---\n"}
ENGLISH = {
    "Omsorg/About.md": "---\ntitle: Care in English\ndescription: About care.\nlang: en\n---\n"
    "## Home help\n\nText.\n"
}


def home(tasks: str, body: str = "Text.\n") -> str:
    return (
        "---\ntitle: Välkommen till Testby kommun\ndescription: Information.\n"
        f"tasks:\n{tasks}---\n\n{body}"
    )


def search_form(html: str) -> str:
    start = html.index('<form class="search-box')
    return html[start : html.index("</form>", start)]


def test_the_search_box_asks_the_endpoint_below_the_sites_path(make_scratch) -> None:
    site = make_scratch(
        {**SECTION, "site.yml": "name: T\nbase_url: https://test.example/webb\nlanguage: sv\n"}
    )
    for name in ("index.html", "omsorg/index.html", "404.html"):
        form = search_form(site.files[name].decode())
        assert 'action="/webb/api/search" method="get"' in form, name
        assert '<input type="hidden" name="lang" value="sv">' in form


def test_the_search_box_sits_beside_a_forms_endpoint_on_another_path(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            "site.yml": "name: T\nbase_url: https://test.example\nlanguage: sv\n"
            "forms_endpoint: /tjanster/formular\n",
        }
    )
    assert 'action="/tjanster/search"' in search_form(site.files["omsorg/index.html"].decode())


def test_a_page_in_another_language_searches_in_its_language(make_scratch) -> None:
    site = make_scratch({**SECTION, **ENGLISH})
    form = search_form(site.files["omsorg/about/index.html"].decode())
    assert '<input type="hidden" name="lang" value="en">' in form
    assert "Search the website" in form  # the English chrome's label


def test_tasks_link_to_their_pages_with_the_titles_or_the_editors_words(make_scratch) -> None:
    site = make_scratch(
        {
            **SECTION,
            **ENGLISH,
            "_index.md": home(
                "  - /omsorg/\n"
                "  - /omsorg/about/\n"
                "  - link: /omsorg/about/#home-help\n"
                "    text: Hemtjänst på engelska\n"
            ),
        }
    )
    html = site.files["index.html"].decode()
    tasks = html[html.index('<ul class="task-list">') :]
    tasks = tasks[: tasks.index("</ul>")]
    assert tasks.split("\n")[1:4] == [
        '<li><a class="task-list__link" href="/omsorg/">Omsorg</a></li>',
        # A page's title is in the page's language; the editor's words in the home page's.
        '<li><a class="task-list__link" href="/omsorg/about/" lang="en">Care in English</a></li>',
        '<li><a class="task-list__link" href="/omsorg/about/#home-help">Hemtjänst på engelska</a></li>',
    ]
    assert html.index('id="mest-sokt"') < html.index('id="hitta"')
    assert html.index('id="hitta"') < html.index("<p>Text.</p>")  # the editor's text comes last


def test_a_home_page_without_tasks_has_no_task_list(make_scratch) -> None:
    html = make_scratch(SECTION).files["index.html"].decode()
    assert "task-list" not in html
    assert 'id="hitta"' in html


def test_the_home_page_shows_the_e_services_a_resident_can_use_here_first(make_scratch) -> None:
    service = "---\ntitle: {t}\ndescription: {t}.\ntype: service\n{extra}---\n"
    # An e-service with e-legitimation elsewhere (step 3: no form here) and one with a form.
    elsewhere = "ladder_step: 3\nalternatives:\n  - kind: visit\n    text: Besök kontaktcenter.\n"
    site = make_scratch(
        {
            **SECTION,
            "Omsorg/Ansökan.md": service.format(t="Ansökan", extra=elsewhere),
            "Omsorg/Synpunkter.md": service.format(
                t="Synpunkter", extra="ladder_step: 2\nform: synpunkter\n"
            ),
            "forms/synpunkter.yml": (
                "id: synpunkter\ntitle: Synpunkter\nrecipient: s@test.example\n"
                "subject: Synpunkt\nsuccess: Tack.\n"
                "fields:\n  - {name: text, type: textarea, label: Vad tycker du?, personal: false}\n"
            ),
        }
    )
    html = site.files["index.html"].decode()
    box = html[html.index('<section class="home-section home-eservices"') :]
    box = box[: box.index("</section>")]
    assert "Det här kan du göra direkt på webbplatsen, utan att logga in:" in box
    assert '<a href="/omsorg/synpunkter/">Synpunkter</a>' in box
    assert "/omsorg/ansokan/" not in box  # no form here: listed under E-tjänster
    assert '<a href="/e-tjanster/">Alla e-tjänster (2)</a>' in box
