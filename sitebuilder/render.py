"""Stage 4c, render pages: one page in, one HTML string out; a pure function of its inputs."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .forms.view import form_params
from .home_view import home_params
from .ids import HEADER_SEARCH_ID, SERVICE_BOX_ID, letter_id
from .model import (
    A_Z_URL,
    CATALOGUE_URL,
    FEED_URL,
    INVENTORY_URL,
    LISTING_STEPS,
    Body,
    Page,
    SiteIndex,
)
from .phones import tel_href, with_phone_links
from .schema import E_ID_STEPS, Contact, FrontMatter
from .statement_view import statement_params
from .strings import LANG_KEY, lang_attr
from .theme import Theme, long_date

_INDENT = re.compile(r"\n[ \t]+<")


@dataclass(frozen=True)
class SiteAssets:
    """URLs of the theme's files, fingerprinted so browsers may cache them for a year."""

    css_href: str
    favicon_href: str
    form_script_href: str
    forms_css_href: str
    listings_css_href: str
    form_reveal_href: str  # reveals a dependent question in place (only on forms that have one)
    search_script_href: str = ""  # as-you-type results (the results page and /sok/ only)


class Renderer:
    """Everything rendering needs that is the same for every page."""

    def __init__(self, index: SiteIndex, theme: Theme, assets: SiteAssets, today: dt.date) -> None:
        self.index = index
        self.theme = theme
        self.assets = assets
        self.today = today
        self.base = index.config.base_path
        self.origin = index.config.base_url.removesuffix(self.base)
        self._fragments: dict[str, Markup] = {}

    def fragment(self, component: str, params: dict[str, Any]) -> Markup:
        """A component's HTML, rendered once for every page that gives it the same params.

        The header, menu and footer are the same on most pages; rendering them once per
        distinct input keeps the output a pure function of the params and saves a third of
        the template time.
        """
        key = component + json.dumps(params, sort_keys=True, default=str)
        html = self._fragments.get(key)
        if html is None:
            module = self.theme.env.get_template(f"components/{component}/macro.html").module
            html = self._fragments[key] = Markup(getattr(module, component)(params))
        return html

    def href(self, url: str) -> str:
        return self.base + url

    def absolute(self, url: str) -> str:
        return self.origin + self.base + url

    def strings(self, lang: str) -> dict[str, str]:
        return self.theme.strings.for_lang(lang)

    def lang_of(self, page: Page) -> str:
        """UI language: the page's own if the theme has all its strings, else the site's
        (strictly, the theme's fallback language; ``Strings.resolve``)."""
        return self.theme.strings.resolve(page.lang)

    # -- pieces shared by every page ------------------------------------------------------
    # Language of parts (WCAG 3.1.2): <html lang> is the page's language. The chrome (menu,
    # footer, labels) is in the UI language, which differs when the theme has no strings for
    # the page's language; each chrome element then carries lang="<ui>". Inside, every text
    # from elsewhere carries its own: other pages' titles their page's language, site.yml's
    # texts the site's. ``lang_attr(text, container)`` gives the attribute, or None.

    def _other_lang(self, page: Page, lang: str) -> str | None:
        return lang_attr(page.lang, lang)

    def _item(self, page: Page, lang: str, t: dict[str, str], **extra: Any) -> dict[str, Any]:
        """A listed page inside an element in ``lang``; its date is in ``t``'s language."""
        item: dict[str, Any] = {
            "text": page.title,
            "href": self.href(page.url),
            "description": page.meta.description,
            "lang": self._other_lang(page, lang),
        }
        if page.meta.type == "news" and page.meta.date:
            item["date"] = {
                "datetime": page.meta.date.isoformat(),
                "text": long_date(page.meta.date, t),
                "lang": lang_attr(t[LANG_KEY], page.lang),
            }
        item.update(extra)
        return item

    def _nav(self, page: Page, lang: str) -> list[dict[str, Any]]:
        trail = (
            {p.url for p in self.index.breadcrumbs(page.url)}
            if page.url in self.index.pages
            else set()
        )
        items = []
        for url in self.index.nav:
            section = self.index.pages[url]
            current = "page" if url == page.url else "section" if url in trail else None
            items.append(
                {
                    "text": section.title,
                    "href": self.href(url),
                    "current": current,
                    "lang": self._other_lang(section, lang),
                }
            )
        return items

    def _footer(self, lang: str, t: dict[str, str], chrome_lang: str | None) -> dict[str, Any]:
        """The footer, all of it in the UI language ``lang`` but for site.yml's texts (the
        site's language) and the titles of generated pages (their own)."""
        config = self.index.config
        contact = None
        if config.contact is not None:
            rows = contact_rows(config.contact, t, lang_attr(config.language, lang), self)
            contact = {"heading": t["footer.contact"], "rows": rows}
        links = []
        for key, label in (
            ("accessibility_statement", "footer.accessibility"),
            ("privacy_page", "footer.privacy"),
        ):
            if key in self.index.footer:
                links.append({"text": t[label], "href": self.href(self.index.footer[key])})
        for url in ("/a-o/", "/e-tjanster/", "/nyheter/"):
            if url in self.index.pages:
                listed = self.index.pages[url]
                links.append(
                    {
                        "text": listed.title,
                        "href": self.href(url),
                        "lang": self._other_lang(listed, lang),
                    }
                )
        links.append({"text": t["footer.feed"], "href": self.href(FEED_URL)})
        return {
            "name": config.name,
            "name_lang": lang_attr(config.language, lang),
            "lang": chrome_lang,
            "contact": contact,
            "links": {"heading": t["footer.about"], "items": links},
        }

    def _header(self, page: Page, lang: str, t: dict[str, str], chrome_lang: str | None) -> Markup:
        """The banner: name, the phone menu's button, the search box and the menu. The home
        page gets the search box large, below the menu (its one search landmark)."""
        home = page.kind == "home"
        own_box = page.listing == "search" or page.url == "/api/search"
        search = {
            "action": self.search_action(),
            "label": t["search.home_label" if home else "search.label"],
            "button": t["search.button"],
            "id": HEADER_SEARCH_ID,
            # Results default to the language of the page the search came from.
            "hidden": [{"name": "lang", "value": page.lang}],
            "classes": "search-box--header" + (" search-box--hero" if home else ""),
        }
        return self.fragment(
            "site_header",
            {
                "name": self.index.config.name,
                "name_lang": lang_attr(self.index.config.language, lang),
                "lang": chrome_lang,
                "href": self.href("/"),
                "logo": self.href(self.index.logo_url) if self.index.logo_url else None,
                "menu_button": t["menu_button"],
                "hero": home,
                # /sok/ and the results page hold the large box themselves: one search
                # landmark per page, not two with one name.
                "search_html": None if own_box else self.fragment("search_box", search),
                "nav_html": self.fragment(
                    "main_nav", {"label": t["menu"], "items": self._nav(page, lang)}
                ),
            },
        )

    def search_action(self) -> str:
        """Where the search box sends its GET: `search` beside the forms on the endpoint
        (`/api/forms` -> `/api/search`, `https://forms.kommun.example/api/forms` ->
        `https://forms.kommun.example/api/search`), below base_url's path like a form's
        action when it is a path on this site."""
        endpoint = self.index.config.forms_endpoint
        prefix = "" if endpoint.startswith("https://") else self.base
        return f"{prefix}{endpoint.rsplit('/', 1)[0]}/search"

    def _common(self, page: Page) -> dict[str, Any]:
        lang = self.lang_of(page)
        t = self.strings(lang)
        chrome_lang = lang_attr(lang, page.lang)
        crumbs = []
        if page.url in self.index.pages:
            crumbs = [
                {
                    "text": t["home"] if p.kind == "home" else p.title,
                    "href": self.href(p.url),
                    "lang": None if p.kind == "home" else self._other_lang(p, lang),
                }
                for p in self.index.breadcrumbs(page.url)
            ]
        return {
            "page": page,
            "site": self.index.config,
            "lang": page.lang,
            "t": t,
            "chrome_lang": chrome_lang,
            "canonical": self.absolute(page.url),
            "css_href": self.assets.css_href,
            "forms_css_href": self.assets.forms_css_href if page.meta.form else None,
            "listings_css_href": self.assets.listings_css_href if _shows_listings(page) else None,
            "favicon_href": self.assets.favicon_href,
            "feed_href": self.href(FEED_URL),
            "home_href": self.href("/"),
            "logo_href": self.href(self.index.logo_url) if self.index.logo_url else None,
            "header_html": self._header(page, lang, t, chrome_lang),
            "crumbs": crumbs,
            "footer_html": self.fragment("site_footer", self._footer(lang, t, chrome_lang)),
            "content": Markup(""),
            "service": None,
            "meta_items": [],
            "form": None,
            "form_policy": None,
            "form_lang": None,
            "error_summary": None,
            "title_prefix": "",
        }

    # -- pages ------------------------------------------------------------------------------

    def render_page(
        self,
        page: Page,
        body: Body,
        *,
        form_values: dict[str, Any] | None = None,
        form_errors: dict[str, str] | None = None,
    ) -> str:
        """HTML for one page: depends only on the page, its body, the index and the theme.

        The forms API passes the resident's answers and errors to show the page again.
        """
        template, ctx = self.page_context(
            page, body, form_values=form_values, form_errors=form_errors
        )
        return self.render(template, ctx)

    def render(self, template: str, ctx: dict[str, Any]) -> str:
        """A layout's HTML without the indentation before tags (about 0.4 KB a page).

        Safe outside tags only: text in <pre> and <textarea> is escaped, so no line there
        starts with a real tag.
        """
        return _INDENT.sub("\n<", self.theme.env.get_template(template).render(ctx))

    def page_context(
        self,
        page: Page,
        body: Body,
        *,
        form_values: dict[str, Any] | None = None,
        form_errors: dict[str, str] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """The template and everything it is given: the output is a function of these alone,
        which is what lets an incremental build skip pages whose context did not change."""
        ctx = self._common(page)
        t = ctx["t"]
        if form_errors:
            ctx["title_prefix"] = t["forms.title_prefix"] + " "
        lang = self.lang_of(page)
        ctx["content"] = Markup(body.html)
        meta_items = []
        if page.meta.reviewed:
            meta_items.append(
                {
                    "label": t["reviewed"],
                    "text": long_date(page.meta.reviewed, t),
                    "datetime": page.meta.reviewed.isoformat(),
                }
            )
        if page.meta.owner:
            meta_items.append(
                {
                    "label": t["owner"],
                    "text": page.meta.owner,
                    "lang": lang_attr(page.lang, lang),
                }
            )
        ctx["meta_items"] = meta_items
        if page.meta.type == "service" and page.meta.ladder_step:
            ctx["service"] = self._service(page, t)
        if page.meta.form is not None:
            self._add_form(ctx, page, form_values, form_errors)
        # Listings sit in <main>, whose language is the page's: listed titles are marked
        # against that, not against the UI language.
        here = page.lang
        children = [
            self._item(self.index.pages[u], here, t) for u in self.index.children.get(page.url, ())
        ]
        ctx["children"] = children
        template = "layouts/page.html"
        if page.kind == "home":
            template = "layouts/home.html"
            ctx.update(
                home_params(
                    self.index,
                    t,
                    self.href,
                    lambda p: self._item(p, here, t),
                    lambda p: self._other_lang(p, here),
                )
            )
        elif page.listing == "news":
            template = "layouts/news.html"
            ctx["news"] = [self._item(self.index.pages[u], here, t) for u in self.index.news]
        elif page.listing == "a_z":
            template = "layouts/a_z.html"
            ctx["groups"] = [
                {
                    "letter": letter,
                    "id": letter_id(letter),
                    "items": [self._item(self.index.pages[u], here, t) for u in urls],
                }
                for letter, urls in self.index.a_z
            ]
        elif page.listing in LISTING_STEPS:
            template = "layouts/services.html"
            ctx["steps"] = [
                {
                    "number": step,
                    "heading": f"{t['service.step_of'].replace('{step}', str(step))}: {t[f'ladder.{step}']}",
                    "text": t[f"ladder.{step}_text"],
                    "items": [
                        self._item(self.index.pages[u], here, t)
                        for u in self.index.services.get(step, ())
                    ],
                }
                for step in LISTING_STEPS[page.listing]
            ]
            # The catalogue and the inventory link to each other.
            other = INVENTORY_URL if page.listing == "services" else CATALOGUE_URL
            ctx["see_also"] = (
                {"text": t[f"listing.{page.listing}.see_also"], "href": self.href(other)}
                if other in self.index.pages
                else None
            )
        elif page.listing == "search":
            template = "layouts/search_entry.html"
            ctx.update(self.search_entry(page, t))
        elif page.kind == "section":
            template = "layouts/section.html"
        statement = self.index.statement
        if statement is not None and page.url == self.index.footer.get("accessibility_statement"):
            template = "layouts/accessibility.html"
            ctx["statement"] = statement_params(
                statement, self.index, t, self.href, page.meta.reviewed, page.lang
            )
        return template, ctx

    def _add_form(
        self,
        ctx: dict[str, Any],
        page: Page,
        values: dict[str, Any] | None,
        errors: dict[str, str] | None,
    ) -> None:
        """The form in its own language (its definition's `lang`, else the site's), with
        the strings of that language, marked when the page is in another. Its error
        summary goes to the top of <main>, outside the form's heading outline."""
        assert page.meta.form is not None
        definition = self.index.forms.forms[page.meta.form].definition
        form_lang = definition.lang or self.index.config.language
        params = self.form(page.meta.form, self.strings(form_lang), values, errors)
        summary = params.pop("error_summary", None)
        if summary is not None:
            summary["lang"] = lang_attr(form_lang, page.lang)
        ctx["form"] = params
        ctx["form_policy"] = self.form_policy()
        ctx["form_lang"] = lang_attr(form_lang, page.lang)
        ctx["error_summary"] = summary

    def form_policy(self) -> str:
        """The Content-Security-Policy a page with a form carries in a <meta> element: posts
        go to this site or to the origin of site.yml's `forms_endpoint`, nowhere else.

        The hosting header (netlify.toml) allows `form-action 'self' https:`, since it cannot
        know the endpoint; a browser enforces both policies, so the page narrows it to the one
        address its forms really post to. No script of the theme connects anywhere (the
        scripts only time the form and reveal questions), so connect-src stays 'self'.
        """
        endpoint = self.index.config.forms_endpoint
        if not endpoint.startswith("https://"):
            return "form-action 'self'"
        origin = "/".join(endpoint.split("/", 3)[:3])  # https://host[:port]
        return f"form-action 'self' {origin}"

    def form_action(self, form_id: str) -> str:
        endpoint = self.index.config.forms_endpoint
        prefix = "" if endpoint.startswith("https://") else self.base
        return f"{prefix}{endpoint}/{form_id}"

    def form(
        self,
        form_id: str,
        t: dict[str, str],
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Params for the form macro; the API calls this too, with the resident's answers."""
        loaded = self.index.forms.forms[form_id]
        privacy = self.index.footer.get("privacy_page")
        more = loaded.definition.privacy.more if loaded.definition.privacy else None
        if more and more.startswith("/") and not more.startswith("//"):
            more = self.href(more)  # a path on this site, below base_url's path like every link
        return form_params(
            loaded,
            t,
            action=self.form_action(form_id),
            today=self.today,
            values=values,
            errors=errors,
            script=self.assets.form_script_href,
            reveal_script=self.assets.form_reveal_href,
            privacy_href=more or (self.href(privacy) if privacy else None),
            lang=loaded.definition.lang or self.index.config.language,
        )

    # -- site search -------------------------------------------------------------------------

    def search_box(
        self, t: dict[str, str], lang: str, *, value: str = "", box_id: str = "sok"
    ) -> dict[str, Any]:
        """The search box's params: the page's language goes along, so that results default
        to it."""
        return {
            "action": self.search_action(),
            "label": t["search.label"],
            "button": t["search.button"],
            "id": box_id,
            "value": value,
            "hidden": [{"name": "lang", "value": lang}],
            "classes": "search-box--large",
        }

    def search_entry(self, page: Page, t: dict[str, str]) -> dict[str, Any]:
        """/sok/: the search box, and the A–Ö index and the e-services as other ways in."""
        other_ways = []
        for url, key in ((A_Z_URL, "search.help.a_z"), (CATALOGUE_URL, "search.help.services")):
            if url in self.index.pages:
                other_ways.append({"text": t[key], "href": self.href(url)})
        return {
            "box": self.search_box(t, page.lang),
            "other_ways": other_ways,
            "search_script_href": self.assets.search_script_href,
        }

    def render_search(self, title: str, description: str, lang: str, extra: dict[str, Any]) -> str:
        """The endpoint's results page, in the site's look and the searcher's language."""
        meta = FrontMatter.model_construct(title=title, description=description)
        page = Page("/api/search", "page", meta, lang, None)
        ctx = self._common(page)
        ctx.update(
            {
                "canonical": None,
                "listings_css_href": self.assets.listings_css_href,
                "search_script_href": self.assets.search_script_href,
                **extra,
            }
        )
        return self.render("layouts/search.html", ctx)

    def _service(self, page: Page, t: dict[str, str]) -> dict[str, Any]:
        """The service box: labels in the UI language, the page's own texts (owner,
        contact) in the page's."""
        step = page.meta.ladder_step or 1
        own = lang_attr(page.lang, t[LANG_KEY])
        contact = None
        if page.meta.contact is not None:
            rows = contact_rows(page.meta.contact, t, own, self)
            contact = {"heading": t["service.contact"], "rows": rows}
        return {
            "id": SERVICE_BOX_ID,
            "lang": lang_attr(t[LANG_KEY], page.lang),
            "heading": t["service.heading"],
            "step": step,
            "ladder_label": t["service.ladder"],
            "step_text": t["service.step_of"].replace("{step}", str(step)),
            "steps": [t[f"ladder.{n}"] for n in (1, 2, 3, 4)],
            # Who answers for the service, beside its step (also shown at the page's foot).
            "owner": (
                {
                    "label": t.get("service.owner", t["owner"]),
                    "text": page.meta.owner,
                    "lang": own,
                }
                if page.meta.owner
                else None
            ),
            "contact": contact,
            "alternatives": self._alternatives(page, t, own),
            # Step 1 is information: the e-services catalogue does not list it, the inventory does.
            "catalogue": (
                {"text": t["service.catalogue"], "href": self.href(CATALOGUE_URL)}
                if step > 1
                else {"text": t["service.inventory"], "href": self.href(INVENTORY_URL)}
            ),
        }

    def _alternatives(
        self, page: Page, t: dict[str, str], own: str | None
    ) -> dict[str, Any] | None:
        """How to use the service without e-legitimation (paper form, phone, visit, proxy):
        labels in the UI language, the editor's texts in the page's (``own`` when they differ)."""
        if not page.meta.alternatives:
            return None
        step = page.meta.ladder_step or 1
        items = [
            {
                "label": t[f"service.alternative.{alt.kind}"],
                "text": alt.text,
                "html": with_phone_links(alt.text),
                "lang": own,
                "link": (
                    {
                        "text": alt.link_text,
                        "href": self.href(alt.link) if alt.link.startswith("/") else alt.link,
                    }
                    if alt.link and alt.link_text
                    else None
                ),
            }
            for alt in page.meta.alternatives
        ]
        heading = t["service.alternatives" if step in E_ID_STEPS else "service.alternatives_other"]
        return {"heading": heading, "items": items}

    def render_redirect(self, old: str, target: Page) -> str:
        ctx = self._common(target)
        ctx["canonical"] = self.absolute(target.url)
        ctx["target_href"] = self.href(target.url)
        ctx["crumbs"] = []
        return self.render("layouts/redirect.html", ctx)

    def render_message(
        self,
        title: str,
        paragraphs: list[str],
        *,
        lang: str | None = None,
        links: list[dict[str, str]] | None = None,
        template: str = "layouts/message.html",
        extra: dict[str, Any] | None = None,
    ) -> str:
        """A simple page in the site's look: the API's receipts and error pages."""
        lang = lang or self.index.config.language
        # Built from our own strings and checked definitions, so no validation is needed.
        meta = FrontMatter.model_construct(
            title=title, description=paragraphs[0] if paragraphs else title
        )
        page = Page("/api/", "page", meta, lang, None)
        ctx = self._common(page)
        links = [self._message_link(link, self.lang_of(page)) for link in links or []]
        ctx.update({"paragraphs": paragraphs, "links": links, **(extra or {})})
        if template.endswith("receipt.html"):
            ctx["forms_css_href"] = self.assets.forms_css_href
        ctx["canonical"] = None
        return self.render(template, ctx)

    def _message_link(self, link: dict[str, str], container: str) -> dict[str, str | None]:
        """A link on a message page: a link named by a page's title is in that page's
        language (the lists on these pages are in the UI language)."""
        if "lang" in link:
            return link
        url = link["href"].removeprefix(self.base) if self.base else link["href"]
        target = self.index.pages.get(url)
        lang = target.lang if target is not None and target.title == link["text"] else None
        return {**link, "lang": lang_attr(lang, container)}

    def render_404(self) -> str:
        config = self.index.config
        t = self.strings(config.language)
        page = Page(
            "/404.html",
            "page",
            FrontMatter(title=t["not_found.title"], description=t["not_found.description"]),
            t[LANG_KEY],  # every text on it is the theme's
            None,
        )
        ctx = self._common(page)
        ctx["a_z_href"] = self.href("/a-o/")
        return self.render("layouts/404.html", ctx)


def _shows_listings(page: Page) -> bool:
    """Pages with card lists, the service box or A–Ö; plain information pages have none."""
    return page.kind != "page" or page.listing is not None or page.meta.type == "service"


def contact_rows(
    contact: Contact, t: dict[str, str], text_lang: str | None, renderer: Renderer
) -> list[dict[str, str | None]]:
    """Contact details as labelled rows, phone and email as links, in one fixed order.

    Labels are in ``t``'s language; name, address and hours are words written by an editor,
    marked ``text_lang`` (None: the same language); numbers and addresses need no mark. A
    `url` that is a path on this site is linked below base_url's path, like every link, and
    shown as the whole address a resident could type.
    """
    rows: list[dict[str, str | None]] = []
    if contact.name:
        rows.append({"text": contact.name, "lang": text_lang})
    if contact.address:
        rows.append({"label": t["footer.address"], "text": contact.address, "lang": text_lang})
    if contact.phone:
        href = tel_href(contact.phone)
        rows.append({"label": t["footer.phone"], "text": contact.phone, "href": href})
    if contact.email:
        href = "mailto:" + contact.email
        rows.append({"label": t["footer.email"], "text": contact.email, "href": href})
    if contact.hours:
        rows.append({"label": t["footer.hours"], "text": contact.hours, "lang": text_lang})
    if contact.url:
        text, href = contact.url, contact.url
        if contact.url.startswith("/"):  # a site path (`//host` is refused by check_url)
            text, href = renderer.absolute(contact.url), renderer.href(contact.url)
        rows.append({"label": t["footer.web"], "text": text, "href": href})
    return rows
