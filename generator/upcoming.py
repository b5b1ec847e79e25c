""" "Upcoming + current" pages: a new policy published above (or below) the one still in force.

Before a change takes effect, some platforms show both texts on one page: the recorded text
roughly doubles, then halves when the new text takes effect. Read naively that is two
rewrites. Here the doubling is recognised as an announcement (with the effective date the new
text names), and the halving as the announced text taking effect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from generator.normalise import words

if TYPE_CHECKING:
    from generator.diff import Diff

# The new text must add at least this share of the old text's words, in one run of blocks
# holding most of the words added, while the old text stays (almost) whole.
MIN_GROWTH = 0.5
MAX_LOSS = 0.1
MIN_RUN_SHARE = 0.8
# The new text must read like a version of the old one (shared three-word phrases).
MIN_RESEMBLANCE = 0.2


@dataclass(frozen=True)
class Announcement:
    """A version that shows a new text beside the text in force."""

    stamp: str  # the version that first showed it
    new_text: str  # the announced text
    current_text: str  # the text still in force, as shown on the same page
    effective: str  # ISO date the announced text names, or ""


def shingles(text: str) -> frozenset[tuple[str, str, str]]:
    """Three-word phrases of a text, lower-cased."""
    tokens = [w.lower() for w in words(text)]
    return frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False))


def resemblance(a: frozenset[tuple[str, str, str]], b: frozenset[tuple[str, str, str]]) -> float:
    """Jaccard similarity of two shingle sets (1.0 for two empty texts)."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def split_announcement(diff: Diff, stamp: str, old_words: int) -> Announcement | None:
    """The announcement a version makes, judged from its diff with the text in force.

    `old_words` is the word count of the text in force.
    """
    if not old_words or diff.words_removed > MAX_LOSS * old_words + 20:
        return None
    if diff.words_added < MIN_GROWTH * old_words:
        return None
    runs: list[list[int]] = [[]]
    for index, change in enumerate(diff.blocks):
        if change.op == "insert" or (change.op == "equal" and not change.new_text.strip()):
            runs[-1].append(index)
        elif runs[-1]:
            runs.append([])
    best = max(runs, key=lambda run: sum(diff.blocks[i].words_added for i in run))
    if sum(diff.blocks[i].words_added for i in best) < MIN_RUN_SHARE * diff.words_added:
        return None
    chosen = set(best)
    new_text = "".join(diff.blocks[i].new_text for i in best)
    current = "".join(c.new_text for i, c in enumerate(diff.blocks) if i not in chosen)
    if resemblance(shingles(new_text), shingles(diff.old_text())) < MIN_RESEMBLANCE:
        return None  # a long new section, not a new version of the same text
    return Announcement(stamp, new_text, current, effective_date(new_text))


def takes_effect(announcement: Announcement, text: str) -> bool:
    """Whether `text` is the announced text rather than the one that was in force."""
    mine = shingles(text)
    to_new = resemblance(mine, shingles(announcement.new_text))
    to_current = resemblance(mine, shingles(announcement.current_text))
    return to_new >= 0.5 and to_new > to_current + 0.1


# --- Effective dates ---------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = (
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.replace('month', 'month2')}"
    r",?\s+(?P<year2>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
)
_EFFECTIVE_RE = re.compile(
    r"\b(?:effective|in\s+effect|takes?\s+effect|come\s+into\s+(?:force|effect)|applies|apply)"
    r"\b(?:\s+(?:date|on|from|as\s+of|starting))?[\s:*_,]{0,6}(?:on\s+)?" + _DATE,
    re.IGNORECASE,
)


def effective_date(text: str) -> str:
    """The first date the text says it takes effect on, ISO formatted, or ""."""
    for match in _EFFECTIVE_RE.finditer(text[:20_000]):
        found = _date(match)
        if found is not None:
            return found.isoformat()
    return ""


def _date(match: re.Match[str]) -> date | None:
    if match["iso"]:
        try:
            return date.fromisoformat(match["iso"])
        except ValueError:
            return None
    month = (match["month"] or match["month2"] or "").lower()
    day, year = match["day"] or match["day2"], match["year"] or match["year2"]
    try:
        return date(int(year), _MONTHS[month], int(day))
    except (KeyError, TypeError, ValueError):
        return None
