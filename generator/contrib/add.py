"""`policywatch add`: turn a saved page or text into a checked snapshot in one command.

The new snapshot is validated by the loader itself before anything is written: the platform
folder is staged in a temporary folder twice, as it is and with the new files, and whatever the
second load reports that the first did not is what this snapshot would introduce. Errors refuse
the snapshot; warnings are printed. Files are then created atomically and never replaced.
"""

from __future__ import annotations

import contextlib
import shutil
import stat
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from generator.analysis.analyse import analyse_document
from generator.analysis.taxonomy import load_taxonomy
from generator.content import frontmatter as fm
from generator.content.atomic import write_new
from generator.content.doctypes import load_document_types
from generator.content.load import PLATFORM_FILE, LoadOptions, load_archive
from generator.content.model import SLUG_RE, format_stamp, parse_stamp
from generator.content.problems import Problem, Severity
from generator.content.rules import check_moment
from generator.contrib.html_to_markdown import html_to_markdown, looks_like_html
from generator.contrib.ota.writer import dump_yaml

if TYPE_CHECKING:
    from generator.analysis.changes import Change
    from generator.content.doctypes import DocumentTypes
    from generator.content.model import Archive, Document, Version

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_INPUT_BYTES = 20_000_000  # a saved page with inline assets; the text itself is far smaller
BACKFILL_AFTER = timedelta(days=1)  # an older stamp than this gets `captured: <now>`


@dataclass(frozen=True)
class AddRequest:
    """What the contributor asked for, as given on the command line."""

    platform: str
    document: str  # slug, name or alias
    file: Path
    source: str
    stamp: str | None = None  # None: now
    summary: str | None = None
    archive: str | None = None
    name: str | None = None  # platform name, when platform.yml is created


@dataclass(frozen=True)
class AddResult:
    """What `add_snapshot` did, or why it refused."""

    problems: tuple[Problem, ...] = ()  # errors: nothing was written
    warnings: tuple[Problem, ...] = ()
    existing: tuple[Problem, ...] = ()  # errors already in the content, not this snapshot's
    path: Path | None = None  # the snapshot written
    platform_file: Path | None = None  # platform.yml, when it was created
    input_kind: str = ""  # "html", "markdown" or "text"
    version: Version | None = None
    previous: Version | None = None
    change: Change | None = None

    @property
    def ok(self) -> bool:
        return self.path is not None


class _Refusal(Exception):
    """Raised inside `_add` to stop with problems; nothing has been written yet."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def add_snapshot(
    request: AddRequest, content_dir: Path, config_dir: Path, now: datetime | None = None
) -> AddResult:
    """Validate, analyse and write one new snapshot; nothing is written unless all is well."""
    now = now or datetime.now(UTC)
    try:
        return _add(request, content_dir, config_dir, now)
    except _Refusal as refusal:
        return AddResult(problems=tuple(refusal.problems))


def _add(request: AddRequest, content_dir: Path, config_dir: Path, now: datetime) -> AddResult:
    if not content_dir.is_dir():
        raise _refuse(content_dir, "content folder not found: run from the repository root")
    types, type_problems = load_document_types(config_dir / "document_types.yml")
    if not types.by_slug:
        raise _Refusal(type_problems)
    doc_type = types.lookup(request.document)
    if doc_type is None:
        close = types.suggest(request.document)
        hint = f": did you mean `{close}`?" if close else ""
        raise _refuse(
            config_dir / "document_types.yml",
            f"unknown document type `{fm.shown(request.document)}`{hint} "
            "(a slug, name or alias listed in document_types.yml)",
        )
    if not SLUG_RE.fullmatch(request.platform):
        raise _refuse(
            content_dir / request.platform,
            f"platform `{fm.shown(request.platform)}` must be a slug: lowercase letters, "
            "digits and hyphens, e.g. `chirp` or `meta`",
        )
    stamp, captured = _stamp(request.stamp, now)
    kind, body = _read_input(request.file, request.source)
    platform_dir = content_dir / request.platform
    target = platform_dir / doc_type.slug / f"{stamp}.md"
    if target.exists():
        raise _refuse(target, "already exists and is never overwritten: pick another --stamp")
    snapshot = _snapshot_bytes(request, body, captured)
    platform_file = None if (platform_dir / PLATFORM_FILE).exists() else _platform_bytes(request)
    new_files = {f"{doc_type.slug}/{target.name}": snapshot}
    if platform_file is not None:
        new_files[PLATFORM_FILE] = platform_file
    verdict = _verdict(platform_dir, doc_type.slug, types, now, new_files)
    document = verdict.document
    version = next((v for v in document.versions if v.stamp == stamp), None) if document else None
    if verdict.new_errors:
        return AddResult(problems=verdict.new_errors, existing=verdict.old_errors)
    if document is None or version is None:  # existing errors stop the platform from loading
        return AddResult(problems=verdict.old_errors or (_problem(platform_dir, "cannot load"),))
    previous = _previous(document, version)
    if previous is not None and previous.sha256 == version.sha256:
        which = "latest version" if version is document.live_versions[-1] else "version before it"
        raise _refuse(
            platform_dir / doc_type.slug / previous.path.name,
            f"the new text is identical to this, the {which} ({previous.stamp}): nothing "
            "changed, so there is nothing to add",
        )
    taxonomy, _ = load_taxonomy(config_dir / "taxonomy.yml")  # its problems are `check`'s
    changes = analyse_document(document, taxonomy)
    change = next((c for c in changes if c.to_stamp == stamp), None)
    created_platform = _write(target, snapshot, platform_dir / PLATFORM_FILE, platform_file)
    return AddResult(
        warnings=verdict.new_warnings,
        existing=verdict.old_errors,
        path=target,
        platform_file=platform_dir / PLATFORM_FILE if created_platform else None,
        input_kind=kind,
        version=replace(version, path=target),
        previous=previous and replace(previous, path=target.parent / previous.path.name),
        change=change,
    )


def _problem(path: Path | str, message: str) -> Problem:
    return Problem(str(path), 0, message)


def _refuse(path: Path | str, message: str) -> _Refusal:
    return _Refusal([_problem(path, message)])


def _stamp(given: str | None, now: datetime) -> tuple[str, datetime | None]:
    """The stamp to use and, for an older one (a backfill), the `captured` moment to record."""
    if given is None:
        return format_stamp(now), None
    text = given.strip().removesuffix(".md")
    try:
        moment = parse_stamp(text)
    except ValueError:
        try:
            moment = check_moment(text)  # ISO 8601, e.g. 2024-03-14T09:30:00+01:00
        except ValueError:
            raise _refuse(
                "--stamp",
                f"{fm.shown(given)} is not a date: write 2024-03-14 or 2024-03-14T09-30-00Z (UTC)",
            ) from None
        text = format_stamp(moment)
    return text, (now.replace(microsecond=0) if now - moment > BACKFILL_AFTER else None)


def _read_input(file: Path, source: str) -> tuple[str, str]:
    """The input's kind and its text as a snapshot body (HTML converted to Markdown)."""
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(file, "is not a regular file: pass the saved page or text file")
        size = info.st_size
        if size > MAX_INPUT_BYTES:
            raise _refuse(file, f"is {size:,} bytes: save only the policy page, as HTML or text")
        raw = file.read_bytes()
    except OSError as exc:
        raise _refuse(file, f"cannot be read ({exc.strerror or exc})") from None
    if file.suffix.lower() in HTML_SUFFIXES or looks_like_html(raw):
        return "html", fm.normalise_body(html_to_markdown(raw, source))
    text, problems = fm.decode_text(raw, str(file))
    if text is None:
        raise _Refusal(problems)
    split, _ = fm.split_front_matter(text, str(file))
    if split is not None:
        entries, _ = fm.parse_mapping(split.yaml_text, str(file), 2, "front matter")
        if entries:
            raise _refuse(
                file,
                "already has front matter: give the text only, with the fields as options "
                "(--source, --summary, --archive)",
            )
    kind = "markdown" if file.suffix.lower() in {".md", ".markdown"} else "text"
    return kind, fm.normalise_body(text)


def _snapshot_bytes(request: AddRequest, body: str, captured: datetime | None) -> bytes:
    fields: dict[str, object] = {"source": request.source.strip()}
    if captured is not None:
        fields["captured"] = captured.strftime("%Y-%m-%dT%H:%M:%SZ")
    if request.archive:
        fields["archive"] = request.archive.strip()
    if request.summary:
        fields["summary"] = request.summary.strip()
    return f"---\n{dump_yaml(fields)}---\n\n{body}".encode()


def _platform_bytes(request: AddRequest) -> bytes:
    name = request.name or request.platform.replace("-", " ").title()
    return dump_yaml({"name": " ".join(name.split())}).encode()


@dataclass(frozen=True)
class _Verdict:
    """What loading the platform folder with the new files says that loading it without did not."""

    new_errors: tuple[Problem, ...]
    new_warnings: tuple[Problem, ...]
    old_errors: tuple[Problem, ...]  # errors already there, the new files or not
    document: Document | None  # with the new snapshot; paths point into the staging folder


def _verdict(
    platform_dir: Path,
    doc_slug: str,
    types: DocumentTypes,
    now: datetime,
    new_files: dict[str, bytes],  # relative to the platform folder
) -> _Verdict:
    """Load a staged copy of the platform folder without, then with, the new files."""
    options = LoadOptions(now=now, provenance=False, hold_texts=True)  # the copy is temporary
    with tempfile.TemporaryDirectory(prefix="policywatch-add-") as tmp:
        loads: list[tuple[Archive, list[Problem]]] = []
        for name, files in (("before", {}), ("after", new_files)):
            root = Path(tmp) / name
            try:
                _stage(root / platform_dir.name, platform_dir, doc_slug, files)
            except OSError as exc:
                raise _refuse(platform_dir, f"cannot be read ({exc.strerror or exc})") from None
            archive = load_archive(root, types, options)
            loads.append(
                (archive, [_relocated(p, root, platform_dir.parent) for p in archive.problems])
            )
    (_, before), (after_archive, after) = loads
    known = set(before)
    new = [p for p in after if p not in known]
    document = next((d for d in after_archive.documents() if d.slug == doc_slug), None)
    return _Verdict(
        tuple(p for p in new if p.severity is Severity.ERROR),
        tuple(p for p in new if p.severity is Severity.WARNING),
        tuple(p for p in after if p in known and p.severity is Severity.ERROR),
        document,
    )


def _stage(staged: Path, platform_dir: Path, doc_slug: str, files: dict[str, bytes]) -> None:
    """Copy what the loader reads of one document (and platform.yml) to `staged`, add `files`."""
    (staged / doc_slug).mkdir(parents=True)
    if (platform_dir / PLATFORM_FILE).is_file():
        shutil.copyfile(platform_dir / PLATFORM_FILE, staged / PLATFORM_FILE)
    if (platform_dir / doc_slug).is_dir():
        for snapshot in (platform_dir / doc_slug).glob("*.md"):
            if snapshot.is_file():
                shutil.copyfile(snapshot, staged / doc_slug / snapshot.name)
    for name, data in files.items():
        (staged / name).write_bytes(data)


def _relocated(problem: Problem, staged_root: Path, content_dir: Path) -> Problem:
    """The problem as it will be in the real content folder."""
    try:
        relative = Path(problem.path).relative_to(staged_root)
    except ValueError:
        return problem
    return replace(problem, path=str(content_dir / relative))


def _previous(document: Document, version: Version) -> Version | None:
    """The live version just before `version`."""
    live = document.live_versions
    index = next((i for i, v in enumerate(live) if v is version), None)
    return live[index - 1] if index else None


def _write(target: Path, snapshot: bytes, platform_path: Path, platform: bytes | None) -> bool:
    """Create platform.yml (when given), then the snapshot; undo both if the snapshot fails."""
    made = [d for d in (target.parent.parent, target.parent) if not d.exists()]
    created_platform = False
    try:
        for folder in made:
            folder.mkdir()
        if platform is not None:
            created_platform = write_new(platform_path, platform)
        if not write_new(target, snapshot):
            raise _refuse(target, "was created meanwhile by something else; not overwritten")
    except BaseException as exc:
        if created_platform:
            platform_path.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        if isinstance(exc, OSError):
            raise _refuse(target, f"cannot be written ({exc.strerror or exc})") from None
        raise
    return created_platform
