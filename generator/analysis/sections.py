"""Which parts of a document a change touches: the heading path of each changed block.

A document's outline comes from its headings, and from the lines that act as headings in
captures without Markdown ones: a paragraph that is one short bold line (`**2.1 Information
we collect**`), or, in a text with no headings of either sort, one short line without a full
stop. Numbered ones nest by their numbering ("2." holds "2.1"). The document's title (its
only top-level heading, first) is left out of paths, and page furniture ("Related articles",
"Table of contents") is flagged, so neither names what a policy says.

Each changed block belongs to the section of the last heading before it, on the side where
the block is (the new side, or the old one for a deleted block): a section removed with its
heading keeps its old name. A section whose changes say nothing of the policy is told apart
(TRIVIAL): text moved to another place of the page, quotes or dashes re-typeset, or a live
list's "3 days ago" moving on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from generator.analysis.changes import Section
from generator.analysis.sentences import blank_markup

if TYPE_CHECKING:
    from collections.abc import Sequence

    from generator.analysis.blocks import Block
    from generator.analysis.diff import BlockChange, Diff

MAX_NAME_CHARS = 80  # a heading longer than this is cut at a word, with "…"
_PSEUDO_LEVEL = 7  # lines acting as headings nest below every Markdown heading
_BOLD_LINE_RE = re.compile(r"[ \t]*(\*\*|__)(?=\S)(.+?)(?<=\S)\1[ \t]*[.:]?[ \t]*")
_NUMBERING_RE = re.compile(
    r"(?:(\d{1,3}(?:[ \t]*\.[ \t]*\d{1,3})*)[ \t]*[.)]?|(?:[A-Z]|[IVX]{1,5})[.)])[ \t]"
)
_SPACE_BEFORE_RE = re.compile(r"\s+([.,;:!?)\]])")
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_DATE_WORDS_RE = re.compile(
    r"\b(?:updated|modified|effective|revised|version|copyright|\d{4})\b", re.IGNORECASE
)

# Headings of the page around a policy rather than of the policy (compared in lower case,
# without punctuation or digits).
_FURNITURE = frozenset(
    {
        "contents", "table of contents", "on this page", "in this article", "in this section",
        "in this policy", "related articles", "related topics", "related links",
        "related resources", "related content", "related pages", "related help articles",
        "more resources", "other resources", "additional resources", "helpful resources",
        "need more help", "still need help", "need help", "get help", "help", "help center",
        "help centre", "was this article helpful", "was this page helpful",
        "was this information helpful", "was this helpful", "share this article", "share",
        "print", "menu", "main menu", "navigation", "search", "search results", "sign in",
        "log in", "login", "sign up", "follow us", "recent posts", "popular posts",
        "popular articles", "trending articles", "recommended articles", "cookie settings",
        "cookie preferences", "manage cookies", "footer", "skip to content",
        "skip to main content", "we re sorry", "page not found", "expand all", "collapse all",
        "back to top", "quick links", "useful links", "learn more", "see also",
        "download the app", "get the app", "select your language", "language", "languages",
    }
)  # fmt: skip


@dataclass(frozen=True)
class _Heading:
    """A block that acts as a heading: its nesting level and its name as shown."""

    level: int
    name: str
    real: bool  # a Markdown heading (not a line that acts as one)
    furniture: bool


def heading_name(text: str) -> str:
    """A heading's words on one line: markup, escapes and trailing punctuation dropped, and
    cut at a word when it is longer than MAX_NAME_CHARS."""
    # Markup blanked first, escapes with it ("2\\." stays "2." rather than a list marker).
    bare = blank_markup(text)
    name = _SPACE_BEFORE_RE.sub(r"\1", " ".join(bare.split())).strip(" .:;,-\u2013\u2014")
    if len(name) > MAX_NAME_CHARS:
        cut = name.rfind(" ", 0, MAX_NAME_CHARS)
        name = name[: cut if cut > MAX_NAME_CHARS // 2 else MAX_NAME_CHARS].rstrip(" ,;:") + "…"
    return name


def is_furniture(name: str) -> bool:
    """Whether a heading names a part of the page rather than of the policy."""
    key = " ".join(re.findall(r"[a-z]+", name.lower()))
    # Not every "Related …": Google's policy has a section "Related privacy practices".
    return key in _FURNITURE or key.startswith(("skip to ", "was this "))


def _numbering_depth(name: str) -> int:
    """1 for "2." or "B.", 2 for "2.1", …; 0 for an unnumbered name."""
    match = _NUMBERING_RE.match(name)
    if match is None:
        return 0
    return 1 + match.group(1).count(".") if match.group(1) else 1


def _bold_line(block: Block) -> str | None:
    """The words of a paragraph that is one short bold line, else None."""
    key = block.key  # whitespace already normalised: the quick tests, without a copy
    if block.kind != "paragraph" or len(key) > 160 or not key.startswith(("**", "__")):
        return None
    text = block.text.strip()
    if "\n" in text:
        return None
    match = _BOLD_LINE_RE.fullmatch(text)
    if match is None or "**" in match.group(2) or "](" in text:
        return None
    name = heading_name(match.group(2))
    return name if 1 <= len(_WORD_RE.findall(name)) <= 14 else None


def _plain_line(block: Block) -> str | None:
    """The words of a paragraph that is one short line reading as a heading, else None."""
    if block.kind != "paragraph" or len(block.key) > 80:
        return None
    text = block.text.strip()
    if "\n" in text or "](" in text:
        return None
    if text[-1] in ".,;:!" or not (text[0].isupper() or text[0].isdigit()):
        return None
    name = heading_name(text)
    if ":" in name or _DATE_WORDS_RE.search(name):
        return None  # "Last updated: May 2023", "Effective 2023": facts, not headings
    return name if 1 <= len(_WORD_RE.findall(name)) <= 12 else None


def _headings(blocks: Sequence[Block]) -> dict[int, _Heading]:
    """The blocks that act as headings, by position."""
    found: dict[int, _Heading] = {}
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            title = heading_name(block.text)
            if title:
                found[i] = _Heading(block.level, title, True, is_furniture(title))
            continue
        bold = _bold_line(block)
        if bold is not None:
            level = _PSEUDO_LEVEL + _numbering_depth(bold)
            found[i] = _Heading(level, bold, False, is_furniture(bold))
    if not found:  # a plain-text capture: short lines without a full stop
        for i, block in enumerate(blocks):
            line = _plain_line(block)
            if line is not None:
                level = _PSEUDO_LEVEL + _numbering_depth(line)
                found[i] = _Heading(level, line, False, is_furniture(line))
    return found


@dataclass(frozen=True)
class Outline:
    """Every block's heading path, for one side of a diff."""

    paths: tuple[tuple[str, ...], ...]  # by block position
    furniture: tuple[bool, ...]  # whether the block lies under page furniture
    headings: frozenset[int]  # positions of the blocks that act as headings
    headed: bool  # whether the text has any heading besides its title
    title: int | None = None  # position of the document's title, if it has one


# The last few outlines, by the identity of their blocks: a history compares each text with
# the one before and the one after, and the blocks of a text are split once (blocks.py keeps
# the last few splits). Each entry holds its blocks, so their ids cannot be reused meanwhile.
_RECENT: dict[tuple[int, ...], tuple[tuple[Block, ...], Outline]] = {}
_RECENT_SIZE = 4


def outline(blocks: Sequence[Block]) -> Outline:
    """The heading path of every block: the headings above it, its own included."""
    key = tuple(map(id, blocks))
    found = _RECENT.get(key)
    if found is None:
        found = _RECENT[key] = (tuple(blocks), _outline(blocks))
        while len(_RECENT) > _RECENT_SIZE:
            del _RECENT[next(iter(_RECENT))]
    return found[1]


def _outline(blocks: Sequence[Block]) -> Outline:
    headings = _headings(blocks)
    title: int | None = None
    if headings:
        top = min(h.level for h in headings.values())
        at_top = [i for i, h in headings.items() if h.level == top]
        if len(at_top) == 1 and at_top[0] == min(headings):
            title = at_top[0]  # the document's title: in no path but its own
    stack: list[_Heading] = []
    names: tuple[str, ...] = ()
    under_furniture = False
    paths: list[tuple[str, ...]] = []
    furniture: list[bool] = []
    for i in range(len(blocks)):
        heading = headings.get(i)
        if heading is not None:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            if i != title:
                stack.append(heading)
            names = tuple(h.name for h in stack)
            under_furniture = any(h.furniture for h in stack)
        paths.append((headings[i].name,) if i == title else names)
        furniture.append(under_furniture)
    headed = any(i != title for i in headings)
    return Outline(tuple(paths), tuple(furniture), frozenset(headings), headed, title)


# "3 days ago", "an hour ago", "yesterday": what a live list on a page (recent posts, latest
# questions) changes at every capture, while the policy around it does not.
_RELATIVE_TIME_RE = re.compile(
    r"\b(?:\d+|an?|one|a few)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b"
    r"|\b(?:yesterday|today|just now)\b",
    re.IGNORECASE,
)
# Typography: curly and straight quotes, dashes, non-breaking and other spaces (a word with a
# curly apostrophe is another word to the word diff).
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"',
        "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u2013": "-", "\u2014": "-",
        "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
    }
)  # fmt: skip
TRIVIAL = frozenset({"times", "typography", "moved"})
"""Section changes that say nothing of the policy: relative times of a live list, quotes or
dashes, and text moved from one place of the page to another."""


def only_times_changed(old: str, new: str) -> bool:
    """Whether two versions of a block differ only in relative times ("2 days ago")."""
    if not _RELATIVE_TIME_RE.search(old) or not _RELATIVE_TIME_RE.search(new):
        return False
    return _RELATIVE_TIME_RE.sub("~", old).split() == _RELATIVE_TIME_RE.sub("~", new).split()


def only_typography_changed(old: str, new: str) -> bool:
    """Whether two versions of a block have the same words, in the same order: only quotes,
    apostrophes, dashes, spaces or Markdown emphasis differ."""
    words = [_WORD_RE.findall(blank_markup(t).translate(_TYPOGRAPHY)) for t in (old, new)]
    return words[0] == words[1]


def _trivial(change: BlockChange, moved: Counter[str]) -> str:
    """How a changed block changed, when it says nothing of the policy ("" when it does)."""
    if change.op == "replace":
        if only_times_changed(change.old_text, change.new_text):
            return "times"
        if only_typography_changed(change.old_text, change.new_text):
            return "typography"
        return ""
    block = change.new if change.op == "insert" else change.old
    if block is not None and block.key and moved[block.key] > 0:
        moved[block.key] -= 1
        return "moved"
    return ""


def _moved(diff: Diff) -> tuple[Counter[str], Counter[str]]:
    """Blocks deleted in one place and inserted unchanged in another, by key, for each side."""
    inserted = Counter(c.new.key for c in diff.blocks if c.op == "insert" and c.new is not None)
    deleted = Counter(c.old.key for c in diff.blocks if c.op == "delete" and c.old is not None)
    both = inserted & deleted
    both.pop("", None)
    return Counter(both), Counter(both)


@dataclass
class _Tally:
    """One section's changed words, while the diff is read."""

    path: tuple[str, ...]
    headed: bool
    furniture: bool
    first: int  # diff index of its first changed block
    anchor: int | None = None  # of its first changed block with words
    added: int = 0
    removed: int = 0
    appeared: bool = False  # its heading was inserted
    went: bool = False  # its heading was deleted
    trivial: set[str] = field(default_factory=set)  # how its blocks changed ("" for real)

    def change(self) -> str:
        if self.appeared and not self.removed:
            return "new"
        if self.went and not self.added:
            return "gone"
        if len(self.trivial) == 1 and "" not in self.trivial:
            return next(iter(self.trivial))
        return "edit"


@dataclass(frozen=True)
class BlockPlaces:
    """Where each block of a diff is: its section path, and whether it acts as a heading."""

    paths: dict[int, tuple[str, ...]]  # diff index -> heading path (changed blocks)
    headings: frozenset[int]  # diff indexes of changed blocks that act as headings
    # Changed blocks that say nothing of the policy (see TRIVIAL): never quoted.
    trivial: frozenset[int] = frozenset()


def changed_sections(diff: Diff) -> tuple[tuple[Section, ...], BlockPlaces]:
    """The sections a diff touches, most changed first (page furniture and trivial changes
    last), with the words added and removed in each; and the place of every changed block."""
    old_at = [k for k, c in enumerate(diff.blocks) if c.old is not None]
    new_at = [k for k, c in enumerate(diff.blocks) if c.new is not None]
    old = outline([c.old for c in diff.blocks if c.old is not None])
    new = outline([c.new for c in diff.blocks if c.new is not None])
    old_pos = {k: n for n, k in enumerate(old_at)}
    new_pos = {k: n for n, k in enumerate(new_at)}
    # Words of each section before and after (roughly: a rewrite is judged by its share).
    sizes: dict[tuple[str, ...], list[int]] = {}
    for number, (at, lines) in enumerate(((old_at, old), (new_at, new))):
        for n, k in enumerate(at):
            block = diff.blocks[k].old if number == 0 else diff.blocks[k].new
            assert block is not None
            count = sizes.setdefault(lines.paths[n], [0, 0])
            count[number] += (block.key.count(" ") + 1) if block.key else 0
    moved_in, moved_out = _moved(diff)
    tallies: dict[tuple[str, ...], _Tally] = {}
    paths: dict[int, tuple[str, ...]] = {}
    heads: set[int] = set()
    trivial: set[int] = set()
    for k, change in enumerate(diff.blocks):
        if change.op == "equal":
            continue
        if change.new is not None:
            side, n = new, new_pos[k]
        else:
            side, n = old, old_pos[k]
        path = side.paths[n]
        paths[k] = path
        is_heading = n in side.headings
        if is_heading:
            heads.add(k)
        tally = tallies.get(path)
        if tally is None:
            tally = tallies[path] = _Tally(path, side.headed, side.furniture[n], k)
        tally.added += change.words_added
        tally.removed += change.words_removed
        how = _trivial(change, moved_in if change.op == "insert" else moved_out)
        tally.trivial.add(how)
        if how:
            trivial.add(k)
        if tally.anchor is None and (change.words_added or change.words_removed):
            tally.anchor = k
        if is_heading and change.op == "insert":
            tally.appeared = True
        if is_heading and change.op == "delete":
            tally.went = True
    sections = [
        Section(
            t.path,
            t.added,
            t.removed,
            block=t.first if t.anchor is None else t.anchor,
            headed=t.headed,
            change=t.change(),
            furniture=t.furniture,
            size=max(sizes.get(t.path, [0, 0])),
        )
        for t in tallies.values()
    ]
    # Page furniture, and sections where only trivial things changed, after the real edits.
    sections.sort(
        key=lambda s: (
            s.furniture,
            s.change in TRIVIAL,
            -(s.words_added + s.words_removed),
            s.block,
        )
    )
    return tuple(sections), BlockPlaces(paths, frozenset(heads), frozenset(trivial))


def document_sections(blocks: Sequence[Block], word_counts: Sequence[int]) -> tuple[Section, ...]:
    """The top-level sections of a whole text (a first version), longest first."""
    found = outline(blocks)
    totals: dict[tuple[str, ...], int] = {}
    for n, (path, count) in enumerate(zip(found.paths, word_counts, strict=True)):
        top = () if n == found.title else path[:1]  # the title opens the text
        totals[top] = totals.get(top, 0) + count
    sections = [
        Section(path, words, 0, headed=found.headed, change="new", size=words)
        for path, words in totals.items()
        if words or path
    ]
    sections.sort(key=lambda s: -s.words_added)
    return tuple(sections)


def without_anchors(sections: Sequence[Section]) -> tuple[Section, ...]:
    """Sections of a diff that is not the one shown: nothing to jump to."""
    return tuple(replace(s, block=None) for s in sections)
