"""Long lists split over pages of bounded size: a whole collection's timeline is tens of
thousands of rows, and a browser should never be handed tens of megabytes of HTML.

A list is cut by the bytes its items take in the page, not by a count: rows grow when they
carry more (badges, summaries), and the pages stay under the budget all the same. The first
page keeps the list's own URL; the next ones are `<url>2/`, `<url>3/`, …
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from generator.site import urls

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

T = TypeVar("T")
R = TypeVar("R")

PAGE_BYTES = 500_000
"""Bytes of list items on one page. A page's theme, navigation and other parts add about
50 KB, so every page stays well under 1 MB."""


def split(
    items: Sequence[T],
    size: Callable[[T], int],
    budget: int | None = None,
    *,
    first: int | None = None,
    runs_wanted: int | None = None,
) -> list[list[T]]:
    """`items` in order, cut into runs of at most `budget` bytes each (default `PAGE_BYTES`;
    an item larger than the budget gets a run of its own); one empty run for no items.

    `first` is the budget of the first run, when its page carries more than the list.
    `runs_wanted`: only that many runs are made (the items after them are not sized).
    """
    return _cut(items, lambda item, _: (item, size(item)), budget, first, runs_wanted, again=False)


def split_rendered(
    items: Sequence[T],
    render: Callable[[T, str], str],
    base: str,
    budget: int | None = None,
    *,
    first: int | None = None,
    runs_wanted: int | None = None,
) -> list[list[tuple[T, str]]]:
    """Like `split`, for items sized by what they render to: each item with its HTML, as
    `render(item, page_url)` makes it for the page it lands on (its links are relative to
    that page). Each item is rendered once, the one that opens a new page twice."""
    return _cut(
        items,
        lambda item, number: ((item, html := render(item, page_url(base, number))), len(html)),
        budget,
        first,
        runs_wanted,
        again=True,
    )


def _cut(
    items: Sequence[T],
    measure: Callable[[T, int], tuple[R, int]],
    budget: int | None,
    first: int | None,
    runs_wanted: int | None,
    *,
    again: bool,
) -> list[list[R]]:
    """`items` cut into runs by their cost; `measure(item, page number)`: what the run holds
    of the item on that page, and its cost there, measured `again` for the item that opens a
    new run when it differs from page to page."""
    budget = PAGE_BYTES if budget is None else budget
    runs: list[list[R]] = [[]]
    used = 0
    for item in items:
        held, cost = measure(item, len(runs))
        if runs[-1] and used + cost > (budget if len(runs) > 1 or first is None else first):
            if len(runs) == runs_wanted:
                break
            runs.append([])
            used = 0
            if again:
                held, cost = measure(item, len(runs))
        runs[-1].append(held)
        used += cost
    return runs


def page_url(base: str, number: int) -> str:
    """The URL of page `number` (from 1) of the list at `base`."""
    return base if number == 1 else f"{base}{number}/"


def pager(here: str, base: str, count: int, current: int) -> str:
    """Links to every page of a list of `count` pages (none when there is one page)."""
    if count < 2:
        return ""
    items = []
    for number in range(1, count + 1):
        if number == current:
            items.append(f'<strong aria-current="page">{number}</strong>')
        else:
            href = urls.href(here, page_url(base, number))
            items.append(f'<a href="{href}">{number}</a>')
    return f'<nav class="pw-pager" aria-label="Pages">Page {" · ".join(items)}</nav>\n\n'
