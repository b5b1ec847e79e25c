""" "Upcoming + current" pages: a new policy published above (or below) the one still in force.

Before a change takes effect, some platforms show both texts on one page: the recorded text
roughly doubles, then halves when the new text takes effect. Read naively that is two
rewrites. Here the doubling is recognised as an announcement (with the effective date the new
text names), and the halving as the announced text taking effect.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from generator.analysis.normalise import words

if TYPE_CHECKING:
    from generator.analysis.blocks import Block
    from generator.analysis.diff import Diff

# The page must keep this share of the old text's words in blocks it shows unchanged, and add
# at least this share of new words.
MIN_KEPT = 0.8
MIN_GROWTH = 0.5
# The new text must read like a version of the old one (shared three-word phrases), else it is
# a long new section rather than a new version.
MIN_RESEMBLANCE = 0.2
# How much more of the announced text's own phrases than of the old text's own phrases a
# version must hold to be the announced text taking effect.
TAKES_EFFECT_MARGIN = 0.2


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

    `old_words` is the word count of the text in force. The page is cut where the text in
    force starts (new text above it) or ends (new text below it): at the shortest end of the
    page that holds as much of the old text, block for block, as the whole page does.
    """
    if not old_words or diff.words_added < MIN_GROWTH * old_words:
        return None
    if diff.words_removed > (1 - MIN_KEPT) * old_words + 20:
        return None
    old_blocks = [c.old for c in diff.blocks if c.old is not None]
    new_blocks = [c.new for c in diff.blocks if c.new is not None]
    weights = {b.key: len(words(b.text)) for b in old_blocks}
    wanted = Counter(b.key for b in old_blocks)
    best: tuple[int, str, str] | None = None  # score, announced text, text in force
    for order in (reversed(range(len(new_blocks))), iter(range(len(new_blocks)))):
        indexes = list(order)
        cut = _best_cut(indexes, new_blocks, wanted, weights)
        if cut is None:
            continue
        score, kept_words, used = cut
        if kept_words < MIN_KEPT * old_words:
            continue
        first = min(used)
        if first and indexes[0] > indexes[-1] and new_blocks[first - 1].kind == "heading":
            used.add(first - 1)  # the title over the text in force ("effective until …")
        current = "".join(new_blocks[i].text for i in sorted(used))
        announced = "".join(b.text for i, b in enumerate(new_blocks) if i not in used)
        if best is None or score > best[0]:
            best = (score, announced, current)
    if best is None:
        return None
    _, announced, current = best
    if len(words(announced)) < MIN_GROWTH * old_words:
        return None
    if resemblance(shingles(announced), shingles(diff.old_text())) < MIN_RESEMBLANCE:
        return None
    return Announcement(stamp, announced, current, effective_date(announced, current))


def _best_cut(
    indexes: list[int], blocks: list[Block], wanted: Counter[str], weights: dict[str, int]
) -> tuple[int, int, set[int]] | None:
    """Walking the page's blocks in `indexes` order (from one end), the part that is most
    like the old text: the most old words covered less the words that cover none. Returns
    that score, the old words it covers and the blocks it takes."""
    remaining = Counter(wanted)
    covered = score = 0
    best: tuple[int, int, int] = (0, 0, -1)  # score, cover, position
    for position, index in enumerate(indexes):
        key = blocks[index].key
        if remaining[key] > 0:
            remaining[key] -= 1
            covered += weights.get(key, 0)
            score += weights.get(key, 0)
        else:
            score -= len(words(blocks[index].text))
        if score > best[0]:
            best = (score, covered, position)
    if best[2] < 0:
        return None
    return best[0], best[1], set(indexes[: best[2] + 1])


def takes_effect(announcement: Announcement, text: str) -> bool:
    """Whether `text` is the announced text rather than the one that was in force: it holds
    most of what only the announced text says, and less of what only the other says (the
    two can share most of their words)."""
    mine = shingles(text)
    new, current = shingles(announcement.new_text), shingles(announcement.current_text)
    only_new, only_current = new - current, current - new
    if not only_new:
        return resemblance(mine, new) >= 0.5
    to_new = len(mine & only_new) / len(only_new)
    to_current = len(mine & only_current) / len(only_current) if only_current else 0.0
    # A banner above the announced text goes when it takes effect: what counts is holding
    # clearly more of the new text's own words than of the old one's.
    return to_new - to_current >= TAKES_EFFECT_MARGIN and to_current < 0.5


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
# "Effective: …", "takes effect on …", "will go into effect on …", "comes into force on …",
# "becomes effective on …", "with effect from …", "applies from …".
_EFFECTIVE_RE = re.compile(
    r"(?<![^\W_])(?:effective|in\s+effect|takes?\s+effect|with\s+effect"
    r"|(?:go|goes|come|comes|enter|enters)\s+into\s+(?:effect|force)|becomes?\s+effective"
    r"|applies|apply)"
    r"\b(?:\s+(?:date|on|from|as\s+of|starting|beginning))?[\s:*_,]{0,6}(?:on\s+)?" + _DATE,
    re.IGNORECASE,
)
# "Effective until …", said of the text in force: the new one applies the day after.
_UNTIL_RE = re.compile(
    r"(?<![^\W_])(?:effective|in\s+effect|in\s+force|valid|applies|apply)\s+(?:until|through|till)"
    r"\b[\s:*_,]{0,6}" + _DATE,
    re.IGNORECASE,
)
_SEARCHED = 20_000  # characters: the dates stand at the top of a text


def effective_date(announced: str, in_force: str = "") -> str:
    """The date a new text takes effect on, ISO formatted, or "": the first date the new text
    says it takes effect on, else the day after the date the text in force says it is
    effective until."""
    for match in _EFFECTIVE_RE.finditer(announced[:_SEARCHED]):
        found = _date(match)
        if found is not None:
            return found.isoformat()
    for text in (in_force, announced):
        for match in _UNTIL_RE.finditer(text[:_SEARCHED]):
            found = _date(match)
            if found is not None:
                return (found + timedelta(days=1)).isoformat()
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
