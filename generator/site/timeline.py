"""The timeline: every change as a table row, and the `changes/` pages (newest, then by year).

One function renders a row (`_row`), so the year pages, category pages and histories show a
change alike; long lists are cut into pages of a bounded size (generator.site.paging).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from generator.analysis.changes import Kind
from generator.content.model import parse_stamp
from generator.site import markup, paging, urls, widgets
from generator.site.carryover import fingerprint
from generator.site.freshness import STALE_AFTER_DAYS
from generator.site.history import document_title

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
    from datetime import datetime

    from generator.analysis.analyse import Analysis
    from generator.analysis.changes import Change
    from generator.content.model import Archive

    # How a list's pages are handed out (key, first URL, what makes its pages): made now, or
    # each when it is written.
    Plan = Callable[
        [str, str, Callable[[], Iterable[tuple[str, str]]]],
        Iterable[tuple[str, str | Callable[[], str], str]],
    ]

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


def document_names(archive: Archive) -> dict[tuple[str, str], str]:
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
            label = labels.get(category_id, category_id)
            badges.append(_badge(page_url, category_id, label, css, sign, title))
    more = touched[TOUCHED_BADGES:]
    if more:
        names = markup.attribute(", ".join(labels.get(c, c) for c in more))
        badges.append(f'<span class="pw-cat pw-cat--more" title="also touched: {names}">'
                      f"+{len(more)} more</span>")  # fmt: skip
    return " ".join(badges)


@lru_cache(maxsize=4096)
def _badge(page_url: str, category_id: str, label: str, css: str, sign: str, title: str) -> str:
    """One category badge (made once per page: a list page repeats the same few hundred)."""
    href = urls.href(page_url, urls.category(category_id))
    return (
        f'<a class="pw-cat pw-cat--{css}" href="{href}" title="{title}">'
        f"{sign}\N{NARROW NO-BREAK SPACE}{markup.text(label)}</a>"
    )


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
    rows = [(c, _row(page_url, c, names[(c.platform, c.document)], labels)) for c in changes]
    return rows_table(rows, bar)


def rows_table(rows: Sequence[tuple[Change, str]], bar: str = "") -> str:
    """The timeline of rows already rendered for their page (`row_pages`)."""
    if not rows:
        return "No changes recorded yet.\n"
    noise = sum(change.kind.is_noise for change, _ in rows)
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Document", "Kind", "Words", "What changed"))
    return markup.held(
        f'<div class="pw-history pw-timeline">\n{bar}{widgets.noise_toggle(noise)}<table>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(row for _, row in rows)
        + "\n</tbody>\n</table>\n</div>\n"
    )


def row_pages(
    base: str,
    changes: Sequence[Change],
    names: Mapping[tuple[str, str], str],
    labels: Mapping[str, str],
    *,
    runs_wanted: int | None = None,
) -> list[list[tuple[Change, str]]]:
    """`changes` as timeline rows, cut into the pages of the list at `base` (`base`,
    `<base>2/`, …; generator.site.paging), each row rendered once, for its page.
    `runs_wanted`: only the first pages (the changes after them are not rendered)."""

    def render(change: Change, page_url: str) -> str:
        return _row(page_url, change, names[(change.platform, change.document)], labels)

    return paging.split_rendered(changes, render, base, runs_wanted=runs_wanted)


def real_changes(changes: Iterable[Change]) -> list[Change]:
    """Changes other than first records."""
    return [c for c in changes if c.kind is not Kind.FIRST]


def changes_pages(
    archive: Archive, analysis: Analysis, context: Context, plan: Plan
) -> Iterator[tuple[str, str | Callable[[], str], str | None]]:
    """The timeline of every change, as (URL, Markdown or what makes it, key) pages.

    `changes/` shows the newest changes; every year has a page of its own (`changes/<year>/`),
    continued on `changes/<year>/2/`, … when it is long (see generator.site.paging). A year's
    pages are known by their key, what they are made from, and handed out by `plan`
    (generator.site.planned.counted): one new snapshot makes the pages of its year again, not
    the whole timeline's.
    """
    changes = newest_first(real_changes(analysis.all_changes()))
    names = document_names(archive)
    bar = filters(archive, context.labels)
    by_year: dict[int, list[Change]] = {}
    for change in changes:
        by_year.setdefault(parse_stamp(change.to_stamp).year, []).append(change)
    years = sorted(by_year, reverse=True)
    newest = row_pages(urls.CHANGES, changes, names, context.labels, runs_wanted=1)[0]
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
        + rows_table(newest, bar),
        None,
    )
    labels = repr(sorted(context.labels.items()))
    for year in years:
        listed = by_year[year]
        key = fingerprint(
            "year",
            str(year),
            repr(years),
            bar,
            labels,
            *(f"{analysis.digest(c)}:{names[(c.platform, c.document)]}" for c in listed),
        )
        make = partial(_year_pages, year, years, listed, names, context.labels, bar)
        yield from plan(key, urls.changes_year(year), make)


def _year_pages(
    year: int,
    years: Sequence[int],
    listed: Sequence[Change],
    names: Mapping[tuple[str, str], str],
    labels: Mapping[str, str],
    bar: str,
) -> Iterator[tuple[str, str]]:
    """The pages of one year of the timeline."""
    base = urls.changes_year(year)
    runs = row_pages(base, listed, names, labels)
    for number, run in enumerate(runs, 1):
        url = paging.page_url(base, number)
        title = f"Changes in {year}" + (f", page {number}" if number > 1 else "")
        yield (
            url,
            markup.front_matter(title, hide=["toc"])
            + f"# {title}\n\n"
            + f"{len(listed):,} changes recorded in {year}, newest first; "
            + f"[all changes]({urls.relative(url, urls.CHANGES)}).\n\n"
            + _year_links(url, years, year)
            + paging.pager(url, base, len(runs), number)
            + rows_table(run, bar),
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
