"""Reading burden of a version: words, reading time, Flesch reading ease and Flesch-Kincaid grade.

Readability is computed on the text a reader reads: Markdown syntax, link targets and URLs
blanked out, and sentences as `sentences.py` cuts them (a list item or a heading is a
sentence even without a full stop; a naive counter would see one 3,000-word sentence and give
a grade of 900). Syllables come from textstat (CMU dictionary, hyphenation as fallback),
counted once per distinct word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import textstat

from generator.analysis.changes import TextMetrics
from generator.analysis.sentences import Prose

WORDS_PER_MINUTE = 250  # the rate used in the literature (see FIELD-NOTES)
# Common English words: about a third of an English policy, a few percent of a French one.
_ENGLISH = frozenset(
    re.findall(
        r"\w+",
        "the The and of to we We you You your Your in In for is that with on or by our Our this "
        "This are as be it It may not from an at can if If will have how How about when When "
        "what What which who other such these any use information",
    )
)
_COUNTED_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019.\-\u00b7\u00ad][^\W_]+)*")
_READABLE_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one lower-case word (at least one)."""
    return max(1, int(textstat.syllable_count(word)))


def _syllables(counts: Counter[str]) -> int:
    total = 0
    for word, times in counts.items():
        total += syllables(word.lower().replace("\u2019", "'")) * times
    return total


def reading_minutes(word_count: int) -> float:
    return round(word_count / WORDS_PER_MINUTE, 1)


@dataclass(frozen=True)
class Tally:
    """What the metrics of a text are made from; the tallies of its parts add up to its own."""

    words: int = 0  # as `normalise.words` counts them
    readable: int = 0  # words of letters, as readability counts them
    syllables: int = 0  # of the readable words
    english: int = 0  # readable words that are common English words
    sentences: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.words + other.words,
            self.readable + other.readable,
            self.syllables + other.syllables,
            self.english + other.english,
            self.sentences + other.sentences,
        )


def tally(prose: Prose) -> Tally:
    """The counts of one text (or one part of a text) that its metrics are made from."""
    # The words of `normalise.words` (link targets and URLs are not words), counted on the
    # blanked text where they are already gone: the same count, several times faster.
    # Outside sentences the blanked text has no letters, so the whole text counts the same.
    counts = Counter(_READABLE_WORD_RE.findall(prose.blanked))
    return Tally(
        words=len(_COUNTED_WORD_RE.findall(prose.blanked)),
        readable=sum(counts.values()),
        syllables=_syllables(counts),
        english=sum(counts[w] for w in _ENGLISH if w in counts),
        sentences=len(prose.sentences),
    )


def text_metrics(prose: Prose) -> TextMetrics:
    """Words, reading time and readability of one version."""
    return metrics(tally(prose))


def metrics(counts: Tally) -> TextMetrics:
    """Words, reading time and readability from a text's tally."""
    ease, grade = _readability(counts)
    total = counts.readable
    return TextMetrics(
        words=counts.words,
        reading_minutes=reading_minutes(counts.words),
        flesch_reading_ease=ease,
        flesch_kincaid_grade=grade,
        english=round(counts.english / total, 3) if total else 0.0,
    )


def readability(prose: Prose) -> tuple[float | None, float | None]:
    """Flesch reading ease and Flesch-Kincaid grade, or None for a text without sentences."""
    return _readability(tally(prose))


def _readability(counts: Tally) -> tuple[float | None, float | None]:
    if not counts.readable or not counts.sentences:
        return None, None
    per_sentence = counts.readable / counts.sentences
    per_word = counts.syllables / counts.readable
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return round(ease, 1), round(grade, 1)
