"""Where a link of snapshot text ends, found within a bound and quickly.

Python-Markdown looks for a link's closing bracket and parenthesis to the end of the
paragraph, for every `[`: quadratic, minutes on 60 KB of `[a ` (a hostile snapshot would stall
the build). Here a link's text and target must end within LINK_SCAN characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import Match
from typing import Any

import markdown

LINK_PATTERNS = (
    "link",
    "image_link",
    "reference",
    "image_reference",
    "short_reference",
    "short_image_ref",
)
LINK_SCAN = 1000  # characters after `[` within which a link must close
_BRACKET_RE = re.compile(r"[\[\]]")


def _bounded(handle: Callable[[Match[str], str], Any]) -> Callable[[Match[str], str], Any]:
    """A link processor's handleMatch that only looks LINK_SCAN characters ahead."""

    def handle_match(m: Match[str], data: str) -> Any:
        return handle(m, data[: m.end(0) + LINK_SCAN])

    return handle_match


def link_text(data: str, index: int) -> tuple[str, int, bool]:
    """A link processor's getText: the text from `index` to the `]` closing the bracket before
    it, nested brackets counted, as Python-Markdown finds it, but found from `index` on by a
    regular expression. (Python-Markdown 3.11 works out every bracket's end in `data`, a
    character at a time, and keeps it only for the same string: `_bounded` gives it a new one
    for every link.)"""
    depth = 0
    for bracket in _BRACKET_RE.finditer(data, index):
        if bracket.group() == "[":
            depth += 1
        elif depth:
            depth -= 1
        else:
            return data[index : bracket.start()], bracket.end(), True
    return data[index:], len(data), False


def bound_links(md: markdown.Markdown) -> None:
    """Bound the scans of every link processor of `md` (see the module's docstring)."""
    for name in LINK_PATTERNS:
        processor = md.inlinePatterns[name]
        processor.handleMatch = _bounded(processor.handleMatch)
        processor.getText = link_text
