"""The front matter of a page: one typed schema, one line of documentation per key."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .urls import SiteLink, check_url

PageType = Literal["page", "service", "news"]
# What a section's landing page (_index.md) may be: a service may have sub-pages (how to
# apply, fees); a news item is dated and listed with the news, so it is never a section.
SECTION_TYPES: tuple[str, ...] = ("page", "service")
# Steps on the service ladder that need e-legitimation: people with a samordningsnummer or
# protected identity cannot use them, so such a service must say how to do without.
E_ID_STEPS = frozenset({3, 4})
AlternativeKind = Literal["paper", "phone", "visit", "proxy"]
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# Text that must say something: surrounding spaces are dropped, and nothing left is an error.
FilledText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Contact(BaseModel):
    """Who to contact about a service (or the municipality, in site.yml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(None, description="A unit or function, never a private person")
    email: str | None = Field(None, pattern=EMAIL_PATTERN, examples=["kontakt@kommun.example"])
    phone: str | None = None
    hours: str | None = Field(None, description="Opening or telephone hours")
    address: str | None = Field(None, description="Postal or visiting address")
    url: SiteLink | None = Field(
        None,
        description="A web address (https://...) or a path on this site (/...)",
        examples=["https://www.kommun.example/"],
    )


class Alternative(BaseModel):
    """One way to use a service without e-legitimation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AlternativeKind = Field(
        description="paper (a paper form), phone, visit, or proxy (someone acting for you)"
    )
    text: FilledText = Field(
        description="What to do, in a sentence or two",
        examples=["Ring kontaktcenter på 08-123 456 78, så skickar vi blanketten."],
    )
    link: SiteLink | None = Field(
        None,
        description="Where the form or more help is: a path on this site or an https:// address",
        examples=["/blanketter/ansokan.pdf"],
    )
    link_text: FilledText | None = Field(
        None,
        description="The words of the link, naming what it leads to",
        examples=["Blankett för ansökan (PDF)"],
    )

    @model_validator(mode="after")
    def _link_has_text(self) -> Alternative:
        if self.link is not None and self.link_text is None:
            raise ValueError(
                "`link` needs `link_text`, the words to link, e.g. "
                "`link_text: Blankett för ansökan (PDF)`"
            )
        if self.link_text is not None and self.link is None:
            raise ValueError("`link_text` needs `link`, the address it leads to; or remove it")
        return self


def _site_path(value: str) -> str:
    """A top task is a page of this site: a path, not an address elsewhere."""
    if not value.startswith("/") or value.startswith("//"):
        raise ValueError(
            f"`{value}` must be a path on this site starting with /, such as "
            "`/bygga-bo-och-miljo/bygglov/`; the home page's tasks are pages of this site"
        )
    problem = check_url(value, frozenset({"path"}))
    if problem is not None:
        raise ValueError(problem)
    return value


SitePath = Annotated[str, AfterValidator(_site_path)]


class Task(BaseModel):
    """One of the home page's top tasks: what many residents come for, as a large link.

    Written as a path alone (the link's text is then the page's title) or as `link` and
    `text`: `{link: /barn-och-utbildning/forskola/, text: Ansök om plats i förskola}`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    link: SitePath = Field(
        description="A page on this site, or a heading on it",
        examples=["/kultur-och-fritid/bibliotek/#oppettider"],
    )
    text: FilledText | None = Field(
        None, description="The words of the link; default: the page's title"
    )

    @model_validator(mode="before")
    @classmethod
    def _path_alone(cls, value: object) -> object:
        return {"link": value} if isinstance(value, str) else value


class FrontMatter(BaseModel):
    """Every key an editor may write between the `---` lines."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Numbers, dates and true/false are strict: `weight: "2"` is text and an error, not 2.
    title: FilledText = Field(description="The page's heading (h1)")
    description: FilledText = Field(
        max_length=300,
        description="One sentence for search engines and listings",
        examples=["En mening om vad sidan handlar om."],
    )
    type: PageType = Field("page", description="page, service (a service we offer) or news")
    lang: str | None = Field(
        None, pattern=LANG_PATTERN, description="Only if not the site's", examples=["en"]
    )
    owner: str | None = Field(None, description="Responsible department, shown as Sidansvarig")
    reviewed: dt.date | None = Field(
        None, strict=True, description="Date last reviewed (Senast granskad)"
    )
    draft: bool = Field(
        False, strict=True, description="true: not published unless built with --drafts"
    )
    aliases: tuple[str, ...] = Field((), description="Old URLs that redirect here")
    weight: int | None = Field(
        None,
        strict=True,
        description="Order among siblings; lower comes first, pages without one after them",
    )
    date: dt.date | None = Field(None, strict=True, description="Publication date (news only)")
    slug: str | None = Field(None, description="Overrides the last part of the URL")
    ladder_step: int | None = Field(
        None, strict=True, ge=1, le=4, description="Step on the service ladder, 1-4 (services only)"
    )
    contact: Contact | None = Field(None, description="Contact for the service (services only)")
    alternatives: tuple[Alternative, ...] | None = Field(
        None,
        description="Ways to use the service without e-legitimation (services; required at step 3-4)",
    )
    form: str | None = Field(
        None, description="Id of a form (content/forms/<id>.yml) shown below the text"
    )
    keywords: tuple[FilledText, ...] = Field(
        (),
        description="Extra words the site search finds this page by (everyday or old names)",
        examples=[["dagis", "barnomsorg"]],
    )
    translation_of: str | None = Field(
        None,
        description="Source page of a translation or lättläst version",
        examples=["Bygga, bo och miljö/Bygglov.md"],
    )
    tasks: tuple[Task, ...] | None = Field(
        None,
        description="The home page's top tasks (content/_index.md only): paths on this site",
    )
