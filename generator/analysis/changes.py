"""What the analysis says about each change: the values pages, feeds and the export show."""

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


@dataclass(frozen=True)
class TextMetrics:
    """Reading burden of one version."""

    words: int
    reading_minutes: float  # at 250 words per minute
    flesch_reading_ease: float | None = None
    flesch_kincaid_grade: float | None = None
    english: float = 0.0  # share of common English words: tells a capture in another language


@dataclass(frozen=True)
class Quote:
    """A sentence quoted as evidence for a category, with the words that signal it."""

    text: str
    marks: tuple[tuple[int, int], ...]  # (start, end) offsets in `text` of the matched words
    side: str  # "new": from the newer version; "old": from the older one


@dataclass(frozen=True)
class Flip:
    """A negation or modal shift next to a category's words ("will not sell" -> "may sell")."""

    category: str
    before: str
    after: str


@dataclass(frozen=True)
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
    # Why a noise kind was chosen, for the change page to say; None for the other kinds. Not
    # exported: the export's fields are fixed (DESIGN.md).
    noise: Noise | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.document}/{self.to_stamp}"
