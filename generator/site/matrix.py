"""The platform-by-category matrix: its pages (`categories/`, continued on `categories/2/`, …
when a collection has too many platforms for one page) and the home page's teaser.

Platforms are the rows, because their number grows (to hundreds) while the categories are a
short list: the table grows down, not off the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.site import markup, paging, urls, widgets
from generator.site.categories import change_href

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from generator.content.model import Archive, Platform
    from generator.site.categories import CategoryLike, Grid, Presence

TEASER_ROWS = 6  # categories on the home page, most recently introduced first
TEASER_PLATFORMS = 8  # platforms on the home page: those that took one of them up last


def _cell(page_url: str, grid: Grid, platform: Platform, category: CategoryLike) -> str:
    """One platform and one category: the year the mention started, linked to the change that
    brought it; a struck-out year when it was dropped; a dash when never mentioned."""
    found = grid.earliest(platform.slug, category.id)
    if found is None:
        gone = grid.cells.get((platform.slug, category.id))
        if gone:
            when = widgets.day(max(p.dropped or "" for p in gone))
            title = markup.attribute(f"{category.label}: dropped on {when}")
            return f'<td class="pw-matrix__gone" title="{title}"><s>{when[:4]}</s></td>'
        return '<td class="pw-matrix__none">—</td>'
    document = next(d.type.name for d in platform.documents if d.slug == found.document)
    since = (
        f"already in the first recorded version ({widgets.day(found.since)})"
        if found.from_first
        else f"since {widgets.day(found.since)}"
    )
    # The row head names the platform, and stays in view: the title says the rest.
    title = markup.attribute(f"{category.label}: {document}, {since}")
    return (
        f'<td class="pw-matrix__yes{" pw-matrix__early" if found.from_first else ""}">'
        f'<a href="{change_href(page_url, found)}" title="{title}">'
        f"{_year(found)}</a></td>"
    )


def _year(found: Presence) -> str:
    """The year a mention started, for the matrix; `≤year` when it was there from the start."""
    return ("\N{LESS-THAN OR EQUAL TO}" if found.from_first else "") + widgets.day(found.since)[:4]


FILTER_FROM = 12  # rows from which policywatch.js offers a filter box above the matrix


def matrix(
    page_url: str,
    archive: Archive,
    grid: Grid,
    categories: Sequence[CategoryLike],
    platforms: Sequence[Platform] | None = None,
) -> str:
    """A raw HTML table: one row per platform, one column per category.

    Platforms are the rows, because their number grows (to hundreds) while the categories are
    a short list: the table grows down, not off the page. Column heads are set vertically and
    cells hold years, so 17 categories fit a laptop's width; on a phone the table scrolls
    sideways inside its box with the platform names kept in view, and the heads stay in view
    while it scrolls down. Above FILTER_FROM rows the script adds a filter box.
    """
    rows = list(archive.platforms if platforms is None else platforms)
    head = []
    for category in categories:
        count = sum(1 for p in archive.platforms if grid.earliest(p.slug, category.id))
        link = urls.href(page_url, urls.category(category.id))
        title = markup.attribute(f"{category.label}: {category.description}")
        head.append(
            f'<th scope="col"><a href="{link}" title="{title}"><span>{markup.text(category.label)}'
            f'</span></a> <span class="pw-matrix__count" title="platforms that mention it now">'
            f"{count}</span></th>"
        )
    body = [matrix_row(page_url, grid, platform, categories) for platform in rows]
    filterable = " pw-matrix--filterable" if len(rows) >= FILTER_FROM else ""
    return markup.held(
        f'<div class="pw-matrix{filterable}">\n<div class="pw-matrix__scroll">\n'
        '<table class="pw-matrix__table">\n'
        f'<thead><tr><th scope="col" class="pw-matrix__corner">Platform</th>{"".join(head)}'
        "</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>\n</div>\n"
    )


def matrix_row(
    page_url: str, grid: Grid, platform: Platform, categories: Sequence[CategoryLike]
) -> str:
    """One platform's row of the matrix."""
    link = urls.href(page_url, urls.platform(platform.slug))
    aliases = ", ".join(platform.aliases)
    known = f' title="also known as {markup.attribute(aliases)}"' if aliases else ""
    cells = "".join(_cell(page_url, grid, platform, c) for c in categories)
    return (
        f'<tr data-platform="{platform.slug}"><th scope="row"><a href="{link}"{known}>'
        f"{markup.text(platform.name)}</a></th>{cells}</tr>"
    )


MATRIX_LEAD = (
    "Which platforms' documents mention which data practices, and since when: one row per "
    "platform, one column per practice.\n"
)
MATRIX_HELP = (
    '<details class="pw-matrix__help"><summary>How to read it</summary>\n'
    "<p>A year is when the platform's current documents started mentioning the practice, and "
    "links to the change that brought it in (its title gives the exact date). "
    "\N{LESS-THAN OR EQUAL TO} means it was already in the first version recorded; a "
    "struck-out year, that it was dropped that year; a dash, that no document mentions it. "
    "The number under each practice counts the platforms that mention it now. Mentions are "
    "found sentence by sentence, by the phrases listed for each category: follow a link to "
    "read the evidence.</p>\n</details>\n"
)


def categories_pages(
    archive: Archive, grid: Grid, categories: Sequence[CategoryLike]
) -> Iterator[tuple[str, str]]:
    """The platform-by-category matrix, as (URL, Markdown) pages: `categories/`, and
    `categories/2/`, … when a collection has too many platforms for one page (every page has
    the column heads and counts; see generator.site.paging)."""
    runs = paging.split(
        archive.platforms, lambda p: len(matrix_row(urls.CATEGORIES, grid, p, categories))
    )
    for number, run in enumerate(runs, 1):
        url = paging.page_url(urls.CATEGORIES, number)
        title = "Categories" + (f", page {number}" if number > 1 else "")
        heading = "Data practices across platforms" + (f", page {number}" if number > 1 else "")
        lead = ""
        if len(runs) > 1:
            lead = (
                f"{len(archive.platforms):,} platforms over {len(runs)} pages; this page: "
                f"{markup.text(run[0].name)} to {markup.text(run[-1].name)}.\n\n"
                + paging.pager(url, urls.CATEGORIES, len(runs), number)
            )
        parts = [
            markup.front_matter(title, hide=["toc"]),
            f"# {heading}\n",
            MATRIX_LEAD,
            MATRIX_HELP,
            lead,
            matrix(url, archive, grid, categories, run),
        ]
        yield url, "\n".join(parts)


def teaser(archive: Archive, grid: Grid, categories: Sequence[CategoryLike]) -> str:
    """The matrix rows of the categories introduced most recently, for the home page."""

    def newest(category: CategoryLike) -> str:
        dates = [
            found.since
            for platform in archive.platforms
            for found in grid.current(platform.slug, category.id)
        ]
        return max(dates, default="")

    ranked = sorted((c for c in categories if newest(c)), key=newest, reverse=True)
    chosen = {c.id for c in ranked[:TEASER_ROWS]}
    if not chosen:
        return ""
    columns = [c for c in categories if c.id in chosen]

    def latest(platform: Platform) -> str:
        found = [grid.earliest(platform.slug, c.id) for c in columns]
        return max((f.since for f in found if f is not None and not f.from_first), default="")

    # The platforms that took one of them up most recently (a few, however many there are).
    movers = sorted((p for p in archive.platforms if latest(p)), key=latest, reverse=True)
    rows = [p for p in archive.platforms if p in movers[:TEASER_PLATFORMS]] or list(
        archive.platforms[:TEASER_PLATFORMS]
    )
    full = urls.relative(urls.HOME, urls.CATEGORIES)
    return (
        "The data practices platforms took up most recently, and the platforms that took them "
        f"up last. [The full matrix]({full}) covers every platform and category.\n\n"
        + matrix(urls.HOME, archive, grid, columns, rows)
    )
