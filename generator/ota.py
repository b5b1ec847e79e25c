"""Import an Open Terms Archive dataset folder (`<Service>/<Terms Type>/<stamp>.md`) into content/.

Each recorded version becomes `content/<platform>/<document-type>/<stamp>.md` with front matter
naming Open Terms Archive (its data is ODC-By: attribution is required). Existing files are never
touched, so importing twice, or into a content folder that already has hand-added snapshots, is
safe.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import yaml

from generator.atomic import write_new
from generator.doctypes import load_document_types
from generator.model import SLUG_RE, Problem, Severity, format_stamp, parse_stamp

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from datetime import datetime
    from pathlib import Path
    from typing import TextIO

    from generator.doctypes import DocumentTypes
    from generator.model import DocumentType

OTA_URL = "https://opentermsarchive.org"
LICENSE = "ODC-By 1.0"
# `<stamp>.md`, or `<stamp>_<n>.md` for the n-th version recorded in the same second.
VERSION_FILE_RE = re.compile(r"(\d{4}-\d{2}-\d{2}(?:T\d{2}-\d{2}-\d{2}Z)?)(?:_([1-9]\d{0,5}))?\.md")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
EXPECTED_LAYOUT = "<Service>/<Terms Type>/<YYYY-MM-DDTHH-MM-SSZ>.md"


@dataclass(frozen=True)
class DocumentImport:
    """What importing one dataset document (`<Service>/<Terms Type>/`) did."""

    source: Path  # the dataset's document folder
    target: str  # `<platform>/<document-type>`
    written: tuple[Path, ...] = ()
    skipped_existing: tuple[Path, ...] = ()  # target snapshots that were already there
    skipped_unchanged: tuple[Path, ...] = ()  # dataset files equal to the version before
    renamed: tuple[tuple[Path, str], ...] = ()  # same-second dataset file -> stamp it was given


@dataclass(frozen=True)
class ImportReport:
    """What `import_dataset` did, document by document, and what it could not do."""

    documents: tuple[DocumentImport, ...] = ()
    unknown_types: tuple[Path, ...] = ()  # dataset document folders of an unknown terms type
    platforms_created: tuple[str, ...] = ()  # slugs whose platform.yml was written
    problems: tuple[Problem, ...] = ()

    @property
    def written(self) -> tuple[Path, ...]:
        return tuple(p for d in self.documents for p in d.written)

    @property
    def skipped_existing(self) -> tuple[Path, ...]:
        return tuple(p for d in self.documents for p in d.skipped_existing)

    @property
    def skipped_unchanged(self) -> tuple[Path, ...]:
        return tuple(p for d in self.documents for p in d.skipped_unchanged)

    @property
    def renamed(self) -> tuple[tuple[Path, str], ...]:
        return tuple(r for d in self.documents for r in d.renamed)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


@dataclass(frozen=True)
class _DatasetVersion:
    file: Path
    stamp: str  # the stamp it is imported as
    technical: bool


@dataclass
class _Collector:
    """Mutable scratchpad for one import run; frozen into an ImportReport at the end."""

    documents: list[DocumentImport] = field(default_factory=list)
    unknown_types: list[Path] = field(default_factory=list)
    platforms_created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, path: Path, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(str(path), 0, message, severity))


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


def import_dataset(
    dataset_dir: Path, into: Path, document_types: DocumentTypes, *, skip_unchanged: bool = False
) -> ImportReport:
    """Write every version of every document of `dataset_dir` that `into` does not have yet."""
    run = _Collector()
    slugs: dict[str, Path] = {}  # platform slug -> the service folder that claimed it
    try:
        services = _subfolders(dataset_dir)
        for service_dir in services:
            for type_dir in _subfolders(service_dir):
                if not any(_version_names(type_dir)):
                    continue  # not a document folder
                doc_type = document_types.lookup(type_dir.name)
                if doc_type is None:
                    run.unknown_types.append(type_dir)
                    continue
                slug = _claim_slug(service_dir, slugs, run)
                if slug is not None:
                    _import_document(type_dir, slug, doc_type, into, skip_unchanged, run)
    except OSError as exc:
        run.problem(dataset_dir, f"cannot read the dataset: {exc.strerror or exc}")
    if not run.documents and not run.problems:
        known = "of a known terms type " if run.unknown_types else ""
        run.problem(dataset_dir, f"no documents {known}found: expected {EXPECTED_LAYOUT}")
    return ImportReport(
        tuple(run.documents),
        tuple(run.unknown_types),
        tuple(run.platforms_created),
        tuple(run.problems),
    )


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir())


def _version_names(type_dir: Path) -> Iterator[str]:
    return (p.name for p in type_dir.iterdir() if VERSION_FILE_RE.fullmatch(p.name))


def _claim_slug(service_dir: Path, slugs: dict[str, Path], run: _Collector) -> str | None:
    """The service's platform slug, unless it cannot be made or another service has it."""
    try:
        slug = platform_slug(service_dir.name)
    except ValueError as exc:
        run.problem(service_dir, f"{exc}; rename the folder to import it")
        return None
    owner = slugs.setdefault(slug, service_dir)
    if owner != service_dir:
        run.problem(service_dir, f"same platform slug {slug!r} as {owner.name!r}; not imported")
        return None
    return slug


def _import_document(
    type_dir: Path,
    slug: str,
    doc_type: DocumentType,
    into: Path,
    skip_unchanged: bool,
    run: _Collector,
) -> None:
    target = f"{slug}/{doc_type.slug}"
    if any(d.target == target for d in run.documents):
        run.problem(type_dir, f"another terms type of this service is already {target}; skipped")
        return
    folder = into / slug / doc_type.slug
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        run.problem(folder, f"cannot create: {exc.strerror or exc}")
        return
    _ensure_platform(into / slug, type_dir.parent.name, run)
    written: list[Path] = []
    existing: list[Path] = []
    unchanged: list[Path] = []
    previous_text: str | None = None
    versions, renamed = _dataset_versions(type_dir, run)
    for version in versions:
        text = _read_text(version.file, run)
        if text is None:
            previous_text = None
            continue
        same_as_previous, previous_text = text == previous_text, text
        if skip_unchanged and same_as_previous:
            unchanged.append(version.file)
            continue
        path = folder / f"{version.stamp}.md"
        if path.exists():
            existing.append(path)
            continue
        snapshot = _front_matter(version, type_dir) + text
        try:
            created = write_new(path, snapshot.encode("utf-8"))
        except OSError as exc:
            run.problem(path, f"cannot write: {exc.strerror or exc}")
            continue
        (written if created else existing).append(path)
    run.documents.append(
        DocumentImport(
            type_dir, target, tuple(written), tuple(existing), tuple(unchanged), tuple(renamed)
        )
    )


def _ensure_platform(platform_dir: Path, service: str, run: _Collector) -> None:
    """Write platform.yml for a platform that has none; an existing one is left alone."""
    path = platform_dir / "platform.yml"
    if path.exists():
        return
    description = (
        f"Imported from Open Terms Archive ({OTA_URL}). "
        f"Texts by Open Terms Archive contributors, {LICENSE}."
    )
    data = {"name": _one_line(service), "description": description}
    try:
        created = write_new(path, _yaml(data).encode("utf-8"))
    except OSError as exc:
        run.problem(path, f"cannot write: {exc.strerror or exc}")
        return
    if created:
        run.platforms_created.append(platform_dir.name)


def _dataset_versions(
    type_dir: Path, run: _Collector
) -> tuple[list[_DatasetVersion], list[tuple[Path, str]]]:
    """The document's version files in stamp order, same-second ones moved to a free second."""
    kinds = _kinds(type_dir, run)
    found: list[tuple[int, datetime, str, Path]] = []
    for name in sorted(_version_names(type_dir)):
        match = VERSION_FILE_RE.fullmatch(name)
        assert match is not None  # _version_names only yields matching names
        try:
            moment = parse_stamp(match[1])
        except ValueError as exc:
            run.problem(type_dir / name, f"{exc}; skipped", Severity.WARNING)
            continue
        found.append((int(match[2] or 1), moment, match[1], type_dir / name))
    # Plain `<stamp>.md` files claim their second first; `_2`, `_3` … take the next free one.
    taken: set[datetime] = set()
    placed: list[tuple[datetime, _DatasetVersion]] = []
    renamed: list[tuple[Path, str]] = []
    for _, moment, stamp, file in sorted(found, key=lambda f: (f[0], f[1], f[3].name)):
        stamp_moment = moment
        while stamp_moment in taken:
            stamp_moment += timedelta(seconds=1)
        taken.add(stamp_moment)
        if stamp_moment != moment:
            stamp = format_stamp(stamp_moment)
            renamed.append((file, stamp))
        technical = kinds.get(file.name) == "technical_upgrade"
        placed.append((stamp_moment, _DatasetVersion(file, stamp, technical)))
    placed.sort(key=lambda p: p[0])
    return [version for _, version in placed], renamed


def _kinds(type_dir: Path, run: _Collector) -> dict[str, str]:
    """File name -> `kind` from an optional versions.json; real OTA datasets have none."""
    path = type_dir / "versions.json"
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        run.problem(path, f"ignored, not readable JSON: {exc}", Severity.WARNING)
        return {}
    entries = raw.get("versions") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        run.problem(path, "ignored: no `versions` list", Severity.WARNING)
        return {}
    return {
        e["file"]: e["kind"]
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("file"), str) and isinstance(e.get("kind"), str)
    }


def _read_text(file: Path, run: _Collector) -> str | None:
    """The recorded text: UTF-8, BOM dropped, newlines as `\\n`; None (reported) if unreadable."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        run.problem(file, f"cannot read: {exc.strerror or exc}")
        return None
    except UnicodeDecodeError as exc:
        run.problem(file, f"not UTF-8 (byte {exc.start}); convert it to import it")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front_matter(version: _DatasetVersion, type_dir: Path) -> str:
    recorded = _one_line(f"{type_dir.parent.name}/{type_dir.name}/{version.file.name}")
    origin = (
        f"Open Terms Archive ({OTA_URL}), {recorded}; by Open Terms Archive contributors, {LICENSE}"
    )
    data: dict[str, object] = {"source": "unknown", "origin": origin}
    if version.technical:
        data["technical"] = True
    return f"---\n{_yaml(data)}---\n"


def _one_line(name: str) -> str:
    """A folder name fit for a one-line YAML string: control characters become spaces."""
    return " ".join(_CONTROL.sub(" ", name).split())


def _yaml(data: Mapping[str, object]) -> str:
    # safe_dump quotes whatever a hostile folder name holds (colons, quotes, newlines).
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)


def run_import(
    dataset_dir: Path,
    into: Path,
    config_dir: Path,
    *,
    skip_unchanged: bool = False,
    out: TextIO | None = None,
) -> int:
    """The `import-ota` command: import, print what was done; 0 on success, 1 on failure."""
    stdout = out or sys.stdout
    stderr = out or sys.stderr
    document_types, type_problems = load_document_types(config_dir / "document_types.yml")
    for problem in type_problems:
        print(f"{problem.path}: {problem.message}", file=stderr)
    if not document_types.by_slug:
        return 1
    if not dataset_dir.is_dir():
        print(f"{dataset_dir}: not a folder; expected {EXPECTED_LAYOUT} inside it", file=stderr)
        return 1
    if into.exists() and not into.is_dir():
        print(f"{into}: not a folder; pass the content folder with --into", file=stderr)
        return 1
    report = import_dataset(dataset_dir, into, document_types, skip_unchanged=skip_unchanged)
    _print_report(report, stdout, stderr)
    return 1 if report.errors or not report.documents else 0


def _print_report(report: ImportReport, stdout: TextIO, stderr: TextIO) -> None:
    for doc in report.documents:
        print(
            f"{doc.target}: {len(doc.written)} written, "
            f"{len(doc.skipped_existing)} already present, "
            f"{len(doc.skipped_unchanged)} unchanged skipped, "
            f"{len(doc.renamed)} same-second restamped",
            file=stdout,
        )
        for file, stamp in doc.renamed:
            print(
                f"  {file.name}: same second as another version; imported as {stamp}", file=stdout
            )
    for type_dir in report.unknown_types:
        print(
            f"{type_dir}: unknown terms type {type_dir.name!r}, skipped; "
            "add it or an alias to document_types.yml to import it",
            file=stdout,
        )
    for problem in report.problems:
        prefix = "" if problem.severity is Severity.ERROR else "warning: "
        print(f"{problem.path}: {prefix}{problem.message}", file=stderr)
    created = ", ".join(report.platforms_created) or "none"
    print(
        f"total: {len(report.written)} written, {len(report.skipped_existing)} already present, "
        f"{len(report.skipped_unchanged)} unchanged skipped, "
        f"{len(report.renamed)} same-second restamped, "
        f"{len(report.documents)} documents, {len(report.unknown_types)} unknown types; "
        f"platforms created: {created}",
        file=stdout,
    )
