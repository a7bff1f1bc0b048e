"""Helpers for the browser tests: running axe and saying exactly what failed."""

from __future__ import annotations

from typing import Any

# WCAG 2.0 and 2.1, A and AA, plus axe's best practices (landmarks, heading order, ...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now."""
    page.evaluate(axe_source)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe(where: str, violations: list[dict[str, Any]]) -> str:
    """One line per problem: page, rule, impact and the element (its selector and HTML)."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}): {target}: {node['html'][:160]}"
                f" | {violation['help']}"
            )
    return "\n".join(lines)
