"""The card that opens a change page: what changed, at a glance, with the evidence one click away.

Raw HTML inside the page's Markdown. Everything from content (summaries, quotes, labels from
taxonomy.yml) is escaped with `markup.text` or `markup.inert`, which turn Markdown punctuation
into character references, so nothing in it is read as syntax whichever way the block is parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.analysis.changes import Noise
from generator.site import markup, urls, widgets
from generator.site.diff_html import anchor_id

if TYPE_CHECKING:
    from generator.analysis.changes import Change, KeySentence, Quote, TextMetrics
    from generator.analysis.taxonomy import Taxonomy
    from generator.content.model import Version


def _signed(value: float, unit: str = "", digits: int = 1) -> str:
    sign = "+" if value > 0 else "\N{MINUS SIGN}" if value < 0 else "±"
    return f"{sign}{abs(value):.{digits}f}{unit}"


def _metrics(before: TextMetrics | None, after: TextMetrics) -> list[str]:
    """Reading time and readability, with their change when there is a version before."""
    items = [f"{after.reading_minutes:g} min to read"]
    if before is not None and before.reading_minutes != after.reading_minutes:
        items[0] += f" ({_signed(after.reading_minutes - before.reading_minutes, ' min')})"
    ease, grade = after.flesch_reading_ease, after.flesch_kincaid_grade
    if ease is not None and grade is not None:
        text = f"reading ease {ease:g}, grade {grade:g}"
        old_ease = before.flesch_reading_ease if before else None
        old_grade = before.flesch_kincaid_grade if before else None
        if (
            old_ease is not None
            and old_grade is not None
            and (ease, grade) != (old_ease, old_grade)
        ):
            text += f" ({_signed(ease - (old_ease or 0))}, {_signed(grade - (old_grade or 0))})"
        items.append(
            f'<span title="Flesch reading ease (higher is easier) and Flesch-Kincaid grade">'
            f"{text}</span>"
        )
    return items


def _badge(taxonomy: Taxonomy | None, category: str, role: str, page_url: str) -> str:
    found = taxonomy.get(category) if taxonomy else None
    label = markup.text(found.label if found else category)
    title = markup.text(found.description if found else category)
    sign = {"added": "+", "removed": "\N{MINUS SIGN}", "touched": "~"}[role]
    href = urls.href(page_url, urls.category(category))
    return (
        f'<a class="pw-cat pw-cat--{role}" href="{href}" title="{role}: {title}">{sign} {label}</a>'
    )


def _quote(quote: Quote) -> str:
    """A quote (already on one line) with its matched words in `<mark>`."""
    out: list[str] = []
    at = 0
    for start, end in sorted(quote.marks):
        if start < at:
            continue  # overlapping matches: the first one is marked
        out.append(markup.inert(quote.text[at:start]))
        out.append(f"<mark>{markup.inert(quote.text[start:end])}</mark>")
        at = end
    out.append(markup.inert(quote.text[at:]))
    return "".join(out)


# What a noise change ignored, and why: one sentence each (Change.noise).
NOISE_NOTES = {
    Noise.MARKED_TECHNICAL: "the snapshot is marked technical: only the way the text was "
    "extracted changed, not the platform's text.",
    Noise.FAILED_CAPTURE: "this capture looks failed (a near-empty page, or the page in another "
    "language), so the version after it is compared with the last full one.",
    Noise.FURNITURE: "the only differences lie in a part of the page that changes at almost "
    "every capture (page furniture, such as a list of recent posts), not in the policy text.",
    Noise.BLINK: "the text went back to an earlier version (a blink), so nothing new was said.",
    Noise.SAME_TEXT: "only formatting differs (spacing, line breaks, list markers, quotes, "
    "emphasis): the text reads the same.",
    Noise.LINKS: "only link targets or image sources differ (such as a tracking token in "
    "links): the words are the same.",
    Noise.NO_WORDS: "no word was added or removed: only punctuation or markup differs.",
}


def _notes(version: Version, change: Change, url: str) -> list[str]:
    notes: list[str] = []
    if change.noise is not None:
        notes.append(f"<strong>Not counted as an edit</strong>: {NOISE_NOTES[change.noise]}")

    def link(stamp: str) -> str:
        target = urls.version(version.platform, version.document, stamp)
        return f'<a href="{urls.href(url, target)}">{widgets.moment(stamp)}</a>'

    if change.announces is not None:
        when = f"effective {change.announces}" if change.announces else "(no date stated)"
        notes.append(
            f"<strong>Announces a new version {when}</strong>: the page shows it beside the "
            "version still in force, so the text roughly doubles until it takes effect. The "
            "diff, word counts and labels compare the announced text with the text in force."
        )
    if change.announced_in is not None:
        notes.append(
            f"<strong>The new version announced on {link(change.announced_in)} takes "
            "effect.</strong> The diff, word counts and labels compare it with the version that "
            "was in force."
        )
    if change.compared_with is not None:
        notes.append(
            f"Compared with {link(change.compared_with)}: the version in between looks like a "
            "failed capture."
        )
    if change.reverted_to is not None:
        notes.append(f"Back to the text of {link(change.reverted_to)}.")
    return notes


def change_card(
    version: Version, change: Change | None, url: str, taxonomy: Taxonomy | None
) -> str:
    """The at-a-glance summary of a change, and its evidence folded below it."""
    if change is None:
        return '<div class="pw-card">\n<p class="pw-card__facts">withdrawn snapshot</p>\n</div>\n'
    facts = [widgets.kind_badge(change.kind), widgets.words_delta(change)]
    facts.extend(_metrics(change.before, change.after))
    parts = [f'<p class="pw-card__facts">{" · ".join(facts)}</p>']
    summary = widgets.summary(change)
    if summary:
        parts.append(f'<p class="pw-card__summary">{summary}</p>')
    parts.extend(f'<p class="pw-card__note">{note}</p>' for note in _notes(version, change, url))
    badges = [_badge(taxonomy, c, "added", url) for c in change.categories_added]
    badges += [_badge(taxonomy, c, "removed", url) for c in change.categories_removed]
    shown = {*change.categories_added, *change.categories_removed}
    badges += [
        _badge(taxonomy, c, "touched", url) for c in change.categories_touched if c not in shown
    ]
    if badges:
        parts.append(f'<p class="pw-card__labels">{" ".join(badges)}</p>')
    for flip in change.flips:
        found = taxonomy.get(flip.category) if taxonomy else None
        label = markup.text(found.label if found else flip.category)
        parts.append(
            f'<p class="pw-card__flip">Wording flipped ({label}): '
            f"&#8220;{markup.text(flip.before)}&#8221; &#8594; "
            f"&#8220;{markup.text(flip.after)}&#8221;</p>"
        )
    parts.extend(_what_changed(change, taxonomy))
    card = '<div class="pw-card">\n' + "\n".join(parts) + "\n</div>\n"
    return card + _evidence(change, taxonomy)


# --- What changed, in words: sections, numbers, key sentences ---------------------------------

CARD_SECTIONS = 5  # sections named on the card; the others are counted
_CHANGE_WORD = {"added": "added", "removed": "removed", "rewritten": "rewritten"}
_REASONS = {
    "flip": "a negation or modal flip",
    "category": "mentions a data practice",
    "number": "a number changed",
    "defined term": "defines a new term",
}


def _jump(block: int | None, text: str = "in the diff") -> str:
    """A link to a changed block of the diff below (its anchor, see diff_html.anchor_id)."""
    if block is None:
        return ""
    return f'<a class="pw-jump" href="#{anchor_id(block)}">{text}&#160;&#8595;</a>'


def _delta(added: int, removed: int) -> str:
    return (
        f'<span class="pw-plus">+{added:,}</span> '
        f'<span class="pw-minus">\N{MINUS SIGN}{removed:,}</span>'
    )


def _where(change: Change) -> str:
    """Which diff the facts below describe, when it is not the one on the page."""
    if change.announces is not None:
        return " (the announced text compared with the version in force)"
    if change.announced_in is not None:
        return " (compared with the version that was in force)"
    return ""


def _what_changed(change: Change, taxonomy: Taxonomy | None) -> list[str]:
    parts: list[str] = []
    if change.sections and change.from_stamp is not None:
        items = []
        for section in change.sections[:CARD_SECTIONS]:
            name = markup.text(section.name)
            if section.block is not None:
                name = f'<a href="#{anchor_id(section.block)}">{name}</a>'
            furniture = ""
            if section.furniture:
                furniture = ' <span class="pw-muted">(page furniture)</span>'
            delta = _delta(section.words_added, section.words_removed)
            items.append(f"<li>{name}{furniture} {delta}</li>")
        left = len(change.sections) - CARD_SECTIONS
        if left > 0:
            items.append(f'<li class="pw-muted">and {left} more section{"s" * (left > 1)}</li>')
        parts.append(
            f'<div class="pw-card__sections"><p><strong>Sections changed</strong>{_where(change)}, '
            f"most changed first:</p>\n<ul>\n" + "\n".join(items) + "\n</ul>\n</div>"
        )
    if change.numbers:
        items = [
            f"<li><strong>{markup.text(n.topic.capitalize())}</strong>: "
            f'<span title="{markup.attribute(n.sentence)}">{markup.text(n.before)} &#8594; '
            f"{markup.text(n.after)}</span> {_jump(n.block)}</li>"
            for n in change.numbers
        ]
        parts.append(
            '<div class="pw-card__numbers"><p><strong>Numbers that changed</strong>'
            f"{_where(change)}:</p>\n<ul>\n" + "\n".join(items) + "\n</ul>\n</div>"
        )
    if change.key_sentences:
        items = [_key_sentence(k, taxonomy) for k in change.key_sentences]
        parts.append(
            f'<div class="pw-card__keys"><p><strong>Key sentences</strong>{_where(change)}:</p>\n'
            "<ul>\n" + "\n".join(items) + "\n</ul>\n</div>"
        )
    return parts


def _key_sentence(key: KeySentence, taxonomy: Taxonomy | None) -> str:
    labels = []
    for category in key.categories:
        found = taxonomy.get(category) if taxonomy else None
        labels.append(markup.text(found.label if found else category))
    why = [_REASONS[r] for r in key.reasons if r in _REASONS and r != "category"]
    if labels:
        why.insert(0, ", ".join(labels))
    reasons = f' <span class="pw-muted">({"; ".join(why)})</span>' if why else ""
    change = _CHANGE_WORD.get(key.change, key.change)
    before = ""
    if key.before:
        was = markup.inert(key.before)
        before = f'<br><span class="pw-key__before">was: &#8220;{was}&#8221;</span>'
    return (
        f'<li><span class="pw-key pw-key--{change}">{change}</span> '
        f"&#8220;{markup.inert(key.text)}&#8221;{reasons} {_jump(key.block)}{before}</li>"
    )


def _evidence(change: Change, taxonomy: Taxonomy | None) -> str:
    """Quoted sentences per category, in a fold."""
    if not change.quotes:
        return ""
    items: list[str] = []
    count = 0
    for category, quotes in sorted(change.quotes.items()):
        found = taxonomy.get(category) if taxonomy else None
        label = markup.text(found.label if found else category)
        role = (
            "added"
            if category in change.categories_added
            else "removed"
            if category in change.categories_removed
            else "changed text"
        )
        for quote in quotes:
            side = "before" if quote.side == "old" else "after"
            items.append(
                f'<li><strong>{label}</strong> <span class="pw-evidence__role">({role}, '
                f"{side})</span>: &#8220;{_quote(quote)}&#8221;</li>"
            )
            count += 1
    noun = "sentence" if count == 1 else "sentences"
    return (
        f'<details class="pw-evidence-list">\n<summary>Evidence: {count} quoted {noun}</summary>\n'
        f"<ul>\n" + "\n".join(items) + "\n</ul>\n</details>\n"
    )
