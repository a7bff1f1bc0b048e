"""Spam signals that need no third party and never block the no-JavaScript path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signals:
    honeypot: str  # the hidden field people never see
    seconds: str | None  # set by the optional script; absent without JavaScript
    links: int  # links in free text


def verdict(signals: Signals, *, min_seconds: float, max_links: int) -> str | None:
    """Why a post looks like spam, or None. Suspects are quarantined, never dropped."""
    if signals.honeypot.strip():
        return "honeypot filled in"
    # An empty value counts as absent: a browser may send the field with the script's
    # value missing, and the absence of the signal is never held against anyone.
    if signals.seconds is not None and signals.seconds.strip():
        try:
            seconds = float(signals.seconds)
        except ValueError:
            return "timing signal malformed"
        if seconds < min_seconds:
            return f"sent {seconds:.0f} s after the page opened"
    if signals.links > max_links:
        return f"{signals.links} links in the text"
    return None
