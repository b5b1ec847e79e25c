"""What the analysis says about each change: the values pages, feeds and the export show.

The classes have slots: a whole collection's analysis holds some 40,000 changes and twice as
many metrics, and an attribute dictionary would weigh more than each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    FIRST = "first"
    REVERTED = "reverted"
    TECHNICAL = "technical"
    FORMATTING = "formatting"
    EDITORIAL = "editorial"
    SUBSTANTIVE = "substantive"

    @property
    def is_noise(self) -> bool:
        """Kinds collapsed by default: nothing the platform meant to say changed."""
        return self in NOISE_KINDS


NOISE_KINDS = frozenset({Kind.FORMATTING, Kind.TECHNICAL, Kind.REVERTED})


class Noise(StrEnum):
    """Why a change is noise: each reason belongs to one noise kind, and the change page says
    it in a sentence (generator/site/card.py)."""

    MARKED_TECHNICAL = "marked-technical"  # technical: the snapshot says only extraction changed
    FAILED_CAPTURE = "failed-capture"  # technical: near-empty, or another language
    FURNITURE = "furniture"  # technical: only a part of the page that changes at every capture
    BLINK = "blink"  # reverted: back to an earlier text
    SAME_TEXT = "same-text"  # formatting: equal after normalisation
    LINKS = "links"  # formatting: only link targets or image sources differ
    NO_WORDS = "no-words"  # formatting: the same words, in the same order

    @property
    def kind(self) -> Kind:
        return _NOISE_KIND[self]


_NOISE_KIND = {
    Noise.MARKED_TECHNICAL: Kind.TECHNICAL,
    Noise.FAILED_CAPTURE: Kind.TECHNICAL,
    Noise.FURNITURE: Kind.TECHNICAL,
    Noise.BLINK: Kind.REVERTED,
    Noise.SAME_TEXT: Kind.FORMATTING,
    Noise.LINKS: Kind.FORMATTING,
    Noise.NO_WORDS: Kind.FORMATTING,
}


@dataclass(frozen=True, slots=True)
class TextMetrics:
    """Reading burden of one version."""

    words: int
    reading_minutes: float  # at 250 words per minute
    flesch_reading_ease: float | None = None
    flesch_kincaid_grade: float | None = None
    english: float = 0.0  # share of common English words: tells a capture in another language


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence quoted as evidence for a category, with the words that signal it."""

    text: str
    marks: tuple[tuple[int, int], ...]  # (start, end) offsets in `text` of the matched words
    side: str  # "new": from the newer version; "old": from the older one


@dataclass(frozen=True, slots=True)
class Flip:
    """A negation or modal shift next to a category's words ("will not sell" -> "may sell")."""

    category: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the document a change touches: its heading path and the words changed in it."""

    path: tuple[str, ...]  # heading names, outermost first; () for text under no heading
    words_added: int
    words_removed: int
    # Index in the shown diff's blocks of the section's first changed block: the anchor the
    # diff's HTML carries for it. None when the section is not in the shown diff (see walk.py).
    block: int | None = None
    headed: bool = True  # whether the document has headings (names the text under none)
    # "new": the section appeared; "gone": it was removed; "times": only relative times
    # changed in it ("3 days ago" -> "4 days ago": a live list on the page); "edit".
    change: str = "edit"
    furniture: bool = False  # a part of the page around the policy ("Related articles")
    size: int = 0  # words of the section, the larger of before and after

    @property
    def name(self) -> str:
        """The heading path as one line, headings joined by SECTION_SEPARATOR."""
        if self.path:
            return SECTION_SEPARATOR.join(self.path)
        return OPENING_TEXT if self.headed else NO_HEADING


SECTION_SEPARATOR = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "
OPENING_TEXT = "(opening text)"  # text before the first heading of a document with headings
NO_HEADING = "(no heading)"  # text of a document without headings


@dataclass(frozen=True, slots=True)
class KeySentence:
    """An added, removed or rewritten sentence that matters, and why it was picked."""

    text: str  # the sentence on one line (the new one, or the removed one)
    change: str  # "added", "removed" or "rewritten"
    block: int | None  # index of its block in the shown diff (its anchor), or None
    before: str = ""  # for "rewritten": the sentence it replaced
    categories: tuple[str, ...] = ()  # categories it mentions
    reasons: tuple[str, ...] = ()  # "category", "flip", "number", "defined term"


@dataclass(frozen=True, slots=True)
class NumberChange:
    """A quantity that changed between two versions of a sentence: "12 months" -> "18 months"."""

    topic: str  # what it measures: "retention", "age", "notice", "date", "amount", "count", …
    before: str  # as written in the old sentence
    after: str  # as written in the new one
    sentence: str  # the new sentence, on one line
    block: int | None = None  # index of its block in the shown diff (its anchor), or None


@dataclass(frozen=True, slots=True)
class Change:
    """One version compared with the version before it (or `first`)."""

    platform: str
    document: str
    from_stamp: str | None
    to_stamp: str
    kind: Kind
    after: TextMetrics
    before: TextMetrics | None = None
    reverted_to: str | None = None
    categories_added: tuple[str, ...] = ()
    categories_removed: tuple[str, ...] = ()
    categories_touched: tuple[str, ...] = ()
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> quoted sentences
    words_added: int = 0
    words_removed: int = 0
    summary: str | None = None
    # "Upcoming + current": this version shows a new text above the one in force; `announces`
    # is the effective date the new text names ("" when it names none).
    announces: str | None = None
    announced_in: str | None = None  # the new text announced in that version takes effect here
    # The version compared with, when not `from_stamp`: the one before a failed capture.
    compared_with: str | None = None
    quotes: dict[str, tuple[Quote, ...]] = field(default_factory=dict)  # `evidence`, for pages
    flips: tuple[Flip, ...] = ()
    # What changed, in words (empty for noise kinds): the sections touched, most changed
    # first; the sentences that matter most; the quantities that changed; and a one-line
    # summary written from these facts alone (None for noise kinds). Pages show a human
    # `summary` instead when there is one; the export carries both.
    sections: tuple[Section, ...] = ()
    key_sentences: tuple[KeySentence, ...] = ()
    numbers: tuple[NumberChange, ...] = ()
    auto_summary: str | None = None
    # Why a noise kind was chosen, for the change page to say; None for the other kinds. Not
    # exported: the export's fields are fixed (DESIGN.md).
    noise: Noise | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.document}/{self.to_stamp}"

    @property
    def diffed(self) -> bool:
        """Whether the change has a diff to show: not a first version, nor a failed capture
        (its text is not the platform's, and is shown instead)."""
        return self.from_stamp is not None and self.noise is not Noise.FAILED_CAPTURE
