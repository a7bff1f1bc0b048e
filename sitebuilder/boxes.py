"""The opening markup of an info or warning box (``::: info`` in Markdown).

Kept out of the Markdown renderer so the theme's rules for boxes live in one small place:
a box says what kind it is in words, not only in colour (a visually hidden "Information:"
or "Varning:" before its title, which every screen reader reads in order, unlike
``role="note"``, which several do not announce), and a title from the theme's strings
carries its language when the page is in another.
"""

from __future__ import annotations

from markupsafe import escape

from .strings import LANG_KEY, lang_attr


def box_open(kind: str, title: str | None, labels: dict[str, str], page_lang: str) -> str:
    """``<div class="box box--info">`` and its title line; the caller closes the div.

    ``title`` is the editor's (in the page's language), or None for the theme's default.
    """
    marked = lang_attr(labels.get(LANG_KEY), page_lang)
    attr = f' lang="{escape(marked)}"' if marked else ""
    kind_label = labels[f"box_label.{kind}"]
    if title is None:
        shown = labels[f"box.{kind}"]
        title_html = f"<span{attr}>{escape(shown)}</span>" if attr else str(escape(shown))
    else:
        shown, title_html = title, str(escape(title))
    prefix = ""
    if shown.strip().casefold() != kind_label.casefold():  # never "Information: Information"
        prefix = f'<span class="visually-hidden"{attr}>{escape(kind_label)}: </span>'
    return (
        f'<div class="box box--{kind}">\n'
        f'<p class="box__title"><strong>{prefix}{title_html}</strong></p>\n'
    )
