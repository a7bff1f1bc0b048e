"""The front matter of a page: one typed schema, one line of documentation per key."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .urls import SiteLink

PageType = Literal["page", "service", "news"]
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
    weight: int = Field(0, strict=True, description="Order among siblings; lower comes first")
    date: dt.date | None = Field(None, strict=True, description="Publication date (news only)")
    slug: str | None = Field(None, description="Overrides the last part of the URL")
    ladder_step: int | None = Field(
        None, strict=True, ge=1, le=4, description="Step on the service ladder, 1-4 (services only)"
    )
    contact: Contact | None = Field(None, description="Contact for the service (services only)")
    form: str | None = Field(
        None, description="Id of a form (content/forms/<id>.yml) shown below the text"
    )
    translation_of: str | None = Field(
        None,
        description="Source page of a translation or lättläst version",
        examples=["Bygga, bo och miljö/Bygglov.md"],
    )
