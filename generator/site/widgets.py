"""Small pieces of page markup shared by several pages: badges, dates, counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.model import parse_stamp
from generator.site import markup

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import date, datetime

    from generator.analysis.changes import Change, Kind

KIND_HELP = {
    "first": "first recorded version",
    "substantive": "data practices mentioned were added or removed",
    "editorial": "wording changed; no data-practice topic gained or lost",
    "formatting": "the same words: only layout, punctuation, markup or link targets changed",
    "technical": "not the platform's text: the extraction changed, the capture failed, "
    "or only page furniture changed",
    "reverted": "the text went back to an earlier version",
}


def kind_badge(kind: Kind) -> str:
    """A coloured label for a change kind, with its meaning as a tooltip."""
    return (
        f'<span class="pw-kind pw-kind--{kind.value}" title="{KIND_HELP[kind.value]}">'
        f"{kind.value}</span>"
    )


def day(stamp: str) -> str:
    """The date part of a stamp, ISO formatted (`2023-09-29`)."""
    return parse_stamp(stamp).date().isoformat()


def moment(stamp: str) -> str:
    """A stamp for people: `2023-09-29`, or `2023-09-29 06:33 UTC` when it has a time."""
    when = parse_stamp(stamp)
    if "T" not in stamp:
        return when.date().isoformat()
    return when.strftime("%Y-%m-%d %H:%M UTC")


def when(value: datetime | date | None) -> str:
    """A date or UTC date-time from front matter, or a dash."""
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def words_delta(change: Change) -> str:
    """Words added and removed (`+120 -35`), or the word count of a first version."""
    if change.from_stamp is None:
        return f"{change.after.words:,} words"
    return (
        f'<span class="pw-plus">+{change.words_added:,}</span> '
        f'<span class="pw-minus">\N{MINUS SIGN}{change.words_removed:,}</span>'
    )


AUTO_HELP = (
    "Written automatically from the facts of this change (the sections it touches, the "
    "data practices it adds or removes, the numbers that changed); no person wrote it"
)


def summary(change: Change | None) -> str:
    """A change's headline, escaped: the contributor's, else the automatic one, marked as
    such; or an empty string."""
    if change is None:
        return ""
    if change.summary:
        return markup.text(change.summary)
    if change.auto_summary:
        return (
            f'<span class="pw-auto" title="{AUTO_HELP}">auto</span> '
            f'<span class="pw-summary--auto">{markup.text(change.auto_summary)}</span>'
        )
    return ""


def headline(change: Change) -> str:
    """A change's headline as plain text (feeds): the contributor's, else the automatic one."""
    return change.summary or change.auto_summary or f"{change.kind.value} change"


def noise_toggle(count: int) -> str:
    """A checkbox that shows the collapsed noise rows of the table after it (CSS only)."""
    if not count:
        return ""
    plural = "s" if count != 1 else ""
    return (
        '<input type="checkbox" id="pw-show-noise" class="pw-noise-toggle">'
        f'<label for="pw-show-noise">Show {count} noise change{plural} '
        "(formatting, technical, reverted)</label>\n"
    )


def history_block(header: Sequence[str], rows: Sequence[str], noise: int) -> str:
    """A raw HTML table of changes wrapped with its noise toggle."""
    head = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"
    return markup.held(
        f'<div class="pw-history">\n{noise_toggle(noise)}<table>\n{head}\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>\n"
    )


def row(cells: Sequence[str], css_class: str) -> str:
    return f'<tr class="{css_class}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def category_verbs(change: Change, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """("adds", "Biometric data, …"), ("removes", …), ("touches", …): the change's categories
    in words, for feeds and search entries (empty verbs left out)."""
    found = []
    for verb, ids in (
        ("adds", change.categories_added),
        ("removes", change.categories_removed),
        ("touches", change.categories_touched),
    ):
        if ids:
            found.append((verb, ", ".join(labels.get(i, i) for i in ids)))
    return found
