"""Change analysis: each version against the one before it, with the diff pages show."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from generator.changes import Change, Kind, TextMetrics
from generator.diff import diff_texts
from generator.diff_html import diff_html
from generator.normalise import comparison_key, words
from generator.taxonomy import Taxonomy

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.model import Archive, Document, Version

WORDS_PER_MINUTE = 250


@dataclass(frozen=True)
class Analysis:
    """Every change of an archive, by document, and the rendered diff of each."""

    changes: dict[tuple[str, str], tuple[Change, ...]]  # (platform, document) -> oldest first
    diffs: dict[str, str]  # Change.key -> safe diff HTML (absent for `first`)
    taxonomy: Taxonomy = field(default_factory=lambda: Taxonomy(()))
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Version.key -> ids

    def all_changes(self) -> Iterable[Change]:
        for changes in self.changes.values():
            yield from changes

    def for_document(self, document: Document) -> tuple[Change, ...]:
        return self.changes.get((document.platform, document.slug), ())


def metrics(text: str) -> TextMetrics:
    """Word count and reading time of one version."""
    count = len(words(text))
    return TextMetrics(words=count, reading_minutes=round(count / WORDS_PER_MINUTE, 1))


def analyse_document(document: Document) -> tuple[list[Change], dict[str, str]]:
    """The changes of one document, oldest first, and their diffs."""
    changes: list[Change] = []
    diffs: dict[str, str] = {}
    seen: dict[str, str] = {}  # comparison key -> latest stamp with that text, before `previous`
    previous: tuple[Version, str] | None = None  # the version before, and its comparison key
    for version in document.live_versions:
        key = comparison_key(version.text)
        change, html = _compare(previous, version, key, seen)
        changes.append(change)
        if html is not None:
            diffs[change.key] = html
        if previous is not None:
            seen[previous[1]] = previous[0].stamp
        previous = (version, key)
    return changes, diffs


def _compare(
    previous: tuple[Version, str] | None,
    new: Version,
    new_key: str,
    earlier: dict[str, str],
) -> tuple[Change, str | None]:
    after = metrics(new.text)
    if previous is None:
        first = Change(new.platform, new.document, None, new.stamp, Kind.FIRST, after)
        return replace(first, summary=new.summary), None
    old, old_key = previous
    diff = diff_texts(old.text, new.text)
    reverted_to = earlier.get(new_key) if new_key != old_key else None
    if new.technical:
        kind = Kind.TECHNICAL
    elif reverted_to is not None:
        kind = Kind.REVERTED
    elif new_key == old_key:
        kind = Kind.FORMATTING
    else:
        kind = Kind.EDITORIAL
    change = Change(
        new.platform,
        new.document,
        old.stamp,
        new.stamp,
        kind,
        after,
        before=metrics(old.text),
        reverted_to=reverted_to if kind is Kind.REVERTED else None,
        words_added=diff.words_added,
        words_removed=diff.words_removed,
        summary=new.summary,
    )
    return change, diff_html(diff)


def analyse_archive(archive: Archive, taxonomy: Taxonomy) -> Analysis:
    """Analyse every document of the archive."""
    changes: dict[tuple[str, str], tuple[Change, ...]] = {}
    diffs: dict[str, str] = {}
    mentions: dict[str, tuple[str, ...]] = {}
    for document in archive.documents():
        doc_changes, doc_diffs = analyse_document(document)
        changes[(document.platform, document.slug)] = tuple(doc_changes)
        diffs.update(doc_diffs)
        for version in document.live_versions:
            mentions[version.key] = tuple(sorted(taxonomy.mentions(version.text)))
    return Analysis(changes, diffs, taxonomy, mentions)
