"""`policywatch diff`: one change in the terminal: kind, labels with evidence, the word diff.

Snapshot text is hostile: it only ever reaches the terminal as `rich.text.Text` content (never
as console markup), with control characters removed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from generator.analysis.analyse import analyse_document, compare_versions
from generator.analysis.diff import diff_texts
from generator.analysis.taxonomy import load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive

if TYPE_CHECKING:
    from pathlib import Path

    from generator.analysis.changes import Change, Quote
    from generator.analysis.diff import Diff
    from generator.analysis.taxonomy import Taxonomy
    from generator.content.model import Archive, Document, Version

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class DiffError(Exception):
    """A mistake in the command line, told to the user."""


def _clean(text: str) -> str:
    return _CONTROL_RE.sub("", text)


def run_diff(
    target: str,
    stamps: tuple[str, ...],
    content_dir: Path,
    config_dir: Path,
    *,
    console: Console | None = None,
) -> int:
    """Print one change; 0 when shown, 1 with a message when it cannot be."""
    out = console or Console(highlight=False)
    err = Console(stderr=True, highlight=False) if console is None else console
    try:
        taxonomy, archive = _load(content_dir, config_dir)
        document = _document(archive, target)
        old, new = _pick(document, stamps)
    except DiffError as exc:
        err.print(Text(f"error: {exc}", style="bold red"))
        return 1
    change, diff = _change(document, old, new, taxonomy)
    show_change(out, change, diff, taxonomy)
    return 0


def _load(content_dir: Path, config_dir: Path) -> tuple[Taxonomy, Archive]:
    if not content_dir.is_dir():
        raise DiffError(f"content folder {content_dir} not found: pass --content-dir")
    types, problems = load_document_types(config_dir / "document_types.yml")
    taxonomy, taxonomy_problems = load_taxonomy(config_dir / "taxonomy.yml")
    problems = [*problems, *taxonomy_problems]
    if problems:
        raise DiffError(f"{problems[0]} (fix the configuration in {config_dir})")
    return taxonomy, load_archive(content_dir, types, LoadOptions())


def _document(archive: Archive, target: str) -> Document:
    platform_slug, _, document_slug = target.strip("/").partition("/")
    platform = next((p for p in archive.platforms if p.slug == platform_slug), None)
    if platform is None:
        known = ", ".join(p.slug for p in archive.platforms) or "none"
        raise DiffError(f"unknown platform {platform_slug!r}; known platforms: {known}")
    document = next((d for d in platform.documents if d.slug == document_slug), None)
    if document is None:
        known = ", ".join(f"{platform.slug}/{d.slug}" for d in platform.documents) or "none"
        raise DiffError(f"unknown document {target!r}; {platform.name} has: {known}")
    if not document.live_versions:
        raise DiffError(f"{target} has no versions to compare (all are withdrawn)")
    return document


def _find(document: Document, stamp: str) -> Version:
    """The live version whose stamp is `stamp` or the only one that starts with it."""
    live = document.live_versions
    exact = [v for v in live if v.stamp == stamp]
    found = exact or [v for v in live if v.stamp.startswith(stamp)]
    if len(found) == 1:
        return found[0]
    where = f"{document.platform}/{document.slug}"
    if not found:
        latest = ", ".join(v.stamp for v in live[-3:])
        raise DiffError(f"{where} has no version {stamp!r}; the latest are: {latest}")
    choices = ", ".join(v.stamp for v in found)
    raise DiffError(f"{stamp!r} matches several versions of {where}: {choices}")


def _pick(document: Document, stamps: tuple[str, ...]) -> tuple[Version | None, Version]:
    """FROM and TO: none given = the latest change; one = the change to that version."""
    live = document.live_versions
    if len(stamps) > 2:
        raise DiffError("give at most two versions: FROM and TO")
    if len(stamps) == 2:
        old, new = _find(document, stamps[0]), _find(document, stamps[1])
        if old.stamp >= new.stamp:
            raise DiffError(f"FROM ({old.stamp}) must be older than TO ({new.stamp})")
        return old, new
    new = _find(document, stamps[0]) if stamps else live[-1]
    index = live.index(new)
    return (live[index - 1] if index else None), new


def _change(
    document: Document, old: Version | None, new: Version, taxonomy: Taxonomy
) -> tuple[Change, Diff | None]:
    live = document.live_versions
    if old is None or live.index(new) - live.index(old) == 1:
        # A change of the history: analysed with its context (reverts, announcements).
        changes = analyse_document(document, taxonomy)
        change = next(c for c in changes if c.to_stamp == new.stamp)
        if change.from_stamp is None:
            return change, None
        base = change.compared_with or change.from_stamp
        shown = next(v for v in live if v.stamp == base)
        return change, diff_texts(shown.text, new.text)
    change = compare_versions(old, new, taxonomy)
    return change, diff_texts(old.text, new.text)


# --- Printing ----------------------------------------------------------------------------------


def show_change(console: Console, change: Change, diff: Diff | None, taxonomy: Taxonomy) -> None:
    """The change's facts, labels with evidence, and its word diff."""
    head = Text(f"{change.platform}/{change.document}  ", style="bold")
    head.append(f"{change.from_stamp or '(first version)'} → {change.to_stamp}")
    console.print(head)
    facts = Text(f"{change.kind.value}", style=_KIND_STYLE.get(change.kind.value, ""))
    facts.append(f"  +{change.words_added} -{change.words_removed} words")
    after = change.after
    facts.append(f"  {after.words} words, {after.reading_minutes:g} min to read")
    if after.flesch_reading_ease is not None:
        facts.append(
            f", reading ease {after.flesch_reading_ease:g}, grade {after.flesch_kincaid_grade:g}"
        )
    console.print(facts)
    for line in _notes(change):
        console.print(Text(line, style="italic"))
    if change.summary:
        console.print(Text(_clean(change.summary), style="bold"))
    elif change.auto_summary:
        console.print(Text("auto: ", style="dim").append(_clean(change.auto_summary)))
    for role, ids in (
        ("added", change.categories_added),
        ("removed", change.categories_removed),
        ("touched", [c for c in change.categories_touched if c not in change.categories_added]),
    ):
        ids = [c for c in ids if role != "touched" or c not in change.categories_removed]
        if ids:
            names = ", ".join(_label(taxonomy, c) for c in ids)
            console.print(Text(f"{role}: ", style="bold").append(names))
    for flip in change.flips:
        console.print(
            Text(f"flip ({_label(taxonomy, flip.category)}): ", style="bold red").append(
                f"“{_clean(flip.before)}” → “{_clean(flip.after)}”"
            )
        )
    for category, quotes in sorted(change.quotes.items()):
        for quote in quotes:
            console.print(_quote_line(_label(taxonomy, category), quote))
    if diff is not None:
        console.rule("word diff")
        console.print(diff_text(diff))


_KIND_STYLE = {"substantive": "bold red", "editorial": "bold blue", "first": "bold green"}


def _notes(change: Change) -> list[str]:
    notes = []
    if change.announces is not None:
        when = change.announces or "(no date stated)"
        notes.append(f"announces a new version effective {when}")
    if change.announced_in is not None:
        notes.append(f"the new version announced on {change.announced_in} takes effect")
    if change.reverted_to is not None:
        notes.append(f"back to the text of {change.reverted_to}")
    if change.compared_with is not None:
        notes.append(f"compared with {change.compared_with} (the version between looks failed)")
    return notes


def _label(taxonomy: Taxonomy, category: str) -> str:
    found = taxonomy.get(category)
    return found.label if found else category


def _quote_line(label: str, quote: Quote) -> Text:
    line = Text(f"  {label} ({'before' if quote.side == 'old' else 'after'}): ", style="dim")
    at = 0
    for start, end in sorted(quote.marks):
        if start < at:
            continue
        line.append(_clean(quote.text[at:start]))
        line.append(_clean(quote.text[start:end]), style="bold yellow")
        at = end
    line.append(_clean(quote.text[at:]))
    return line


def diff_text(diff: Diff) -> Text:
    """Changed blocks with their words coloured; unchanged ones shortened or left out."""
    out = Text()
    skipped = 0
    for block in diff.blocks:
        if block.op == "equal":
            skipped += 1
            continue
        if skipped:
            out.append(f"… {skipped} unchanged block{'s' if skipped > 1 else ''} …\n", style="dim")
            skipped = 0
        if block.op == "insert":
            out.append(_clean(block.new_text.strip()) + "\n", style="green")
        elif block.op == "delete":
            out.append(_clean(block.old_text.strip()) + "\n", style="red strike")
        else:
            for segment in block.segments:
                style = {"insert": "green", "delete": "red strike"}.get(segment.op, "")
                out.append(_clean(segment.text), style=style)
            out.append("\n")
    if skipped:
        out.append(f"… {skipped} unchanged block{'s' if skipped > 1 else ''} …\n", style="dim")
    return out
