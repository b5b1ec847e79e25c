"""Index pages: home, all platforms, one platform, the timeline of all changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.analysis.changes import Kind
from generator.content.model import parse_stamp
from generator.site import charts, markup, paging, urls, widgets
from generator.site.freshness import STALE_AFTER_DAYS, document_freshness, stale_warning
from generator.site.history import document_title

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from datetime import datetime

    from generator.analysis.analyse import Analysis
    from generator.analysis.changes import Change
    from generator.content.model import Archive, Platform, Version

LATEST_ON_HOME = 8
TOUCHED_BADGES = 4  # touched categories named in a timeline row; the others are counted


@dataclass(frozen=True)
class Context:
    """What index pages need besides the archive and its analysis."""

    labels: Mapping[str, str]  # category id -> label, in taxonomy order
    feeds: bool = False  # feeds are written (the site has a site_url)
    now: datetime | None = None  # for the "possibly out of date" warning; None: no warning
    stale_after_days: int = STALE_AFTER_DAYS


def newest_first(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (parse_stamp(c.to_stamp), c.key), reverse=True)


def _names(archive: Archive) -> dict[tuple[str, str], str]:
    """Display title of every document, by (platform, document)."""
    return {
        (platform.slug, document.slug): document_title(platform, document)
        for platform in archive.platforms
        for document in platform.documents
    }


def category_badges(page_url: str, change: Change, labels: Mapping[str, str]) -> str:
    """Badges for the categories a change adds (+) and removes (minus), then, less loud, those
    whose sentences it only edits (touched), each linked to its category page."""
    shown = {*change.categories_added, *change.categories_removed}
    touched = [c for c in change.categories_touched if c not in shown]
    badges = []
    for sign, css, ids, title in (
        ("+", "added", change.categories_added, "added"),
        ("\N{MINUS SIGN}", "removed", change.categories_removed, "removed"),
        ("~", "touched", touched[:TOUCHED_BADGES], "touched: its sentences changed"),
    ):
        for category_id in ids:
            href = urls.href(page_url, urls.category(category_id))
            label = markup.text(labels.get(category_id, category_id))
            badges.append(
                f'<a class="pw-cat pw-cat--{css}" href="{href}" title="{title}">'
                f"{sign}\N{NARROW NO-BREAK SPACE}{label}</a>"
            )
    more = touched[TOUCHED_BADGES:]
    if more:
        names = markup.attribute(", ".join(labels.get(c, c) for c in more))
        badges.append(f'<span class="pw-cat pw-cat--more" title="also touched: {names}">'
                      f"+{len(more)} more</span>")  # fmt: skip
    return " ".join(badges)


def _row(page_url: str, change: Change, name: str, labels: Mapping[str, str]) -> str:
    """One timeline row; its data attributes are what the filters match."""
    target = urls.version(change.platform, change.document, change.to_stamp)
    badges = category_badges(page_url, change, labels)
    what = widgets.summary(change)
    if badges:
        what += f'<span class="pw-cats">{badges}</span>'
    cells = [
        f'<a href="{urls.href(page_url, target)}">{widgets.day(change.to_stamp)}</a>',
        markup.text(name),
        widgets.kind_badge(change.kind),
        widgets.words_delta(change),
        what,
    ]
    categories = sorted(
        {*change.categories_added, *change.categories_removed, *change.categories_touched}
    )
    css = "pw-noise" if change.kind.is_noise else "pw-change"
    return (
        f'<tr class="{css}" data-platform="{change.platform}" data-document="{change.document}" '
        f'data-kind="{change.kind.value}" data-categories="{" ".join(categories)}">'
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
    )


def _options(name: str, everything: str, choices: Iterable[tuple[str, str]]) -> str:
    items = [f'<option value="">{everything}</option>']
    for value, label in choices:
        noise = " data-noise" if name == "kind" and Kind(value).is_noise else ""
        items.append(f'<option value="{value}"{noise}>{markup.attribute(label)}</option>')
    return f'<select name="{name}" aria-label="{everything}">{"".join(items)}</select>'


def filters(archive: Archive, labels: Mapping[str, str]) -> str:
    """The filter bar of a timeline; hidden until policywatch.js wires it up."""
    platforms = [(p.slug, p.name) for p in archive.platforms]
    types = sorted({(d.slug, d.type.name) for d in archive.documents()}, key=lambda t: t[1])
    kinds = [(k.value, k.value) for k in Kind if k is not Kind.FIRST]
    return (
        '<div class="pw-filters" role="search" hidden>'
        + _options("platform", "All platforms", platforms)
        + _options("document", "All documents", types)
        + _options("category", "All categories", labels.items())
        + _options("kind", "All kinds", kinds)
        + '<span class="pw-filters__count"></span></div>\n'
    )


def timeline(
    page_url: str,
    changes: Sequence[Change],
    names: Mapping[tuple[str, str], str],
    labels: Mapping[str, str],
    bar: str = "",
) -> str:
    """A table of changes, newest first, noise collapsed behind a toggle; `bar`: filters."""
    if not changes:
        return "No changes recorded yet.\n"
    noise = sum(change.kind.is_noise for change in changes)
    rows = [_row(page_url, c, names[(c.platform, c.document)], labels) for c in changes]
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Document", "Kind", "Words", "What changed"))
    return (
        f'<div class="pw-history pw-timeline">\n{bar}{widgets.noise_toggle(noise)}<table>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>\n"
    )


def real_changes(changes: Iterable[Change]) -> list[Change]:
    """Changes other than first records."""
    return [c for c in changes if c.kind is not Kind.FIRST]


def changes_pages(
    archive: Archive, analysis: Analysis, context: Context
) -> Iterator[tuple[str, str]]:
    """The timeline of every change, as (URL, Markdown) pages.

    `changes/` shows the newest changes; every year has a page of its own (`changes/<year>/`),
    continued on `changes/<year>/2/`, … when it is long (see generator.site.paging).
    """
    changes = newest_first(real_changes(analysis.all_changes()))
    names = _names(archive)
    bar = filters(archive, context.labels)
    by_year: dict[int, list[Change]] = {}
    for change in changes:
        by_year.setdefault(parse_stamp(change.to_stamp).year, []).append(change)
    years = sorted(by_year, reverse=True)
    newest = paging.split(changes, row_size(urls.CHANGES, names, context.labels))[0]
    intro = (
        "Every recorded change, newest first. Formatting, technical and reverted changes are "
        "hidden until you ask for them. Filter by platform, document, data-practice category "
        "or kind; the filters need JavaScript, the table does not.\n"
    )
    if context.feeds:
        feed = urls.relative(urls.CHANGES, urls.FEED_ALL)
        intro += f"\nSubscribe: [Atom feed of all changes]({feed}).\n"
    if len(newest) < len(changes):
        intro += (
            f"\nThe {len(newest):,} newest of {len(changes):,} changes are below; "
            "every year has its own pages.\n"
        )
    yield (
        urls.CHANGES,
        markup.front_matter("Changes", hide=["toc"])
        + "# All changes\n\n"
        + intro
        + "\n"
        + _year_links(urls.CHANGES, years)
        + timeline(urls.CHANGES, newest, names, context.labels, bar),
    )
    for year in years:
        base = urls.changes_year(year)
        runs = paging.split(by_year[year], row_size(base, names, context.labels))
        for number, run in enumerate(runs, 1):
            url = paging.page_url(base, number)
            title = f"Changes in {year}" + (f", page {number}" if number > 1 else "")
            yield (
                url,
                markup.front_matter(title, hide=["toc"])
                + f"# {title}\n\n"
                + f"{len(by_year[year]):,} changes recorded in {year}, newest first; "
                + f"[all changes]({urls.relative(url, urls.CHANGES)}).\n\n"
                + _year_links(url, years, year)
                + paging.pager(url, base, len(runs), number)
                + timeline(url, run, names, context.labels, bar),
            )


def row_size(
    page_url: str, names: Mapping[tuple[str, str], str], labels: Mapping[str, str]
) -> Callable[[Change], int]:
    """The bytes a change's timeline row takes on a page (to cut long lists into pages)."""
    return lambda change: len(
        _row(page_url, change, names[(change.platform, change.document)], labels)
    )


def _year_links(page_url: str, years: Sequence[int], current: int | None = None) -> str:
    """Links to the timeline's year pages."""
    if not years:
        return ""
    items = [
        f'<strong aria-current="page">{year}</strong>'
        if year == current
        else f'<a href="{urls.href(page_url, urls.changes_year(year))}">{year}</a>'
        for year in years
    ]
    return (
        f'<nav class="pw-years" aria-label="Changes by year">By year: {" · ".join(items)}</nav>\n\n'
    )


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
    shown = paging.split(listed, row_size(url, names, context.labels))[0]
    if len(shown) < len(listed):
        parts.append(
            f"The {len(shown):,} newest of {len(listed):,} changes; each document's version "
            "history (above) lists all of its own.\n"
        )
    parts.append(timeline(url, shown, names, context.labels))
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
        f"**{len(archive.platforms)}** platforms · **{documents}** documents · "
        f"**{versions}** versions · **{len(changes)}** changes · "
        f"[all changes]({link(urls.CHANGES)}) · [all platforms]({link(urls.PLATFORMS)})\n",
        "## Latest " + ("substantive changes\n" if substantive else "changes\n"),
        "Each row links to the change: the words removed and added, and the evidence for "
        "each label. *Substantive* means a data-practice topic was added or removed; "
        "*editorial* means the wording changed without that.\n",
        timeline(urls.HOME, latest, _names(archive), context.labels),
    ]
    if matrix_teaser:
        parts += ["## Who does what\n", matrix_teaser]
    parts.append("## Subscribe\n")
    if context.feeds:
        feeds = [f"[all changes]({link(urls.FEED_ALL)})"] + [
            f"[{markup.text(p.name)}]({link(urls.platform_feed(p.slug))})"
            for p in archive.platforms
        ]
        parts.append(
            "Atom feeds, for any feed reader: "
            + " · ".join(feeds)
            + ". Each document and each category page has its own feed too. Noise "
            "(formatting, technical, reverted) is left out of every feed.\n"
        )
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
