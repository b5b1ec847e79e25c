"""Static SVG charts, themed by the site's CSS so they read in light and dark mode.

Every chart is a `<figure>` holding an SVG with a `<title>` and `<desc>` for screen readers,
a legend, and the same numbers as a table (a `<details>` block) for anyone the picture fails.
Colours are CSS classes (`pw-chart__…`) styled in policywatch.css from Material's palette
variables; lines and text use `currentColor`. All text is HTML-escaped here, and titles, which
hold platform and document names, go through `markup.text`: a chart may sit inline in Markdown
(a table cell), where a name such as `[x](javascript:…)` would otherwise become a link.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING

from generator.analysis.changes import NOISE_KINDS, Kind
from generator.content.model import parse_stamp
from generator.site.markup import text as inert

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from generator.analysis.changes import Change
    from generator.content.model import Version

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 52, 14, 30  # plot margins, room for the axis labels


@dataclass(frozen=True)
class Point:
    """One observation of a time series."""

    when: datetime
    value: float
    note: str  # the tooltip and table text, e.g. "1,204 words, 4.8 min"


@dataclass(frozen=True)
class Stack:
    """One series of a stacked bar chart: a value per column."""

    label: str
    css: str  # modifier of `pw-chart__bar--…`
    values: tuple[int, ...]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 1:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return 10 * magnitude  # pragma: no cover  (the loop always returns)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _figure(chart_id: str, title: str, desc: str, body: str, legend: str, table: str) -> str:
    """The figure around a chart; one HTML block without blank lines, as Markdown needs."""
    return (
        f'<figure class="pw-chart" id="{chart_id}">'
        f'<svg class="pw-chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{inert(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>{body}</svg>'
        f'<figcaption class="pw-chart__legend">{legend}</figcaption>'
        f'<details class="pw-chart__data quote"><summary>The numbers</summary>{table}</details>'
        "</figure>\n"
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _y_axis(top: float, ticks: int, right_label: tuple[str, float] | None) -> str:
    """Horizontal grid lines with labels; optionally a second scale on the right."""
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(ticks + 1):
        value = top * i / ticks
        y = TOP + plot_h - plot_h * i / ticks
        parts.append(
            f'<line class="pw-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text class="pw-chart__tick" x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{_num(value) if value < 1000 else f"{value:,.0f}"}</text>'
        )
        if right_label is not None:
            unit, divisor = right_label
            parts.append(
                f'<text class="pw-chart__tick" x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}">'
                f"{_num(value / divisor)}{escape(unit) if i == ticks else ''}</text>"
            )
    return "".join(parts)


def _x_years(start: datetime, end: datetime, x_of: Callable[[datetime], float]) -> str:
    """Tick marks at each 1 January inside the range, thinned to at most ~8 labels."""
    years = list(range(start.year + 1, end.year + 1))
    every = max(1, math.ceil(len(years) / 8))
    parts = []
    for year in years[::every]:
        x = x_of(datetime(year, 1, 1, tzinfo=UTC))
        parts.append(
            f'<line class="pw-chart__grid" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" '
            f'y2="{HEIGHT - BOTTOM}"/><text class="pw-chart__tick" x="{x:.1f}" '
            f'y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{year}</text>'
        )
    return "".join(parts)


def step_chart(
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[Point],
    *,
    until: datetime,
    value_label: str,
    second_scale: tuple[str, float] | None = None,
    legend: str = "",
) -> str:
    """A value that holds from one observation to the next (a document's length), to `until`.

    `second_scale` = (unit, divisor) labels the right axis with value / divisor (minutes).
    """
    start, end = points[0].when, max(points[-1].when, until)
    span = (end - start).total_seconds() or 86400.0 * 60
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max(p.value for p in points) * 1.05)

    def x_of(moment: datetime) -> float:
        return LEFT + plot_w * (moment - start).total_seconds() / span

    def y_of(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    path = [f"M{x_of(points[0].when):.1f},{y_of(points[0].value):.1f}"]
    for point in points[1:]:
        path.append(f"H{x_of(point.when):.1f}V{y_of(point.value):.1f}")
    path.append(f"H{x_of(end):.1f}")
    radius = 3.5 if len(points) <= 40 else 2.5  # long histories: dots must not merge
    dots = "".join(
        f'<circle class="pw-chart__dot" cx="{x_of(p.when):.1f}" cy="{y_of(p.value):.1f}" '
        f'r="{radius}">'
        f"<title>{p.when:%Y-%m-%d}: {escape(p.note)}</title></circle>"
        for p in points
    )
    body = (
        _y_axis(top, _int_ticks(int(top)) if top >= 10 else 4, second_scale)
        + _x_years(start, end, x_of)
        + f'<path class="pw-chart__line" d="{"".join(path)}"/>'
        + dots
    )
    rows = [(f"{p.when:%Y-%m-%d}", p.note) for p in points]
    table = _table(["Date", value_label], rows)
    key = f'<span class="pw-chart__key pw-chart__key--line"></span> {escape(legend)}'
    return _figure(chart_id, title, desc, body, key, table)


def _int_ticks(top: int) -> int:
    return next(n for n in (5, 4, 2, 1) if top % n == 0)


def bar_chart(
    chart_id: str, title: str, desc: str, columns: Sequence[str], stacks: Sequence[Stack]
) -> str:
    """Stacked bars, one column per label (years), one colour per stack (change kinds)."""
    totals = [sum(s.values[i] for s in stacks) for i in range(len(columns))]
    top = int(nice_ceiling(max(totals, default=0)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    band = plot_w / max(1, len(columns))
    bar = min(48.0, band * 0.6)
    every = max(1, math.ceil(len(columns) / 12))
    parts = [_y_axis(top, _int_ticks(top), None)]
    for i, column in enumerate(columns):
        x = LEFT + band * i + (band - bar) / 2
        base = 0
        for stack in stacks:
            value = stack.values[i]
            if value:
                y = TOP + plot_h - plot_h * (base + value) / top
                parts.append(
                    f'<rect class="pw-chart__bar pw-chart__bar--{stack.css}" x="{x:.1f}" '
                    f'y="{y:.1f}" width="{bar:.1f}" height="{plot_h * value / top:.1f}">'
                    f"<title>{escape(column)}: {value} {escape(stack.label)}</title></rect>"
                )
            base += value
        if i % every == 0:
            parts.append(
                f'<text class="pw-chart__tick" x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle">{escape(column)}</text>'
            )
    legend = " ".join(
        f'<span class="pw-chart__key pw-chart__bar--{s.css}"></span> {escape(s.label)}'
        for s in stacks
    )
    rows = [[c, *(str(s.values[i]) for s in stacks), str(totals[i])] for i, c in enumerate(columns)]
    table = _table(["", *(s.label for s in stacks), "total"], rows)
    return _figure(chart_id, title, desc, "".join(parts), legend, table)


def mini_bars(label: str, columns: Sequence[str], values: Sequence[int]) -> str:
    """A word-sized bar chart for a table cell (changes per year); its title gives the numbers."""
    step, height = 10, 24
    width = step * len(columns)
    top = max(values, default=0) or 1
    numbers = ", ".join(f"{c}: {v}" for c, v in zip(columns, values, strict=True))
    bars = "".join(
        f'<rect class="pw-chart__bar pw-chart__bar--all" x="{step * i + 1}" '
        f'y="{height - height * v / top:.1f}" width="{step - 2}" height="{height * v / top:.1f}"/>'
        for i, v in enumerate(values)
        if v
    )
    base = f'<line class="pw-chart__axis" x1="0" x2="{width}" y1="{height}" y2="{height}"/>'
    return (
        f'<span class="pw-minibars__cell"><svg class="pw-minibars" '
        f'viewBox="0 0 {width} {height + 1}" width="{width}" height="{height + 1}" '
        'role="img" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{inert(label)} ({escape(numbers)})</title>{base}{bars}</svg>"
        f' <span class="pw-minibars__total">{sum(values)}</span></span>'
    )


# --- The site's charts -----------------------------------------------------------------------


def length_chart(
    chart_id: str, title: str, versions: Sequence[Version], changes: Sequence[Change],
    until: datetime,
) -> str:  # fmt: skip
    """A document's length in words (left) and reading minutes (right) over time."""
    metrics = {change.to_stamp: change.after for change in changes}
    points = [
        Point(
            v.observed,
            metrics[v.stamp].words,
            f"{metrics[v.stamp].words:,} words, {metrics[v.stamp].reading_minutes:g} min",
        )
        for v in versions
        if v.stamp in metrics
    ]
    if not points:
        return ""
    first, last = points[0], points[-1]
    desc = (
        f"From {first.when:%Y-%m-%d} ({first.note}) to {last.when:%Y-%m-%d} ({last.note}), "
        f"over {len(points)} versions."
    )
    return step_chart(
        chart_id,
        f"Length of {title} over time",
        desc,
        points,
        until=until,
        value_label="Length",
        second_scale=(" min", 250.0),
        legend="words (left axis); reading time at 250 words a minute (right axis)",
    )


KIND_STACKS = (
    ("substantive", "substantive", (Kind.SUBSTANTIVE,)),
    ("editorial", "editorial", (Kind.EDITORIAL,)),
    ("noise (formatting, technical, reverted)", "noise", tuple(NOISE_KINDS)),
)


def years_chart(chart_id: str, title: str, changes: Sequence[Change], years: range) -> str:
    """Changes per year, stacked by kind (first records left out)."""
    counts: Counter[tuple[int, Kind]] = Counter(
        (parse_stamp(c.to_stamp).year, c.kind) for c in changes if c.kind is not Kind.FIRST
    )
    stacks = [
        Stack(label, css, tuple(sum(counts[(y, k)] for k in kinds) for y in years))
        for label, css, kinds in KIND_STACKS
    ]
    total = sum(sum(s.values) for s in stacks)
    busiest = max(years, key=lambda y: sum(s.values[y - years.start] for s in stacks))
    desc = (
        f"{total} changes from {years.start} to {years.stop - 1}; the busiest year was {busiest}."
    )
    return bar_chart(chart_id, title, desc, [str(y) for y in years], stacks)


def year_counts(changes: Iterable[Change], years: range) -> list[int]:
    """Changes that are not noise nor first records, per year."""
    counts = Counter(
        parse_stamp(c.to_stamp).year
        for c in changes
        if c.kind is not Kind.FIRST and not c.kind.is_noise
    )
    return [counts[y] for y in years]
