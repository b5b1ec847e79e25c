"""Sentences of a Markdown policy text, as offsets into it, with Markdown syntax blanked out.

Labels are matched per sentence and quoted as evidence, so a sentence must be what a reader
calls one: a paragraph cut at full stops, a list item, a heading, a table row. Markup is
replaced by spaces of the same length rather than removed, so every offset found in the
blanked text is an offset in the original (needed to tell whether a match lies in changed text).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


@dataclass(frozen=True)
class Sentence:
    """`text[start:end]` of the text it was cut from: no leading or trailing whitespace."""

    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """A sentence that mentions a category (`taxonomy`), with the matched spans (offsets in the
    text)."""

    category: str
    sentence: Sentence
    spans: tuple[tuple[int, int], ...]
    denied: bool = False  # the sentence says the practice does not happen (`denials`)


def overlapping(
    sentences: Sequence[Sentence], starts: Sequence[int], spans: Iterable[tuple[int, int]]
) -> list[Sentence]:
    """The sentences (in text order, `starts` their starts) that overlap any span; a span of
    no length (where something was deleted or inserted) takes the sentence that holds it."""
    out: dict[int, None] = {}
    for start, end in spans:
        at = max(0, bisect.bisect_right(starts, start) - 1)
        while at < len(sentences) and sentences[at].start <= end:
            sentence = sentences[at]
            if start == end:
                inside = sentence.start <= start <= sentence.end
            else:
                inside = sentence.start < end and start < sentence.end
            if inside:
                out[at] = None
            at += 1
    return [sentences[i] for i in sorted(out)]


# Markdown that carries no words: link targets, URLs, tags, emphasis and code marks, escapes,
# brackets, table pipes, and block prefixes at line starts.
# The lookahead lists every character a match can start with (a `^` branch starts with its
# block prefix when the line is not indented): the scan then passes over most characters
# without trying each branch at them, which halves its time.
_MARKUP_RE = re.compile(
    r"(?=[\]\[<hw!|*`~\\_ \t>+\-\d#=:])(?:"
    r"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*\)"
    r"|\]\[[^\[\]\n]*\]"
    r"|<(?:https?|mailto|ftp):[^\s<>]*>|(?:https?://|www\.)[^\s<>()\[\]]*"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:[ \t/][^<>\n]*)?>"
    r"|!\[|[\[\]|*`~\\]|(?<![^\W_])_+|_+(?![^\W_])"
    r"|^[ \t]*(?:>[ \t]?)*(?:[+-]|\d{1,9}[.)])(?=[ \t])"
    r"|^[ \t]*\#{1,6}(?=[ \t]|$)|[ \t]+\#+[ \t]*$"
    r"|^[ \t]*[=:-]{3,}[ \t:|=-]*$)",
    re.MULTILINE,
)
# A line that starts a block of its own: list item, heading, quote, table row, rule.
_BLOCK_START_RE = re.compile(
    r"[ \t]*(?:(?:>[ \t]?)*(?:[*+-]|\d{1,9}[.)])[ \t]|\#{1,6}(?:[ \t]|$)|>|\||(?:[*_-][ \t]*){3,}$)"
)
_ONE_LINE_BLOCK_RE = re.compile(r"[ \t]*(?:\#{1,6}(?:[ \t]|$)|\|)")
# The end of a sentence: terminal punctuation, closing quotes or brackets, then a space and
# something that can start a sentence; or a full stop with no space between a word and a
# capitalised one ("…including ad frequency capping.The app does not…"), as captures that
# lost the break between two paragraphs write it.
# (Both alternatives start with the punctuation: a scan for it passes over the rest.)
_END_RE = re.compile(
    r"[.!?](?:[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])"
    r"|(?<=[a-z\u00df-\u00ff]{2}[.!?])(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]))"
)
# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\S+",
        "e.g i.e etc inc ltd llc co corp no nos vs mr mrs ms dr st art sec para ss u.s u.k e.u "
        "jan feb mar apr jun jul aug sep sept oct nov dec approx fig cf al",
    )
)
_LAST_WORD_RE = re.compile(r"([\w.]+)\.?$")
_LETTER_RE = re.compile(r"[^\W\d_]")


# A sentence that is nothing but one link (and separators): a menu or footer entry, or a
# "Learn more" pointer. It names a page; it says nothing about a practice.
_LINK_ONLY_RE = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])?[\W_]*\[[^\[\]\n]*\]\([^()\n]*\)[\W_]*")


def is_link_only(text: str, sentence: Sentence) -> bool:
    """Whether the sentence is a lone link, such as `[Cookies](https://…) ·` in a footer or
    `* [Cookies](https://…)` in a list of links (where the sentence ends before the `](`)."""
    line_end = text.find("\n", sentence.end)
    line_end = len(text) if line_end < 0 else line_end
    if "](" not in text[sentence.start : line_end]:
        return False
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return any(
        _LINK_ONLY_RE.fullmatch(text, line_start, end) is not None
        for end in dict.fromkeys((sentence.end, line_end))
    )


def blank_markup(text: str) -> str:
    """`text` with Markdown syntax, link targets and URLs replaced by spaces (same length)."""
    return _MARKUP_RE.sub(lambda m: " " * len(m.group()), text)


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block: paragraphs, list items, headings, table rows."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    one_line = False
    at = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            if start is not None:
                blocks.append((start, at))
                start = None
        elif start is None:
            start = at
            one_line = bool(_ONE_LINE_BLOCK_RE.match(line))
        elif one_line or _BLOCK_START_RE.match(line):
            blocks.append((start, at))
            start = at
            one_line = bool(_ONE_LINE_BLOCK_RE.match(line))
        at += len(line)
    if start is not None:
        blocks.append((start, at))
    return blocks


def _ends_abbreviation(blanked: str, start: int, stop: int) -> bool:
    word = _LAST_WORD_RE.search(blanked, max(start, stop - 12), stop + 1)
    return word is not None and word.group(1).lower().rstrip(".") in _ABBREVIATIONS


@dataclass(frozen=True)
class Prose:
    """A text ready for matching: its markup blanked out, and its sentences."""

    text: str
    blanked: str
    sentences: tuple[Sentence, ...]


def prose(text: str) -> Prose:
    """`text` with markup blanked and cut into sentences."""
    blanked = blank_markup(text)
    return Prose(text, blanked, tuple(sentences(text, blanked)))


def sentences(text: str, blanked: str | None = None) -> list[Sentence]:
    """The sentences of `text`, in order; `blanked` is `blank_markup(text)` if already known."""
    if blanked is None:
        blanked = blank_markup(text)
    out: list[Sentence] = []
    for block_start, block_end in _blocks(text):
        cut = block_start
        for end in _END_RE.finditer(blanked, block_start, block_end):
            if end.group()[0] == "." and _ends_abbreviation(blanked, cut, end.start()):
                continue
            _add(out, blanked, cut, end.end())
            cut = end.end()
        _add(out, blanked, cut, block_end)
    return out


def _add(out: list[Sentence], blanked: str, start: int, end: int) -> None:
    """A sentence of `blanked[start:end]` without surrounding whitespace, if it has letters."""
    piece = blanked[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if _LETTER_RE.search(piece):
        out.append(Sentence(start + lead, end - trail))
