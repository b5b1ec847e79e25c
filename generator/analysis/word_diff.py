"""Word-level diff inside one pair of blocks: the segments that turn old words into new.

Words are aligned with `difflib` (no popularity heuristic), with the common head and tail
matched first, and short kept stretches between changes folded into them so a rewritten
sentence reads as one rewrite. `diff.py` pairs the blocks; this module diffs a pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Literal

from generator.analysis.normalise import units

if TYPE_CHECKING:
    from collections.abc import Callable

SegmentOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Segment:
    """A piece of a changed block: kept, inserted or deleted text, exactly as in the source."""

    op: SegmentOp
    text: str


# Words are diffed as units: a non-space token with the whitespace after it. Leaving
# whitespace out of the alignment keeps re-wrapping from disturbing it, and keeps difflib fast
# (one shared whitespace id would be its most popular element, matched against everything).
_Unit = tuple[str, str, str]  # (token, class as `units` gives it, whitespace after)
_TEXT = frozenset({"w", "t"})  # the classes of units a reader sees
Units = tuple[str, list[_Unit]]  # (leading whitespace, units)
# A stretch: (is_equal, old units, new units, weight in words). Kept stretches pair their
# units one to one; only the whitespace after a unit may differ.
_Group = tuple[bool, list[_Unit], list[_Unit], int]


def block_units(text: str) -> Units:
    """Leading whitespace, and the units of a block's text."""
    lead = ""
    out: list[_Unit] = []
    for token, kind, space in units(text):
        if token:
            out.append((token, kind, space))
        elif out:  # indentation of a continuation line belongs to the space before it
            last, last_kind, before = out[-1]
            out[-1] = (last, last_kind, before + space)
        else:
            lead += space
    return lead, out


def _group(is_equal: bool, old: list[_Unit], new: list[_Unit]) -> _Group:
    # Markup weighs nothing: a change of formatting alone (backticks, asterisks) never
    # swallows the words it formats.
    weight = max(sum(u[1] in _TEXT for u in old), sum(u[1] in _TEXT for u in new))
    return (is_equal, old, new, weight)


def unit_segments(old: Units, new: Units) -> tuple[tuple[Segment, ...], int, int]:
    (old_lead, old_units), (new_lead, new_units) = old, new
    ids: dict[str, int] = {}
    old_ids = [ids.setdefault(u[0], len(ids)) for u in old_units]
    new_ids = [ids.setdefault(u[0], len(ids)) for u in new_units]
    groups: list[_Group] = []
    for op, i1, i2, j1, j2 in opcodes(old_ids, new_ids):
        _push(groups, _group(op == "equal", old_units[i1:i2], new_units[j1:j2]))
    out = _Segments()
    out.space(old_lead, new_lead)
    added = removed = 0
    for is_equal, old_part, new_part, _ in groups:
        if is_equal and old_part == new_part:
            out.add("equal", "".join(t + space for t, _, space in old_part))
        elif is_equal:
            for (token, _, old_space), (_, _, new_space) in zip(old_part, new_part, strict=True):
                out.add("equal", token)
                out.space(old_space, new_space)
        else:
            out.add("delete", "".join(t + space for t, _, space in old_part))
            out.add("insert", "".join(t + space for t, _, space in new_part))
            removed += sum(kind == "w" for _, kind, _ in old_part)
            added += sum(kind == "w" for _, kind, _ in new_part)
    return out.result(), added, removed


def opcodes(
    old: list[int], new: list[int], junk: Callable[[int], bool] | None = None
) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes, with the common head and tail matched first: most edits touch a few
    words of a long block, and difflib would otherwise search the whole block for anchors."""
    start, end = 0, 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    matcher = SequenceMatcher(
        junk, old[start : len(old) - end], new[start : len(new) - end], autojunk=False
    )
    opcodes = [("equal", 0, start, 0, start)] if start else []
    opcodes.extend(
        (op, i1 + start, i2 + start, j1 + start, j2 + start)
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )
    if end:
        opcodes.append(("equal", len(old) - end, len(old), len(new) - end, len(new)))
    return opcodes


def _push(groups: list[_Group], group: _Group) -> None:
    """Append a stretch, folding short kept stretches between changes into them.

    A kept stretch is folded when it is no longer than the changes on both sides of it (the
    rule of diff-match-patch's semantic cleanup, counted in words rather than characters), so
    a rewritten sentence reads as one rewrite rather than confetti of "the" and "your".
    """
    if groups and not group[0] and not groups[-1][0]:
        last = groups.pop()
        group = _group(False, last[1] + group[1], last[2] + group[2])
    groups.append(group)
    while len(groups) >= 3 and not groups[-1][0] and groups[-2][0] and not groups[-3][0]:
        before, kept, after = groups[-3:]
        if kept[3] > before[3] or kept[3] > after[3]:
            break
        groups[-3:] = [
            _group(False, before[1] + kept[1] + after[1], before[2] + kept[2] + after[2])
        ]


class _Segments:
    """Collects text by operation, merging neighbours with the same operation."""

    def __init__(self) -> None:
        self.ops: list[SegmentOp] = []
        self.texts: list[list[str]] = []

    def add(self, op: SegmentOp, text: str) -> None:
        if not text:
            return
        if self.ops and self.ops[-1] == op:
            self.texts[-1].append(text)
        else:
            self.ops.append(op)
            self.texts.append([text])

    def space(self, old: str, new: str) -> None:
        if old == new:
            self.add("equal", old)
        else:
            self.add("delete", old)
            self.add("insert", new)

    def result(self) -> tuple[Segment, ...]:
        return tuple(Segment(op, "".join(t)) for op, t in zip(self.ops, self.texts, strict=True))
