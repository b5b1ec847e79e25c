"""Where the analysis keeps its facts: the cache, under the hashes of what determines them.

Text facts, pair facts and whole documents' results (`facts.py`) are stored under the hashes
of the texts, the taxonomy, the diff presenter and the code, so a rebuild recomputes only
what a new or edited snapshot brings, and a whole unchanged document is one read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import msgspec

from generator.analysis.cache import Cache, code_fingerprint, digest
from generator.analysis.facts import DiffRef, DocumentResult, PairFacts, TextFacts
from generator.analysis.furniture import Units
from generator.analysis.serial import decode, encode

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.analysis.taxonomy import Taxonomy
    from generator.analysis.walk import Present
    from generator.content.model import Document

T = TypeVar("T")

ANALYSIS_CODE = ("content", "analysis")
"""The stages whose code computes every analysis result (with the diff presenter's module)."""


def fingerprint(taxonomy: Taxonomy, present: Present) -> str:
    """A hash of the categories, of how diffs are shown and of the code that computes and
    shows them: editing taxonomy.yml or the analysis invalidates exactly what it should, facts
    kept without a shown diff serve no page, and an edit of a page template leaves them be."""
    data = msgspec.json.encode(taxonomy.categories, order="deterministic")
    presenter = f"{present.__module__}.{present.__qualname__}"
    code = code_fingerprint(*ANALYSIS_CODE, present.__module__.removeprefix("generator."))
    return hashlib.sha256(data + b"\0" + f"{presenter}\0{code}".encode()).hexdigest()[:16]


def document_key(document: Document, fingerprint: str) -> str:
    """Everything a document's analysis depends on, as one cache key."""
    parts = [document.platform, document.slug, fingerprint]
    for v in document.live_versions:
        parts.append(f"{v.stamp}|{v.sha256}|{v.technical}|{v.language}|{v.summary or ''}")
    return digest("document", *parts)


@dataclass
class Store:
    """The analysis' memo (see walk.Memo) on the cache, and whole documents' results."""

    cache: Cache
    fingerprint: str
    _memory: dict[str, object] = field(default_factory=dict)

    def _get(self, kind: type[T], entry: str, *, remember: bool) -> T | None:
        if entry in self._memory:
            return self._memory[entry]  # type: ignore[return-value]
        data = self.cache.read(entry)
        if data is None:
            return None
        try:
            value = decode(kind, data)
        except ValueError:  # written by another version, or damaged: compute it again
            return None
        if remember:
            self._memory[entry] = value
        return value

    def _put(self, entry: str, value: object, *, remember: bool) -> None:
        if remember:
            self._memory[entry] = value
        self.cache.write(entry, encode(value))

    def text_key(self, sha256: str) -> str:
        return digest("text", self.fingerprint, sha256)

    def pair_key(self, old_sha256: str, new_sha256: str) -> str:
        return digest("pair", self.fingerprint, old_sha256, new_sha256)

    # Text facts are small and met again across documents: remembered. Pairs carry their
    # diff HTML: read when needed (a document's reader keeps its own for blinks), not kept.

    def text(self, sha256: str) -> TextFacts | None:
        return self._get(TextFacts, self.text_key(sha256), remember=True)

    def put_text(self, sha256: str, facts: TextFacts) -> None:
        self._put(self.text_key(sha256), facts, remember=True)

    def pair(self, old_sha256: str, new_sha256: str) -> PairFacts | None:
        return self._get(PairFacts, self.pair_key(old_sha256, new_sha256), remember=False)

    def put_pair(self, old_sha256: str, new_sha256: str, facts: PairFacts) -> None:
        self._put(self.pair_key(old_sha256, new_sha256), facts, remember=False)

    # A text's units (furniture.py) are needed only while its own document is walked.

    def units(self, sha256: str) -> Units | None:
        return self._get(Units, digest("units", self.fingerprint, sha256), remember=False)

    def put_units(self, sha256: str, units: Units) -> None:
        self._put(digest("units", self.fingerprint, sha256), units, remember=False)

    # A stretch's furniture flags are read once, for the stretch's walk.

    def stretch(self, key: str) -> tuple[bool, ...] | None:
        return self._get(tuple[bool, ...], digest("stretch", self.fingerprint, key), remember=False)

    def put_stretch(self, key: str, flags: tuple[bool, ...]) -> None:
        self._put(digest("stretch", self.fingerprint, key), flags, remember=False)

    def diff_ref(self, shown: str, marks: dict[str, str], pair: tuple[str, str] | None) -> DiffRef:
        """A reference to a pair's diff when the cache holds it (memory stays flat), else the
        shown diff itself (no cache, or a diff that is not a stored pair's)."""
        if pair is not None and self.cache.has(self.pair_key(*pair)):
            return DiffRef(marks, pair=pair)
        return DiffRef(marks, shown=shown)

    def shown(self, ref: DiffRef) -> str:
        """The shown diff a reference points to, read afresh (not kept in memory)."""
        if ref.shown is not None:
            return ref.shown
        assert ref.pair is not None
        data = self.cache.read(self.pair_key(*ref.pair))
        try:
            return decode(PairFacts, data).shown if data is not None else ""
        except ValueError:
            return ""

    def quotes(
        self, sha256: str, compute: Callable[[], dict[str, tuple[str, ...]]]
    ) -> dict[str, tuple[str, ...]]:
        """A text's quoted mentions by category: from the cache, else computed and stored."""
        data = self.cache.get(self._quotes_key(sha256))
        if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
            return {cid: tuple(sentences) for cid, sentences in data.items()}
        found = compute()
        self.put_quotes(sha256, found)
        return found

    def put_quotes(self, sha256: str, quotes: dict[str, tuple[str, ...]]) -> None:
        """Store a text's quoted mentions (the analysis hands over those it has read)."""
        self.cache.put(self._quotes_key(sha256), {cid: list(q) for cid, q in quotes.items()})

    def _quotes_key(self, sha256: str) -> str:
        return digest("quotes", self.fingerprint, sha256)

    def document(self, document: Document) -> DocumentResult | None:
        return self._result(document_key(document, self.fingerprint))

    def put_document(self, document: Document, result: DocumentResult) -> None:
        self.cache.write(document_key(document, self.fingerprint), encode(result))

    # A document's changes in outline (analyse.py), with its digests: what a build holds of
    # it, read without its changes in full (half the bytes) and without outlining them again.

    def outlined(self, document: Document) -> DocumentResult | None:
        return self._result(self._outlined_key(document))

    def put_outlined(self, document: Document, result: DocumentResult) -> None:
        self.cache.write(self._outlined_key(document), encode(result))

    def _outlined_key(self, document: Document) -> str:
        return digest("outlined", document_key(document, self.fingerprint))

    def _result(self, entry: str) -> DocumentResult | None:
        """A document's result stored under `entry`; None when missing or unreadable."""
        data = self.cache.read(entry)
        try:
            return None if data is None else decode(DocumentResult, data)
        except ValueError:
            return None

    def has_document(self, document: Document) -> bool:
        """Whether the cache holds the document's result (`document` can read it back)."""
        return self.cache.has(document_key(document, self.fingerprint))
