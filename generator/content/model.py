"""The data model: plain, frozen values shared by every stage of the pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.content.frontmatter import read_body
from generator.content.problems import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
# ASCII digits only: `\d` would also take other scripts' digits (`٢٠٢٣-01-01` as 2023-01-01).
STAMP_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})-(\d{2})-(\d{2})Z)?", re.ASCII)


@lru_cache(maxsize=1 << 18)
def parse_stamp(stamp: str) -> datetime:
    """The UTC moment a stamp (`YYYY-MM-DD` or `YYYY-MM-DDTHH-MM-SSZ`) names.

    Raises ValueError when the stamp is malformed or names an impossible date. Remembered:
    pages of a collection ask for the same stamps' moments hundreds of thousands of times.
    """
    match = STAMP_RE.fullmatch(stamp)
    if match is None:
        raise ValueError(f"{stamp!r} is not YYYY-MM-DD or YYYY-MM-DDTHH-MM-SSZ")
    year, month, day, hour, minute, second = (int(p or 0) for p in match.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def format_stamp(moment: datetime) -> str:
    """The long stamp form of a UTC moment."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")


class ProvenanceStatus(StrEnum):
    KNOWN = "known"  # the commit that added the file was found
    UNCOMMITTED = "uncommitted"  # in a repository, but not committed yet
    UNKNOWN = "unknown"  # no repository, shallow clone, or git missing


@dataclass(frozen=True)
class Provenance:
    """Where a snapshot came from in the repository's history."""

    status: ProvenanceStatus
    commit: str | None = None  # full sha of the commit that added the file
    author: str | None = None
    date: datetime | None = None  # commit date, UTC
    edited: bool = False  # changed by a later commit after it was added
    reason: str | None = None  # why provenance is unknown, for the reader


UNKNOWN_PROVENANCE = Provenance(ProvenanceStatus.UNKNOWN, reason="not looked up")


@dataclass(frozen=True)
class Version:
    """One snapshot: the text of one document as observed at one moment."""

    platform: str
    document: str
    stamp: str
    observed: datetime  # the stamp as a UTC moment; versions are ordered by it
    path: Path  # the snapshot file
    sha256: str  # of `text`, hex
    size: int  # of `text`, UTF-8 bytes
    source: str
    captured: datetime | None = None
    effective: date | None = None
    archive: str | None = None
    summary: str | None = None
    technical: bool = False
    language: str = "en"
    withdrawn: str | None = None  # reason; a withdrawn version is shown but not analysed
    origin: str | None = None  # where an imported text came from (attribution)
    provenance: Provenance = UNKNOWN_PROVENANCE
    body: str | None = field(default=None, repr=False, compare=False)
    """The text when it is held in memory; None: read from `path` when asked for."""

    @property
    def key(self) -> str:
        """`platform/document/stamp`: unique across the site."""
        return f"{self.platform}/{self.document}/{self.stamp}"

    @property
    def text(self) -> str:
        """The Markdown body: BOM removed, newlines normalised to "\n".

        Read from the file each time unless held (`body`): an archive of thousands of
        versions then costs memory for the one being worked on, not for all of them. Raises
        ContentChanged when the file no longer has the text that was loaded.
        """
        if self.body is not None:
            return self.body
        return read_body(self.path, self.sha256)


@dataclass(frozen=True)
class DocumentType:
    """An entry of `site_config/document_types.yml`."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """The history of one document type of one platform, oldest version first."""

    platform: str
    type: DocumentType
    versions: tuple[Version, ...]

    @property
    def slug(self) -> str:
        return self.type.slug

    @property
    def live_versions(self) -> tuple[Version, ...]:
        """Versions that take part in analysis (not withdrawn)."""
        return tuple(v for v in self.versions if v.withdrawn is None)


@dataclass(frozen=True)
class Platform:
    """A platform and its tracked documents (`content/<slug>/platform.yml`)."""

    slug: str
    name: str
    url: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    documents: tuple[Document, ...] = ()

    def versions(self) -> Iterator[Version]:
        for document in self.documents:
            yield from document.versions


@dataclass(frozen=True)
class Archive:
    """Everything loaded from a content folder."""

    root: Path
    platforms: tuple[Platform, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def documents(self) -> Iterator[Document]:
        for platform in self.platforms:
            yield from platform.documents

    def versions(self) -> Iterator[Version]:
        for platform in self.platforms:
            yield from platform.versions()
