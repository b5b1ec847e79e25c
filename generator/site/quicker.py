"""Python-Markdown spared the searches that cannot succeed: the same HTML, sooner.

Snapshot text is the largest thing a build renders (every full text, every diff). Profiled on
the collection's texts, a third of the snapshot engine's time went to regular expressions
searching where they could not match. The engine tries each inline pattern on each piece of
text from where it last stopped; four of its thirteen patterns begin with a lookbehind (links'
`(?<!\\!)\\[`, code spans), where Python's `re` tests every position in turn instead of jumping
to a candidate, and the others too are searched where none can match. Some block tests search or
split a whole block for a sign that a glance would rule out.

Every match of an inline pattern starts with one of a few characters (a link with `[`, code
with a backtick or the backslashes before one), so the search here starts at the first of them
(`str.find`, which skips ahead) or is not run when there is none. Every block a test accepts
holds a character (a heading `#`, a quote `>`, a table `|`...), checked first. A lookbehind
still sees the text before where a search starts, so each match is the one the engine would
have found: the HTML is the same byte for byte (`tests/site/test_quicker.py` holds every
pattern's matches and every test's blocks to these conditions, and renders texts both ways).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markdown.inlinepatterns import InlineProcessor

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from re import Match, Pattern

    import markdown

INLINE_STARTS = {
    "backtick": "`\\",
    "escape": "\\",
    "reference": "[",
    "link": "[",
    "short_reference": "[",
    "image_link": "!",
    "image_reference": "!",
    "short_image_ref": "!",
    "autolink": "<",
    "pw_line_break": "<",
    "linebreak": " ",
    "entity": "&",
    "em_strong": "*_",
    "em_strong2": "_",  # emphasis in older releases of Python-Markdown
    "not_strong": "*_",
}
"""Inline patterns (by the name Python-Markdown registers them under): the characters each of
their matches starts with. A pattern not named here is searched as before."""


def _hr_marks(block: str) -> bool:
    return block.count("-") >= 3 or block.count("_") >= 3 or block.count("*") >= 3


def _setext_underline(block: str) -> bool:
    line_end = block.find("\n")
    return line_end >= 0 and block.startswith(("=", "-"), line_end + 1)


BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
    "hashheader": lambda block: "#" in block,
    "quote": lambda block: ">" in block,
    "table": lambda block: "|" in block,
    "hr": _hr_marks,  # three of one of -, _ and *
    "setextheader": _setext_underline,  # the second line starts with = or -
}
"""Block processors: what a block must hold for the processor's test to accept it."""


class _SearchFromStart:
    """A compiled pattern whose search begins at the first character a match can start with."""

    __slots__ = ("_pattern", "_starts")

    def __init__(self, pattern: Pattern[str], starts: str) -> None:
        self._pattern = pattern
        self._starts = starts

    def finditer(self, string: str, pos: int = 0) -> Iterator[Match[str]]:
        first = -1
        for character in self._starts:
            found = string.find(character, pos)
            if found >= 0 and (first < 0 or found < first):
                first = found
        return iter(()) if first < 0 else self._pattern.finditer(string, first)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


def _tested_if(
    needs: Callable[[str], bool], test: Callable[[Any, str], bool]
) -> Callable[[Any, str], bool]:
    def quick_test(parent: Any, block: str) -> bool:
        return needs(block) and test(parent, block)

    return quick_test


def quicken(md: markdown.Markdown) -> markdown.Markdown:
    """`md`, once every extension is registered, made to skip searches that cannot match."""
    for name, starts in INLINE_STARTS.items():
        if name in md.inlinePatterns:
            processor = md.inlinePatterns[name]
            if isinstance(processor, InlineProcessor):  # the old kind matches from the start
                processor.compiled_re = _SearchFromStart(processor.compiled_re, starts)
    blocks = md.parser.blockprocessors
    for name, needs in BLOCK_NEEDS.items():
        if name in blocks:
            blocks[name].test = _tested_if(needs, blocks[name].test)
    return md
