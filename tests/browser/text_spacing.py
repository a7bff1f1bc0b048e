"""WCAG 1.4.12 Text spacing on one page: the spacing a reader's own style sheet may set, and
what it must not break (no sideways scrolling, no text cut off or sticking out of its box).

The spacing goes in as a constructed style sheet (document.adoptedStyleSheets, through
page.evaluate): the site's Content-Security-Policy (style-src 'self') would refuse an inline
<style> such as Playwright's add_style_tag, but not this, so the page keeps its real policy
and the test needs no bypass_csp.
"""

from __future__ import annotations

from typing import Any

# The values of 1.4.12 (and of the W3C's text-spacing bookmarklet), on every element.
TEXT_SPACING_CSS = """
*, *::before, *::after {
  line-height: 1.5 !important;
  letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important;
}
p { margin-bottom: 2em !important; }
"""

APPLY_JS = """css => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const s = getComputedStyle(document.body);
  const size = parseFloat(s.fontSize);
  return {letter: parseFloat(s.letterSpacing) / size, line: parseFloat(s.lineHeight) / size};
}"""

# Elements whose content is cut off (overflow hidden or clip) or sticks out of their box
# (overflow visible): the innermost ones, named with the start of their text. Boxes of 1 px
# (visually hidden text) and boxes off the page (the skip link, the honeypot) are meant so.
CUT_OR_STICKING_OUT_JS = """() => {
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className.trim()
      ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const found = new Map();
  for (const e of document.body.querySelectorAll("*")) {
    if (e.clientWidth <= 1 || e.clientHeight <= 1) continue;
    const box = e.getBoundingClientRect();
    if (box.right <= 0 || box.bottom <= 0) continue;
    const s = getComputedStyle(e);
    const wide = e.scrollWidth - e.clientWidth, tall = e.scrollHeight - e.clientHeight;
    const problems = [];
    for (const [overflow, by, way] of [[s.overflowX, wide, "sideways"], [s.overflowY, tall, "at the bottom"]]) {
      if (by <= 1) continue;
      if (overflow === "hidden" || overflow === "clip") problems.push(`cuts off ${by} px ${way}`);
      else if (overflow === "visible") problems.push(`has content sticking out ${by} px ${way}`);
    }
    if (problems.length) found.set(e, problems);
  }
  const text = e => (e.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return [...found].filter(([e]) => ![...found.keys()].some(o => o !== e && e.contains(o)))
    .map(([e, problems]) => `${name(e)} ${JSON.stringify(text(e))} ${problems.join(", ")}`);
}"""

MIN_APPLIED = 0.119  # em: the spacing must really be in force, or the check proves nothing


def text_spacing_problems(page: Any) -> list[str]:
    """Apply 1.4.12 spacing to the page shown and say what it breaks ([] when nothing)."""
    applied = page.evaluate(APPLY_JS, TEXT_SPACING_CSS)
    if applied["letter"] < MIN_APPLIED or abs(applied["line"] - 1.5) > 0.01:
        return [f"the text spacing did not take hold: {applied}"]
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    problems = page.evaluate(CUT_OR_STICKING_OUT_JS)
    if scroll > inner:
        problems.insert(0, f"the page scrolls sideways: {scroll} px wide in a {inner} px viewport")
    return problems
