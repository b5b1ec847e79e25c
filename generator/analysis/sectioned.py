"""A text read part by part, each part remembered while a document's history is walked.

The versions of a document share nearly all their paragraphs, yet each new version used to be
read whole: its markup blanked, its sentences cut, each sentence asked what it mentions, its
comparison key and word counts made — half of the analysis of a collection. None of the
patterns those steps use reaches across a blank line (a paragraph, a list item, a heading and a
table end there), but one: the items of a list are read with the line that leads them in ("You
may not:"), which may stand above a blank line. So a text is read in parts between blank lines,
a part that ends with a colon joined to the part after it, and what the steps find in the text
is what they find in its parts, moved to where each part starts. Each part is read once, and a
new version costs only its new parts (tests/analysis/test_sectioned.py compares both readings).

A blank line may hold spaces: the items of a nested list are often apart by indented empty
lines. Cut only at empty ones, the nested list of one document of the contrib collection (a
list of data providers, 130 KB) was one part, read again whole for each of its 262 versions:
a sixth of the characters the whole collection's analysis read in new parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.analysis.labels import Scan, scan
from generator.analysis.metrics import Tally, metrics, tally
from generator.analysis.normalise import comparison_key
from generator.analysis.sentences import Hit, Prose, Sentence
from generator.analysis.statements import ends_with_colon

if TYPE_CHECKING:
    from generator.analysis.changes import TextMetrics
    from generator.analysis.taxonomy import SentenceCache, Taxonomy

_BREAK_RE = re.compile(r"(\n[ \t]*\n)")
"""A blank line, spaces and tabs allowed on it (kept by `split`: the parts' text between)."""


@dataclass(frozen=True)
class Reading:
    """What the analysis reads in one text."""

    scan: Scan
    key: str  # normalise.comparison_key
    metrics: TextMetrics


@dataclass(frozen=True)
class _Part:
    scan: Scan  # of the part alone: offsets from its start
    key: str
    tally: Tally


@dataclass
class Parts:
    """Texts read part by part; the parts are kept until `forget` (a document's are enough)."""

    taxonomy: Taxonomy
    sentences: SentenceCache = field(default_factory=dict)
    _known: dict[str, _Part] = field(default_factory=dict)

    def __len__(self) -> int:
        """How many parts are kept."""
        return len(self._known)

    def forget(self) -> None:
        self._known.clear()

    def read(self, text: str) -> Reading:
        if "\r" in text:  # the comparison key makes a break of it: a text read whole
            whole = self._part(text)
            return Reading(whole.scan, whole.key, metrics(whole.tally))
        pieces = _with_lead_ins(_BREAK_RE.split(text))
        blanked: list[str] = []
        sentences: list[Sentence] = []
        hits: dict[str, list[Hit]] = {}
        named: set[str] = set()
        keys: list[str] = []
        counts = Tally()
        at = 0
        for piece, after in pieces:
            part = self._known.get(piece) or self._part(piece)
            blanked += (part.scan.prose.blanked, after)
            sentences += (_shifted(s, at) for s in part.scan.prose.sentences)
            for hit in part.scan.hits:
                hits.setdefault(hit.category, []).append(_moved(hit, at))
            named |= part.scan.named
            if part.key:
                keys.append(part.key)
            counts += part.tally
            at += len(piece) + len(after)
        prose = Prose(text, "".join(blanked), tuple(sentences))
        in_order = [hit for c in self.taxonomy.ids if c in hits for hit in hits[c]]
        found = Scan(prose, tuple(in_order), frozenset(named))
        return Reading(found, " ".join(keys), metrics(counts))

    def _part(self, piece: str) -> _Part:
        found = scan(self.taxonomy, piece, self.sentences)
        part = _Part(found, comparison_key(piece), tally(found.prose))
        self._known[piece] = part
        return part


def _with_lead_ins(split: list[str]) -> list[tuple[str, str]]:
    """The parts of a text (`split`: its pieces and the blank lines between), each with the
    blank line after it: a part that ends with a colon is joined to the one after it (a list's
    lead-in and its items, statements.is_statement)."""
    parts: list[tuple[str, str]] = []
    for piece, after in zip(split[::2], [*split[1::2], ""], strict=True):
        if parts and ends_with_colon(parts[-1][0]):
            parts[-1] = (f"{parts[-1][0]}{parts[-1][1]}{piece}", after)
        else:
            parts.append((piece, after))
    return parts


def _shifted(sentence: Sentence, by: int) -> Sentence:
    return Sentence(sentence.start + by, sentence.end + by) if by else sentence


def _moved(hit: Hit, by: int) -> Hit:
    if not by:
        return hit
    spans = tuple((a + by, b + by) for a, b in hit.spans)
    return Hit(hit.category, _shifted(hit.sentence, by), spans, hit.denied)
