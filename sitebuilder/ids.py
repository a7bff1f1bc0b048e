"""Ids the theme puts on a page, so headings never reuse them and links may target them."""

from __future__ import annotations

from .forms.view import form_element_ids
from .model import LISTING_STEPS, Page, SiteIndex
from .statement_view import STATEMENT_IDS

# On every page (base layout, header, footer).
HEADER_SEARCH_ID = "sok-sidhuvud"  # the search box's input in the header
LAYOUT_IDS = frozenset(
    {"main", "top", "sidhuvud", "meny", "sidfot", "brodsmulor", "sidfot-kontakt", "sidfot-om"}
    | {HEADER_SEARCH_ID}
)
SERVICE_BOX_ID = "om-tjansten"
SECTION_PAGES_ID = "sidor-i-avsnittet"  # the heading over a section's list of pages
HOME_IDS = frozenset({"mest-sokt", "nyheter", "e-tjanster", "hitta"})
# A–Ö anchors: Å, Ä and Ö need ids of their own (slugify would fold them into a and o).
_LETTER_IDS = {"Å": "aa", "Ä": "ae", "Ö": "oe", "0–9": "siffror", "#": "ovrigt"}


def letter_id(letter: str) -> str:
    return "bokstav-" + _LETTER_IDS.get(letter, letter.lower())


def step_id(step: int) -> str:
    return f"steg-{step}"


def template_ids(page: Page, index: SiteIndex) -> frozenset[str]:
    ids = set(LAYOUT_IDS)
    if page.meta.type == "service":
        ids.add(SERVICE_BOX_ID)
    if page.kind == "home":
        ids |= HOME_IDS
    if page.kind == "section":
        ids.add(SECTION_PAGES_ID)
    if page.listing in LISTING_STEPS:
        ids |= {step_id(n) for n in LISTING_STEPS[page.listing]}
    if page.listing == "a_z":
        ids |= {letter_id(letter) for letter, _ in index.a_z}
    if index.statement is not None and page.url == index.footer.get("accessibility_statement"):
        ids |= set(STATEMENT_IDS.values())
    if page.meta.form and page.meta.form in index.forms.forms:
        ids |= form_element_ids(index.forms.forms[page.meta.form])
    return frozenset(ids)
