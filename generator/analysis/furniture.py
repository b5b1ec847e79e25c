"""Page furniture: a part of the captured page that changes at almost every capture.

Some captures hold a live part of the page besides the policy (a list of recent or most
discussed posts, a box of news, a toolbar shown on some visits): the recorded text changes at
almost every capture while the policy does not. Such changes are recognised from the history
itself, never from rules about a site:

- each version is cut into units (its blocks, with a list item's nested items joined to it),
  keyed by what a reader sees (link targets left out);
- around each stretch of the history, the units present once in nearly every version are the
  page's *frame*; every difference between two versions lies in a *gap* between frame units;
- a gap is *hot* when it changes in nearly every change of the stretch;
- a change is furniture when every difference lies in a hot gap or only brings back or takes
  away units that come and go in the stretch (a toolbar shown on some visits), in a stretch
  that has a hot gap and where nearly every change is like that, with a frame that holds a
  fair part of the page.

A policy edit brings text never seen before, in a gap that does not change at every capture,
so it is never furniture, even inside such a stretch; and an ordinary history, whose changes
fall in different places, has no hot gap at all.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Protocol, TypeVar

from generator.analysis.blocks import split_blocks
from generator.analysis.normalise import without_targets

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

V = TypeVar("V")

Units = tuple[int, ...]
"""A version's units, as hashes that are the same in every process: the analysis cache keeps
them, so a new snapshot does not split every text of a long history again."""

MIN_CHANGES = 12  # fewer changes than this in a history: nothing to learn from
STRETCH = 10  # changes judged together
WINDOW = 5  # changes on each side of a stretch whose gaps say what is hot
FRAME_WINDOW = 100  # changes on each side of a stretch whose versions say what is frame
FRAME_PRESENCE = 0.9  # share of those versions a frame unit is in
HOT = 0.8  # share of a window's changes that change a hot gap
DOMINANT = 0.8  # share of a window's changes that must be furniture-like
FRAME_SHARE = 0.2  # share of a version's units the frame must hold

_START, _END = -1, -2  # the ends of a page, as gap bounds


def units(text: str) -> Units:
    """The units of a text: blocks, a list item's nested items joined to it, as hashes of
    their text without link targets."""
    out: list[str] = []
    for block in split_blocks(text):
        if not block.key:
            continue
        if out and block.kind == "list_item" and block.indent:
            out[-1] += " " + block.key
        else:
            out.append(block.key)
    return tuple(_hash(without_targets(unit)) for unit in out)


def _hash(unit: str) -> int:
    digest = hashlib.blake2b(unit.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True)
class _Run:
    """One difference between two versions: where it starts and ends in the older one, and
    the units it takes away and brings."""

    start: int
    end: int
    gone: frozenset[int]
    came: frozenset[int]


def _runs(old: Units, new: Units) -> list[_Run]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        _Run(i1, i2, frozenset(old[i1:i2]) - set(new), frozenset(new[j1:j2]) - set(old))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _gap(old: Units, run: _Run, frame: set[int]) -> tuple[int, int]:
    """The frame units around a difference (or the page's ends)."""
    before = next((old[k] for k in range(run.start - 1, -1, -1) if old[k] in frame), _START)
    after = next((old[k] for k in range(run.end, len(old)) if old[k] in frame), _END)
    return before, after


class Remembered(Protocol):
    """Stretches judged before, by what they were judged from (see `furniture`)."""

    def stretch(self, key: str) -> tuple[bool, ...] | None: ...

    def put_stretch(self, key: str, flags: tuple[bool, ...]) -> None: ...


def furniture(
    versions: Mapping[int, Units],
    changes: Sequence[tuple[int, int]],
    names: Sequence[str] | None = None,
    remembered: Remembered | None = None,
) -> list[bool]:
    """For each change (the indexes in `versions` of its older and newer version, in history
    order), whether all its differences lie in page furniture.

    A stretch's flags depend only on the changes around it: with `names` (each version's text
    hash, by index) and `remembered`, a stretch judged before from the same texts in the same
    places is not judged again, and `versions` (which may read units when asked) is asked only
    for the versions of the stretches judged. A long history walked again for one new snapshot
    judges its last stretches, not all of them.
    """
    flags = [False] * len(changes)
    if len(changes) < MIN_CHANGES:
        return flags
    runs = Lazily(lambda j: _runs(versions[changes[j][0]], versions[changes[j][1]]))
    for first in range(0, len(changes), STRETCH):
        stretch = range(first, min(len(changes), first + STRETCH))
        window = _around(first, WINDOW, len(changes))
        frame_window = _around(first, FRAME_WINDOW, len(changes))
        key = None
        if names is not None and remembered is not None:
            key = _key(names, changes, (stretch, window, frame_window))
        found = remembered.stretch(key) if remembered is not None and key else None
        if found is None or len(found) != len(stretch):
            found = _judge(versions, changes, runs, (stretch, window, frame_window))
            if remembered is not None and key:
                remembered.put_stretch(key, found)
        flags[first : first + len(stretch)] = found
    return flags


def _judge(
    versions: Mapping[int, Units],
    changes: Sequence[tuple[int, int]],
    runs: Mapping[int, list[_Run]],
    ranges: tuple[range, range, range],
) -> tuple[bool, ...]:
    """The flags of one stretch, judged from its window and frame window."""
    stretch, window, frame_window = ranges
    frame = _frame(versions, changes, frame_window.start, frame_window.stop)
    judged = _Window(versions, changes, runs, window, frame, frame_window)
    if not judged.dominated:
        return (False,) * len(stretch)
    flags: list[bool] = []
    for index in stretch:
        page = versions[changes[index][1]]
        share = sum(1 for unit in page if unit in frame) / len(page) if page else 0.0
        flags.append(judged.like_furniture(index) and share >= FRAME_SHARE)
    return tuple(flags)


def _key(
    names: Sequence[str], changes: Sequence[tuple[int, int]], ranges: tuple[range, ...]
) -> str:
    """What a stretch is judged from: the texts of the changes around it, where they stand
    relative to one another, and where the stretch and its windows lie among them."""
    start, stop = min(r.start for r in ranges), max(r.stop for r in ranges)
    base = min(v for j in range(start, stop) for v in changes[j])
    made = hashlib.sha256(repr([(r.start - start, r.stop - start) for r in ranges]).encode())
    for old, new in changes[start:stop]:
        made.update(f"\0{old - base} {new - base} {names[old]} {names[new]}".encode())
    return made.hexdigest()


class Lazily(dict[int, V]):
    """Values by index, each made when first asked for."""

    def __init__(self, make: Callable[[int], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, index: int) -> V:
        found = self[index] = self.make(index)
        return found


def _around(first: int, margin: int, count: int) -> range:
    """The changes of the stretch starting at `first` and `margin` more on each side; at an
    end of the history, as many more on the other side."""
    size = STRETCH + 2 * margin
    start = max(0, min(first - margin, count - size))
    return range(start, min(count, start + size))


def _frame(
    versions: Mapping[int, Units], changes: Sequence[tuple[int, int]], start: int, stop: int
) -> set[int]:
    """The units present exactly once in nearly every version of these changes."""
    indexes = {v for old, new in changes[max(0, start) : stop] for v in (old, new)}
    presence: Counter[int] = Counter()
    for index in indexes:
        counts = Counter(versions[index])
        presence.update(unit for unit, times in counts.items() if times == 1)
    needed = FRAME_PRESENCE * len(indexes)
    return {unit for unit, times in presence.items() if times >= needed}


class _Window:
    """The changes around a stretch, with their gaps, the hot gaps and the units that recur."""

    def __init__(
        self,
        versions: Mapping[int, Units],
        changes: Sequence[tuple[int, int]],
        runs: Mapping[int, list[_Run]],
        window: range,
        frame: set[int],
        history: range,
    ) -> None:
        self.runs = runs
        self.gaps = {
            j: [_gap(versions[changes[j][0]], run, frame) for run in runs[j]] for j in window
        }
        changed = Counter(gap for j in window for gap in set(self.gaps[j]))
        self.hot = {gap for gap, times in changed.items() if times >= HOT * len(window)}
        # Where each unit is, in the versions around: a unit that comes back after it went (or
        # goes after it came) comes and goes; a unit that came to stay does not.
        self.changes = changes
        self.places: dict[int, list[int]] = {}
        for v in sorted({v for j in history for v in changes[j]}):
            for unit in set(versions[v]):
                self.places.setdefault(unit, []).append(v)
        like = sum(map(self.like_furniture, window))
        self.dominated = bool(self.hot) and like >= DOMINANT * len(window)

    def _comes_and_goes(self, j: int, run: _Run) -> bool:
        """Whether the units a difference brings were there before, and those it takes away
        come back after."""
        old, new = self.changes[j]
        came = all(any(v < old for v in self.places.get(u, ())) for u in run.came)
        gone = all(any(v > new for v in self.places.get(u, ())) for u in run.gone)
        return came and gone

    def like_furniture(self, j: int) -> bool:
        """Whether every difference lies in a hot gap or only moves units that come and go."""
        return bool(self.runs[j]) and all(
            gap in self.hot or self._comes_and_goes(j, run)
            for run, gap in zip(self.runs[j], self.gaps[j], strict=True)
        )
