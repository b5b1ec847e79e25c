"""A Diff as safe HTML: changed blocks with word-level `<ins>`/`<del>`, a little context,
and long unchanged stretches folded into one line (the markers become tags in
`diff_markers.py`).

Blocks are rendered by the snapshot engine, so headings, lists and tables still look like
themselves. Changes are marked by private-use characters placed in the block's Markdown; after
rendering they become `<ins class="critic">`/`<del class="critic">` (closed and reopened around
every tag, so they nest properly) and block classes (`pw-…`, see `safe_html.CSS_CLASSES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from generator.analysis.normalise import MARKUP, Token, TokenKind, tokens, units
from generator.site.diff_markers import (
    ANCHOR_CLOSE,
    ANCHOR_OPEN,
    ANCHOR_PREFIX,
    DEL_CLOSE,
    DEL_OPEN,
    FLAG_CHANGE,
    FLAG_DELETE,
    FLAG_FOLD,
    FLAG_INSERT,
    FLAG_TRUNCATED,
    INS_CLOSE,
    INS_OPEN,
    MARKERS_RE,
    apply_markers,
)
from generator.site.safe_html import clean_snapshot_html, render_markdown

if TYPE_CHECKING:
    from collections.abc import Iterator

    from generator.analysis.blocks import Block
    from generator.analysis.diff import BlockChange, Diff

# Source characters of changed blocks shown before the rest is summarised in one line; keeps
# a change page well under its 150 KB budget when a policy doubles in size.
MAX_CHARS = 40_000
NO_CHANGE = "No change in the text: at most whitespace or line wrapping differs."

# Markdown structure is kept as it is on the side whose structure is shown, and left out
# where words of the other side are spliced in.
_STRUCTURE = MARKUP
_MD_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|<")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class _Piece:
    """One displayed block's Markdown, with markers, and how to place it among the others."""

    markdown: str
    kind: str
    indent: int = 0
    head: str = ""  # a table row's head, repeated when the row is shown without its table
    tight: bool = False  # no blank line after it in its source (a tight list stays tight)


def diff_html(diff: Diff, *, context: int = 1, max_chars: int = MAX_CHARS) -> str:
    """Safe HTML of a diff: changes with `context` unchanged blocks around each, rest folded.

    The result is a sequence of block elements, for the caller to put in its own container.
    """
    if not diff.changed:
        return f'<p class="pw-unchanged">{NO_CHANGE}</p>'
    pieces = list(_pieces(diff, context, max_chars))
    rendered = clean_snapshot_html(render_markdown(_assemble(pieces)))
    return clean_snapshot_html(apply_markers(rendered), anchors=True)


# --- Choosing what to show -------------------------------------------------------------------


# A lone unchanged block this short is shown rather than folded: a fold would be no shorter.
_SHOW_LONE = 400


def _pieces(diff: Diff, context: int, max_chars: int) -> Iterator[_Piece]:
    changes = diff.blocks
    shown: set[int] = set()
    for k, change in enumerate(changes):
        if change.op != "equal":
            shown.update(range(k - context, k + context + 1))
    budget = max_chars
    hidden: list[int] = []
    folded: list[BlockChange] = []
    for k, change in enumerate(changes):
        if budget <= 0:
            if change.op != "equal":
                hidden.append(k)
        elif k not in shown:
            folded.append(change)
        else:
            yield from _folded(folded)
            folded = []
            for piece in _change_pieces(change, anchor(k) if change.op != "equal" else ""):
                budget -= len(piece.markdown)
                yield piece
    if hidden:
        noun = "change" if len(hidden) == 1 else "changes"
        note = f"… {len(hidden)} more {noun} not shown here: compare the full texts …"
        # The anchors of the changes left out, so that a link to one lands on this note.
        anchors = "".join(anchor(k) for k in hidden)
        yield _Piece(FLAG_TRUNCATED + anchors + note, "fold")
    else:
        yield from _folded(folded)


def _folded(folded: list[BlockChange]) -> Iterator[_Piece]:
    if len(folded) == 1 and len(folded[0].new_text) <= _SHOW_LONE:
        yield from _change_pieces(folded[0])
    elif folded:
        yield _fold(folded)


_NOUNS = {
    "list_item": ("list item", "list items"),
    "table_row": ("table row", "table rows"),
    "heading": ("heading", "headings"),
}


def _fold(folded: list[BlockChange]) -> _Piece:
    kinds = {"table_row" if c.new.kind == "table_head" else c.new.kind for c in folded if c.new}
    kind = kinds.pop() if len(kinds) == 1 else "paragraph"
    one, many = _NOUNS.get(kind, ("paragraph", "paragraphs"))
    count = len(folded)
    return _Piece(f"{FLAG_FOLD}… {count} unchanged {one if count == 1 else many} …", "fold")


def anchor(index: int) -> str:
    """The marker that gives the diff's block number `index` its anchor (see diff_markers)."""
    return f"{ANCHOR_OPEN}{index}{ANCHOR_CLOSE}"


def anchor_id(index: int) -> str:
    """The HTML id of the diff's changed block number `index` (the analysis' `block`)."""
    return f"{ANCHOR_PREFIX}{index}"


def _change_pieces(change: BlockChange, mark: str = "") -> Iterator[_Piece]:
    """The pieces showing one block; `mark`: its anchor marker, on the first piece."""
    old, new = change.old, change.new
    if change.op == "equal" and new is not None:
        yield _piece(new, _clean(new.text))
    elif change.op == "insert" and new is not None:
        yield _piece(new, _whole(new, "insert", mark))
    elif change.op == "delete" and old is not None:
        if old.kind not in ("rule", "blank"):
            yield _piece(old, _whole(old, "delete", mark))
    elif old is not None and new is not None:
        if old.kind != new.kind or new.kind == "code":
            # Different structures do not splice: show the old block, then the new one.
            yield _piece(old, _whole(old, "delete", mark))
            yield _piece(new, _whole(new, "insert"))
        else:
            yield _piece(new, _replaced(old, new, change, mark))


def _piece(block: Block, markdown: str) -> _Piece:
    tight = not block.text.endswith("\n\n")
    return _Piece(markdown, block.kind, block.indent, _clean(block.context), tight)


def _clean(text: str) -> str:
    """Text with any of our marker characters replaced, so a snapshot cannot forge a change."""
    return MARKERS_RE.sub("\ufffd", text)


def _whole(block: Block, op: Op, mark: str = "") -> str:
    """A wholly inserted or deleted block: its own structure, each line's text marked as one
    stretch (inline markup included, so a sentence with a link stays one highlighted span)."""
    opener, closer = (INS_OPEN, INS_CLOSE) if op == "insert" else (DEL_OPEN, DEL_CLOSE)
    flag = mark + (FLAG_INSERT if op == "insert" else FLAG_DELETE)  # before the first mark
    if block.kind == "table_row":
        return _whole_row(_clean(block.text), flag, opener, closer)
    out: list[str] = []
    run: list[str] = []
    for token, kind, space in [*units(_clean(block.text)), ("", "b", "")]:
        if kind != "b" and token:
            run += (token, space)
            continue
        # Block markup, a line's indentation, or the end, closes a marked stretch.
        text = "".join(run)
        body = text.rstrip()
        if body:
            out.append(f"{flag}{opener}{body}{closer}{text[len(body) :]}")
            flag = ""
        run.clear()
        out.append(token + space)
    return "".join(out)


_CELL_SEPARATOR_RE = re.compile(r"((?<!\\)\|)")


def _whole_row(text: str, flag: str, opener: str, closer: str) -> str:
    """A whole table row: each cell's text marked inside its cell, the pipes left alone."""
    out: list[str] = []
    for part in _CELL_SEPARATOR_RE.split(text):
        body = part.strip()
        if not body or part == "|":
            out.append(part)
            continue
        start = part.index(body)
        out.append(f"{part[:start]}{flag}{opener}{body}{closer}{part[start + len(body) :]}")
        flag = ""
    return "".join(out)


def _replaced(old: Block, new: Block, change: BlockChange, mark: str = "") -> str:
    """A block changed word by word: the new structure, with the old words spliced in."""
    old_text, new_text = _clean(old.text), _clean(new.text)
    marker = _Marker(mark + FLAG_CHANGE, table_head=new.kind == "table_head")
    at_old = at_new = 0
    for segment in change.segments:
        size = len(segment.text)
        if segment.op == "delete":
            marker.deleted(tokens(old_text, at_old, at_old + size))
            at_old += size
        elif segment.op == "insert":
            for token in tokens(new_text, at_new, at_new + size):
                marker.new(token, inserted=True)
            at_new += size
        else:
            marker.kept(new_text, at_new, at_new + size)
            at_old += size
            at_new += size
    return marker.result()


# --- Marking one block -------------------------------------------------------------------------


class _Marker:
    """Builds a changed block's Markdown: the new side's structure with its inserted words
    between insert markers, and deleted words spliced in as inert text between delete markers.
    """

    def __init__(self, flag: str, *, table_head: bool = False) -> None:
        self.flag = flag  # written once, before the first marker
        self.table_head = table_head
        self.out: list[str] = []
        self.run: list[str] = []  # inserted words not yet written
        self.pending: list[Token] = []  # deleted words, waiting for a place to go
        self.line_start = True

    def _structural(self, token: Token) -> bool:
        if token.kind in _STRUCTURE:
            return True
        # A table head's delimiter row (`| --- | :-: |`) must stay intact.
        return self.table_head and token.kind is TokenKind.PUNCT and not token.text.strip("-:")

    def _write(self, opener: str, text: str, closer: str) -> None:
        self.out.append(f"{self.flag}{opener}{text}{closer}")
        self.flag = ""

    def _close_run(self) -> None:
        if self.run:
            text = "".join(self.run)
            body = text.rstrip()
            self._write(INS_OPEN, body, INS_CLOSE)
            self.out.append(text[len(body) :])
            self.run.clear()

    def _flush(self) -> None:
        if not self.pending:
            return
        text = _spliced(self.pending)
        self.pending.clear()
        body = text.strip()
        if body:
            self._close_run()
            self.out.append(" " * text[0].isspace())
            self._write(DEL_OPEN, body, DEL_CLOSE)
            self.out.append(" " * text[-1].isspace())

    def deleted(self, deleted_tokens: list[Token]) -> None:
        self.pending.extend(deleted_tokens)

    def new(self, token: Token, *, inserted: bool) -> None:
        at_line_start, self.line_start = self.line_start, token.text.endswith("\n")
        if at_line_start and token.kind in _LINE_START:
            # Block syntax must stay first on its line: deleted words wait until after it.
            self._close_run()
            self.out.append(token.text)
            return
        self._flush()
        if not inserted or self._structural(token):
            self._close_run()
            self.out.append(token.text)
        elif token.kind is TokenKind.SPACE and not self.run:
            self.out.append(token.text)
        else:
            self.run.append(token.text)

    def kept(self, text: str, start: int, end: int) -> None:
        """Unchanged text of the new side, `text[start:end]`."""
        for token in tokens(text, start, end) if self.pending else ():
            self.new(token, inserted=False)
            start += len(token.text)
            if not self.pending:
                break  # the deleted words found their place: the rest goes as it is
        if start < end:
            self._close_run()
            self.out.append(text[start:end])
            self.line_start = text[end - 1] == "\n"

    def result(self) -> str:
        self._close_run()
        self._flush()
        text = "".join(self.out)
        if not self.flag:
            return text
        # Only markup changed (say `*` to `-`): flag the block at the end of its text, where
        # the flag cannot disturb block syntax (inside a table row's last cell).
        body = text.rstrip()
        at = len(body) - 1 if body.endswith("|") else len(body)
        return text[:at] + self.flag + text[at:]


_LINE_START = frozenset({TokenKind.PREFIX, TokenKind.RULE, TokenKind.SPACE})


def _spliced(pending: list[Token]) -> str:
    """The other side's tokens as inline text that cannot change the shown structure."""
    parts: list[str] = []
    for k, token in enumerate(pending):
        if token.kind is TokenKind.SPACE:
            parts.append(" ")
        elif token.kind is TokenKind.SYNTAX and token.text[0] == "_":
            # Keep snake_case's underscore; drop emphasis underscores.
            inside = 0 < k < len(pending) - 1 and pending[k - 1].kind is TokenKind.WORD
            if inside and pending[k + 1].kind is TokenKind.WORD:
                parts.append("\\_" * len(token.text))
        elif token.kind in _STRUCTURE:
            continue
        elif token.kind is TokenKind.PUNCT:
            parts.append("".join("\\" + c if c in _MD_ESCAPABLE else c for c in token.text))
        else:
            parts.append(token.text)
    return re.sub(" {2,}", " ", "".join(parts))


# --- Putting blocks together -------------------------------------------------------------------


_TABLE = ("table_head", "table_row")


def _dedent(text: str, columns: int) -> str:
    if not columns:
        return text
    lines = []
    for line in text.split("\n"):
        expanded = line.expandtabs(4) if line[:1] == "\t" else line
        strip = min(columns, len(expanded) - len(expanded.lstrip(" ")))
        lines.append(expanded[strip:])
    return "\n".join(lines)


def _assemble(pieces: list[_Piece]) -> str:
    """One Markdown document of the displayed blocks, separated so each keeps its structure."""
    out: list[str] = []
    previous: _Piece | None = None
    base = 0
    for piece in pieces:
        text = piece.markdown.strip("\n")
        if piece.kind == "fold":
            out.append(text)
            previous = None
            continue
        # Blocks shown without their parents are lifted to the level of the first one shown.
        base = piece.indent if previous is None else min(base, piece.indent)
        text = _dedent(text, base)
        if piece.kind == "table_row" and (previous is None or previous.kind not in _TABLE):
            if piece.head:
                text = piece.head.rstrip("\n") + "\n" + text
        elif previous is not None and (
            (piece.kind == "table_row" and previous.kind in _TABLE)
            or (piece.kind == previous.kind == "list_item" and previous.tight)
        ):
            out[-1] += "\n" + text
            previous = piece
            continue
        out.append(text)
        previous = piece
    return "\n\n".join(out) + "\n"
