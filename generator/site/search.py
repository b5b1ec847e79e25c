"""What the site search finds on the pages PolicyWatch renders itself.

The theme's search plugin indexes the pages MkDocs renders (home, platforms, the timeline's
first page, hand-written pages). Every other generated page is left out of it and gets one
entry here instead, made from the data rather than from its HTML: a change is found by its
card (kind, summary or automatic summary, which names the sections it touches, categories,
evidence), never by its diff or its full text, and noise (formatting, technical, reverted) is
not indexed at all. On a whole Open Terms Archive collection that keeps `search_index.json`
to a few megabytes instead of hundreds.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.analysis.changes import Kind
from generator.site import widgets

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from generator.analysis.changes import Change

QUOTES = 3  # evidence sentences indexed per change
QUOTE_CHARS = 200


@dataclass(frozen=True)
class Entry:
    """A page's entry in the search index, as plain text (escaped when written)."""

    title: str
    text: str = ""


def change_entry(title: str, change: Change | None, labels: Mapping[str, str]) -> Entry | None:
    """A change page's entry: its card in words; None for noise and withdrawn snapshots."""
    if change is None or change.kind.is_noise:
        return None
    if change.kind is Kind.FIRST:
        parts = ["first recorded version"]
    else:
        words = f"+{change.words_added} -{change.words_removed} words"
        parts = [f"{change.kind.value} change", words]
    headline = change.summary or change.auto_summary
    if headline:
        parts.append(headline)
    parts += [f"{verb} {names}" for verb, names in widgets.category_verbs(change, labels)]
    quotes = [quote for _, found in sorted(change.evidence.items()) for quote in found]
    for quote in quotes[:QUOTES]:
        short = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
        parts.append(f"“{short}”")
    return Entry(title, " · ".join(parts))


def merge(index: str, entries: Iterable[tuple[str, Entry]]) -> str:
    """`search_index.json` (as the theme's search plugin wrote it) with `entries` added.

    Entries are `(url, entry)`; their text is HTML-escaped, as the theme escapes the text it
    indexes (its results show it as HTML). Whatever the plugin had for those URLs is replaced.
    """
    data = json.loads(index)
    added = [
        {"location": url, "title": html.escape(entry.title), "text": html.escape(entry.text)}
        for url, entry in entries
    ]
    urls = {doc["location"] for doc in added}
    kept = [
        doc for doc in data.get("docs", []) if doc.get("location", "").split("#")[0] not in urls
    ]
    data["docs"] = kept + added
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def add_to_site(site_dir: Path, entries: Iterable[tuple[str, Entry]]) -> None:
    """Merge `entries` into the site's `search/search_index.json`, if the theme wrote one."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        index.write_text(merge(index.read_text(encoding="utf-8"), entries), encoding="utf-8")
