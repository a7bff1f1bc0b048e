"""Site configuration (content/site.yml): everything municipality-specific that is not a page."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .characters import check_values
from .colours import contrast_ratio
from .errors import ErrorList
from .schema import LANG_PATTERN, Contact, FilledText
from .typed import validate
from .urls import Endpoint, Origin
from .yamlsource import Mapping, parse_mapping

HEX = r"^#[0-9a-fA-F]{6}$"
# Focused text is drawn in this colour on the focus colour (theme/static/site.css,
# --colour-focus-text): dark, so that a kommun's focus colour must be light enough for it.
FOCUS_TEXT = "#0b0c0c"


class Colours(BaseModel):
    """The municipality's colours, checked for WCAG 2.1 AA contrast (4.5:1) at build time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    primary: str = Field(
        "#1d5c8a", pattern=HEX, examples=["#1d5c8a"], description="Header, links and buttons"
    )
    primary_text: str = Field(
        "#ffffff", pattern=HEX, examples=["#1d5c8a"], description="Text on the primary colour"
    )
    text: str = Field(
        "#1b1b1b", pattern=HEX, examples=["#1d5c8a"], description="Body text on white"
    )
    focus: str = Field("#ffbf47", pattern=HEX, examples=["#1d5c8a"], description="Focus highlight")


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: FilledText = Field(examples=["Exempelby kommun"])
    base_url: Origin = Field(examples=["https://www.kommun.example"])
    language: str = Field(pattern=LANG_PATTERN, examples=["sv"])
    logo: str | None = Field(None, description="Image file under content/, shown beside the name")
    contact: Contact | None = None
    colours: Colours = Colours()
    review_interval_months: int = Field(12, strict=True, ge=1, le=60)
    nav: tuple[str, ...] | None = Field(
        None, description="Top-level folder names in menu order; default: all, by weight"
    )
    accessibility_statement: str | None = Field(
        None, description="Content file of the accessibility statement, linked from the footer"
    )
    privacy_page: str | None = Field(
        None, description="Content file about personal data, linked from the footer"
    )
    forms_endpoint: Endpoint = Field(
        "/api/forms",
        description="Where forms are posted: a path on this site, or an https URL (its "
        "origin goes into the form pages' Content-Security-Policy)",
    )

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if "?" in value or "#" in value:
            raise ValueError(
                f"`{value}` has a ? or # part; give only the site's address, e.g. "
                "https://www.kommun.example"
            )
        return value.rstrip("/")

    @field_validator("forms_endpoint")
    @classmethod
    def _endpoint_path(cls, value: str) -> str:
        rest = value.split("://", 1)[-1]
        path = rest[rest.find("/") :] if "/" in rest else ""
        if not path.strip("/") or value.endswith("/") or "?" in value or "#" in value:
            raise ValueError(
                f"`{value}` must end with the endpoint's path, without a / at the end and "
                "without ? or #, e.g. /api/forms"
            )
        return value

    @property
    def base_path(self) -> str:
        """The path part of base_url, for sites served below the domain root ('' at the root)."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else ""


def load_config(
    text: str | None,
    path: Path,
    errors: ErrorList,
    base_url: str | None = None,
    *,
    refused: bool = False,
) -> tuple[SiteConfig | None, Mapping]:
    """Parse and check site.yml; also returns each key's line for later errors about it.

    ``refused``: the file is there but could not be read (already reported), so it is not
    also called missing.
    """
    if text is None and refused:
        return None, Mapping({}, {}, 1)
    if text is None:
        errors.add(
            path,
            1,
            "site.yml is missing; create it with at least `name`, `base_url` and `language`",
        )
        return None, Mapping({}, {}, 1)
    mapping = parse_mapping(text, path, 1, errors, what="site.yml")
    if mapping is None:
        return None, Mapping({}, {}, 1)
    check_values(mapping, path, errors)
    if base_url is not None:
        mapping.data["base_url"] = base_url
    config = validate(SiteConfig, mapping, path, errors, what="site.yml")
    if config is not None:
        colours = config.colours
        either = "choose a darker or lighter colour"
        for fg, bg, what, key, fix in (
            (colours.primary_text, colours.primary, "primary_text on primary", "primary", either),
            (colours.primary, "#ffffff", "primary (links) on white", "primary", either),
            (colours.text, "#ffffff", "text on white", "text", either),
            (
                FOCUS_TEXT,
                colours.focus,
                f"focused text ({FOCUS_TEXT}) on focus",
                "focus",
                "choose a lighter focus colour, such as the default #ffbf47",
            ),
        ):
            line = mapping.line_at(("colours", key))
            ratio = contrast_ratio(fg, bg)
            if ratio < 4.5:
                errors.add(
                    path,
                    line,
                    f"colours: {what} has contrast {ratio:.2f}:1, below the 4.5:1 WCAG AA "
                    f"needs; {fix}",
                )
        _check_focus_in_header(colours, mapping.line_at(("colours", "focus")), path, errors)
    return config, mapping


def _check_focus_in_header(colours: Colours, line: int, path: Path, errors: ErrorList) -> None:
    """A focused header link turns from primary to the focus colour, with a bar of the
    focused text colour below: one of the two must differ from primary by 3:1 (WCAG 2.4.7
    and the 3:1 of 1.4.11), or a keyboard user cannot see where focus is in the header."""
    change = contrast_ratio(colours.focus, colours.primary)
    bar = contrast_ratio(FOCUS_TEXT, colours.primary)
    if max(change, bar) < 3:
        errors.add(
            path,
            line,
            f"colours: a focused link in the header changes too little to be seen: focus on "
            f"primary has contrast {change:.2f}:1 and the {FOCUS_TEXT} bar below it {bar:.2f}:1, "
            "one of them must reach 3:1; choose a lighter focus colour, such as the default "
            "#ffbf47",
        )
