"""Swedish phone numbers as `tel:` links: in site.yml's and a service's contact details, and
in running text, so that a resident on a phone can call by tapping the number.

The rule for running text (documented in the README, "Phone numbers"): a number is linked
when it is written as Swedish numbers are, with its area code and at least one space or
hyphen, and has as many digits as a Swedish number has:

- national: `0` and the area code (1-3 more digits), then `-` (or `–`) or a space, then
  groups of digits separated by single spaces: `08-465 004 00`, `0123-45 67 89`,
  `070-123 45 67`, `0123-456789`; 8 to 10 digits in all;
- international: `+46`, the area code without its 0 (`(0)` may stand before it), then the
  same groups: `+46 8 465 004 00`, `+46 123 45 67 89`; 7 to 9 digits after the 46.

Anything else is left as text: numbers without an area code (`112`, `1177`), digits with no
separator (`0846500400`, a reference or an amount), postcodes (`000 00`), dates, personal
identity numbers (`010101-1234`: six digits before the hyphen), and numbers that run on into
more digits or letters. The link goes to the number in international form
(`tel:+46846500400`), which works from a Swedish phone and from abroad.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Groups after the area code: the first may follow a hyphen and be long (0123-456789); the
# rest follow single spaces. The lookarounds keep a number from starting or ending inside a
# longer run of digits, letters or hyphens.
_NUMBER = re.compile(
    r"(?<![\w+\-–.,/])"
    r"(?:(?P<intl>\+46[ ]?(?:\(0\)[ ]?)?[1-9]\d{0,2})|(?P<national>0[1-9]\d{0,2}))"
    r"(?:[-–]\d{2,8}|[ ]\d{2,4})(?:[ ]\d{2,4}){0,3}"
    r"(?![\w\-–/]|[ ]\d|[.,]\d)"
)
_NATIONAL_DIGITS = range(8, 11)  # with the leading 0
_INTERNATIONAL_DIGITS = range(7, 10)  # after +46


def tel_href(number: str) -> str | None:
    """`tel:` address of a phone number as an editor wrote it, in international form.

    `08-465 004 00` -> `tel:+46846500400`; `+46 8 465 004 00` the same; `00 45 12 34 56 78`
    (a foreign number) -> `tel:+4512345678`. None when there are no digits at all.
    """
    text = number.replace("(0)", "")
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return None
    if text.lstrip().startswith("+"):
        return "tel:+" + digits
    if digits.startswith("00"):
        return "tel:+" + digits[2:]
    if digits.startswith("0"):
        return "tel:+46" + digits[1:]
    return "tel:" + digits  # a short number such as 112 or 1177: dialled as it is


def _is_number(match: re.Match[str]) -> bool:
    digits = sum(ch.isdigit() for ch in match.group().replace("(0)", ""))
    if match.group("intl") is not None:
        return digits - 2 in _INTERNATIONAL_DIGITS
    return digits in _NATIONAL_DIGITS


def link_phones(html_text: str) -> str:
    """Text (already escaped for HTML) with each Swedish phone number in it made a `tel:`
    link. Call it only on running text: never inside code, a link or a heading."""
    if "0" not in html_text and "+46" not in html_text:
        return html_text  # most text: no number can start here
    parts: list[str] = []
    end = 0
    for match in _NUMBER.finditer(html_text):
        if not _is_number(match):
            continue
        parts.append(html_text[end : match.start()])
        parts.append(f'<a href="{tel_href(match.group())}">{match.group()}</a>')
        end = match.end()
    if not parts:
        return html_text
    parts.append(html_text[end:])
    return "".join(parts)


def phone_numbers(text: str) -> list[str]:
    """The numbers `link_phones` would link in ``text``, as written (for tests and tools)."""
    return [m.group() for m in _NUMBER.finditer(text) if _is_number(m)]


def with_phone_links(text: str) -> Markup | None:
    """An editor's plain sentence (a service's alternatives, a form's privacy text) as HTML
    with its phone numbers linked; None when it has none, so the text is shown as it is."""
    html = link_phones(str(escape(text)))
    return Markup(html) if html != escape(text) else None
