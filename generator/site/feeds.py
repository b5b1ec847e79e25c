"""Atom feeds of changes: all, per platform, per document, per category (feedgen).

Deterministic: entries carry the dates of the changes, never the build time, and a feed's
`updated` is its newest entry's. Noise kinds and first records are left out: a feed tells its
reader that a platform changed what its text says. Feeds need absolute URLs, so they are only
written when the site has a `site_url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from generator import __version__
from generator.analysis.cache import code_fingerprint
from generator.content.model import parse_stamp
from generator.site import urls, widgets
from generator.site.carryover import fingerprint
from generator.site.history import document_title

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from datetime import datetime

    from generator.analysis.analyse import Analysis
    from generator.analysis.changes import Change
    from generator.content.model import Archive

_FEEDGEN = version("feedgen")  # what writes the XML, besides our code

FEED_LIMIT = 100  # newest entries per feed; older changes stay on the site and in the JSON

# Characters XML 1.0 cannot carry at all; a YAML escape can put them into a summary.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Feed:
    """One feed: where it lives, what it is called, the page it stands for, its changes."""

    url: str
    title: str
    page_url: str
    changes: tuple[Change, ...]


def newsworthy(changes: Iterable[Change]) -> list[Change]:
    """Changes a subscriber wants, newest first: no noise, no first records."""
    kept = [c for c in changes if c.kind.value != "first" and not c.kind.is_noise]
    return sorted(kept, key=lambda c: (parse_stamp(c.to_stamp), c.key), reverse=True)


def site_feeds(
    archive: Archive, analysis: Analysis, categories: Sequence[tuple[str, str]]
) -> list[Feed]:
    """Every feed of the site, in a stable order; `categories` = (id, label) pairs."""
    every = newsworthy(analysis.all_changes())
    feeds = [Feed(urls.FEED_ALL, "all changes", urls.CHANGES, tuple(every))]
    by_platform: dict[str, list[Change]] = {}  # newest first, as `every`
    by_document: dict[tuple[str, str], list[Change]] = {}
    for change in every:
        by_platform.setdefault(change.platform, []).append(change)
        by_document.setdefault((change.platform, change.document), []).append(change)
    for platform in archive.platforms:
        mine = tuple(by_platform.get(platform.slug, ()))
        feeds.append(
            Feed(urls.platform_feed(platform.slug), platform.name, urls.platform(platform.slug),
                 mine)
        )  # fmt: skip
        for document in platform.documents:
            feeds.append(
                Feed(
                    urls.document_feed(platform.slug, document.slug),
                    document_title(platform, document),
                    urls.document(platform.slug, document.slug),
                    tuple(by_document.get((platform.slug, document.slug), ())),
                )
            )
    for category_id, label in categories:
        labelled = [c for c in every if category_id in _categories(c)]
        feeds.append(
            Feed(urls.category_feed(category_id), label, urls.category(category_id),
                 tuple(labelled))
        )  # fmt: skip
    return feeds


def _categories(change: Change) -> set[str]:
    return {*change.categories_added, *change.categories_removed, *change.categories_touched}


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def entry_id(site_url: str, change: Change) -> str:
    """A tag: URI (RFC 4151) naming a change for good: the site's host, the change's date."""
    parts = urlsplit(site_url)
    path = parts.path.rstrip("/") + "/"
    day = parse_stamp(change.to_stamp).date().isoformat()
    target = urls.version(change.platform, change.document, change.to_stamp)
    return f"tag:{parts.hostname},{day}:{path}{target}"


def entry_summary(change: Change, labels: Mapping[str, str]) -> str:
    """Plain text: the headline (the contributor's, or the automatic one, said to be), the kind,
    the labels and the word counts."""
    parts = [f"{change.kind.value} change"]
    parts += [f"{verb}: {names}" for verb, names in widgets.category_verbs(change, labels)]
    parts.append(f"+{change.words_added:,} \N{MINUS SIGN}{change.words_removed:,} words")
    text = "; ".join(parts) + "."
    if change.summary:
        return f"{change.summary}\n\n{text}"
    if change.auto_summary:
        return f"Automatic summary: {change.auto_summary}\n\n{text}"
    return text


def atom(
    feed: Feed,
    *,
    site_url: str,
    site_name: str,
    names: Mapping[tuple[str, str], str],
    labels: Mapping[str, str],
    fallback_updated: datetime,
) -> str:
    """The Atom XML of one feed."""
    generator = FeedGenerator()
    generator.id(urls.absolute(site_url, feed.url))
    generator.title(_clean(f"{site_name}: {feed.title}"))
    generator.subtitle(_clean(f"Changes to the policies tracked by {site_name}, newest first."))
    generator.author(name=_clean(site_name))
    generator.link(href=urls.absolute(site_url, feed.url), rel="self")
    generator.link(href=urls.absolute(site_url, feed.page_url), rel="alternate", type="text/html")
    generator.generator("PolicyWatch", version=__version__)
    generator.language("en")
    entries = feed.changes[:FEED_LIMIT]
    generator.updated(parse_stamp(entries[0].to_stamp) if entries else fallback_updated)
    for change in entries:
        moment = parse_stamp(change.to_stamp)
        name = names[(change.platform, change.document)]
        entry = generator.add_entry(order="append")
        entry.id(entry_id(site_url, change))
        entry.title(_clean(f"{name}: {widgets.headline(change)}"))
        target = urls.version(change.platform, change.document, change.to_stamp)
        entry.link(href=urls.absolute(site_url, target), rel="alternate", type="text/html")
        entry.updated(moment)
        entry.published(moment)
        entry.summary(_clean(entry_summary(change, labels)), type="text")
        entry.category(term=change.kind.value, label=change.kind.value)
        for category_id in sorted(_categories(change)):
            entry.category(
                term=category_id,
                label=_clean(labels.get(category_id, category_id)),
                scheme=urls.absolute(site_url, urls.CATEGORIES),
            )
    return str(generator.atom_str(pretty=True).decode("utf-8"))


def feed_files(
    archive: Archive,
    analysis: Analysis,
    *,
    site_url: str,
    site_name: str,
    categories: Sequence[tuple[str, str]] = (),
) -> Iterator[tuple[str, Callable[[], str], str]]:
    """(url, what makes its Atom XML, what it is made from) of every feed: made when the file
    is written, one feed in memory at a time, and only when what it is made from changed."""
    names = {(p.slug, d.slug): document_title(p, d) for p in archive.platforms for d in p.documents}
    labels = dict(categories)
    fallback = max((v.observed for v in archive.versions()), default=None)
    shared = fingerprint(
        code_fingerprint("site.feeds"),
        __version__,
        _FEEDGEN,
        site_url,
        site_name,
        repr(sorted(labels.items())),
    )
    for feed in site_feeds(archive, analysis, categories):
        entries = feed.changes[:FEED_LIMIT]
        made_from = fingerprint(
            shared,
            feed.url,
            feed.title,
            feed.page_url,
            "" if entries else repr(fallback),
            *(f"{analysis.digest(c)} {names[(c.platform, c.document)]}" for c in entries),
        )
        yield (
            feed.url,
            partial(
                atom,
                feed,
                site_url=site_url,
                site_name=site_name,
                names=names,
                labels=labels,
                fallback_updated=fallback or parse_stamp("2000-01-01"),
            ),
            made_from,
        )
