"""What both Open Terms Archive readers produce, and what an import reports.

A reader (`repository.py`, `dataset.py`) turns its source into `SourceDocument`s: one per
`<Service>/<Terms Type>` it found, with every recorded version (`Recorded`) and a `Source` that
reads their bytes. The plan (`plan.py`) decides where each goes; the writer (`writer.py`)
writes them. The `ImportReport` says what was done, document by document, and why anything
was not.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from generator.content.model import SLUG_RE
from generator.content.problems import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime
    from pathlib import Path

    from generator.content.model import DocumentType


@dataclass(frozen=True)
class Recorded:
    """One recorded version of a source document, before it is given its stamp."""

    moment: datetime  # when it was recorded (UTC, to the second)
    sequence: int  # recording order: commit order, or the `_n` rank of a dataset file
    ref: str  # what the source reads: a blob id, or a file path
    where: str  # what messages name: a dataset file, or `<path> at commit <sha>`
    recorded: str  # how the snapshot's `origin` names it
    technical: bool = False
    commit: str | None = None  # the commit that recorded it (versions repositories)
    identity: str | None = None  # equal for equal texts when known without reading (blob id)
    stamp: str | None = None  # the stamp as the source wrote it (`2024-01-01`), if it did


class Source(Protocol):
    """Reads recorded texts, many at a time (a repository streams them from one process)."""

    def read(self, refs: Sequence[str]) -> Iterator[bytes | OSError]:
        """The bytes of each ref, in order; an OSError for one that cannot be read."""
        ...  # pragma: no cover - a protocol


@dataclass(frozen=True)
class SourceDocument:
    """One `<Service>/<Terms Type>` of the source and its recorded versions (any order)."""

    service: str
    type_name: str
    where: str  # the repository file or dataset folder, for messages
    versions: tuple[Recorded, ...]

    @property
    def span(self) -> tuple[datetime, datetime]:
        moments = [v.moment for v in self.versions]
        return min(moments), max(moments)


@dataclass(frozen=True)
class DocumentImport:
    """What importing one document did."""

    sources: tuple[str, ...]  # the source documents it was made from (two when merged)
    target: str  # `<platform>/<document-type>`
    written: tuple[Path, ...] = ()
    skipped_existing: tuple[Path, ...] = ()  # target snapshots that were already there
    skipped_unchanged: tuple[str, ...] = ()  # versions equal to the version before them
    renamed: tuple[tuple[str, str], ...] = ()  # same-second version -> the stamp it was given
    empty: tuple[Path, ...] = ()  # written as withdrawn: the capture recorded no text

    @property
    def source(self) -> str:
        return " + ".join(self.sources)


@dataclass(frozen=True)
class AddedType:
    """A terms type the site did not know, added to document_types.yml for the import."""

    doc_type: DocumentType
    documents: int  # how many documents of the source have it
    why: str  # "not in document_types.yml", or why a known type could not take it


@dataclass(frozen=True)
class Merge:
    """Source documents imported as one: services (or terms types) whose names give one slug
    and whose histories follow one another (a rename)."""

    target: str  # a platform slug, or `<platform>/<document-type>`
    names: tuple[str, ...]  # the names merged, the one kept for display first


@dataclass(frozen=True)
class Apart:
    """A service whose name gives the slug of another service with a history of its own (they
    overlap in time): imported under a slug of its own."""

    service: str
    slug: str
    other: str  # the service that kept the plain slug


@dataclass(frozen=True)
class ImportReport:
    """What an import did, document by document, and what it could not do."""

    documents: tuple[DocumentImport, ...] = ()
    unknown_types: tuple[str, ...] = ()  # documents of a type not known and not added
    platforms_created: tuple[str, ...] = ()  # slugs whose platform.yml was written
    problems: tuple[Problem, ...] = ()
    types_added: tuple[AddedType, ...] = ()
    merged: tuple[Merge, ...] = ()
    apart: tuple[Apart, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (version, reason) not imported
    described: str = ""  # what the source is, in a few words

    @property
    def written(self) -> tuple[Path, ...]:
        return tuple(p for d in self.documents for p in d.written)

    @property
    def skipped_existing(self) -> tuple[Path, ...]:
        return tuple(p for d in self.documents for p in d.skipped_existing)

    @property
    def skipped_unchanged(self) -> tuple[str, ...]:
        return tuple(p for d in self.documents for p in d.skipped_unchanged)

    @property
    def renamed(self) -> tuple[tuple[str, str], ...]:
        return tuple(r for d in self.documents for r in d.renamed)

    @property
    def empty(self) -> tuple[Path, ...]:
        return tuple(p for d in self.documents for p in d.empty)

    @property
    def skipped_reasons(self) -> Counter[str]:
        return Counter(reason for _, reason in self.skipped)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


@dataclass
class Collector:
    """Mutable scratchpad for one import run; frozen into an ImportReport at the end."""

    documents: list[DocumentImport] = field(default_factory=list)
    unknown_types: list[str] = field(default_factory=list)
    platforms_created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    types_added: list[AddedType] = field(default_factory=list)
    merged: list[Merge] = field(default_factory=list)
    apart: list[Apart] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    described: str = ""

    def problem(self, where: Path | str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(str(where), 0, message, severity))

    def skip(self, where: str, reason: str, message: str) -> None:
        """A version not imported: counted under `reason`, and reported as an error."""
        self.skipped.append((where, reason))
        self.problem(where, message)

    def report(self) -> ImportReport:
        return ImportReport(
            tuple(self.documents),
            tuple(self.unknown_types),
            tuple(self.platforms_created),
            tuple(self.problems),
            tuple(self.types_added),
            tuple(self.merged),
            tuple(self.apart),
            tuple(self.skipped),
            self.described,
        )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(name: str) -> str:
    """A name fit for a one-line YAML string: control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", name).split())


def slug_of(name: str) -> str | None:
    """The slug a name gives: accents dropped, every run of other characters one hyphen;
    None when no ASCII letter or digit remains (`微博`)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug if SLUG_RE.fullmatch(slug) else None


def platform_slug(service: str) -> str:
    """The platform slug for an OTA service name: `Amazon.com` -> `amazon-com`.

    Raises ValueError when no ASCII letter or digit remains.
    """
    slug = slug_of(service)
    if slug is None:
        raise ValueError(f"no platform slug can be made from {service!r}: it has no a-z or 0-9")
    return slug


def slug_or_hash(name: str, prefix: str) -> str:
    """The name's slug; for a name without a-z or 0-9 (`微博`), `<prefix>-<hash of the name>`:
    stable, so that the same name always lands in the same folder."""
    return slug_of(name) or f"{prefix}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
