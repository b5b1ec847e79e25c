"""Evidence quotes: the sentence of a category's match, on one line, trimmed around it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.analysis.statements import is_statement

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.analysis.sentences import Hit, Prose, Sentence

# Evidence quotes are trimmed around the match to about this many characters.
QUOTE_CHARS = 300


def quoted(text: Prose, hits: Iterable[Hit]) -> dict[str, tuple[str, ...]]:
    """Category id -> the distinct quotes of its `hits` in `text` (`Taxonomy.mentions`), for
    the categories the text states (not those it only denies): statements first
    (`is_statement`), then denials, headings, labels and questions that name the topic, each
    group in text order (a category page quotes the first)."""
    hits = tuple(hits)
    quotes: dict[str, tuple[list[str], list[str]]] = {}
    for hit in hits:
        first, rest = quotes.setdefault(hit.category, ([], []))
        stated = not hit.denied and is_statement(text.blanked, hit.sentence)
        (first if stated else rest).append(quote(text, hit))
    stated_ids = {hit.category for hit in hits if not hit.denied}
    return {
        cid: tuple(dict.fromkeys(first + rest))
        for cid, (first, rest) in quotes.items()
        if cid in stated_ids
    }


def quote(text: Prose, hit: Hit, limit: int = QUOTE_CHARS) -> str:
    """The hit's sentence on one line, trimmed around its first match to about `limit` chars."""
    return quote_with_marks(text, hit, limit)[0]


def quote_with_marks(
    prose_text: Prose, hit: Hit, limit: int = QUOTE_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The quote of `quote()` and the matched spans as offsets in it (for highlighting)."""
    text = prose_text.blanked
    sentence = hit.sentence
    start, end = sentence.start, sentence.end
    first = hit.spans[0]
    if end - start > limit:
        # Keep the first match, with context on both sides, whole words only.
        half = max(0, (limit - (first[1] - first[0])) // 2)
        start = max(start, first[0] - half)
        end = min(end, max(first[1] + half, start + limit))
        while start > sentence.start and not text[start - 1].isspace():
            start += 1
        while end < sentence.end and not text[end].isspace():
            end -= 1
    return _flatten(text, start, end, sentence, hit.spans)


_CLOSING = frozenset(",.;:!?)")


def _flatten(
    text: str, start: int, end: int, sentence: Sentence, spans: tuple[tuple[int, int], ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text[start:end]` with runs of whitespace as one space, and spans mapped into it."""
    out: list[str] = []
    position: dict[int, int] = {}
    at = start
    length = 0
    region = text[start:end]
    for match in re.finditer(r"\S+|\s+", region):
        piece = match.group()
        # Blanked markup leaves spaces before punctuation ("**Advertisers**, who").
        before_punctuation = region[match.end() : match.end() + 1] in _CLOSING
        chunk = piece if not piece.isspace() else (" " if length and not before_punctuation else "")
        for k in range(len(piece)):
            position[at + match.start() + k] = length + min(k, len(chunk))
        out.append(chunk)
        length += len(chunk)
    body = "".join(out).rstrip()
    marks = tuple(
        (position[s], position.get(e, length) if e < end else len(body))
        for s, e in spans
        if start <= s and e <= end
    )
    prefix = "…" if start > sentence.start else ""
    suffix = "…" if end < sentence.end else ""
    shift = len(prefix)
    return (
        prefix + body + suffix,
        tuple((min(s, len(body)) + shift, min(e, len(body)) + shift) for s, e in marks),
    )
