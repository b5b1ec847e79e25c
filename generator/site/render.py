"""Render the site: every generated page as Markdown, every generated file as text."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from generator.analysis.cache import Cache
from generator.content.model import Version
from generator.site import markup, planned, urls, widgets
from generator.site.carryover import fingerprint
from generator.site.categories import category_pages, grid
from generator.site.compare import compare_page
from generator.site.export import (
    change_groups,
    changes_json_bytes,
    changes_json_made_from,
    documents_json_bytes,
    documents_json_made_from,
    platform_made_from,
)
from generator.site.feeds import feed_files
from generator.site.freshness import STALE_AFTER_DAYS
from generator.site.history import (
    document_title,
    full_text_page,
    plain_text,
    version_page,
)
from generator.site.indexes import home_page, platform_page, platforms_page
from generator.site.matrix import categories_pages, teaser
from generator.site.search import Entry, change_entry
from generator.site.slots import Slot
from generator.site.timeline import Context, changes_pages

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from datetime import datetime

    from generator.analysis.analyse import Analysis
    from generator.content.model import Archive, Document, Platform


@dataclass(frozen=True)
class Page:
    """A generated Markdown page.

    `source` is the Markdown, or what makes it: the thousands of version pages of a large
    collection are made one at a time, as they are written, so they are never all in memory.
    """

    url: str
    source: str | Callable[[], str]
    in_nav: bool = False
    slots: dict[str, Slot] = field(default_factory=dict)
    search: Entry | None = None  # its entry when the theme's search does not index it
    # What the navigation calls the section this page is the index of (a platform's or a
    # document's name), when the folder's name would not do ("linkedin" for "LinkedIn").
    nav_title: str | None = None
    # What the page's Markdown is made from, when that is known without making it: the same
    # key (and code) means the same Markdown, so the unchanged version pages of a collection
    # are recognised without being made (engine.writer).
    key: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.source, str) and len(self.source) > PACKED_ABOVE:
            object.__setattr__(self, "source", Packed.of(self.source))

    @property
    def source_uri(self) -> str:
        return urls.source_uri(self.url)

    @property
    def markdown(self) -> str:
        return markup.unheld(self._made())

    def held_markdown(self) -> tuple[str, list[str]]:
        """The Markdown with its generated HTML blocks apart, for after rendering (markup.hold)."""
        return markup.hold(self._made())

    def _made(self) -> str:
        return self.source if isinstance(self.source, str) else self.source()


PACKED_ABOVE = 16_384
"""A page's Markdown longer than this waits for its turn compressed (`Packed`)."""


@dataclass(frozen=True)
class Packed:
    """A page's Markdown kept compressed until the page is written.

    The index pages of a collection (platforms, histories, timelines, categories) are made
    before the first page is written and held until the last one is: 43 MB of Markdown for a
    quarter of the contrib collection. Compressed they take a tenth of that or less, in this
    process and in the forked copies that write pages with it (engine.forks), and each is
    inflated only for the moment its page is rendered.
    """

    data: bytes

    @classmethod
    def of(cls, markdown: str) -> Packed:
        return cls(zlib.compress(markdown.encode(), 1))

    def __call__(self) -> str:
        return zlib.decompress(self.data).decode()


@dataclass(frozen=True)
class Streamed:
    """A file's UTF-8 bytes made piece by piece as the file is written, never whole in memory
    (the JSON export: a collection's is tens of megabytes)."""

    make: Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class StaticFile:
    """A generated file copied to the site as is (plain texts, JSON, feeds)."""

    url: str
    # The content, what makes it (a feed; the export, piece by piece), or the version whose
    # plain text this file is: made or read only when the file is written, one at a time.
    data: str | Callable[[], str] | Streamed | Version
    # What the content is made from, when known without making it (a feed's changes): the
    # previous site's file is then kept without the content being made again.
    key: str | None = None

    @property
    def content(self) -> str:
        if isinstance(self.data, str):
            return self.data
        if isinstance(self.data, Streamed):
            return b"".join(self.data.make()).decode()
        return plain_text(self.data) if isinstance(self.data, Version) else self.data()

    def made(self) -> tuple[str, str | None]:
        """What the content is made from (the version's text hash, or the content's), and
        the content when it had to be made to know that (None for a version's text, or a
        file with a `key`)."""
        if self.key is not None:
            return f"key:{self.key}", None
        if isinstance(self.data, Version):
            return self.data.sha256, None
        content = self.content
        return hashlib.sha256(content.encode()).hexdigest(), content


INLINE_TEXT_MAX_BYTES = 40_000
"""A version's full text goes in its page up to this size, and on a page of its own above it.

A change page keeps under ~150 KB of HTML that way: its diff can reach ~100 KB in the Open
Terms Archive corpus, and a 40 KB text renders to ~45 KB of HTML.
"""


@dataclass(frozen=True)
class Site:
    """What the renderer needs to know."""

    archive: Archive
    analysis: Analysis
    part_count: Callable[[Version], int]
    """How many pages a long version's full text takes (`FullTexts.part_count`, remembered)."""
    site_name: str = "PolicyWatch"
    site_url: str | None = None  # absolute URLs for feeds; without it no feed is written
    now: datetime | None = None  # for "possibly out of date" warnings; None: no warning
    stale_after_days: int = STALE_AFTER_DAYS
    inline_text_max_bytes: int = INLINE_TEXT_MAX_BYTES
    cache: Cache = field(default_factory=lambda: Cache(None))  # remembers page counts


def render_site(site: Site) -> Iterator[Page | StaticFile]:
    """Every page and file of the site, in a stable order."""
    archive, analysis = site.archive, site.analysis
    categories, mentions = analysis.taxonomy.categories, analysis.mentions
    context = Context(
        labels={c.id: c.label for c in categories},
        feeds=bool(site.site_url),
        now=site.now,
        stale_after_days=site.stale_after_days,
    )
    presences = grid(archive, analysis.changes, mentions, categories)
    home = home_page(archive, analysis, context, teaser(archive, presences, categories))
    yield Page(urls.HOME, home, in_nav=True)
    yield Page(urls.PLATFORMS, platforms_page(archive, analysis, context), in_nav=True)
    plan = partial(planned.counted, site.cache, "site.timeline")
    for url, made, key in changes_pages(archive, analysis, context, plan):
        yield Page(url, made, in_nav=url == urls.CHANGES, key=key)
    for url, markdown in categories_pages(archive, presences, categories):
        yield Page(url, markdown, in_nav=url == urls.CATEGORIES)
    every = list(analysis.all_changes())
    quotes = _Quotes(archive, analysis)
    for category in categories:
        described = Entry(category.label, category.description)
        for url, markdown in category_pages(archive, presences, category, every, context, quotes):
            yield Page(
                url, markdown, search=described if url == urls.category(category.id) else None
            )
    entries: list[str] = []  # what each platform's entry in documents.json is made from
    for platform in archive.platforms:
        about = " · ".join(filter(None, [*platform.aliases, platform.description or ""]))
        documents = [
            planned.inputs(analysis, platform, d, page_names(analysis, platform, d), context)
            for d in platform.documents
        ]
        entries.append(platform_made_from(platform, [inputs.made for inputs in documents]))
        yield Page(
            urls.platform(platform.slug),
            partial(platform_page, platform, analysis, context),
            in_nav=True,
            search=Entry(platform.name, about),
            nav_title=platform.name,
            key=planned.platform_key(platform, documents, context),
        )
        for inputs in documents:
            document, changes = inputs.document, inputs.changes
            title = document_title(platform, document)
            history = planned.history_pages(inputs, context, site.cache)
            url, source, key = next(history)
            yield Page(
                url,
                source,
                in_nav=True,
                search=Entry(title, f"version history, {len(document.versions)} versions"),
                nav_title=document.type.name,
                key=key,
            )
            for url, source, key in history:  # the rest of a long history
                yield Page(url, source, key=key)
            yield Page(
                urls.compare(platform.slug, document.slug),
                partial(compare_page, platform, document, changes),
                key=planned.compare_key(inputs),
            )
            by_stamp = {change.to_stamp: change for change in changes}
            for index, version in enumerate(document.versions):
                change = by_stamp.get(version.stamp)
                text = Slot("text", version.key)
                own_page = version.size > site.inline_text_max_bytes
                slots = {} if own_page else {"text": text}
                if change is not None and change.diffed:
                    slots["diff"] = Slot("diff", change.key)
                page_title = f"{title}, {widgets.day(version.stamp)}"
                held = analysis.digest(change) if change is not None else None
                made = made_from(inputs.names, inputs.drawn, document, index, held)
                yield Page(
                    urls.version(platform.slug, document.slug, version.stamp),
                    partial(_version_page, analysis, platform, document, index, own_page),
                    slots=slots,
                    search=change_entry(page_title, change, context.labels),
                    key=f"version:{own_page}:{made}",
                )
                if own_page:
                    count = site.part_count(version)
                    yield from _full_text_pages(platform, document, version, inputs.names, count)
                yield StaticFile(
                    urls.plain_text(platform.slug, document.slug, version.stamp),
                    version,
                )
    groups = change_groups(archive, analysis)
    yield StaticFile(
        urls.CHANGES_JSON,
        Streamed(partial(changes_json_bytes, archive, analysis, site.cache, groups)),
        key=changes_json_made_from(groups),
    )
    yield StaticFile(
        urls.DOCUMENTS_JSON,
        Streamed(partial(documents_json_bytes, archive, site.cache, entries)),
        key=documents_json_made_from(entries),
    )
    if site.site_url:
        labelled = [(c.id, c.label) for c in categories]
        for url, xml, feed_key in feed_files(
            archive,
            analysis,
            site_url=site.site_url,
            site_name=site.site_name,
            categories=labelled,
        ):
            yield StaticFile(url, xml, key=feed_key)


def _full_text_pages(
    platform: Platform, document: Document, version: Version, names: str, count: int
) -> Iterator[Page]:
    """A long version's full text on a page of its own, or over `count` when it is very long."""
    for part in range(1, count + 1):
        yield Page(
            urls.full_text(platform.slug, document.slug, version.stamp, part),
            partial(full_text_page, platform, document, version, part, count),
            slots={"text": Slot("text", version.key, part if count > 1 else 0)},
            key=f"full text:{part}/{count}:{fingerprint(names, repr(version))}",
        )


def _version_page(
    analysis: Analysis, platform: Platform, document: Document, index: int, text_apart: bool
) -> str:
    """A version's page, its change read in full when the page is made (`Analysis.detailed`)."""
    change = analysis.detail(document, document.versions[index].stamp)
    return version_page(platform, document, index, change, analysis.taxonomy, text_apart=text_apart)


def made_from(
    names: str, drawn: Sequence[str], document: Document, index: int, change: str | None
) -> str:
    """What a version's page is made from (its slots aside), besides the code and `names`
    (`page_names`): the version as loaded (`drawn`: each version's `repr`: stamp, hash,
    provenance, …), its neighbours' stamps (the links to them) and its change as analysed
    (`Analysis.digest`: every field), which the rest of the history can change too (a
    reverted change, page furniture)."""
    versions = document.versions
    return fingerprint(
        names,
        drawn[index],
        versions[index - 1].stamp if index else "",
        versions[index + 1].stamp if index + 1 < len(versions) else "",
        change or "",
    )


def page_names(analysis: Analysis, platform: Platform, document: Document) -> str:
    """What a document's version pages take from outside it: the names they show, the
    categories' labels (and the rest of what the analysis is keyed by)."""
    return fingerprint(
        analysis.store.fingerprint, platform.slug, platform.name, repr(document.type)
    )


@dataclass(frozen=True)
class _Quotes:
    """The sentences of a version that mention each category, looked up once per version."""

    archive: Archive
    analysis: Analysis
    _cache: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    _versions: dict[str, Version] = field(default_factory=dict)

    def __call__(self, version_key: str) -> dict[str, tuple[str, ...]]:
        if version_key not in self._cache:
            if not self._versions:
                self._versions.update((v.key, v) for v in self.archive.versions())
            self._cache[version_key] = self.analysis.quotes(self._versions[version_key])
        return self._cache[version_key]
