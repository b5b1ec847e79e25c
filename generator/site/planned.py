"""A platform's and a document's index pages, known by what they are made from.

A warm build of a whole collection used to make the Markdown of every platform page, version
history and compare page only to find, by its fingerprint, that the previous site's file was
the same: a third of the time it took to publish one new snapshot. These pages are now known
by a key made of what their Markdown is made from (as the version pages are, `Page.key`), and
made only when the key is new or their file is missing. A list cut over several pages (a
history, a year of the timeline: generator.site.paging) cannot say how many without making its
rows, so that number is kept in the cache under the key, as full texts keep their part counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from generator.analysis.cache import code_fingerprint, digest
from generator.site import markup, paging, urls
from generator.site.carryover import fingerprint
from generator.site.freshness import document_freshness
from generator.site.history import document_pages

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from generator.analysis.analyse import Analysis
    from generator.analysis.cache import Cache
    from generator.analysis.changes import Change
    from generator.content.model import Document, Platform
    from generator.site.timeline import Context

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inputs:
    """What a document's pages are made from, read once for all of them."""

    platform: Platform
    document: Document
    changes: Sequence[Change]
    names: str  # render.page_names: the names the pages show, the analysis' settings
    drawn: Sequence[str]  # each version as loaded (`repr`: stamp, hash, provenance, …)
    made: str  # all of it, and every change as analysed (`Analysis.digest`)
    fresh: str  # the document's freshness as its pages show it (`now` moves a stale one's)


def inputs(
    analysis: Analysis,
    platform: Platform,
    document: Document,
    names: str,
    context: Context,
) -> Inputs:
    """What `document`'s pages are made from (`names`: render.page_names)."""
    changes = analysis.for_document(document)
    drawn = [repr(version) for version in document.versions]
    made = fingerprint(names, *drawn, *(analysis.digest(change) for change in changes))
    now = context.now or document.versions[-1].observed
    found = document_freshness(document, changes, now, context.stale_after_days)
    # How old the newest snapshot is shows only when it is stale: not a new key every day.
    age = found.age_days if found.stale else None
    fresh = repr((found.last_captured, found.last_changed, found.stale, age))
    return Inputs(platform, document, changes, names, drawn, made, fresh)


def _settings(context: Context) -> str:
    """What index pages take from the build's settings."""
    labels = sorted(context.labels.items())
    return repr((context.feeds, context.now is not None, context.stale_after_days, labels))


def platform_key(platform: Platform, documents: Sequence[Inputs], context: Context) -> str:
    """What a platform's page is made from (generator.site.indexes.platform_page)."""
    about = repr((platform.slug, platform.name, platform.description, platform.url))
    return fingerprint(
        "platform",
        about,
        repr(platform.aliases),
        _settings(context),
        *(f"{d.made}:{d.fresh}" for d in documents),
    )


def compare_key(document: Inputs) -> str:
    """What a document's compare page is made from (generator.site.compare.compare_page)."""
    return fingerprint("compare", document.made)


def counted(
    cache: Cache,
    code: str,
    key: str,
    base: str,
    make: Callable[[], Iterable[tuple[str, str]]],
) -> Iterator[tuple[str, str | Callable[[], str], str]]:
    """The pages of a list cut over `base`, `<base>2/`, … (generator.site.paging) as (URL,
    Markdown or what makes it, `key`): made now by `make` when the cache does not know how
    many pages the list takes for `key` (and the code of module `code`), else each made when
    its page is written (if it is)."""
    counted = digest("list pages", code_fingerprint(code), key)
    entry = cache.get(counted)
    count = entry.get("pages") if isinstance(entry, dict) and entry.get("key") == key else None
    if not isinstance(count, int) or count < 1:
        pages = list(make())
        cache.put(counted, {"key": key, "pages": len(pages)})
        for url, markdown in pages:
            yield url, markdown, key
        return
    made = _Made(base, make)
    for number in range(1, count + 1):
        url = paging.page_url(base, number)
        yield url, made.maker(url), key


def history_pages(
    document: Inputs, context: Context, cache: Cache
) -> Iterator[tuple[str, str | Callable[[], str], str]]:
    """A document's version history pages (generator.site.history.document_pages)."""
    d = document
    key = fingerprint("history", d.made, d.fresh, _settings(context))
    make = partial(
        document_pages,
        d.platform,
        d.document,
        d.changes,
        now=context.now,
        stale_after_days=context.stale_after_days,
        feeds=context.feeds,
    )
    base = urls.document(d.platform.slug, d.document.slug)
    return counted(cache, "site.history", key, base, make)


@dataclass
class _Made:
    """The pages of a list, made together when the first is asked for; each is let go of once
    handed out (pages are written one after another)."""

    base: str
    make: Callable[[], Iterable[tuple[str, str]]]
    _held: dict[str, str] = field(default_factory=dict)

    def maker(self, url: str) -> Callable[[], str]:
        return lambda: self._markdown(url)

    def _markdown(self, url: str) -> str:
        if url not in self._held:
            self._held = dict(self.make())
        if url in self._held:
            return self._held.pop(url)
        # Only a cache folder edited by hand gets here: the count it kept was not this one.
        log.warning(
            "policywatch: the cache kept a wrong page count for %s: delete the cache folder "
            "and build again",
            self.base,
        )
        first = urls.relative(url, self.base)
        return (
            markup.front_matter("No longer a page")
            + "# No longer a page\n\n"
            + f"This page is no longer part of [the list it continued]({first}).\n"
        )
