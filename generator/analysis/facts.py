"""What the analysis keeps of each text and each pair of texts: the values its cache stores.

The expensive work of the analysis is per text (sentences, category mentions, readability)
and per pair of consecutive texts (the diff, the labels, the diff as shown). The walk
(`walk.py`) computes these values; the store (`store.py`) keeps them. Neither imports the
other: both import these types, and the edge of the analysis (`analyse.py`) connects them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Imported at run time, not for type checking only: the cache reads these types back from
# their annotations (generator.analysis.serial).
from generator.analysis.changes import Change, TextMetrics
from generator.analysis.describe import Description
from generator.analysis.labels import Labels
from generator.analysis.upcoming import Announcement


@dataclass(frozen=True)
class TextFacts:
    """What the analysis needs of one text once its parse is gone."""

    key: str  # SHA-256 of its comparison key: equal keys mean equal after normalisation
    ids: tuple[str, ...]  # categories the text mentions, sorted
    metrics: TextMetrics
    reading: str = ""  # SHA-256 of its reading key: equal when only link targets differ


@dataclass(frozen=True)
class PairFacts:
    """One text compared with another: labels, word counts, and the diff as shown."""

    labels: Labels
    words_added: int
    words_removed: int
    shown: str  # the diff as the caller's presenter renders it, without evidence marks
    announcement: Announcement | None  # its `stamp` left empty: the reader fills it in
    # Sections, key sentences and changed quantities; None until a change that is not noise
    # shows this pair (a noise change shows no description: most pairs of a long history are
    # blinks, failed captures and link tokens, and describing their diffs would be wasted).
    description: Description | None = None


@dataclass(frozen=True)
class DiffRef:
    """Where a change's shown diff is: held here, or in the cache as part of a pair."""

    marks: dict[str, str]  # evidence words -> category label, marked when the page is made
    shown: str | None = None  # held when it is not in the cache
    pair: tuple[str, str] | None = None  # (old SHA-256, new SHA-256) of a cached pair


@dataclass(frozen=True)
class ShownDiff:
    """A change's diff as the presenter rendered it, and the evidence words to mark in it."""

    shown: str
    marks: dict[str, str]  # matched words -> the label of their category


@dataclass(frozen=True)
class DocumentResult:
    """The analysis of one document: everything pages and exports take from it."""

    changes: tuple[Change, ...]
    diffs: dict[str, DiffRef]  # Change.key -> its diff
    ids: dict[str, tuple[str, ...]]  # text SHA-256 -> categories it mentions
    fresh: int = 0  # pairs compared afresh (not from the cache); not stored
    # Change.key -> `analyse.digest` of the change and `analyse.diff_digest` of its diff, kept
    # with the result in the cache: a warm build would otherwise encode and hash every change.
    digests: dict[str, str] = field(default_factory=dict)
    diff_digests: dict[str, str] = field(default_factory=dict)
