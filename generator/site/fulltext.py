"""Full texts of versions as safe HTML: cached by text hash, rendered ahead of need in parallel.

Rendering every full text is the largest single cost of a cold build (tens of megabytes of
Markdown), and MkDocs builds pages one after another in one process. So the build starts
worker processes that render the texts into the cache while the content is loaded, platform by
platform, at the lowest priority: they take the core the loading leaves idle, what the analysis
leaves of the cores, then the core MkDocs leaves while it makes the pages. Each page takes its
text from the cache when it is written: one text in memory at a time.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from cachetools import LRUCache, cached

from generator.analysis.blocks import SECTION_RE
from generator.analysis.cache import Cache, code_fingerprint, digest
from generator.analysis.pools import process_pool
from generator.site.safe_html import clean_snapshot_html, render_markdown, without_controls

if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import Future, ProcessPoolExecutor

    from generator.content.model import Version


# A snapshot is rendered section by section, and each section is remembered: the versions of a
# document share nearly all their sections, so a history costs about what its changes add, not
# its length times its versions. A section starts after a blank line, at the left margin, with
# a heading, a word, bold text or a link: there Python-Markdown closes every block that could
# run on (a list, a quote, a table, indented code), so the sections render as the whole text
# does (tests/site/test_fulltext.py; and every distinct text of both shared corpora). The pattern
# is `analysis.blocks.SECTION_RE`: the analysis splits texts into blocks at the same places.
# A reference definition (`[id]: https://…`) serves links anywhere in the text: rendered whole.
_REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
SECTIONS_KEPT = 4_000_000
"""Bytes of section HTML remembered by each of the two memories below, sections and items
(`sys.getsizeof`: a string with one character beyond Latin-1 takes two or four bytes a
character), the least recently used forgotten first: several times the sections of the longest
document's versions, yet bounded in size, where a count of sections is not (a collection has
sections of 20 KB and more; 8,192 of those took a worker past 290 MB; one memory of 8 million
characters kept it under 100 MB, rendering as fast)."""
CLEANED_KEPT = 2_000_000
"""Bytes of cleaned section HTML a page writer remembers: it writes a document's versions one
after another, so the sections of one document are what it needs."""


def snapshot_html(markdown_text: str) -> str:
    """Safe HTML of one snapshot's text (Markdown or plain text)."""
    return "\n".join(snapshot_sections(markdown_text))


def snapshot_sections(markdown_text: str) -> list[str]:
    """Safe HTML of one snapshot's text, section by section: joined by newlines, the HTML of
    the whole text cleaned at once. A section is whole blocks, so cleaning it alone gives what
    cleaning it among the others does (the tests hold the two to each other); each section is
    then cleaned once for all the versions that share it."""
    text = without_controls(markdown_text)
    if _has_references(text):
        return [clean_snapshot_html(render_markdown(text))]
    sections = SECTION_RE.split(text)
    if len(sections) > 1 and not sections[0].strip():
        # Blank lines before the first section stay with it, as in the whole text.
        sections[:2] = [f"{sections[0]}\n\n{sections[1]}"]
    return [html for html in map(_safe_section, sections) if html is not None]


@cached(
    LRUCache(SECTIONS_KEPT, getsizeof=sys.getsizeof),
    lock=threading.Lock(),
    info=True,
)
def _safe_section(section: str) -> str | None:
    """A section's safe HTML (remembered); None when it renders to nothing."""
    html = _section_html(section)
    return clean_snapshot_html(html) if html else None


@cached(LRUCache(CLEANED_KEPT, getsizeof=sys.getsizeof), lock=threading.Lock(), info=True)
def cleaned_again(html: str) -> str:
    """Safe HTML of a section read back from the cache (remembered: versions share them)."""
    return clean_snapshot_html(html)


# A long section can be one list (a policy's numbered clauses, a site's menu captured with
# the text), and a change to one of its items would render all of it again: 218 KB for each
# version of one document of a collection. So a long section is rendered item by item, cut where
# an item starts at the left margin after a blank line. Python-Markdown reads such an item as
# continuing the list before it, and then wraps the text of both items in paragraphs (a loose
# list). An item is therefore rendered between stand-in items of the same kind of list, one
# before it when it continues a list, one after it when an item follows, and the stand-ins'
# HTML is cut off. A stand-in that does not render as such (its neighbour read as a rule `* * *`
# or a heading, not as an item) means the cut is not safe: the section is rendered whole.
LONG_SECTION = 2_000
"""Characters from which a section is rendered item by item."""
_ITEM_RE = re.compile(r"\n[ \t]*\n(?=(?:[*+-]|[0-9]+\.)[ \t])")
_STAND_IN = {"ul": "* x", "ol": "1. x"}
# The stand-in's HTML: before an item of its list, after an item of its list, after anything
# else (a new list of its own).
_STAND_IN_BEFORE = {kind: f"<{kind}>\n<li>\n<p>x</p>\n</li>\n" for kind in _STAND_IN}
_STAND_IN_JOINED = {kind: f"<li>\n<p>x</p>\n</li>\n</{kind}>" for kind in _STAND_IN}
_STAND_IN_APART = {kind: f"\n<{kind}>\n<li>x</li>\n</{kind}>" for kind in _STAND_IN}


def _section_html(section: str) -> str:
    if len(section) < LONG_SECTION:
        return render_markdown(section)
    items = _ITEM_RE.split(section)
    if len(items) == 1 or not items[0].strip():
        return render_markdown(section)
    return _items_html(items) or render_markdown(section)


def _list_kind(item: str) -> str:
    return "ol" if item[0].isdigit() else "ul"


def _items_html(items: list[str]) -> str | None:
    """The HTML of a section cut into `items`, each rendered as in the whole section; None
    when a cut is not safe."""
    out: list[str] = []
    open_list = ""  # the kind of list the previous item leaves open for this one
    for k, item in enumerate(items):
        before, after = open_list, _list_kind(items[k + 1]) if k + 1 < len(items) else ""
        markdown_text = item
        if before:
            markdown_text = f"{_STAND_IN[before]}\n\n{markdown_text}"
        if after:
            markdown_text = f"{markdown_text}\n\n{_STAND_IN[after]}"
        html = _nested_html(item, before, after) if len(item) >= LONG_SECTION else None
        if html is None:
            html = _rendered(markdown_text)
        if before:
            if not html.startswith(_STAND_IN_BEFORE[before]):
                return None
            html = html[len(_STAND_IN_BEFORE[before]) :]
        elif out:
            out.append("\n")  # between blocks, as Python-Markdown writes them
        open_list = ""
        if after and html.endswith(_STAND_IN_JOINED[after]):
            html, open_list = html[: -len(_STAND_IN_JOINED[after])], after
        elif after and html.endswith(_STAND_IN_APART[after]):
            html = html[: -len(_STAND_IN_APART[after])]
        elif after:
            return None
        out.append(html)
    return "".join(out)


# A long item can hold a whole nested list (a policy's country-by-country notices: 300 KB in one
# item of a collection's document, 186 distinct versions of it, each differing in a line), and
# an item rendered whole costs its length at every version. Such an item is rendered as its
# head and its nested items apart, each nested item inside a stand-in item of the outer list
# (and between stand-ins of its own list, as above), so that it sits as deep as in the whole;
# the last one with the outer list's stand-in after it, whose HTML the caller cuts off. Every
# section cut so in the contrib collection (2,741, of 63 documents) and in both shared corpora
# (420) renders as it does whole, byte for byte once cleaned.
_NESTED_CUT_RE = re.compile(r"\n[ \t]*\n(?= {4}(?:[*+-]|[0-9]+\.)[ \t])")
# A list begun in the item's head (on its marker's line or below it) runs on into the items.
_HEAD_LIST_RE = re.compile(r"(?:^\S+[ \t]+|\n[ \t]*)(?:[*+-]|[0-9]+\.)(?:[ \t]|$)")


def _nested_html(item: str, before: str, after: str) -> str | None:
    """What `_rendered` gives for `item` between its stand-ins (`before`, `after`: the kinds
    of list they stand in for, or ""), from its head and nested items rendered apart; None
    when it has fewer than two nested items or a cut is not safe."""
    pieces = _NESTED_CUT_RE.split(item)
    if len(pieces) < 3 or _HEAD_LIST_RE.search(pieces[0]):
        return None
    outer = _list_kind(item)
    first = _list_kind(pieces[1].lstrip())
    lead = f"{_STAND_IN[before]}\n\n" if before else ""
    html = _rendered(f"{lead}{pieces[0]}\n\n    {_STAND_IN[first]}")
    head_end = f"\n<{first}>\n<li>x</li>\n</{first}>\n</li>\n</{outer}>"
    if not html.endswith(head_end):
        return None
    out = [html[: -len(head_end)]]
    parent, parent_html = f"{_STAND_IN[outer]}\n\n", f"<{outer}>\n<li>\n<p>x</p>\n"
    parent_end = f"\n</li>\n</{outer}>"
    open_list = ""  # the kind of nested list the previous item leaves open for this one
    nested = pieces[1:]
    for k, piece in enumerate(nested):
        following = _list_kind(nested[k + 1].lstrip()) if k + 1 < len(nested) else ""
        markdown_text = parent + (f"    {_STAND_IN[open_list]}\n\n" if open_list else "") + piece
        if following:
            markdown_text += f"\n\n    {_STAND_IN[following]}"
        elif after:
            markdown_text += f"\n\n{_STAND_IN[after]}"
        html = _rendered(markdown_text)
        start = parent_html + (_STAND_IN_BEFORE[open_list] if open_list else "")
        if not html.startswith(start):
            return None
        html = html[len(start) :]
        out.append("" if open_list else "\n")
        open_list = ""
        if following and html.endswith(_STAND_IN_JOINED[following] + parent_end):
            html, open_list = html[: -len(_STAND_IN_JOINED[following] + parent_end)], following
        elif following and html.endswith(_STAND_IN_APART[following] + parent_end):
            html = html[: -len(_STAND_IN_APART[following] + parent_end)]
        elif following:
            return None
        out.append(html)
    return "".join(out)


@cached(LRUCache(SECTIONS_KEPT, getsizeof=sys.getsizeof), lock=threading.Lock(), info=True)
def _rendered(markdown_text: str) -> str:
    """An item of a long section between its stand-ins, rendered (remembered: a new version
    of a long list changes one item)."""
    return render_markdown(markdown_text)


TEXT_PART_BYTES = 500_000
"""A full text longer than this is shown over several pages, cut where a section starts: a
page stays under 1 MB of HTML (a text's HTML is about the size of its Markdown, more with many
links)."""


def text_parts(markdown_text: str, limit: int = TEXT_PART_BYTES) -> list[str]:
    """`markdown_text` cut where sections start into parts of at most `limit` bytes (a longer
    section stays whole); each part renders as its sections do in the whole text. A text with
    reference definitions, which serve links anywhere in it, is one part."""
    text = without_controls(markdown_text)
    if _utf8_size(text) <= limit or _has_references(text):
        return [text]
    # Each part's sections, joined at the end: a part grown one section at a time would be
    # copied whole for each.
    parts: list[list[str]] = []
    size = 0
    for section in SECTION_RE.split(text):
        grown = size + _utf8_size(section) + 2
        if parts and grown <= limit:
            parts[-1].append(section)
            size = grown
        else:
            parts.append([section])
            size = _utf8_size(section)
    return ["\n\n".join(sections) for sections in parts]


def _has_references(text: str) -> bool:
    """Whether the text defines a reference link ("]:" first: the pattern is slow to rule out
    over a long text that has none, as most have not)."""
    return "]:" in text and _REFERENCE_RE.search(text) is not None


def _utf8_size(text: str) -> int:
    """Bytes of `text` in UTF-8 (an ASCII text, most of them, is not encoded to know)."""
    return len(text) if text.isascii() else len(text.encode())


def cache_key(sha256: str) -> str:
    """Under the text's hash and the code that renders it (not a page template's)."""
    return digest("fulltext", code_fingerprint("site.fulltext"), sha256)


def _render_into_cache(root: str, version: Version) -> None:
    """In a worker process: read one text (from its file, unless held), render it, store it."""
    sections = snapshot_sections(version.text)
    Cache(Path(root)).put(cache_key(version.sha256), _entry(version.sha256, sections))


def _entry(sha256: str, sections: list[str]) -> dict[str, object]:
    """A text's cache entry: the hash of the text it was rendered from, its sections' HTML."""
    return {"text": sha256, "sections": sections}


def _sections_of(entry: object, sha256: str) -> list[str] | None:
    """The sections' HTML an entry holds for the text `sha256`; None for anything else."""
    if not isinstance(entry, dict) or entry.get("text") != sha256:
        return None
    sections = entry.get("sections")
    if isinstance(sections, list) and all(isinstance(html, str) for html in sections):
        return sections
    return None


PARALLEL_MIN_TEXTS = 8
"""Fewer texts to render than this are rendered as their pages are written: a spawned worker
takes about half a second to start, a text renders in tens of milliseconds (a live reload after
one edited snapshot would otherwise wait for a worker)."""


BACKGROUND_NICENESS = 19
"""How far below the build the workers run (Unix niceness, 19 the lowest priority)."""


def default_workers() -> int:
    """Leave one core to MkDocs, which renders pages meanwhile."""
    return max(1, (os.cpu_count() or 1) - 1)


class FullTexts:
    """The full-text HTML of each version, by its text's SHA-256."""

    def __init__(self, cache: Cache, workers: int | None = None) -> None:
        self.cache = cache
        self.workers = default_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future[None]] = {}
        self._asked: set[str] = set()  # the texts `prepare` was given, by hash
        self._waiting: dict[str, Version] = {}  # texts to render before the workers start
        self._cut: tuple[str, list[str]] = ("", [])  # the last text cut: its hash, its parts

    def prepare(self, versions: Iterable[Version]) -> None:
        """Start rendering, in the background, every text the cache does not hold yet (but
        texts long enough to be cut: each part is rendered as its page is written).

        Called again with more versions (a build calls it with each platform as it is loaded,
        so that a core the loading leaves idle renders texts), it adds theirs: the workers
        start once PARALLEL_MIN_TEXTS texts wait, and then take each new one as it comes.
        """
        if self.cache.root is None or self.workers < 1:
            return
        for version in versions:  # versions travel without their texts: workers read them
            if version.size > TEXT_PART_BYTES or version.sha256 in self._asked:
                continue
            self._asked.add(version.sha256)
            if not self.cache.has(cache_key(version.sha256)):
                self._waiting[version.sha256] = version
        if self._pool is None and len(self._waiting) < PARALLEL_MIN_TEXTS:
            return
        if self._pool is None:
            # Spawned workers that die with the build, even a killed one (see
            # analysis.pools). They yield to the analysis: a cold build starts them while the
            # texts are loaded, and they take what the loading, the analysis and MkDocs leave
            # of the cores.
            self._pool = process_pool(self.workers, niceness=BACKGROUND_NICENESS)
        root = str(self.cache.root)
        for sha256, version in self._waiting.items():
            self._pending[sha256] = self._pool.submit(_render_into_cache, root, version)
        self._waiting.clear()

    def part_count(self, version: Version) -> int:
        """How many parts the version's text is cut into (`text_parts`), remembered in the
        cache: a build would otherwise read and cut every long text to know its pages."""
        if version.size <= TEXT_PART_BYTES:
            return 1
        key = digest("text parts", code_fingerprint("site.fulltext"), version.sha256)
        entry = self.cache.get(key)
        if isinstance(entry, dict) and entry.get("text") == version.sha256:
            count = entry.get("parts")
            if isinstance(count, int) and count >= 1:
                return count
        count = len(self.parts(version))
        self.cache.put(key, {"text": version.sha256, "parts": count})
        return count

    def parts(self, version: Version) -> list[str]:
        """The version's text cut into parts (`text_parts`): its part pages are written one
        after another, so the last text cut is remembered rather than read again."""
        if self._cut[0] != version.sha256:
            self._cut = (version.sha256, text_parts(version.text))
        return self._cut[1]

    def html(self, version: Version, part: int = 0) -> str:
        """The version's full text as safe HTML, or its part number `part` (from 1)."""
        if part:
            parts = self.parts(version)
            # A count the cache got wrong (edited by hand) asks for a part the text lacks.
            return snapshot_html(parts[part - 1]) if part <= len(parts) else ""
        future = self._pending.pop(version.sha256, None)
        if future is not None:
            # Wait for the worker; if it died, the text is rendered here instead. Not
            # `result()`: a broken pool gives every future the same exception, and raising it
            # again and again would chain each page's frames (and its HTML) to it.
            with contextlib.suppress(Exception):
                future.exception()
        key = cache_key(version.sha256)
        cached = _sections_of(self.cache.get(key), version.sha256)
        if cached is not None:
            # The cache folder is not trusted (a committed `.cache`, a restored CI cache): what
            # comes out of it is cleaned again, section by section; a no-op for what
            # snapshot_sections wrote.
            return "\n".join(map(cleaned_again, cached))
        sections = snapshot_sections(version.text)
        self.cache.put(key, _entry(version.sha256, sections))
        return "\n".join(sections)

    def close(self) -> None:
        """Stop the workers (texts not asked for are dropped; those being rendered finish, so
        that no worker is left starting up or writing while the build exits)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()
        self._waiting.clear()
