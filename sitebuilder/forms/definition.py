"""The typed schema of a form definition, with one line of documentation per key."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..schema import EMAIL_PATTERN, LANG_PATTERN
from ..urls import SiteLink
from .patterns import PATTERN_TYPES, pattern_problem

FieldType = Literal[
    "text", "textarea", "email", "tel", "number", "date", "select", "radio", "checkboxes", "consent"
]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]
CHOICE_TYPES = frozenset({"select", "radio", "checkboxes"})
# Fields of these kinds identify a person, so their form must carry a privacy notice. Free
# text counts too: residents write their names, addresses and circumstances into it, so it
# is personal data unless the editor says `personal: false`.
PERSONAL_TYPES = frozenset({"email", "tel", "text", "textarea"})
PERSONAL_AUTOCOMPLETE = frozenset(
    {
        "name",
        "given-name",
        "family-name",
        "email",
        "tel",
        "street-address",
        "postal-code",
        "address-line1",
        "address-level2",
        "bday",
    }
)
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
CONSENT_VALUE = "ja"  # what a ticked consent box posts


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """`show_if` / `required_if`: true when an earlier choice question has one of these answers."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    field: str = Field(pattern=NAME_PATTERN, description="Name of an earlier choice question")
    is_: Any = Field(
        alias="is", description="The answer, e.g. `is: Telefon`, or a list: `is: [Telefon, SMS]`"
    )

    @model_validator(mode="before")
    @classmethod
    def _two_keys(cls, data: Any) -> Any:
        """Our own messages for the shape: `is` is no Python name, so pydantic's would say `is_`."""
        example = "e.g. `show_if: {field: kontaktsatt, is: Telefon}`"
        if not isinstance(data, dict):
            raise ValueError(f"a condition names a question and its answer, {example}")
        for key in data:
            if key not in ("field", "is"):
                close = difflib.get_close_matches(str(key), ["field", "is"], n=1, cutoff=0.5)
                fix = f"did you mean `{close[0]}`?" if close else "a condition has `field` and `is`"
                raise ValueError(f"unknown key `{key}`; {fix} ({example})")
        missing = [key for key in ("field", "is") if key not in data]
        if missing:
            raise ValueError(f"`{missing[0]}` is missing; a condition has both, {example}")
        return data

    @field_validator("is_")
    @classmethod
    def _answers(cls, value: Any) -> str | bool | tuple[str, ...]:
        if isinstance(value, bool):
            return value  # a consent box: `is: true`; checked against the field in the rules
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            if len(set(value)) != len(value):
                raise ValueError("the list names the same answer twice")
            return tuple(value)
        raise ValueError(
            "`is` is the answer that makes the condition true: one option of that question, "
            "e.g. `is: Telefon`, or a list of options, e.g. `is: [Telefon, E-post]` "
            '(write an option that looks like a number or yes/no in quotes: `is: "1"`)'
        )

    @property
    def values(self) -> tuple[str, ...]:
        """The posted values that make it true (a consent box posts CONSENT_VALUE)."""
        if isinstance(self.is_, bool):  # the build allows only `is: true`, on a consent box
            return (CONSENT_VALUE,) if self.is_ else ()
        return (self.is_,) if isinstance(self.is_, str) else tuple(self.is_)


class FormField(_Strict):
    """One question."""

    name: str = Field(pattern=NAME_PATTERN, description="Key in the post and the email")
    type: FieldType = Field(
        description="text, textarea, email, tel, number, date, select, radio, checkboxes or consent"
    )
    label: str = Field(min_length=1, description="The question, as the resident reads it")
    hint: str | None = Field(None, description="Help text below the label")
    required: bool = False
    maxlength: int | None = Field(None, ge=1, le=20000)
    min: float | dt.date | None = Field(None, description="Smallest number or earliest date")
    max: float | dt.date | None = Field(None, description="Largest number or latest date")
    pattern: str | None = Field(
        None, description="Regular expression (RE2 syntax) the whole answer must match"
    )
    pattern_error: str | None = Field(None, description="Error shown when pattern does not match")
    options: tuple[str, ...] | None = Field(
        None, description="Choices for select, radio, checkboxes"
    )
    route: dict[str, str] | None = Field(None, description="Option -> recipient address")
    autocomplete: str | None = Field(None, pattern=r"^[a-z0-9 -]+$")
    reply_to: bool = Field(False, description="This email answer becomes the email's Reply-To")
    personal: bool | None = Field(None, description="Collects personal data (default: guessed)")
    show_if: Condition | None = Field(
        None, description="Asked only when an earlier answer is this; `required` then applies"
    )
    required_if: Condition | None = Field(
        None, description="Always asked, but required only when an earlier answer is this"
    )

    @field_validator("pattern")
    @classmethod
    def _linear_time(cls, pattern: str | None) -> str | None:
        problem = pattern_problem(pattern) if pattern is not None else None
        if problem:
            raise ValueError(problem)
        return pattern

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(c for c in (self.show_if, self.required_if) if c is not None)

    @property
    def collects_personal_data(self) -> bool:
        if self.personal is not None:
            return self.personal
        return self.type in PERSONAL_TYPES or (self.autocomplete or "") in PERSONAL_AUTOCOMPLETE

    @model_validator(mode="after")
    def _consistent(self) -> FormField:
        if self.type in CHOICE_TYPES and not self.options:
            raise ValueError(f"a `{self.type}` field needs `options`, a list of choices")
        if self.type not in CHOICE_TYPES and self.options:
            raise ValueError("`options` is only for select, radio and checkboxes")
        if self.options and len(set(self.options)) != len(self.options):
            raise ValueError("`options` lists the same choice twice")
        if self.route:
            if self.type not in ("select", "radio"):
                raise ValueError("`route` is only for select and radio fields")
            unknown = [k for k in self.route if k not in (self.options or ())]
            if unknown:
                raise ValueError(f"`route` names {unknown[0]!r}, which is not one of the options")
            bad = [v for v in self.route.values() if not re.match(EMAIL_PATTERN, v)]
            if bad:
                raise ValueError(f"`route` address {bad[0]!r} is not an email address")
        if self.autocomplete == "street-address" and self.type != "textarea":
            raise ValueError(
                "`autocomplete: street-address` needs several lines: use `type: textarea`, "
                "or `autocomplete: address-line1` for a one-line street address"
            )
        if self.reply_to and self.type != "email":
            raise ValueError("`reply_to` is only for an `email` field")
        if self.pattern is not None:
            if self.type not in PATTERN_TYPES:
                raise ValueError(
                    "`pattern` is only for text, textarea, email, tel and number fields"
                )
            if not self.pattern_error:
                raise ValueError(
                    "a field with `pattern` needs `pattern_error`, the message to show"
                )
        if (self.min is not None or self.max is not None) and self.type not in ("number", "date"):
            raise ValueError("`min` and `max` are only for number and date fields")
        for bound in (self.min, self.max):
            if self.type == "date" and bound is not None and not isinstance(bound, dt.date):
                raise ValueError("`min` and `max` of a date field are dates, written YYYY-MM-DD")
            if self.type == "number" and isinstance(bound, dt.date):
                raise ValueError("`min` and `max` of a number field are numbers")
        if self.maxlength is not None and self.type not in ("text", "textarea", "email", "tel"):
            raise ValueError("`maxlength` is only for text, textarea, email and tel fields")
        if self.show_if is not None and self.required_if is not None:
            raise ValueError(
                "a field has `show_if` (asked only then; add `required: true` to make it "
                "required then) or `required_if` (always asked), not both"
            )
        if self.required_if is not None and self.required:
            raise ValueError(
                "`required: true` makes the field always required, `required_if` only when "
                "the condition holds; keep one of them"
            )
        return self


class Privacy(_Strict):
    """What the resident must be told before sending personal data (GDPR art. 13)."""

    purpose: str = Field(min_length=1, description="Why we collect it")
    legal_basis: str = Field(min_length=1, description="Rättslig grund, e.g. allmänt intresse")
    recipients: str = Field(min_length=1, description="Who sees it")
    retention: str = Field(min_length=1, description="How long it is kept")
    protected_identity: str = Field(
        min_length=1, description="Warning for people with skyddade personuppgifter"
    )
    more: SiteLink | None = Field(
        None, description="Link to the full personal data page: https://... or a path on this site"
    )


class FormDefinition(_Strict):
    """A whole form."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Same as the file name")
    title: str = Field(min_length=1)
    intro: str | None = Field(None, description="Shown above the questions")
    recipient: str = Field(pattern=EMAIL_PATTERN, description="Department inbox; never published")
    subject: str = Field(min_length=1, description="Email subject; may use {field_name}")
    opens: dt.date | None = None
    closes: dt.date | None = Field(None, description="Last day answers are accepted")
    success: str = Field(min_length=1, description="What happens next, shown on the receipt")
    privacy: Privacy | None = None
    lang: str | None = Field(None, pattern=LANG_PATTERN)
    submit: str | None = Field(None, description="Text of the send button")
    repeat_window: bool = Field(
        True,
        description="Identical answers from one address and browser soon after are one case; "
        "false for surveys, where many people answer alike from one school or library",
    )
    fields: tuple[FormField, ...] = Field(min_length=1)

    @property
    def collects_personal_data(self) -> bool:
        return any(f.collects_personal_data for f in self.fields)

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def is_open(self, today: dt.date) -> bool:
        return (self.opens is None or today >= self.opens) and (
            self.closes is None or today <= self.closes
        )
