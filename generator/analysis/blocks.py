"""Cut a snapshot's Markdown (or plain text) into blocks: the units a diff aligns first.

Blocks follow Python-Markdown's reading of the text (the engine the site renders snapshots with),
except that every list item, nested or not, and every table row is a block of its own.
Each block keeps its exact source, trailing blank lines included, so the blocks of a
document concatenate back to it exactly.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Literal

from cachetools import LRUCache, cached

from generator.analysis.normalise import INVISIBLE_RE as _INVISIBLE_RE
from generator.analysis.normalise import normalise_whitespace

BlockKind = Literal[
    "heading", "paragraph", "list_item", "table_head", "table_row", "code", "rule", "quote", "blank"
]


@dataclass(frozen=True)
class Block:
    """One block of a document."""

    kind: BlockKind
    text: str  # exact source, including the blank lines that follow it
    key: str  # whitespace-normalised text: blocks with equal keys are the same block
    indent: int = 0  # columns of indentation of the first line (nesting inside a list)
    level: int = 0  # heading level, 1-6; 0 for other kinds
    context: str = ""  # Markdown that must precede it to render as itself (a table row's head)


def make_block(
    kind: BlockKind, text: str, *, indent: int = 0, level: int = 0, context: str = ""
) -> Block:
    """A block with its key computed from its text."""
    return Block(kind, text, normalise_whitespace(text), indent, level, context)


_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
_FENCE_RE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_ATX_RE = re.compile(r"[ \t]{0,3}(#{1,6})(?:[ \t]|$)")
_BREAK_RE = re.compile(r"[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")
_UNDERLINE_RE = re.compile(r"[ \t]*(=+|-+)[ \t]*$")
_BULLET_RE = re.compile(r"[ \t]*[*+-](?:[ \t]|$)")
_ORDERED_RE = re.compile(r"[ \t]*\d{1,9}[.)](?:[ \t]|$)")
_QUOTE_RE = re.compile(r"[ \t]{0,3}>")
# A table's delimiter row; written so that no two runs of spaces can trade characters
# (backtracking over them would be quadratic on a hostile line).
_CELL = r":?-+:?[ \t]*"
_DELIMITER_RE = re.compile(rf"[ \t]*(?:\|[ \t]*)?{_CELL}(?:\|[ \t]*{_CELL})*(?:\|[ \t]*)?$")


def _indent(line: str) -> int:
    """Columns of leading whitespace, a tab counting as four (as Python-Markdown reads it)."""
    columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4
        else:
            break
    return columns


def _blank(line: str) -> bool:
    return not line.strip()


def _is_item(line: str) -> bool:
    return bool(_BULLET_RE.match(line) or _ORDERED_RE.match(line))


def _interrupts(line: str) -> bool:
    """Whether a line starts a new block even without a blank line before it."""
    return bool(_ATX_RE.match(line) or _FENCE_RE.match(line) or _BREAK_RE.match(line.rstrip("\n")))


class _Splitter:
    """One pass over the lines; `blocks` grows as (kind, first line, end line, level)."""

    def __init__(self, markdown: str) -> None:
        self.lines = _LINE_RE.findall(markdown)
        self.spans: list[tuple[BlockKind, int, int, int]] = []

    def run(self) -> list[tuple[BlockKind, int, int, int]]:
        lines = self.lines
        i, in_list, after_blank = 0, False, True
        while i < len(lines):
            line = lines[i]
            if _blank(line):
                i, after_blank = i + 1, True
                continue
            indent = _indent(line)
            if in_list and after_blank and indent < 4 and not _is_item(line):
                in_list = False
            # Inside a list, content indented under an item is read as if it were not indented.
            bare = line.lstrip(" \t") if in_list else line
            start = i
            if _FENCE_RE.match(line) and (indent < 4 or in_list):
                i = self._fence(i)
                self.spans.append(("code", start, i, 0))
            elif indent >= 4 and after_blank and not in_list:
                i = self._indented_code(i)
                self.spans.append(("code", start, i, 0))
            elif match := _ATX_RE.match(bare):
                i += 1
                self.spans.append(("heading", start, i, len(match.group(1))))
            elif _BREAK_RE.match(bare.rstrip("\n")):
                i += 1
                self.spans.append(("rule", start, i, 0))
            elif _is_item(line) and (after_blank or in_list):
                i = self._continued(i + 1, item=True)
                self.spans.append(("list_item", start, i, 0))
                in_list = True
            elif _QUOTE_RE.match(bare):
                i = self._continued(i + 1, item=False)
                self.spans.append(("quote", start, i, 0))
            elif after_blank and "|" in line and self._delimiter(i + 1):
                i = self._table(i)
            else:
                i = self._paragraph(i, in_list)
            after_blank = False
        return self.spans

    def _delimiter(self, i: int) -> bool:
        return (
            i < len(self.lines)
            and "|" in self.lines[i]
            and bool(_DELIMITER_RE.match(self.lines[i].rstrip("\n")))
        )

    def _fence(self, i: int) -> int:
        opening = _FENCE_RE.match(self.lines[i])
        assert opening is not None
        fence = opening.group(1)
        for j in range(i + 1, len(self.lines)):
            stripped = self.lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                return j + 1
        return len(self.lines)

    def _indented_code(self, i: int) -> int:
        end = i + 1
        for j in range(i + 1, len(self.lines)):
            if _blank(self.lines[j]):
                continue
            if _indent(self.lines[j]) < 4:
                break
            end = j + 1
        return end

    def _continued(self, i: int, *, item: bool) -> int:
        """End of the lazy continuation lines of a list item or quote, starting at line `i`."""
        lines = self.lines
        first = i
        while i < len(lines):
            line = lines[i]
            if item and i == first and _UNDERLINE_RE.match(line.rstrip("\n")) and _indent(line):
                i += 1  # an indented setext underline under the item's first line
                continue
            if _blank(line) or _interrupts(line) or (item and _is_item(line)):
                break
            i += 1
        return i

    def _table(self, i: int) -> int:
        self.spans.append(("table_head", i, i + 2, 0))
        i += 2
        while i < len(self.lines) and not _blank(self.lines[i]):
            self.spans.append(("table_row", i, i + 1, 0))
            i += 1
        return i

    def _paragraph(self, i: int, in_list: bool) -> int:
        """Add a paragraph (or a setext heading) starting at line `i`; return where it ends."""
        lines, start = self.lines, i
        i += 1
        while i < len(lines):
            line = lines[i]
            bare = line.lstrip() if in_list else line
            if (
                _UNDERLINE_RE.match(line.rstrip("\n"))
                and i == start + 1
                and _indent(line) < 4 + (4 if in_list else 0)
            ):
                level = 1 if line.strip()[0] == "=" else 2
                self.spans.append(("heading", start, i + 1, level))
                return i + 1
            if _blank(line) or _interrupts(bare) or (in_list and _is_item(line)):
                break
            if _QUOTE_RE.match(line) and not in_list:
                break
            i += 1
        self.spans.append(("paragraph", start, i, 0))
        return i


def split_blocks(markdown: str) -> list[Block]:
    """The blocks of a document; `''.join(b.text for b in blocks) == markdown` always."""
    return list(_split(markdown))


# A section starts after a blank line with a heading, a word, bold text or a link at the left
# margin. There every block has ended and the splitter is as it is at the start of a text (no
# list open, a blank line behind): a text's blocks are its sections' blocks, one after another.
# A fence can hold blank lines and words at the margin, so a text with one is split whole.
SECTION_RE = re.compile(r"\n\n(?=#|[^\W\d_]|\*\*[^\s*]|\[)")
"""A blank line and the start of a section (also where `site.fulltext` renders a text apart)."""
_ANY_FENCE_RE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})", re.MULTILINE)
BLOCKS_KEPT = 2_000_000
"""Bytes of blocks' text and keys remembered (a document's versions share nearly all their
sections, so each new version is split only where it is new; the analysis forgets them when
it is done with a document)."""


# Diffing a history compares each version with the one before and the one after: keep the
# last few splits (blocks are immutable, and the cache holds no more than four documents).
@lru_cache(maxsize=4)
def _split(markdown: str) -> tuple[Block, ...]:
    if ("```" in markdown or "~~~" in markdown) and _ANY_FENCE_RE.search(markdown):
        return _split_whole(markdown)
    starts = [0, *(match.end() for match in SECTION_RE.finditer(markdown))]
    sections = [markdown[a:b] for a, b in zip(starts, [*starts[1:], len(markdown)], strict=True)]
    if len(sections) > 1 and not sections[0].strip():
        # Blank lines before the first block belong to it, as in the whole text.
        sections[:2] = [sections[0] + sections[1]]
    return tuple(chain.from_iterable(map(_section_blocks, sections)))


def _size(blocks: tuple[Block, ...]) -> int:
    return sum(sys.getsizeof(block.text) + sys.getsizeof(block.key) for block in blocks) + 1


@cached(LRUCache(BLOCKS_KEPT, getsizeof=_size), lock=threading.Lock(), info=True)
def _section_blocks(section: str) -> tuple[Block, ...]:
    return _split_whole(section)


def forget_sections() -> None:
    """Forget the sections split so far (the next document shares few with the last)."""
    _section_blocks.cache_clear()


def _split_whole(markdown: str) -> tuple[Block, ...]:
    splitter = _Splitter(markdown)
    spans = splitter.run()
    lines = splitter.lines
    if not spans:
        return (make_block("blank", markdown),) if markdown else ()
    # Keys as normalise_whitespace makes them, without its invisible-character pass when the
    # document has none (most do not; the pass per block is a third of the splitting time).
    plain = _INVISIBLE_RE.search(markdown) is None
    blocks: list[Block] = []
    head = ""
    for n, (kind, first, end, level) in enumerate(spans):
        # A block owns the blank lines after it; the first block also owns any before it.
        stop = spans[n + 1][1] if n + 1 < len(spans) else len(lines)
        begin = 0 if n == 0 else first
        text = "".join(lines[begin:stop])
        if kind == "table_head":
            head = "".join(lines[first:end]).rstrip("\n") + "\n"
        key = " ".join(text.split()) if plain else normalise_whitespace(text)
        blocks.append(
            Block(
                kind,
                text,
                key,
                indent=_indent(lines[first]),
                level=level,
                context=head if kind == "table_row" else "",
            )
        )
    return tuple(blocks)
