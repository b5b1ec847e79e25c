"""What the analysis keeps of each text and each pair of texts, and where it caches them.

The expensive work of the analysis is per text (sentences, category mentions, readability)
and per pair of consecutive texts (the diff, the labels, the diff HTML). Both are stored in
the cache under the hashes of the texts, the taxonomy and the code, so a rebuild recomputes
only what a new or edited snapshot brings, and a whole unchanged document is one read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from generator.analysis.cache import Cache, key
from generator.analysis.changes import Change, TextMetrics
from generator.analysis.labels import Labels
from generator.analysis.serial import dump, load
from generator.analysis.upcoming import Announcement

if TYPE_CHECKING:
    from generator.analysis.taxonomy import Taxonomy
    from generator.content.model import Document

T = TypeVar("T")


@dataclass(frozen=True)
class TextFacts:
    """What the analysis needs of one text once its parse is gone."""

    key: str  # SHA-256 of its comparison key: equal keys mean equal after normalisation
    ids: tuple[str, ...]  # categories the text mentions, sorted
    metrics: TextMetrics


@dataclass(frozen=True)
class PairFacts:
    """One text compared with another: labels, word counts, and the diff as HTML."""

    labels: Labels
    words_added: int
    words_removed: int
    diff_html: str  # without evidence marks (they depend on the labels shown)
    announcement: Announcement | None  # its `stamp` left empty: the reader fills it in


@dataclass(frozen=True)
class DiffRef:
    """Where a change's diff HTML is: held here, or in the cache as part of a pair."""

    marks: dict[str, str]  # evidence words -> category label, marked when the page is made
    html: str | None = None  # held when it is not in the cache
    pair: tuple[str, str] | None = None  # (old SHA-256, new SHA-256) of a cached pair


@dataclass(frozen=True)
class DocumentResult:
    """The analysis of one document: everything pages and exports take from it."""

    changes: tuple[Change, ...]
    diffs: dict[str, DiffRef]  # Change.key -> its diff
    ids: dict[str, tuple[str, ...]]  # text SHA-256 -> categories it mentions
    fresh: int = 0  # pairs compared afresh (not from the cache); not stored


def taxonomy_fingerprint(taxonomy: Taxonomy) -> str:
    """A hash of the categories: editing taxonomy.yml invalidates exactly what it should."""
    data = json.dumps(dump(taxonomy.categories), sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def document_key(document: Document, fingerprint: str) -> str:
    """Everything a document's analysis depends on, as one cache key."""
    parts = [document.platform, document.slug, fingerprint]
    for v in document.live_versions:
        parts.append(f"{v.stamp}|{v.sha256}|{v.technical}|{v.language}|{v.summary or ''}")
    return key("document", *parts)


@dataclass
class Store:
    """Typed access to the cache for the analysis; counts what it had to compute."""

    cache: Cache
    fingerprint: str
    computed_pairs: int = 0
    _memory: dict[str, object] = field(default_factory=dict)

    def _get(self, kind: type[T], entry: str, *, remember: bool) -> T | None:
        if entry in self._memory:
            return self._memory[entry]  # type: ignore[return-value]
        data = self.cache.get(entry)
        if data is None:
            return None
        try:
            value = load(kind, data)
        except ValueError:  # written by another version, or damaged: compute it again
            return None
        if remember:
            self._memory[entry] = value
        return value

    def _put(self, entry: str, value: object, *, remember: bool) -> None:
        if remember:
            self._memory[entry] = value
        self.cache.put(entry, dump(value))

    def text_key(self, sha256: str) -> str:
        return key("text", self.fingerprint, sha256)

    def pair_key(self, old_sha256: str, new_sha256: str) -> str:
        return key("pair", self.fingerprint, old_sha256, new_sha256)

    # Text facts are small and met again across documents: remembered. Pairs carry their
    # diff HTML: read when needed (a document's reader keeps its own for blinks), not kept.

    def text(self, sha256: str) -> TextFacts | None:
        return self._get(TextFacts, self.text_key(sha256), remember=True)

    def put_text(self, sha256: str, facts: TextFacts) -> None:
        self._put(self.text_key(sha256), facts, remember=True)

    def pair(self, old_sha256: str, new_sha256: str) -> PairFacts | None:
        return self._get(PairFacts, self.pair_key(old_sha256, new_sha256), remember=False)

    def put_pair(self, old_sha256: str, new_sha256: str, facts: PairFacts) -> None:
        self.computed_pairs += 1
        self._put(self.pair_key(old_sha256, new_sha256), facts, remember=False)

    def diff_ref(self, html: str, marks: dict[str, str], pair: tuple[str, str] | None) -> DiffRef:
        """A reference to a pair's diff when the cache holds it (memory stays flat), else the
        HTML itself (no cache, or a diff that is not a stored pair's)."""
        if pair is not None and self.cache.has(self.pair_key(*pair)):
            return DiffRef(marks, pair=pair)
        return DiffRef(marks, html=html)

    def diff_html(self, ref: DiffRef) -> str:
        """The HTML a reference points to, read afresh (not kept in memory)."""
        if ref.html is not None:
            return ref.html
        assert ref.pair is not None
        data = self.cache.get(self.pair_key(*ref.pair))
        try:
            return load(PairFacts, data).diff_html if data is not None else ""
        except ValueError:
            return ""

    def document(self, document: Document) -> DocumentResult | None:
        data = self.cache.get(document_key(document, self.fingerprint))
        try:
            return None if data is None else load(DocumentResult, data)
        except ValueError:
            return None

    def put_document(self, document: Document, result: DocumentResult) -> None:
        self.cache.put(document_key(document, self.fingerprint), dump(result))
