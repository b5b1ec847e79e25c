"""Load and validate `content/`: every problem found is reported, nothing raises."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content import frontmatter as fm
from generator.content import placement, rules
from generator.content.model import (
    SLUG_RE,
    STAMP_RE,
    UNKNOWN_PROVENANCE,
    Archive,
    Document,
    Platform,
    Version,
    parse_stamp,
)
from generator.content.problems import Problem, Severity
from generator.content.provenance import ProvenanceIndex, read_provenance
from generator.content.snapshot import parse_snapshot
from generator.content.snapshot_index import Indexed, SnapshotIndex, identity

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.content.doctypes import DocumentTypes

PLATFORM_FILE = placement.PLATFORM_FILE
PLATFORM_FILE_LIMIT = 100_000  # bytes; a platform description is a few lines
SNAPSHOT_LIMIT_HINT = (
    "check that it is policy text, or raise `max_snapshot_bytes` of the policywatch plugin "
    "in mkdocs.yml (`policywatch check --max-snapshot-bytes`)"
)


@dataclass(frozen=True)
class LoadOptions:
    max_snapshot_bytes: int = 5_000_000  # larger files are refused with a clear error
    now: datetime | None = None  # for "stamp in the future" warnings; None = utcnow
    provenance: bool = True  # look up git provenance (generator.content.provenance)
    hold_texts: bool = False  # keep every text in memory (else: read again when needed)
    # Where what reading each file gave is kept between loads (see content.snapshot_index):
    # a warm build does not read, parse and hash unchanged files again. None: every file read.
    index: Path | None = None


@dataclass(frozen=True)
class _Context:
    types: DocumentTypes
    options: LoadOptions
    now: datetime
    real_root: Path
    provenance: ProvenanceIndex | None
    index: SnapshotIndex


def load_archive(
    content_dir: Path,
    document_types: DocumentTypes,
    options: LoadOptions = LoadOptions(),
    on_platform: Callable[[Platform], object] | None = None,
) -> Archive:
    """Everything under `content_dir` that loads cleanly, and every problem found on the way.

    `on_platform` is called with each platform as soon as it is loaded, before the rest (and
    so before the content is known to be free of errors).
    """
    if not content_dir.is_dir():
        message = "content folder not found: pass the folder that holds the platform folders"
        return Archive(content_dir, (), (Problem(str(content_dir), 0, message),))
    context = _Context(
        document_types,
        options,
        options.now or datetime.now(UTC),
        content_dir.resolve(),
        read_provenance(content_dir) if options.provenance else None,
        # Texts held in memory are read anyway: no index then.
        SnapshotIndex(None if options.hold_texts else options.index),
    )
    platforms: list[Platform] = []
    children, problems = _scan(content_dir, context)
    for path, is_dir in children:
        misplaced = (
            placement.document_type_as_platform(path, context.types)
            if is_dir
            else placement.root_file(path)
        )
        if misplaced is not None:
            problems.append(misplaced)
            continue
        platform, platform_problems = _load_platform(path, context)
        problems += platform_problems
        if platform is not None:
            platforms.append(platform)
            if on_platform is not None:
                on_platform(platform)
    if context.provenance is not None and context.provenance.reason and platforms:
        # Said once, so that a shallow CI checkout or a missing git is noticed in the log.
        message = f"provenance unknown: {context.provenance.reason}"
        problems.append(Problem(str(content_dir), 0, message, Severity.WARNING))
    context.index.save()
    # Tree order (a folder, then what is inside it), then line.
    problems.sort(key=lambda problem: (Path(problem.path).parts, problem.line))
    return Archive(content_dir, tuple(platforms), tuple(problems))


def _scan(folder: Path, context: _Context) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """A folder's usable entries (path, is_dir), sorted; unsafe names and links are problems."""
    entries: list[tuple[Path, bool]] = []
    problems: list[Problem] = []
    try:
        names = sorted(child.name for child in folder.iterdir())
    except OSError as exc:
        return [], [Problem(str(folder), 0, f"cannot be read ({exc.strerror}): check permissions")]
    for name in names:
        path = folder / name
        if ".." in name or "\\" in name or not name.isprintable():
            message = "the name contains `..`, `\\` or control characters: rename it"
            problems.append(Problem(str(path), 0, message))
            continue
        if name.startswith("."):
            continue  # .gitkeep, .DS_Store and the like
        try:
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                problem = _link_problem(path, context.real_root)
                if problem is not None:
                    problems.append(problem)
                    continue
                info = path.stat()
        except OSError as exc:
            problems.append(Problem(str(path), 0, f"cannot be read ({exc.strerror})"))
            continue
        if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
            entries.append((path, stat.S_ISDIR(info.st_mode)))
        else:
            message = "not a regular file (a device, socket or pipe): remove it"
            problems.append(Problem(str(path), 0, message))
    return entries, problems


def _link_problem(path: Path, real_root: Path) -> Problem | None:
    """Why a symbolic link is refused, or None for a link to a file inside the content folder."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return Problem(str(path), 0, "symbolic link loop: remove the link")
    if not target.is_relative_to(real_root):
        message = "symbolic link to outside the content folder (not followed): put the file here"
    elif not target.exists():
        message = "broken symbolic link: remove it or put the file here"
    elif target.is_dir():
        message = "symbolic link to a folder (not followed): move the folder here instead"
    else:
        return None
    return Problem(str(path), 0, message)


def _slug_problem(path: Path, what: str) -> Problem | None:
    if SLUG_RE.fullmatch(path.name):
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", path.name.casefold()).strip("-") or "name"
    message = (
        f"{what} folder name `{fm.shown(path.name)}` must be a slug (lowercase letters, digits "
        f"and hyphens): rename it to `{slug}`"
    )
    return Problem(str(path), 0, message)


def _load_platform(folder: Path, context: _Context) -> tuple[Platform | None, list[Problem]]:
    problems: list[Problem] = []
    slug_problem = _slug_problem(folder, "platform")
    if slug_problem is not None:
        problems.append(slug_problem)
    children, scan_problems = _scan(folder, context)
    problems += scan_problems
    documents: list[Document] = []
    fields: dict[str, object] | None = None
    files = [path for path, is_dir in children if not is_dir]
    has_file = any(path.name == PLATFORM_FILE for path in files)
    for path, is_dir in children:
        if is_dir:
            document, document_problems = _load_document(path, context)
            problems += document_problems
            if document is not None:
                documents.append(document)
        elif path.name == PLATFORM_FILE:
            fields, file_problems = _read_platform_file(path)
            problems += file_problems
        else:
            problems.append(
                placement.platform_entry(path, context.types, has_platform_file=has_file)
            )
    misspelt = any(placement.is_misspelt_platform_file(path) for path in files)
    if not has_file and not misspelt:  # a misspelt one is told to be renamed instead
        message = (
            f"platform folder has no {PLATFORM_FILE}: create {folder / PLATFORM_FILE} "
            f"with a line such as `name: {fm.shown(folder.name.title())}`"
        )
        problems.append(Problem(str(folder), 0, message))
    if fields is None or slug_problem is not None:
        return None, problems
    aliases = fields.get("aliases", ())
    platform = Platform(
        slug=folder.name,
        name=str(fields["name"]),
        url=_optional_str(fields, "url"),
        description=_optional_str(fields, "description"),
        aliases=aliases if isinstance(aliases, tuple) else (),
        documents=tuple(documents),
    )
    return platform, problems


def _optional_str(fields: dict[str, object], key: str) -> str | None:
    value = fields.get(key)
    return value if isinstance(value, str) else None


def _read_platform_file(path: Path) -> tuple[dict[str, object] | None, list[Problem]]:
    where = str(path)
    raw, problems = _read_bytes(path, PLATFORM_FILE_LIMIT, "platform.yml holds a few fields")
    if raw is None:
        return None, problems
    text, problems = fm.decode_text(raw, where)
    if text is None:
        return None, problems
    entries, problems = fm.parse_mapping(text, where, 1, PLATFORM_FILE)
    if entries is None:
        return None, problems
    fields, _lines, problems = rules.read_fields(entries, rules.PLATFORM_FIELDS, where, 1)
    return (None if problems else fields), problems


def _read_bytes(
    path: Path, limit: int, hint: str, info: os.stat_result | None = None
) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, unless it is larger than `limit` (checked before reading, on `info`
    when the file was just stat'ed)."""
    try:
        size = (info or path.stat()).st_size
        if size > limit:
            message = f"file is {size:,} bytes, above the size limit of {limit:,} bytes: {hint}"
            return None, [Problem(str(path), 0, message)]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(str(path), 0, f"cannot be read ({exc.strerror}): check it")]


def _load_document(folder: Path, context: _Context) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    doc_type = context.types.by_slug.get(folder.name)
    if doc_type is None:
        problems.append(_unknown_type(folder, context.types))
    children, scan_problems = _scan(folder, context)
    problems += scan_problems
    versions: list[Version] = []
    seen: dict[datetime, str] = {}
    for path, is_dir in children:
        if is_dir:
            scan = functools.partial(_scan, context=context)
            problems += placement.document_subfolder(path, context.types, scan)
            continue
        if path.suffix != ".md":
            problems.append(placement.document_file(path))
            continue
        observed = _observed(path)
        if observed is None:
            problems.append(_stamp_problem(path))
        elif observed in seen:
            message = (
                f"`{fm.shown(path.name)}` names the same moment as `{seen[observed]}`: keep one "
                "of the two (or give this one its time of day)"
            )
            problems.append(Problem(str(path), 0, message))
            observed = None  # validated, but not loaded
        else:
            seen[observed] = path.name
        version, version_problems = _load_version(path, observed, context)
        problems += version_problems
        if version is not None:
            versions.append(version)
    if doc_type is None:
        return None, problems
    if not versions:  # nothing to show; the files' problems, if any, are reported already
        if not children:
            message = "empty document folder: add a <stamp>.md snapshot or remove the folder"
            problems.append(Problem(str(folder), 0, message, Severity.WARNING))
        return None, problems
    versions.sort(key=lambda version: version.observed)
    problems += rules.size_warnings(versions)
    return Document(folder.parent.name, doc_type, tuple(versions)), problems


def _unknown_type(folder: Path, types: DocumentTypes) -> Problem:
    close = types.suggest(folder.name)
    hint = f" did you mean `{close}`?" if close else ""
    message = (
        f"document type `{fm.shown(folder.name)}` is not in document_types.yml:{hint} "
        "Rename the folder, or add the type to site_config/document_types.yml"
    )
    return Problem(str(folder), 0, message)


def _stamp_problem(path: Path) -> Problem:
    stem = path.name.removesuffix(".md")
    if STAMP_RE.fullmatch(stem):
        message = f"file name `{fm.shown(path.name)}` is not a real date: fix the day or month"
    else:
        message = (
            f"file name `{fm.shown(path.name)}` is not a stamp: name it YYYY-MM-DD.md or "
            "YYYY-MM-DDTHH-MM-SSZ.md (UTC), e.g. 2023-09-29.md or 2023-09-29T14-30-00Z.md"
        )
    return Problem(str(path), 0, message)


def _observed(path: Path) -> datetime | None:
    try:
        return parse_stamp(path.name.removesuffix(".md"))
    except ValueError:
        return None


def _load_version(
    path: Path, observed: datetime | None, context: _Context
) -> tuple[Version | None, list[Problem]]:
    """One snapshot; None (with the problems) unless it is clean and `observed` is known."""
    limit = context.options.max_snapshot_bytes
    try:
        info = path.stat()
    except OSError:
        info = None  # reported by the reading below
    if info is not None and observed is not None and info.st_size <= limit:
        indexed = context.index.get(path, info)
        if indexed is not None:
            return _version(path, observed, indexed, context)
    raw, problems = _read_bytes(path, limit, SNAPSHOT_LIMIT_HINT, info)
    if raw is None:
        return None, problems
    snapshot, problems = parse_snapshot(raw, str(path))
    if snapshot is None or observed is None or problems:
        return None, problems
    encoded = snapshot.text.encode("utf-8")
    indexed = Indexed(
        snapshot.fields, snapshot.lines, hashlib.sha256(encoded).hexdigest(), len(encoded)
    )
    version, problems = _version(path, observed, indexed, context, snapshot.text)
    if version is not None and info is not None and _unchanged(path, info):
        context.index.put(path, info, indexed)
    return version, problems


def _unchanged(path: Path, before: os.stat_result) -> bool:
    """Whether the file is still the one stat'ed before it was read (not edited meanwhile)."""
    try:
        return identity(path.stat()) == identity(before)
    except OSError:
        return False


def _version(
    path: Path, observed: datetime, indexed: Indexed, context: _Context, text: str | None = None
) -> tuple[Version | None, list[Problem]]:
    """The version a clean snapshot file makes, with what is worth a warning about it."""
    fields = indexed.fields
    captured, effective = fields.get("captured"), fields.get("effective")
    version = Version(
        platform=path.parent.parent.name,
        document=path.parent.name,
        stamp=path.name.removesuffix(".md"),
        observed=observed,
        path=path,
        sha256=indexed.sha256,
        size=indexed.size,
        body=text if context.options.hold_texts else None,
        source=str(fields["source"]),
        captured=captured if isinstance(captured, datetime) else None,
        effective=effective if isinstance(effective, date) else None,
        archive=_optional_str(fields, "archive"),
        summary=_optional_str(fields, "summary"),
        technical=fields.get("technical") is True,
        language=_optional_str(fields, "language") or "en",
        withdrawn=_optional_str(fields, "withdrawn"),
        origin=_optional_str(fields, "origin"),
        provenance=context.provenance.lookup(path) if context.provenance else UNKNOWN_PROVENANCE,
    )
    problem = rules.capture_problem(version, indexed.lines)
    if problem is not None:
        return None, [problem]
    return version, rules.version_warnings(version, indexed.lines, context.now)
