"""Pages of one document: its version history, and one page per version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.model import ProvenanceStatus
from generator.site import markup, paging, urls, widgets
from generator.site.card import change_card
from generator.site.charts import length_chart
from generator.site.freshness import STALE_AFTER_DAYS, document_freshness, stale_warning
from generator.site.freshness import facts as freshness_facts

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from datetime import datetime

    from generator.analysis.changes import Change
    from generator.analysis.taxonomy import Taxonomy
    from generator.content.model import Document, Platform, Version


def document_title(platform: Platform, document: Document) -> str:
    return f"{platform.name} {document.type.name}"


def document_pages(
    platform: Platform,
    document: Document,
    changes: Sequence[Change],
    *,
    now: datetime | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    feeds: bool = False,
) -> Iterator[tuple[str, str]]:
    """Version history of one document, newest first, noise collapsed; length over time.

    Yields (URL, Markdown) pages: the document's own page, and `<document>/2/`, … when its
    history is too long for one page (a document captured thousands of times; see
    generator.site.paging). With `now`, the first page warns when the newest snapshot is older
    than `stale_after_days`.
    """
    url = urls.document(platform.slug, document.slug)
    title = document_title(platform, document)
    versions = document.versions
    fresh = document_freshness(document, changes, now or versions[-1].observed, stale_after_days)
    facts = [
        f"**{len(versions):,}** versions",
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
    chart = length_chart(
        f"pw-length-{document.slug}", title, versions, changes, fresh.last_captured
    )
    chart = chart if len(versions) > 1 else ""
    # Each row is rendered once, for the page it lands on (the first page also carries the
    # chart, so its share of rows is smaller).
    by_stamp = {change.to_stamp: change for change in changes}
    runs = paging.split_rendered(
        list(reversed(versions)),
        lambda version, page: _history_row(page, version, by_stamp),
        url,
        first=max(paging.PAGE_BYTES // 5, paging.PAGE_BYTES - len(chart)),
    )
    parts = [
        markup.front_matter(title, **meta),
        f"# {markup.text(title)}\n",
        " · ".join(facts) + "\n",
        " · ".join(links) + "\n",
    ]
    if now is not None:
        parts.append(stale_warning([(title, fresh)], stale_after_days))
    parts += [
        "## Version history\n",
        _history_lead(url, url, len(versions), runs, 1),
        _history_block(runs[0], by_stamp),
    ]
    if chart:
        parts += ["## Length over time\n", chart]
    yield url, "\n".join(parts)
    for number, run in enumerate(runs[1:], 2):
        here = paging.page_url(url, number)
        heading = f"{title}: version history, page {number}"
        yield (
            here,
            "\n".join(
                [
                    markup.front_matter(f"{title}, versions page {number}", hide=["toc"]),
                    f"# {markup.text(heading)}\n",
                    "Back to "
                    + markup.internal_link(title, urls.relative(here, url))
                    + " · Platform: "
                    + markup.internal_link(
                        platform.name, urls.relative(here, urls.platform(platform.slug))
                    )
                    + "\n",
                    _history_lead(here, url, len(versions), runs, number),
                    _history_block(run, by_stamp),
                ]
            ),
        )


def _history_lead(
    here: str, base: str, total: int, runs: Sequence[Sequence[tuple[Version, str]]], number: int
) -> str:
    """Where a page of a long history sits among the others (nothing for a one-page history)."""
    if len(runs) < 2:
        return ""
    run = runs[number - 1]
    span = f"{widgets.moment(run[-1][0].stamp)} to {widgets.moment(run[0][0].stamp)}"
    return (
        f"{total:,} versions over {len(runs)} pages; this page: {len(run):,} versions, "
        f"{span}.\n\n" + paging.pager(here, base, len(runs), number)
    )


def _history_block(rows: Sequence[tuple[Version, str]], by_stamp: Mapping[str, Change]) -> str:
    """Raw HTML table of the given versions (newest first), each with its rendered row
    (`_history_row`); noise rows hidden until asked for."""
    noise = sum(
        1
        for version, _ in rows
        if (change := by_stamp.get(version.stamp)) is not None and change.kind.is_noise
    )
    return widgets.history_block(["Date", "Kind", "Words", "Summary"], [r for _, r in rows], noise)


def _history_row(page_url: str, version: Version, by_stamp: Mapping[str, Change]) -> str:
    """One version's row: date, kind, words changed, summary (or why it was withdrawn)."""
    change = by_stamp.get(version.stamp)
    link = urls.href(page_url, urls.version(version.platform, version.document, version.stamp))
    date = f'<a href="{link}">{widgets.moment(version.stamp)}</a>'
    if change is None:  # withdrawn: kept, shown, not analysed
        reason = markup.text(version.withdrawn or "")
        cells = [date, '<span class="pw-kind pw-kind--withdrawn">withdrawn</span>', "", reason]
        return widgets.row(cells, "pw-withdrawn")
    badge, delta = widgets.kind_badge(change.kind), widgets.words_delta(change)
    cells = [date, badge, delta, widgets.summary(change)]
    return widgets.row(cells, "pw-noise" if change.kind.is_noise else "pw-change")


# A failed capture's page shows its own text instead of a diff (the analysis makes none).
NOT_COMPARED = (
    "\nNot compared word by word with the version before it: a diff would only strike out the "
    "whole policy. What this capture holds is its full text, below.\n"
)


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
        markup.held(change_card(version, change, url, taxonomy)),
        _neighbours(document, index, url),
    ]
    if version.withdrawn is not None:
        parts.append(
            '!!! warning "Withdrawn snapshot"\n\n'
            f"    This snapshot was withdrawn and is left out of the analysis: "
            f"{markup.text(version.withdrawn)}\n"
        )
    text = _text_link(version, change, url) if text_apart else markup.slot("text")
    if change is not None and change.diffed:
        parts.append('=== "Changes"\n' + _indent(markup.slot("diff")))
        parts.append('=== "Full text"\n' + _indent(text))
    else:
        if change is not None and change.from_stamp is not None:  # a failed capture
            parts.append(NOT_COMPARED)
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


def full_text_page(
    platform: Platform, document: Document, version: Version, part: int = 1, parts: int = 1
) -> str:
    """The full text of a long version (or its part `part` of `parts`), apart from its change
    page; left out of search, as full texts are everywhere (the diffs are searchable)."""
    url = urls.full_text(platform.slug, document.slug, version.stamp, part)
    title = document_title(platform, document)
    of = f" (part {part} of {parts})" if parts > 1 else ""
    links = [
        f"[what changed in this version]"
        f"({urls.relative(url, urls.version(platform.slug, document.slug, version.stamp))})",
        f"[all versions]({urls.relative(url, urls.document(platform.slug, document.slug))})",
        f"[plain text]"
        f"({urls.relative(url, urls.plain_text(platform.slug, document.slug, version.stamp))})",
    ]
    turns = [
        f"[{label} (part {n} of {parts})]"
        f"({urls.relative(url, urls.full_text(platform.slug, document.slug, version.stamp, n))})"
        for label, n in (("← previous part", part - 1), ("next part →", part + 1))
        if 1 <= n <= parts
    ]
    return "\n".join(
        [
            markup.front_matter(
                f"{title}, {widgets.day(version.stamp)}: full text{of}", search={"exclude": True}
            ),
            f"# {markup.text(title)}: full text as of {widgets.moment(version.stamp)}{of}\n",
            " · ".join(turns + links) + "\n",
            markup.slot("text"),
            *([" · ".join(turns) + "\n"] if turns else []),
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
    return "## Provenance\n\n" + markup.held(f'<div class="pw-provenance">\n{table}\n</div>') + "\n"


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
