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


def text_metrics(prose: Prose) -> TextMetrics:
    """Words, reading time and readability of one version."""
    # The words of `normalise.words` (link targets and URLs are not words), counted on the
    # blanked text where they are already gone: the same count, several times faster.
    count = len(_COUNTED_WORD_RE.findall(prose.blanked))
    counts = _word_counts(prose)
    ease, grade = _readability(prose, counts)
    total = sum(counts.values())
    english = sum(counts[w] for w in _ENGLISH if w in counts) / total if total else 0.0
    return TextMetrics(
        words=count,
        reading_minutes=reading_minutes(count),
        flesch_reading_ease=ease,
        flesch_kincaid_grade=grade,
        english=round(english, 3),
    )


def _word_counts(prose: Prose) -> Counter[str]:
    # Outside sentences the blanked text has no letters, so the whole text counts the same.
    return Counter(_READABLE_WORD_RE.findall(prose.blanked))


def readability(prose: Prose) -> tuple[float | None, float | None]:
    """Flesch reading ease and Flesch-Kincaid grade, or None for a text without sentences."""
    return _readability(prose, _word_counts(prose))


def _readability(prose: Prose, counts: Counter[str]) -> tuple[float | None, float | None]:
    total_words = sum(counts.values())
    if not total_words or not prose.sentences:
        return None, None
    total_syllables = _syllables(counts)
    per_sentence = total_words / len(prose.sentences)
    per_word = total_syllables / total_words
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return round(ease, 1), round(grade, 1)
