"""Pages of one document: its version history, and one page per version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.model import ProvenanceStatus
from generator.site import markup, urls, widgets
from generator.site.card import change_card
from generator.site.charts import length_chart
from generator.site.freshness import STALE_AFTER_DAYS, document_freshness, stale_warning
from generator.site.freshness import facts as freshness_facts

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from generator.analysis.changes import Change
    from generator.analysis.taxonomy import Taxonomy
    from generator.content.model import Document, Platform, Version


def document_title(platform: Platform, document: Document) -> str:
    return f"{platform.name} {document.type.name}"


def document_page(
    platform: Platform,
    document: Document,
    changes: Sequence[Change],
    *,
    now: datetime | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    feeds: bool = False,
) -> str:
    """Version history of one document, newest first, noise collapsed; length over time.

    With `now`, the page warns when the newest snapshot is older than `stale_after_days`.
    """
    url = urls.document(platform.slug, document.slug)
    title = document_title(platform, document)
    versions = document.versions
    fresh = document_freshness(document, changes, now or versions[-1].observed, stale_after_days)
    facts = [
        f"**{len(versions)}** versions",
        f"first recorded **{widgets.day(versions[0].stamp)}**",
        *freshness_facts(fresh),
    ]
    links = [
        "Platform: "
        + markup.internal_link(platform.name, urls.relative(url, urls.platform(platform.slug))),
    ]
    if len(versions) > 1:
        compare = urls.relative(url, urls.compare(platform.slug, document.slug))
        links.append(f"[compare any two versions]({compare})")
    meta = {}
    if feeds:
        feed = urls.document_feed(platform.slug, document.slug)
        links.append(f"[Atom feed]({urls.relative(url, feed)})")
        meta["feeds"] = [{"title": title, "url": feed}]
    parts = [
        markup.front_matter(title, **meta),
        f"# {markup.text(title)}\n",
        " · ".join(facts) + "\n",
        " · ".join(links) + "\n",
    ]
    if now is not None:
        parts.append(stale_warning([(title, fresh)], stale_after_days))
    parts += ["## Version history\n", history_table(url, document.versions, changes)]
    chart = length_chart(
        f"pw-length-{document.slug}", title, versions, changes, fresh.last_captured
    )
    if len(versions) > 1 and chart:
        parts += ["## Length over time\n", chart]
    return "\n".join(parts)


def history_table(page_url: str, versions: Sequence[Version], changes: Sequence[Change]) -> str:
    """Raw HTML table of versions, newest first; noise rows hidden until asked for."""
    by_stamp = {change.to_stamp: change for change in changes}
    rows: list[str] = []
    noise = 0
    for version in reversed(versions):
        change = by_stamp.get(version.stamp)
        link = urls.href(page_url, urls.version(version.platform, version.document, version.stamp))
        date = f'<a href="{link}">{widgets.moment(version.stamp)}</a>'
        if change is None:  # withdrawn: kept, shown, not analysed
            reason = markup.text(version.withdrawn or "")
            cells = [date, '<span class="pw-kind pw-kind--withdrawn">withdrawn</span>', "", reason]
            row_class = "pw-withdrawn"
        else:
            cells = [
                date,
                widgets.kind_badge(change.kind),
                widgets.words_delta(change),
                widgets.summary(change),
            ]
            row_class = "pw-noise" if change.kind.is_noise else "pw-change"
            noise += change.kind.is_noise
        rows.append(widgets.row(cells, row_class))
    return widgets.history_block(["Date", "Kind", "Words", "Summary"], rows, noise)


def version_page(
    platform: Platform,
    document: Document,
    index: int,
    change: Change | None,
    taxonomy: Taxonomy | None = None,
    *,
    text_apart: bool = False,
) -> str:
    """One version: what changed from the one before, its provenance, its full text.

    With `text_apart`, the full text is on a page of its own (`full_text_page`) and this page
    links to it.
    """
    version = document.versions[index]
    url = urls.version(platform.slug, document.slug, version.stamp)
    title = f"{document_title(platform, document)}, {widgets.day(version.stamp)}"
    parts = [
        markup.front_matter(title),
        f"# {markup.text(document_title(platform, document))}: {widgets.moment(version.stamp)}\n",
        change_card(version, change, url, taxonomy),
        _neighbours(document, index, url),
    ]
    if version.withdrawn is not None:
        parts.append(
            '!!! warning "Withdrawn snapshot"\n\n'
            f"    This snapshot was withdrawn and is left out of the analysis: "
            f"{markup.text(version.withdrawn)}\n"
        )
    text = _text_link(version, change, url) if text_apart else markup.slot("text")
    if change is not None and change.from_stamp is not None:
        parts.append('=== "Changes"\n' + _indent(markup.slot("diff")))
        parts.append('=== "Full text"\n' + _indent(text))
    else:
        parts.append("## Full text\n" + text)
    parts.append(_provenance(version))
    return "\n".join(parts)


def _text_link(version: Version, change: Change | None, url: str) -> str:
    """Where a long version's full text is, instead of the text itself."""
    length = f"{change.after.words:,} words" if change is not None else f"{version.size:,} bytes"
    page = urls.full_text(version.platform, version.document, version.stamp)
    txt = urls.plain_text(version.platform, version.document, version.stamp)
    return (
        f"\nThis version is long ({length}), so its full text has a page of its own: "
        f"**[read the full text]({urls.relative(url, page)})** "
        f"or [download it as plain text]({urls.relative(url, txt)}).\n"
    )


def full_text_page(platform: Platform, document: Document, version: Version) -> str:
    """The full text of a long version, apart from its change page; left out of search, as
    full texts are everywhere (the diffs are searchable)."""
    url = urls.full_text(platform.slug, document.slug, version.stamp)
    title = document_title(platform, document)
    links = [
        f"[what changed in this version]"
        f"({urls.relative(url, urls.version(platform.slug, document.slug, version.stamp))})",
        f"[all versions]({urls.relative(url, urls.document(platform.slug, document.slug))})",
        f"[plain text]"
        f"({urls.relative(url, urls.plain_text(platform.slug, document.slug, version.stamp))})",
    ]
    return "\n".join(
        [
            markup.front_matter(
                f"{title}, {widgets.day(version.stamp)}: full text", search={"exclude": True}
            ),
            f"# {markup.text(title)}: full text as of {widgets.moment(version.stamp)}\n",
            " · ".join(links) + "\n",
            markup.slot("text"),
        ]
    )


def _neighbours(document: Document, index: int, url: str) -> str:
    versions = document.versions
    links: list[str] = []
    if index > 0:
        older = versions[index - 1]
        target = urls.version(older.platform, older.document, older.stamp)
        links.append(f"[← {widgets.moment(older.stamp)}]({urls.relative(url, target)})")
    here = versions[index]
    history = urls.document(here.platform, here.document)
    links.append(f"[all versions]({urls.relative(url, history)})")
    txt = urls.plain_text(here.platform, here.document, here.stamp)
    links.append(f"[plain text]({urls.relative(url, txt)})")
    if index > 0:  # a raw link: MkDocs would look for the `#FROM..TO` anchor in the page
        compare = urls.href(url, urls.compare(here.platform, here.document))
        fragment = f"#{versions[index - 1].stamp}..{here.stamp}"
        links.append(f'<a href="{compare}{fragment}">compare with any version</a>')
    if index + 1 < len(versions):
        newer = versions[index + 1]
        target = urls.version(newer.platform, newer.document, newer.stamp)
        links.append(f"[{widgets.moment(newer.stamp)} →]({urls.relative(url, target)})")
    return " · ".join(links) + "\n"


def _provenance(version: Version) -> str:
    """Where the text came from: the capture, and the commit that added it."""
    source = (
        markup.link(version.source, version.source)
        if version.source != "unknown"
        else "not recorded"
    )
    rows = [("Source", source), ("Captured", widgets.when(version.captured or version.observed))]
    if version.effective is not None:
        rows.append(("Effective (as stated)", widgets.when(version.effective)))
    if version.archive:
        rows.append(("Archived copy", markup.link(version.archive, version.archive)))
    if version.origin:
        rows.append(("Origin", markup.text(version.origin)))
    rows.append(("Added to this archive", _commit(version)))
    rows.append(("SHA-256 of the text", f"<code>{version.sha256}</code>"))
    body = "\n".join(
        f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows
    )
    table = f"<table>\n<tbody>\n{body}\n</tbody>\n</table>"
    return f'## Provenance\n\n<div class="pw-provenance">\n{table}\n</div>\n'


def _commit(version: Version) -> str:
    prov = version.provenance
    if prov.status is ProvenanceStatus.KNOWN and prov.commit:
        edited = " (edited afterwards)" if prov.edited else ""
        return (
            f"commit <code>{prov.commit[:12]}</code> by {markup.text(prov.author or 'unknown')}, "
            f"{widgets.when(prov.date)}{edited}"
        )
    if prov.status is ProvenanceStatus.UNCOMMITTED:
        return "not committed yet"
    return "unknown" + (f": {markup.text(prov.reason)}" if prov.reason else "")


def _indent(block: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in block.splitlines())


def plain_text(version: Version) -> str:
    """The text of one version as published for reuse and for the compare page."""
    text = version.text  # read from its file: once
    return text if text.endswith("\n") else text + "\n"
