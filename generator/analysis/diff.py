"""Block-then-word diff of two snapshot texts.

Blocks (paragraphs, headings, list items, table rows, …) are aligned first by their
whitespace-normalised text; inside a run of changed blocks, old and new blocks are paired by
word similarity, and only paired blocks are diffed word by word. Whole-document character or
word diffs are both slow and wrong on real policies (see FIELD-NOTES); blocks are few, so
`difflib` without its popularity heuristic is fast and exact at both levels.
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from cachetools import LRUCache, cached

from generator.analysis.blocks import Block, make_block, split_blocks
from generator.analysis.normalise import normalise_whitespace, words
from generator.analysis.word_diff import (
    Segment,
    Units,
    block_units,
    opcodes,
    unit_segments,
)

ChangeOp = Literal["equal", "insert", "delete", "replace"]

# Blocks at least this similar (Dice coefficient of their vocabularies) are diffed word by
# word; less similar ones are shown as one deleted and one inserted block, which reads better.
PAIR_THRESHOLD = 0.4
LONE_PAIR_THRESHOLD = 0.2
# Recurring blocks this short are never anchors of the block alignment.
_TRIVIAL_CHARS = 24
# Above this many candidate pairs in one run, only pairs sharing a rare word are scored.
_DENSE_PAIRS = 2500


@dataclass(frozen=True)
class BlockChange:
    """What happened to one block: kept, inserted, deleted, or replaced (word-level segments)."""

    op: ChangeOp
    old: Block | None
    new: Block | None
    segments: tuple[Segment, ...] = ()  # only for "replace"
    words_added: int = 0
    words_removed: int = 0

    @property
    def old_text(self) -> str:
        return self.old.text if self.old is not None else ""

    @property
    def new_text(self) -> str:
        return self.new.text if self.new is not None else ""

    def inserted_text(self) -> str:
        """The inserted words, one line per inserted run (runs are not joined into sentences)."""
        if self.op == "insert":
            return self.new_text.strip()
        return "\n".join(
            s.text.strip() for s in self.segments if s.op == "insert" and s.text.strip()
        )

    def deleted_text(self) -> str:
        """The deleted words, one line per deleted run."""
        if self.op == "delete":
            return self.old_text.strip()
        return "\n".join(
            s.text.strip() for s in self.segments if s.op == "delete" and s.text.strip()
        )


@dataclass(frozen=True)
class Diff:
    """The difference between two versions of a document."""

    blocks: tuple[BlockChange, ...]
    words_added: int
    words_removed: int

    def old_text(self) -> str:
        """The old version, exactly."""
        return "".join(c.old.text for c in self.blocks if c.old is not None)

    def new_text(self) -> str:
        """The new version, exactly."""
        return "".join(c.new.text for c in self.blocks if c.new is not None)

    def changed_blocks(self) -> tuple[BlockChange, ...]:
        """The changed blocks: each with `old_text`, `new_text`, inserted and deleted words."""
        return tuple(c for c in self.blocks if c.op != "equal")

    def inserted_text(self) -> str:
        """All inserted words, a paragraph per changed block, without surrounding context."""
        return "\n\n".join(t for c in self.changed_blocks() if (t := c.inserted_text()))

    def deleted_text(self) -> str:
        """All deleted words, a paragraph per changed block, without surrounding context."""
        return "\n\n".join(t for c in self.changed_blocks() if (t := c.deleted_text()))

    @property
    def changed(self) -> bool:
        """False when the versions differ at most in whitespace and line wrapping."""
        return any(c.op != "equal" for c in self.blocks)


def diff_texts(old: str, new: str) -> Diff:
    """The block-then-word diff of two texts."""
    old_blocks, new_blocks = split_blocks(old), split_blocks(new)
    # Keys are whitespace-normalised and blocks start at line starts, so the joined keys are
    # the whole text normalised.
    if _normalised(old_blocks) == _normalised(new_blocks):
        # Only whitespace differs, however it falls between blocks: nothing changed.
        if [b.key for b in old_blocks] == [b.key for b in new_blocks]:
            pairs = zip(old_blocks, new_blocks, strict=True)
            return Diff(tuple(BlockChange("equal", a, b) for a, b in pairs), 0, 0)
        return Diff((BlockChange("equal", _merged(old_blocks), _merged(new_blocks)),), 0, 0)
    changes: list[BlockChange] = []
    for op, i1, i2, j1, j2 in _blockopcodes(old_blocks, new_blocks):
        if op == "equal":
            changes.extend(
                BlockChange("equal", a, b)
                for a, b in zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True)
            )
        else:
            _changed_run(changes, old_blocks[i1:i2], new_blocks[j1:j2])
    return Diff(
        tuple(changes),
        words_added=sum(c.words_added for c in changes),
        words_removed=sum(c.words_removed for c in changes),
    )


def _normalised(blocks: list[Block]) -> str:
    return " ".join(b.key for b in blocks if b.key)


def _blockopcodes(old: list[Block], new: list[Block]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes aligning the blocks by key.

    Short blocks that recur ("* * *", "Highlights", "Learn more") may join a match but never
    anchor one: anchoring on them is slow and aligns the wrong places.
    """
    ids: dict[str, int] = {}
    old_ids = [ids.setdefault(b.key, len(ids)) for b in old]
    new_ids = [ids.setdefault(b.key, len(ids)) for b in new]
    counts = Counter(new_ids)
    keys = {i: k for k, i in ids.items()}
    trivial = {i for i, n in counts.items() if n > 1 and len(keys[i]) <= _TRIVIAL_CHARS}
    return opcodes(old_ids, new_ids, trivial.__contains__)


def _merged(blocks: list[Block]) -> Block:
    """Several blocks as one (for runs that differ only in how whitespace cuts them)."""
    if not blocks:
        return make_block("blank", "")
    first = blocks[0]
    return make_block(
        first.kind, "".join(b.text for b in blocks), indent=first.indent, level=first.level
    )


def _changed_run(out: list[BlockChange], old: list[Block], new: list[Block]) -> None:
    """Append the changes of a run of blocks that differ between the versions."""
    if normalise_whitespace("".join(b.text for b in old)) == normalise_whitespace(
        "".join(b.text for b in new)
    ):
        # Re-wrapped, split or joined paragraphs, or leading/trailing blank lines.
        out.append(BlockChange("equal", _merged(old), _merged(new)))
        return
    old_tokens = [_tokens(b.text) for b in old] if new else []
    new_tokens = [_tokens(b.text) for b in new] if old else []
    old_words = [t.vocabulary for t in old_tokens]
    new_words = [t.vocabulary for t in new_tokens]
    i = j = 0
    for pi, pj in [*_pairs(old, new, old_words, new_words), (len(old), len(new))]:
        _interleave(out, old[i:pi], new[j:pj])
        if pi < len(old):
            out.append(_replaced(old[pi], new[pj], old_tokens[pi].units, new_tokens[pj].units))
        i, j = pi + 1, pj + 1


def _interleave(out: list[BlockChange], deleted: list[Block], inserted: list[Block]) -> None:
    """Unpaired blocks, deleted ones first, except that new list items or table rows that
    continue the list or table just before come first, so the list is not cut in two."""
    d = k = 0
    while d < len(deleted) or k < len(inserted):
        last = out[-1].new or out[-1].old if out else None
        continues = (
            k < len(inserted)
            and last is not None
            and inserted[k].kind in ("list_item", "table_row")
            and inserted[k].kind == last.kind
            and (d == len(deleted) or deleted[d].kind != last.kind)
        )
        if d < len(deleted) and not continues:
            out.append(_deleted(deleted[d]))
            d += 1
        else:
            out.append(_inserted(inserted[k]))
            k += 1


def _deleted(block: Block) -> BlockChange:
    return BlockChange("delete", block, None, words_removed=_word_count(block.text)[0])


def _inserted(block: Block) -> BlockChange:
    return BlockChange("insert", None, block, words_added=_word_count(block.text)[0])


# A history's changed runs come back pair after pair: a long menu whose short items anchor no
# alignment is one changed run at every capture, and a page that blinks inserts what it
# deleted. Nine tenths of the text an eighth of the collection tokenised here was a block
# tokenised before (one privacy policy's menus, 80 of its 100 million characters). So the
# tokens of a block's text are remembered, up to this many characters of text (a hundred
# thousand found 98 % of what four million did), until the analysis is done with a document.
TOKENS_KEPT = 100_000


@dataclass(frozen=True, slots=True)
class _Tokens:
    units: Units
    vocabulary: frozenset[str]
    size: int  # characters of the block's text


@cached(
    LRUCache(TOKENS_KEPT, getsizeof=lambda tokens: tokens.size), lock=threading.Lock(), info=True
)
def _tokens(text: str) -> _Tokens:
    found = block_units(text)
    return _Tokens(found, _vocabulary(found), len(text))


@cached(LRUCache(TOKENS_KEPT, getsizeof=lambda counted: counted[1]), lock=threading.Lock())
def _word_count(text: str) -> tuple[int, int]:
    """How many words `text` has, and its length (what the memory counts)."""
    return len(words(text)), len(text)


def forget_tokens() -> None:
    """Forget the tokens remembered so far (the next document shares few blocks with the last)."""
    _tokens.cache_clear()
    _word_count.cache_clear()


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two blocks' vocabularies (1.0 for two blocks without words)."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    return 2 * len(a & b) / total


def _vocabulary(units: Units) -> frozenset[str]:
    return frozenset(token.lower() for token, kind, _ in units[1] if kind == "w")


def _pairs(
    old: list[Block],
    new: list[Block],
    old_words: list[frozenset[str]],
    new_words: list[frozenset[str]],
) -> list[tuple[int, int]]:
    """Order-preserving pairs (old index, new index) of blocks similar enough to diff by word,
    given each block's vocabulary.

    The most similar pairs are taken first, so an edited paragraph pairs with its old self
    even when a new paragraph was inserted right before it.
    """
    if not old or not new:
        return []
    # One block replaced by one block of the same kind is most likely an edit of it.
    threshold = LONE_PAIR_THRESHOLD if len(old) == len(new) == 1 else PAIR_THRESHOLD
    scored: list[tuple[float, int, int]] = []
    for i, j in _candidates(old_words, new_words):
        if old_words[i] or new_words[j] or old[i].kind == new[j].kind:
            score = _similarity(old_words[i], new_words[j])
            if score >= threshold and (score >= PAIR_THRESHOLD or old[i].kind == new[j].kind):
                # Ties go to pairs nearer the diagonal, then to earlier blocks.
                scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], abs(s[1] / len(old) - s[2] / len(new)), s[1], s[2]))
    taken_old: list[int] = []  # sorted old indexes of accepted pairs
    taken_new: list[int] = []  # their new indexes, in the same order (also sorted)
    for _, i, j in scored:
        at = bisect.bisect_left(taken_old, i)
        if at < len(taken_old) and taken_old[at] == i:
            continue
        if bisect.bisect_left(taken_new, j) != at or (at < len(taken_new) and taken_new[at] == j):
            continue  # would cross an accepted pair, or reuse its new block
        taken_old.insert(at, i)
        taken_new.insert(at, j)
    return list(zip(taken_old, taken_new, strict=True))


def _candidates(
    old_words: list[frozenset[str]], new_words: list[frozenset[str]]
) -> set[tuple[int, int]]:
    """Pairs worth scoring: all of them in small runs, else those sharing an uncommon word."""
    if len(old_words) * len(new_words) <= _DENSE_PAIRS:
        return {(i, j) for i in range(len(old_words)) for j in range(len(new_words))}
    postings: dict[str, list[int]] = {}
    for i, counts in enumerate(old_words):
        for word in counts:
            postings.setdefault(word, []).append(i)
    limit = max(8, len(old_words) // 20)
    pairs: set[tuple[int, int]] = set()
    for j, counts in enumerate(new_words):
        for word in counts:
            hits = postings.get(word, ())
            if len(hits) <= limit:
                pairs.update((i, j) for i in hits)
    return pairs


def _replaced(old: Block, new: Block, old_units: Units, new_units: Units) -> BlockChange:
    """A paired block with its word-level segments."""
    if old.key == new.key:  # the alignment left a block that did not change in a run
        return BlockChange("equal", old, new)
    segments, added, removed = unit_segments(old_units, new_units)
    return BlockChange("replace", old, new, segments, words_added=added, words_removed=removed)
