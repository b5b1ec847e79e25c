"""Category pages: one per data-practice category, and the presences they (and the matrix,
see `matrix.py`) are made of.

"Since" is the start of the current run of mentions: the version from which every later
accepted version of the document mentions the category. Only texts the platform published
count: a failed or technical capture, page furniture or a formatting change leaves the dates
alone, and a blink back to an earlier text returns to that text's dates. A category that was
dropped and came back is dated from its return, and the link goes to the change that brought
it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from generator.analysis.changes import Kind
from generator.content.model import parse_stamp
from generator.site import markup, paging, urls, widgets
from generator.site.history import document_title
from generator.site.timeline import Context, newest_first, row_pages, rows_table

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from generator.analysis.changes import Change
    from generator.content.model import Archive, Document

    Quotes = Callable[[str], Mapping[str, tuple[str, ...]]]  # Version.key -> id -> sentences

QUOTE_CHARS = 240


class CategoryLike(Protocol):
    """What a page needs of a taxonomy category."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def description(self) -> str: ...


@dataclass(frozen=True)
class Presence:
    """A category in one document: since when it has been mentioned, or when it was dropped."""

    platform: str
    document: str
    since: str  # stamp of the version that started the latest run of mentions
    change: Change | None  # the change to that version (`first` for a first record)
    dropped: str | None = None  # stamp of the version that stopped mentioning it, if it did

    @property
    def from_first(self) -> bool:
        """Already in the first recorded version: the true start is unknown."""
        return self.change is not None and self.change.kind is Kind.FIRST

    @property
    def version_key(self) -> str:
        return f"{self.platform}/{self.document}/{self.since}"


# Changes whose text is the document's word: the first record and edits. A technical capture
# (marked so, failed, or page furniture) or a formatting change does not change what the
# document says; a blink back to an earlier text returns to that text's dates.
_ACCEPTED = frozenset({Kind.FIRST, Kind.EDITORIAL, Kind.SUBSTANTIVE})


def presences(
    document: Document, changes: Sequence[Change], mentions: Mapping[str, tuple[str, ...]]
) -> dict[str, Presence]:
    """Every category the document ever mentioned: since when it has been mentioned, or when
    it was dropped. A category's date moves only when an accepted text gains or loses it."""
    by_stamp = {change.to_stamp: change for change in changes}
    since: dict[str, str] = {}  # category -> start of its current run
    dropped: dict[str, tuple[str, str]] = {}  # category -> (start, end) of its last run
    states: dict[str, dict[str, str]] = {}  # stamp -> `since` once that version was read
    for version in document.live_versions:
        change = by_stamp.get(version.stamp)
        kind = change.kind if change is not None else Kind.FIRST
        if kind is Kind.REVERTED and change is not None and change.reverted_to in states:
            now = dict(states[change.reverted_to])
        elif kind in _ACCEPTED:
            ids = mentions.get(version.key, ())
            now = {c: since.get(c, version.stamp) for c in ids}
        else:
            now = since
        for category in since.keys() - now.keys():
            dropped[category] = (since[category], version.stamp)
        since = now
        states[version.stamp] = since
    found = {
        category: Presence(document.platform, document.slug, start, by_stamp.get(start))
        for category, start in since.items()
    }
    for category, (start, end) in dropped.items():
        if category not in found:
            found[category] = Presence(
                document.platform, document.slug, start, by_stamp.get(start), end
            )
    return found


def presence(
    document: Document,
    changes: Sequence[Change],
    mentions: Mapping[str, tuple[str, ...]],
    category_id: str,
) -> Presence | None:
    """How `category_id` stands in `document`; None when no version ever mentioned it."""
    return presences(document, changes, mentions).get(category_id)


@dataclass(frozen=True)
class Grid:
    """Every (platform, category) presence, computed once for the matrix and category pages."""

    cells: dict[tuple[str, str], list[Presence]]  # (platform, category id) -> by document

    def current(self, platform: str, category_id: str) -> list[Presence]:
        return [p for p in self.cells.get((platform, category_id), []) if p.dropped is None]

    def earliest(self, platform: str, category_id: str) -> Presence | None:
        """The platform's longest-standing current mention of the category."""
        found = self.current(platform, category_id)
        return min(found, key=lambda p: (parse_stamp(p.since), p.document)) if found else None


def grid(
    archive: Archive,
    changes: Mapping[tuple[str, str], Sequence[Change]],
    mentions: Mapping[str, tuple[str, ...]],
    categories: Sequence[CategoryLike],
) -> Grid:
    cells: dict[tuple[str, str], list[Presence]] = {}
    for document in archive.documents():
        doc_changes = changes.get((document.platform, document.slug), ())
        found = presences(document, doc_changes, mentions)
        for category in categories:
            if category.id in found:
                cells.setdefault((document.platform, category.id), []).append(found[category.id])
    return Grid(cells)


def change_href(page_url: str, found: Presence) -> str:
    return urls.href(page_url, urls.version(found.platform, found.document, found.since))


def _since(found: Presence) -> str:
    """The date a mention started; `≤ date` when it was there from the first record."""
    return ("\N{LESS-THAN OR EQUAL TO} " if found.from_first else "") + widgets.day(found.since)


def no_quotes(version_key: str) -> dict[str, tuple[str, ...]]:
    return {}


def _quote(found: Presence, category_id: str, quotes: Quotes) -> str:
    """The first sentence that mentions the category: from the change, else from the version."""
    evidence = found.change.evidence.get(category_id, ()) if found.change is not None else ()
    first = (evidence or quotes(found.version_key).get(category_id, ("",)))[0]
    if not first:
        return ""
    short = first if len(first) <= QUOTE_CHARS else first[: QUOTE_CHARS - 1] + "…"
    return f"“{markup.text(short)}”"


def category_page(
    archive: Archive,
    grid: Grid,
    category: CategoryLike,
    changes: Sequence[Change],
    context: Context,
    quotes: Quotes = no_quotes,
) -> str:
    """The first page of a category (see `category_pages`)."""
    return next(category_pages(archive, grid, category, changes, context, quotes))[1]


def category_pages(
    archive: Archive,
    grid: Grid,
    category: CategoryLike,
    changes: Sequence[Change],
    context: Context,
    quotes: Quotes = no_quotes,
) -> Iterator[tuple[str, str]]:
    """One category, as (URL, Markdown) pages: what it means, who mentions it since when, and
    the changes about it, continued on `categories/<id>/2/`, … when they are many."""
    url = urls.category(category.id)
    meta = {}
    if context.feeds:
        meta["feeds"] = [{"title": category.label, "url": urls.category_feed(category.id)}]
    timeline_href = urls.href(url, urls.CHANGES) + f"#category={category.id}"
    links = [
        f"[all categories]({urls.relative(url, urls.CATEGORIES)})",
        f'<a href="{timeline_href}">its changes in the timeline</a>',
    ]
    if context.feeds:
        links.append(f"[Atom feed]({urls.relative(url, urls.category_feed(category.id))})")
    parts = [
        markup.front_matter(category.label, **meta),
        f"# {markup.text(category.label)}\n",
        markup.text(category.description) + "\n",
        " · ".join(links) + "\n",
        "## Who mentions it now\n",
    ]
    names = {(p.slug, d.slug): document_title(p, d) for p in archive.platforms for d in p.documents}
    current = sorted(
        (found for p in archive.platforms for found in grid.current(p.slug, category.id)),
        key=lambda found: (parse_stamp(found.since), found.platform, found.document),
    )  # who did it first, first
    if current:
        rows = [
            [
                markup.text(names[(f.platform, f.document)]),
                f'<a href="{change_href(url, f)}">{_since(f)}</a>',
                _quote(f, category.id, quotes),
            ]
            for f in current
        ]
        parts.append(markup.table(["Document", "Since", "Evidence"], rows))
    else:
        parts.append("No current document mentions it.\n")
    gone = [
        f
        for platform in archive.platforms
        for f in grid.cells.get((platform.slug, category.id), [])
        if f.dropped is not None
    ]
    if gone:
        parts.append("## No longer mentioned\n")
        rows = [
            [
                markup.text(names[(f.platform, f.document)]),
                f"{widgets.day(f.since)} to "
                f'<a href="{urls.href(url, urls.version(f.platform, f.document, f.dropped))}">'
                f"{widgets.day(f.dropped)}</a>",
            ]
            for f in gone
            if f.dropped is not None
        ]
        parts.append(markup.table(["Document", "Mentioned"], rows))
    about = newest_first(
        c
        for c in changes
        if category.id in c.categories_added or category.id in c.categories_removed
    )
    runs = row_pages(url, about, names, context.labels)
    parts.append("## Changes that added or removed it\n")
    parts.append(paging.pager(url, url, len(runs), 1))
    parts.append(rows_table(runs[0]))
    yield url, "\n".join(parts)
    for number, run in enumerate(runs[1:], 2):
        here = paging.page_url(url, number)
        title = f"{category.label}: changes, page {number}"
        yield (
            here,
            markup.front_matter(title, **meta)
            + f"# {markup.text(title)}\n\n"
            + "Changes that added or removed it, newest first; back to "
            + f"[{markup.text(category.label)}]({urls.relative(here, url)}).\n\n"
            + paging.pager(here, url, len(runs), number)
            + rows_table(run),
        )
