"""Index pages: home, all platforms, one platform, the timeline of all changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import markup, urls, widgets
from generator.render_history import document_title

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from generator.analyse import Analysis
    from generator.changes import Change
    from generator.model import Archive, Platform

LATEST_ON_HOME = 10


def _newest_first(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (c.to_stamp, c.platform, c.document), reverse=True)


def _names(archive: Archive) -> dict[tuple[str, str], str]:
    """Display title of every document, by (platform, document)."""
    return {
        (platform.slug, document.slug): document_title(platform, document)
        for platform in archive.platforms
        for document in platform.documents
    }


def change_rows(
    page_url: str, changes: Sequence[Change], names: dict[tuple[str, str], str]
) -> list[str]:
    """Raw HTML rows of a timeline table: date, document, kind, words, summary."""
    rows = []
    for change in changes:
        target = urls.version(change.platform, change.document, change.to_stamp)
        cells = [
            f'<a href="{urls.href(page_url, target)}">{widgets.day(change.to_stamp)}</a>',
            markup.text(names[(change.platform, change.document)]),
            widgets.kind_badge(change.kind),
            widgets.words_delta(change),
            widgets.summary(change),
        ]
        rows.append(widgets.row(cells, "pw-noise" if change.kind.is_noise else "pw-change"))
    return rows


def timeline(page_url: str, changes: Sequence[Change], names: dict[tuple[str, str], str]) -> str:
    """A table of changes, newest first, noise collapsed behind a toggle."""
    if not changes:
        return "No changes recorded yet.\n"
    noise = sum(change.kind.is_noise for change in changes)
    header = ["Date", "Document", "Kind", "Words", "Summary"]
    return widgets.history_block(header, change_rows(page_url, changes, names), noise)


def home_page(archive: Archive, analysis: Analysis) -> str:
    """What the site is, the latest substantive changes, and how to take part."""
    changes = [c for c in analysis.all_changes() if c.kind.value != "first"]
    latest = [c for c in _newest_first(changes) if not c.kind.is_noise][:LATEST_ON_HOME]
    documents = sum(len(p.documents) for p in archive.platforms)
    versions = sum(1 for _ in archive.versions())
    parts = [
        markup.front_matter("Home"),
        "# How platforms rewrite their policies\n",
        "Platforms change their privacy policies and terms quietly. This site keeps every "
        "version it has seen, compares each with the one before it word by word, and says "
        "what kind of change it was.\n",
        f"**{len(archive.platforms)}** platforms · **{documents}** documents · "
        f"**{versions}** versions · **{len(changes)}** changes\n",
        "## Latest changes\n",
        timeline(urls.HOME, latest, _names(archive)),
        f"[All changes]({urls.relative(urls.HOME, urls.CHANGES)}) · "
        f"[All platforms]({urls.relative(urls.HOME, urls.PLATFORMS)})\n",
    ]
    return "\n".join(parts)


def platforms_page(archive: Archive, analysis: Analysis) -> str:
    """Every platform with its documents and when it last changed."""
    rows = []
    for platform in archive.platforms:
        changes = [c for d in platform.documents for c in analysis.for_document(d)]
        real = [c for c in changes if c.kind.value != "first" and not c.kind.is_noise]
        last = widgets.day(max(c.to_stamp for c in real)) if real else "—"
        link = markup.internal_link(
            platform.name, urls.relative(urls.PLATFORMS, urls.platform(platform.slug))
        )
        docs = ", ".join(markup.text(d.type.name) for d in platform.documents)
        versions = sum(len(d.versions) for d in platform.documents)
        rows.append([link, docs, str(versions), last])
    return (
        markup.front_matter("Platforms")
        + "# Platforms\n\n"
        + markup.table(["Platform", "Documents", "Versions", "Last changed"], rows)
    )


def platform_page(platform: Platform, analysis: Analysis) -> str:
    """One platform: what it is, its documents, and the timeline of their changes."""
    url = urls.platform(platform.slug)
    parts = [markup.front_matter(platform.name), f"# {markup.text(platform.name)}\n"]
    if platform.description:
        parts.append(markup.text(platform.description) + "\n")
    facts = []
    if platform.url:
        facts.append(markup.link(platform.url, platform.url))
    if platform.aliases:
        facts.append("also known as " + ", ".join(markup.text(a) for a in platform.aliases))
    if facts:
        parts.append(" · ".join(facts) + "\n")
    rows = []
    changes: list[Change] = []
    for document in platform.documents:
        doc_changes = analysis.for_document(document)
        changes.extend(c for c in doc_changes if c.kind.value != "first")
        target = urls.relative(url, urls.document(platform.slug, document.slug))
        rows.append(
            [
                markup.internal_link(document.type.name, target),
                str(len(document.versions)),
                widgets.day(document.versions[0].stamp),
                widgets.day(document.versions[-1].stamp),
            ]
        )
    parts.append("## Documents\n")
    parts.append(markup.table(["Document", "Versions", "First recorded", "Last captured"], rows))
    parts.append("## Changes\n")
    names = {(platform.slug, d.slug): d.type.name for d in platform.documents}
    parts.append(timeline(url, _newest_first(changes), names))
    return "\n".join(parts)


def changes_page(archive: Archive, analysis: Analysis) -> str:
    """Every change across platforms, newest first."""
    changes = [c for c in analysis.all_changes() if c.kind.value != "first"]
    return (
        markup.front_matter("Changes")
        + "# All changes\n\n"
        + timeline(urls.CHANGES, _newest_first(changes), _names(archive))
    )
