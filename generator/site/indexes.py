"""Index pages: home, all platforms, one platform (the timeline is in timeline.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.analysis.changes import Kind
from generator.site import charts, markup, urls, widgets
from generator.site.freshness import document_freshness, stale_warning
from generator.site.timeline import (
    Context,
    document_names,
    newest_first,
    real_changes,
    row_pages,
    rows_table,
    timeline,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from generator.analysis.analyse import Analysis
    from generator.analysis.changes import Change
    from generator.content.model import Archive, Platform, Version

LATEST_ON_HOME = 8
FEEDS_ON_HOME = 24
"""Platforms whose feeds the home page lists by name; beyond that, a wall of names helps no
reader (a whole collection has hundreds), and each platform's page links its own feed."""


def _years(versions: Iterable[Version]) -> range:
    """Every year from the first of `versions` to the last (empty without versions)."""
    years = [v.observed.year for v in versions]
    return range(min(years), max(years) + 1) if years else range(0)


def _platform_versions(platform: Platform) -> list[Version]:
    return [v for d in platform.documents for v in d.versions]


def platforms_page(archive: Archive, analysis: Analysis, context: Context) -> str:
    """Every platform with its documents, freshness and changes per year."""
    years = _years(archive.versions())
    rows = []
    for platform in archive.platforms:
        changes = [c for d in platform.documents for c in analysis.for_document(d)]
        real = [c for c in changes if c.kind is not Kind.FIRST and not c.kind.is_noise]
        last = widgets.day(newest_first(real)[0].to_stamp) if real else "—"
        seen = [v.captured or v.observed for v in _platform_versions(platform)]
        link = markup.internal_link(
            platform.name, urls.relative(urls.PLATFORMS, urls.platform(platform.slug))
        )
        docs = ", ".join(markup.text(d.type.name) for d in platform.documents)
        spark = charts.mini_bars(
            f"{platform.name}: changes per year",
            [str(y) for y in years],
            charts.year_counts(changes, years),
        )
        captured = widgets.when(max(seen).date()) if seen else "—"
        rows.append([link, docs, captured, last, spark])
    header = ["Platform", "Documents", "Last captured", "Last changed"]
    if years:
        header.append(f"Changes per year, {years.start} to {years.stop - 1}")
    else:
        rows = [r[:-1] for r in rows]
    return (
        markup.front_matter("Platforms")
        + "# Platforms\n\n"
        + "Changes per year count substantive and editorial changes (not noise).\n\n"
        + markup.table(header, rows)
    )


def platform_page(platform: Platform, analysis: Analysis, context: Context) -> str:
    """One platform: its documents and their freshness, changes per year, and the timeline."""
    url = urls.platform(platform.slug)
    meta = {}
    if context.feeds:
        meta["feeds"] = [{"title": platform.name, "url": urls.platform_feed(platform.slug)}]
    parts = [markup.front_matter(platform.name, **meta), f"# {markup.text(platform.name)}\n"]
    if platform.description:
        parts.append(markup.text(platform.description) + "\n")
    about = []
    if platform.url:
        about.append(markup.link(platform.url, platform.url))
    if platform.aliases:
        about.append("also known as " + ", ".join(markup.text(a) for a in platform.aliases))
    if context.feeds:
        feed = urls.relative(url, urls.platform_feed(platform.slug))
        about.append(f"[Atom feed]({feed}) of its changes")
    if about:
        parts.append(" · ".join(about) + "\n")
    rows = []
    changes: list[Change] = []
    freshness = []
    for document in platform.documents:
        doc_changes = analysis.for_document(document)
        changes.extend(doc_changes)
        fresh = document_freshness(
            document,
            doc_changes,
            context.now or document.versions[-1].observed,
            context.stale_after_days,
        )
        freshness.append((document.type.name, fresh))
        target = urls.relative(url, urls.document(platform.slug, document.slug))
        rows.append(
            [
                markup.internal_link(document.type.name, target),
                str(len(document.versions)),
                widgets.day(document.versions[0].stamp),
                widgets.when(fresh.last_captured.date()),
                widgets.day(fresh.last_changed) if fresh.last_changed else "—",
            ]
        )
    if context.now is not None:
        parts.append(stale_warning(freshness, context.stale_after_days))
    parts.append("## Documents\n")
    parts.append(
        markup.table(
            ["Document", "Versions", "First recorded", "Last captured", "Last changed"], rows
        )
    )
    if real_changes(changes):
        parts.append("## Changes per year\n")
        parts.append(
            charts.years_chart(
                f"pw-years-{platform.slug}",
                f"Changes to {platform.name}'s documents per year",
                changes,
                _years(_platform_versions(platform)),
            )
        )
    parts.append("## Changes\n")
    names = {(platform.slug, d.slug): d.type.name for d in platform.documents}
    listed = newest_first(real_changes(changes))
    shown = row_pages(url, listed, names, context.labels, runs_wanted=1)[0]
    if len(shown) < len(listed):
        parts.append(
            f"The {len(shown):,} newest of {len(listed):,} changes; each document's version "
            "history (above) lists all of its own.\n"
        )
    parts.append(rows_table(shown))
    return "\n".join(parts)


def home_page(
    archive: Archive, analysis: Analysis, context: Context, matrix_teaser: str = ""
) -> str:
    """What the site is, the latest substantive changes, the matrix, and how to take part."""
    changes = real_changes(analysis.all_changes())
    meaningful = newest_first(c for c in changes if not c.kind.is_noise)
    substantive = [c for c in meaningful if c.kind is Kind.SUBSTANTIVE]
    # Substantive changes first; editorial ones fill the list while there are few of them.
    latest = newest_first((substantive or meaningful)[:LATEST_ON_HOME])
    documents = sum(len(p.documents) for p in archive.platforms)
    versions = sum(1 for _ in archive.versions())

    def link(target: str) -> str:
        return urls.relative(urls.HOME, target)

    parts = [
        markup.front_matter("Home", hide=["toc"]),
        "# How platforms rewrite their policies\n",
        "Platforms change their privacy policies and terms quietly. This site keeps every "
        "version of the documents it tracks, compares each version with the one before it "
        "word by word, and says what changed: which **data practices** (biometric data, AI "
        "training, location, selling data…) a change adds or removes, with the sentences as "
        "evidence.\n",
        f"**{len(archive.platforms):,}** platforms · **{documents:,}** documents · "
        f"**{versions:,}** versions · **{len(changes):,}** changes · "
        f"[all changes]({link(urls.CHANGES)}) · [all platforms]({link(urls.PLATFORMS)})\n",
        "## Latest " + ("substantive changes\n" if substantive else "changes\n"),
        "Each row links to the change: the words removed and added, and the evidence for "
        "each label. *Substantive* means a data-practice topic was added or removed; "
        "*editorial* means the wording changed without that.\n",
        timeline(urls.HOME, latest, document_names(archive), context.labels),
    ]
    if matrix_teaser:
        parts += ["## Who does what\n", matrix_teaser]
    parts.append("## Subscribe\n")
    if context.feeds:
        parts.append(_subscribe(archive, link))
    parts.append(
        f"Open data: [`api/changes.json`]({link(urls.CHANGES_JSON)}) lists every change with "
        f"its labels and evidence; [`api/documents.json`]({link(urls.DOCUMENTS_JSON)}) every "
        "version with its hash and provenance.\n"
    )
    parts.append("## Contribute\n")
    parts.append(
        "Spotted a policy change? Every snapshot on this site was added by pull request: save "
        "the text as `content/<platform>/<document>/<date>.md` with the address you captured "
        "it from, run `policywatch check`, and open a pull request. The version pages show "
        "where each text came from and the commit that added it.\n"
    )
    return "\n".join(parts)


def _subscribe(archive: Archive, link: Callable[[str], str]) -> str:
    """The home page's feeds: every platform's by name while they are few."""
    feeds = [f"[all changes]({link(urls.FEED_ALL)})"]
    if len(archive.platforms) <= FEEDS_ON_HOME:
        feeds += [
            f"[{markup.text(p.name)}]({link(urls.platform_feed(p.slug))})"
            for p in archive.platforms
        ]
        each = "Each document and each category page has its own feed too."
    else:
        each = (
            f"Each of the {len(archive.platforms):,} platforms ([all platforms]"
            f"({link(urls.PLATFORMS)})), each document and each category page links its own "
            "feed."
        )
    return (
        f"Atom feeds, for any feed reader: {' · '.join(feeds)}. {each} Noise (formatting, "
        "technical, reverted) is left out of every feed.\n"
    )
