"""A one-line summary of a change, written only from its facts: the sections it touches, the
categories it adds or removes, negation or modal flips, and the quantities that changed.

Nothing is guessed: every phrase restates a fact the change page shows. The most telling
facts go in first and the line stays short (MAX_CHARS): sections beyond the first two are
counted, not named, and a long heading is cut at a word. Noise kinds get no summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.analysis.changes import SECTION_SEPARATOR, Kind
from generator.analysis.sections import TRIVIAL

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from generator.analysis.changes import Change, NumberChange, Section

MAX_CHARS = 200  # the line as a whole, at most
NAME_CHARS = 56  # a section's name in the line, at most
NAMED_SECTIONS = 2  # sections named; the others are counted
NAMED_NUMBERS = 2  # changed quantities named
MINUS = "\N{MINUS SIGN}"
ARROW = "\N{RIGHTWARDS ARROW}"
REWRITE_SHARE = 0.5  # a section whose changed words reach this share of it is "rewritten"


def auto_summary(change: Change, labels: Mapping[str, str]) -> str | None:
    """The line for `change`, or None for noise kinds (`labels`: category id -> label)."""
    if change.kind.is_noise:
        return None
    if change.kind is Kind.FIRST:
        return _first(change)
    named = [s for s in change.sections if not s.furniture]
    real = [s for s in named if not _trivial(s)]
    # (priority, position in the line, text): parts are taken by priority while the line has
    # room, then read in position order.
    parts: list[tuple[int, int, str]] = []
    for rank, section in enumerate(real[:NAMED_SECTIONS]):
        parts.append((0 if rank == 0 else 5, 10 + rank, section_phrase(section)))
    shown = min(len(real), NAMED_SECTIONS)
    if named and not real:  # nothing the policy says changed: say what did, once
        how = _trivial(named[0])
        alike = [s for s in named if _trivial(s) == how][:NAMED_SECTIONS]
        names = " and ".join(short_name(s) for s in alike)
        parts.append((0, 10, f"{TRIVIAL_PHRASES[how]} in {names}"))
        shown = len(alike)
    if not named and change.sections:
        furniture = change.sections[0]
        parts.append((0, 10, f"changes only page furniture{_words(furniture)}"))
    categories = _categories(change, labels)
    if categories:
        parts.append((1, 20, categories))
    for rank, flip in enumerate(change.flips[:2]):
        parts.append((2, 30 + rank, f"\u201c{flip.before}\u201d {ARROW} \u201c{flip.after}\u201d"))
    for rank, number in enumerate(_telling(change.numbers)[:NAMED_NUMBERS]):
        parts.append((3 + rank, 40 + rank, number_phrase(number)))
    if change.compared_with is not None:
        parts.append((4, 50, f"compared with {change.compared_with[:10]}, before a failed capture"))
    line = _fit(_lead(change), parts, len(named) - shown)
    return line[:1].upper() + line[1:] if line else None


def _lead(change: Change) -> str:
    """What the change is, when a section list alone would mislead."""
    if change.announces is not None:
        when = f"effective {change.announces}" if change.announces else "with no date stated"
        return f"announces a new version {when}"
    if change.announced_in is not None:
        return f"the version announced on {change.announced_in[:10]} takes effect"
    return ""


def _fit(lead: str, parts: list[tuple[int, int, str]], unnamed: int) -> str:
    """The lead and as many parts as fit in MAX_CHARS, most important first; sections left
    unnamed (`unnamed`, and any named one that did not fit) are counted at the end of the
    section list, so the line never reads as if it told the whole change."""
    chosen: list[tuple[int, str]] = []
    size = len(lead) + 2 + len(" and 99 more sections")
    for _, position, text in sorted(parts):
        if chosen and size + len(text) + 2 > MAX_CHARS:
            if 10 <= position < 20:
                unnamed += 1
            continue
        chosen.append((position, text))
        size += len(text) + 2
    chosen.sort()
    sections = [text for position, text in chosen if position < 20]
    if unnamed > 0 and sections:
        noun = "section" if unnamed == 1 else "sections"
        sections[-1] += f" and {unnamed} more {noun}"
    rest = [text for position, text in chosen if position >= 20]
    body = "; ".join(filter(None, [", ".join(sections), *rest]))
    if lead and body:
        return f"{lead}: {body}"
    return lead or body


TRIVIAL_PHRASES = {
    "wordless": "changes only links or formatting",
    "times": "updates only relative times (\u201c\u2026 ago\u201d)",
    "typography": "changes only typography (quotes, dashes, emphasis)",
    "moved": "moves text",
}


def _trivial(section: Section) -> str:
    """How a section changed when it says nothing of the policy (see TRIVIAL_PHRASES)."""
    if not section.words_added and not section.words_removed:
        return "wordless"
    return section.change if section.change in TRIVIAL else ""


def _first(change: Change) -> str:
    words = f"{change.after.words:,} words"
    headed = [s for s in change.sections if s.path and not s.furniture]
    if not headed:
        return f"First recorded version: {words}"
    noun = "section" if len(headed) == 1 else "sections"
    return f"First recorded version: {words} in {len(headed)} {noun}"


def short_name(section: Section) -> str:
    """A section's name for a one-line summary: its own heading (with its parent when both
    are short), cut at a word; "the opening text" or "the text" when it has no heading."""
    if not section.path:
        return "the opening text" if section.headed else "the text"
    name = section.path[-1]
    if len(section.path) > 1 and len(section.path[-2]) + len(name) <= NAME_CHARS - 3:
        name = section.path[-2] + SECTION_SEPARATOR + name
    if len(name) > NAME_CHARS:
        cut = name.rfind(" ", 0, NAME_CHARS)
        name = name[: cut if cut > NAME_CHARS // 2 else NAME_CHARS].rstrip(" ,;:") + "…"
    return f"\u201c{name}\u201d"


def _words(section: Section) -> str:
    added, removed = section.words_added, section.words_removed
    if added and removed:
        return f" (+{added:,} {MINUS}{removed:,} words)"
    if added:
        return f" (+{added:,} words)"
    if removed:
        return f" ({MINUS}{removed:,} words)"
    return ""


def section_phrase(section: Section) -> str:
    """What happened to one section: `rewrites “Partners” (+120 -30 words)`."""
    name = short_name(section)
    added, removed = section.words_added, section.words_removed
    if section.change == "new":
        verb = "adds the section" if section.path else "adds"
    elif section.change == "gone":
        verb = "removes the section" if section.path else "removes"
    elif _trivial(section):
        return f"{TRIVIAL_PHRASES[_trivial(section)]} in {name}"
    elif not removed:
        verb = "adds to"
    elif not added:
        verb = "cuts from"
    elif section.size and added + removed >= REWRITE_SHARE * section.size:
        verb = "rewrites"
    else:
        verb = "edits"
    return f"{verb} {name}{_words(section)}"


def _categories(change: Change, labels: Mapping[str, str]) -> str:
    pieces = []
    for verb, ids in (("adds", change.categories_added), ("removes", change.categories_removed)):
        if ids:
            pieces.append(f"{verb} " + _listed([labels.get(i, i) for i in ids]))
    return "; ".join(pieces)


def _listed(names: Sequence[str]) -> str:
    if len(names) <= 3:
        return ", ".join(names)
    return ", ".join(names[:2]) + f" and {len(names) - 2} more"


def _telling(numbers: Sequence[NumberChange]) -> list[NumberChange]:
    """Changed quantities, periods and ages before dates (a new "last updated" says least)."""
    order = {"retention": 0, "age": 0, "notice": 1, "amount": 1, "period": 2, "percentage": 2}
    return sorted(numbers, key=lambda n: order.get(n.topic, 3 if "date" not in n.topic else 4))


def number_phrase(number: NumberChange) -> str:
    """ "retention 12 → 18 months": the topic, and what changed, with the words both sides
    share around the numbers said once (never for dates: "May 1, 2023 → June 1, 2023")."""
    before, after = number.before.split(), number.after.split()
    head = tail = 0
    if "date" not in number.topic:
        shortest = min(len(before), len(after))
        while head < shortest - 1 and before[head] == after[head] and before[head].isalpha():
            head += 1
        while (
            tail < shortest - head - 1
            and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]
            and before[len(before) - 1 - tail].isalpha()
        ):
            tail += 1
    middle_before = " ".join(before[head : len(before) - tail])
    middle_after = " ".join(after[head : len(after) - tail])
    shared_head = " ".join(before[:head])
    shared_tail = " ".join(before[len(before) - tail :])
    changed = " ".join(
        filter(None, [shared_head, f"{middle_before} {ARROW} {middle_after}", shared_tail])
    )
    topic = number.topic
    if topic == "count" or changed.endswith(topic):
        return changed
    return f"{topic} {changed}"
