"""Write recorded Open Terms Archive versions into content/: the part both importers share.

A reader (`dataset.py`, `repository.py`) turns its source into `Recorded` versions per
document; `write_document` writes those content/ does not have yet, with front matter naming
Open Terms Archive (its data is ODC-By: attribution is required). Existing files are
never touched, so importing twice, or into a folder with hand-added snapshots, is safe.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import yaml

from generator.content.atomic import write_new
from generator.content.model import SLUG_RE
from generator.content.problems import Problem, Severity

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from datetime import datetime
    from pathlib import Path

    from generator.content.doctypes import DocumentTypes
    from generator.content.model import DocumentType

OTA_URL = "https://opentermsarchive.org"
LICENSE = "ODC-By 1.0"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Recorded:
    """One recorded version of a document, ready to be written."""

    stamp: str  # the stamp it is imported as (same-second versions already moved apart)
    read: Callable[[], bytes]  # its text, read only when it is written
    where: str  # what messages name: a dataset file, or `commit <sha> <path>`
    recorded: str  # how the origin line names it
    technical: bool = False
    commit: str | None = None  # the commit that recorded it (versions repositories)


@dataclass(frozen=True)
class DocumentImport:
    """What importing one document did."""

    source: Path  # the dataset's document folder, or the repository file
    target: str  # `<platform>/<document-type>`
    written: tuple[Path, ...] = ()
    skipped_existing: tuple[Path, ...] = ()  # target snapshots that were already there
    skipped_unchanged: tuple[str, ...] = ()  # versions equal to the version before them
    renamed: tuple[tuple[str, str], ...] = ()  # same-second version -> the stamp it was given


@dataclass(frozen=True)
class ImportReport:
    """What an import did, document by document, and what it could not do."""

    documents: tuple[DocumentImport, ...] = ()
    unknown_types: tuple[Path, ...] = ()  # documents of a terms type we do not know
    platforms_created: tuple[str, ...] = ()  # slugs whose platform.yml was written
    problems: tuple[Problem, ...] = ()

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
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


@dataclass(frozen=True)
class Filters:
    """`--service` / `--type`: import only these (empty means all)."""

    services: tuple[str, ...] = ()
    types: tuple[str, ...] = ()  # document-type slugs

    def wants(self, service: str, doc_type: DocumentType) -> bool:
        folded = service.casefold()
        service_ok = not self.services or any(
            s.casefold() in (folded, _slug_or_none(service)) for s in self.services
        )
        return service_ok and (not self.types or doc_type.slug in self.types)


NO_FILTERS = Filters()


def resolve_types(names: Sequence[str], document_types: DocumentTypes) -> tuple[str, ...]:
    """The slugs `--type` names (slug, name or alias); ValueError naming an unknown one."""
    slugs: list[str] = []
    for name in names:
        doc_type = document_types.lookup(name)
        if doc_type is None:
            close = document_types.suggest(name)
            hint = f" (did you mean {close}?)" if close else ""
            raise ValueError(f"--type {name!r} is not a known document type{hint}")
        slugs.append(doc_type.slug)
    return tuple(slugs)


@dataclass
class Collector:
    """Mutable scratchpad for one import run; frozen into an ImportReport at the end."""

    documents: list[DocumentImport] = field(default_factory=list)
    unknown_types: list[Path] = field(default_factory=list)
    platforms_created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict)  # platform slug -> service that has it

    def problem(self, where: Path | str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(str(where), 0, message, severity))

    def claim_slug(self, service: str, where: Path | str) -> str | None:
        """The service's platform slug, unless it cannot be made or another service has it."""
        try:
            slug = platform_slug(service)
        except ValueError as exc:
            self.problem(where, f"{exc}; rename it to import it")
            return None
        owner = self.slugs.setdefault(slug, service)
        if owner != service:
            self.problem(where, f"same platform slug {slug!r} as {owner!r}; not imported")
            return None
        return slug

    def report(self) -> ImportReport:
        return ImportReport(
            tuple(self.documents),
            tuple(self.unknown_types),
            tuple(self.platforms_created),
            tuple(self.problems),
        )


def platform_slug(service: str) -> str:
    """The platform slug for an OTA service name: `Amazon.com` -> `amazon-com`.

    Accents are dropped (`Société Générale` -> `societe-generale`) and every run of other
    characters becomes one hyphen. Raises ValueError when no ASCII letter or digit remains.
    """
    ascii_name = unicodedata.normalize("NFKD", service).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not SLUG_RE.fullmatch(slug):
        raise ValueError(f"no platform slug can be made from {service!r}: it has no a-z or 0-9")
    return slug


def _slug_or_none(service: str) -> str | None:
    try:
        return platform_slug(service)
    except ValueError:
        return None


def place(moments: Sequence[tuple[datetime, int]]) -> list[datetime]:
    """A distinct moment for each (moment, rank): rank 0 keeps its second, others move on.

    Versions recorded in the same second cannot share a stamp. The first recorded (rank 0)
    keeps it; the others, in order, take the next free second. Rank-0 versions claim their
    seconds before any other moves, so a later import of a longer history gives the versions
    it shares with an earlier import the same stamps (imports stay idempotent).
    """
    taken = {moment for moment, rank in moments if rank == 0}
    placed: dict[int, datetime] = {}
    for index in sorted(range(len(moments)), key=lambda i: (moments[i][1] > 0, moments[i])):
        moment, rank = moments[index]
        if rank > 0:
            while moment in taken:
                moment += timedelta(seconds=1)
            taken.add(moment)
        placed[index] = moment
    return [placed[i] for i in range(len(moments))]


def write_document(
    source: Path,
    service: str,
    slug: str,
    doc_type: DocumentType,
    versions: Sequence[Recorded],
    into: Path,
    run: Collector,
    *,
    skip_unchanged: bool = False,
    renamed: Sequence[tuple[str, str]] = (),
    already: Callable[[Recorded], bool] = lambda _: False,
) -> None:
    """Write `versions` (in stamp order) that `into` does not have; record what was done.

    `already` says whether a version was imported before under another name (the repository
    importer recognises its commits); such versions count as already present.
    """
    target = f"{slug}/{doc_type.slug}"
    if any(d.target == target for d in run.documents):
        run.problem(source, f"another terms type of this service is already {target}; skipped")
        return
    folder = into / slug / doc_type.slug
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        run.problem(folder, f"cannot create: {exc.strerror or exc}")
        return
    ensure_platform(into / slug, service, run)
    written: list[Path] = []
    existing: list[Path] = []
    unchanged: list[str] = []
    previous_text: str | None = None
    for version in versions:
        text = _read_text(version, run)
        if text is None:
            previous_text = None
            continue
        same_as_previous, previous_text = text == previous_text, text
        if skip_unchanged and same_as_previous:
            unchanged.append(version.where)
            continue
        path = folder / f"{version.stamp}.md"
        if path.exists() or already(version):
            existing.append(path)
            continue
        snapshot = front_matter(version) + text
        try:
            created = write_new(path, snapshot.encode("utf-8"))
        except OSError as exc:
            run.problem(path, f"cannot write: {exc.strerror or exc}")
            continue
        (written if created else existing).append(path)
    run.documents.append(
        DocumentImport(
            source,
            target,
            tuple(written),
            tuple(existing),
            tuple(unchanged),
            tuple(renamed),
        )
    )


def ensure_platform(platform_dir: Path, service: str, run: Collector) -> None:
    """Write platform.yml for a platform that has none; an existing one is left alone."""
    path = platform_dir / "platform.yml"
    if path.exists():
        return
    description = (
        f"Imported from Open Terms Archive ({OTA_URL}). "
        f"Texts by Open Terms Archive contributors, {LICENSE}."
    )
    data = {"name": one_line(service), "description": description}
    try:
        created = write_new(path, dump_yaml(data).encode("utf-8"))
    except OSError as exc:
        run.problem(path, f"cannot write: {exc.strerror or exc}")
        return
    if created:
        run.platforms_created.append(platform_dir.name)


def _read_text(version: Recorded, run: Collector) -> str | None:
    """The recorded text: UTF-8, BOM dropped, newlines as `\\n`; None (reported) if unreadable."""
    try:
        text = version.read().decode("utf-8-sig")
    except OSError as exc:
        run.problem(version.where, f"cannot read: {exc.strerror or exc}")
        return None
    except UnicodeDecodeError as exc:
        run.problem(version.where, f"not UTF-8 (byte {exc.start}); convert it to import it")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter(version: Recorded) -> str:
    origin = (
        f"Open Terms Archive ({OTA_URL}), {one_line(version.recorded)}; "
        f"by Open Terms Archive contributors, {LICENSE}"
    )
    data: dict[str, object] = {"source": "unknown", "origin": origin}
    if version.technical:
        data["technical"] = True
    return f"---\n{dump_yaml(data)}---\n"


def one_line(name: str) -> str:
    """A name fit for a one-line YAML string: control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", name).split())


def dump_yaml(data: Mapping[str, object]) -> str:
    # safe_dump quotes whatever a hostile name holds (colons, quotes, newlines).
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
