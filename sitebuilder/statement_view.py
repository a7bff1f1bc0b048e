"""Plain data for the accessibility statement's component, from the build's facts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import SiteIndex
from .phones import tel_href
from .statement import Statement
from .strings import LANG_KEY, lang_attr
from .theme import long_date

# Ids of the generated headings; the Markdown above them may not reuse them.
STATEMENT_IDS = {
    "status": "hur-tillganglig-ar-webbplatsen",
    "help": "om-du-inte-kan-anvanda-webbplatsen",
    "report": "rapportera-brister",
    "supervision": "tillsyn",
    "technical": "teknisk-information",
    "issues": "innehall-som-inte-ar-tillgangligt",
    "noncompliance": "bristande-forenlighet",
    "burden": "oskaligt-betungande-anpassning",
    "scope": "innehall-som-inte-omfattas",
    "testing": "hur-vi-testat-webbplatsen",
}


def statement_params(
    statement: Statement,
    index: SiteIndex,
    t: dict[str, str],
    href: Callable[[str], str],
    updated: Any,
    page_lang: str | None = None,
) -> dict[str, Any]:
    """Every sentence the statement's component shows, chosen from ``t`` by the facts.

    Only what the data says is claimed: no compliance section without accessibility.yml,
    no test method without a recent record of it. The sentences are in ``t``'s language,
    marked when the page (``page_lang``) is in another; accessibility.yml's own texts are in
    the site's language, and pages' titles in their page's, marked where they differ.
    """
    ui = t[LANG_KEY]
    own = lang_attr(index.config.language, ui)  # accessibility.yml's texts

    def s(key: str, **values: object) -> str:
        text = t[f"statement.{key}"]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def date(day: Any) -> str:
        return long_date(day, t)

    params: dict[str, Any] = {
        "ids": STATEMENT_IDS,
        "testing": _testing(statement, index, t, s, date),
        "lang": lang_attr(ui, page_lang) if page_lang else None,
    }
    params["updated"] = s("updated", date=date(updated)) if updated else None
    params["published"] = (
        s("published", date=date(statement.published)) if statement.published else None
    )
    if statement.compliance is None:
        return params
    contact = []
    if statement.email:
        contact.append(
            {"label": s("email"), "text": statement.email, "href": "mailto:" + statement.email}
        )
    if statement.phone:
        contact.append(
            {"label": s("phone"), "text": statement.phone, "href": tel_href(statement.phone)}
        )
    if statement.hours:
        contact.append({"label": s("hours"), "text": statement.hours, "lang": own})
    form = None
    if statement.feedback_form:
        url = next(u for u, p in index.pages.items() if p.meta.form == statement.feedback_form)
        form = {
            "intro": s("report_form"),
            "text": index.pages[url].title,
            "href": href(url),
            "lang": lang_attr(index.pages[url].lang, ui),
        }
    params.update(
        {
            "compliance": statement.compliance,
            "status_heading": s("status_heading"),
            "status_short": s(f"status_short.{statement.compliance}"),
            "see_issues": s("see_issues"),
            "help": {"heading": s("help_heading"), "text": s("help_text"), "contact": contact},
            "report": {
                "heading": s("report_heading"),
                "text": s("report_text"),
                "email_intro": s("report_email"),
                "email": statement.email,
                "form": form,
            },
            "supervision": {
                "heading": s("supervision_heading"),
                "text": s("supervision_text"),
                "link": {"text": s("supervision_link"), "href": s("supervision_url")},
            },
            "technical": {
                "heading": s("technical_heading"),
                "status": s(f"status.{statement.compliance}"),
                "standard": s("standard"),
            },
            "issues": {
                "heading": s("issues_heading"),
                "intro": s("issues_intro"),
                "noncompliance_heading": s("noncompliance_heading"),
                "none": s("no_issues"),
                "items": [
                    {
                        "title": issue.title,
                        "description": issue.description,
                        "lang": own,
                        "wcag_label": s("wcag"),
                        "wcag": ", ".join(issue.wcag),
                        "pages_label": s("pages"),
                        "pages": [
                            {
                                "text": index.pages[u].title,
                                "href": href(u),
                                "lang": lang_attr(index.pages[u].lang, ui),
                            }
                            for u in issue.pages
                        ],
                        "fix": s("fix", date=date(issue.fix)) if issue.fix else s("no_fix"),
                    }
                    for issue in statement.known_issues
                ],
                "burden_heading": s("burden_heading"),
                "burden": list(statement.disproportionate_burden) or [s("no_burden")],
                "burden_lang": own if statement.disproportionate_burden else None,
                "scope_heading": s("scope_heading"),
                "scope": list(statement.not_in_scope),
                "scope_lang": own,
            },
        }
    )
    return params


def _checker(checker: tuple[str, str, tuple[str, ...]], index: Any, t: Any, s: Any) -> str:
    """A checker as the statement names it: on every page, or on the pages it ran on."""
    name, version, urls = checker
    if not urls:
        return f"{name} {version}"
    titles = [index.pages[u].title if u in index.pages else u for u in urls]
    listed = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} {s('and')} {titles[-1]}"
    return s("checker_on_pages", checker=f"{name} {version}", count=len(urls), pages=listed)


def _testing(
    statement: Statement, index: Any, t: dict[str, str], s: Any, date: Any
) -> dict[str, Any]:
    record = statement.record
    testing: dict[str, Any] = {"heading": s("testing_heading"), "not_tested": s("not_tested")}
    if record is None:
        if statement.record_problem == "old" and statement.record_date is not None:
            testing["summary"] = s("old_record", date=date(statement.record_date))
        else:
            testing["summary"] = s("no_record")
        return testing
    kinds = ", ".join(t.get(f"statement.kind.{k}", k) for k in record.page_kinds)
    testing.update(
        {
            "summary": s("tested", date=date(record.date)),
            "with": s("tested_with", pages=record.pages, kinds=kinds, browser=record.browser),
            "checkers": [_checker(c, index, t, s) for c in record.checkers],
            "keyboard": s("keyboard") if record.keyboard else None,
            "browser_checks_intro": s("browser_checks"),
            "browser_checks": [s(f"browser_check.{c}") for c in record.browser_checks],
        }
    )
    return testing
