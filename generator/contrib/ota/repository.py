"""Read an Open Terms Archive versions repository: `<Service>/<Terms Type>.md`, one commit each.

One `git log --raw` pass lists every commit with the blobs it wrote; texts are then read
through one long-lived `git cat-file --batch` process (GitPython's object database), only for
the versions that will be written.

Stamps: a version's stamp is its commit's author date (OTA sets it to the fetch date; rebases
keep it). Commit order and date order disagree for technical re-extractions ("Apply technical
or declaration upgrade", formerly "Refilter"): OTA dates them with the fetch date of the
snapshot they re-extracted, which can be older than versions committed before them. They are
placed at that date, because their text is what the platform published then (in date order
they sit next to the version in force at that moment; in commit order they would read as a
revert). Versions that share a second keep commit order: the first keeps the second, the others
take the next free one (see generator.contrib.ota.writer.place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import git

from generator.content.model import format_stamp
from generator.contrib.ota.writer import (
    NO_FILTERS,
    Collector,
    Filters,
    ImportReport,
    Recorded,
    place,
    write_document,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from generator.content.doctypes import DocumentTypes

TECHNICAL_SUBJECT = re.compile(r"(?:Apply technical or declaration upgrade|Refilter)\b", re.I)
EXPECTED_LAYOUT = "<Service>/<Terms Type>.md files, one commit per version"
_HEADER = "\x01"
_ORIGIN_COMMIT = re.compile(r"^origin:.*\bcommit ([0-9a-f]{40})\b", re.MULTILINE)
_HEAD_BYTES = 4096  # the front matter of a snapshot fits in this


@dataclass(frozen=True)
class _Write:
    """One blob a commit wrote to a document file."""

    commit: str
    moment: datetime  # author date, UTC
    technical: bool
    blob: str


def is_repository(path: Path) -> bool:
    """Whether `path` itself (not a parent of it) is a git repository."""
    try:
        git.Repo(path, search_parent_directories=False).close()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return True


def import_repo(
    repo_dir: Path,
    into: Path,
    document_types: DocumentTypes,
    *,
    skip_unchanged: bool = False,
    filters: Filters = NO_FILTERS,
) -> ImportReport:
    """Write every version of every document in the repository's history that `into` lacks."""
    run = Collector()
    repo = git.Repo(repo_dir, search_parent_directories=False)
    try:
        history = _history(repo)
    except git.GitCommandError as exc:
        run.problem(repo_dir, f"cannot read the history: {_first_line(exc.stderr)}")
        history = {}
    try:
        for path, writes in sorted(history.items()):
            service, type_name = path.parent.name, path.stem
            doc_type = document_types.lookup(type_name)
            if doc_type is None:
                run.unknown_types.append(repo_dir / path)
                continue
            if not filters.wants(service, doc_type):
                continue
            slug = run.claim_slug(service, str(path))
            if slug is None:
                continue
            versions, renamed = _versions(repo, path, writes)
            known = _imported_commits(into / slug / doc_type.slug)
            write_document(
                repo_dir / path,
                service,
                slug,
                doc_type,
                versions,
                into,
                run,
                skip_unchanged=skip_unchanged,
                renamed=renamed,
                already=_imported_in(known),
            )
    finally:
        repo.close()
    if not run.documents and not run.problems:
        known_types = "of a known terms type " if run.unknown_types else ""
        wanted = "matching --service/--type " if filters.services or filters.types else ""
        message = f"no documents {known_types}{wanted}found: expected {EXPECTED_LAYOUT}"
        run.problem(repo_dir, message)
    return run.report()


def _history(repo: git.Repo) -> dict[PurePosixPath, list[_Write]]:
    """Document file -> the blobs commits wrote to it, oldest commit first (one log pass)."""
    if not repo.head.is_valid():
        return {}  # no commit yet
    raw = repo.git.log(
        "--reverse",
        "--topo-order",  # parents before children whatever the dates say
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        f"--format={_HEADER}%H %at %s",
        "HEAD",
        stdout_as_string=False,
    )
    tokens = raw.decode("utf-8", "replace").split("\0")
    history: dict[PurePosixPath, list[_Write]] = {}
    header: tuple[str, datetime, bool] | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith(_HEADER):
            commit, seconds, *subject = token[1:].split(" ", 2)
            moment = datetime.fromtimestamp(int(seconds), UTC)
            technical = TECHNICAL_SUBJECT.match("".join(subject)) is not None
            header = (commit, moment, technical)
        elif token.startswith(":") and index < len(tokens):
            path = PurePosixPath(tokens[index])
            index += 1
            fields = token[1:].split()
            status, blob = fields[-1], fields[3]
            if header is None or status not in ("A", "M", "T") or not _is_document(path):
                continue  # a deletion ends tracking; the versions recorded before stay
            history.setdefault(path, []).append(_Write(*header, blob))
    return history


def _is_document(path: PurePosixPath) -> bool:
    return len(path.parts) == 2 and path.suffix == ".md" and not path.name.startswith(".")


def _versions(
    repo: git.Repo, path: PurePosixPath, writes: list[_Write]
) -> tuple[list[Recorded], list[tuple[str, str]]]:
    """The document's versions in stamp order; same-second ones moved to a free second."""
    ranks: dict[datetime, int] = {}
    moments: list[tuple[datetime, int]] = []
    for write in writes:  # commit order: the first in a second keeps it
        rank = ranks.get(write.moment, 0)
        ranks[write.moment] = rank + 1
        moments.append((write.moment, rank))
    placed: list[tuple[datetime, Recorded]] = []  # moments are distinct: see place()
    renamed: list[tuple[str, str]] = []
    for write, moment in zip(writes, place(moments), strict=True):
        stamp = format_stamp(moment)
        if moment != write.moment:
            renamed.append((f"commit {write.commit[:12]}", stamp))
        version = Recorded(
            stamp,
            _BlobReader(repo, write.blob),
            f"{path} at commit {write.commit[:12]}",
            f"{path} at commit {write.commit}",
            write.technical,
            write.commit,
        )
        placed.append((moment, version))
    placed.sort(key=lambda p: p[0])
    return [version for _, version in placed], renamed


@dataclass(frozen=True)
class _BlobReader:
    """Reads one blob when called, through the repository's cat-file process."""

    repo: git.Repo
    blob: str

    def __call__(self) -> bytes:
        try:
            data: bytes = self.repo.odb.stream(bytes.fromhex(self.blob)).read()
        except (ValueError, git.GitCommandError) as exc:
            raise OSError(f"blob {self.blob[:12]} cannot be read: {exc}") from None
        return data


def _imported_in(commits: set[str]) -> Callable[[Recorded], bool]:
    def imported(version: Recorded) -> bool:
        return version.commit in commits

    return imported


def _imported_commits(folder: Path) -> set[str]:
    """Commits whose versions an earlier import wrote into `folder` (named in `origin`)."""
    found: set[str] = set()
    if not folder.is_dir():
        return found
    for snapshot in folder.glob("*.md"):
        try:
            with snapshot.open("rb") as handle:
                head = handle.read(_HEAD_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        match = _ORIGIN_COMMIT.search(head.split("\n---", 1)[0])
        if match is not None:
            found.add(match[1])
    return found


def _first_line(text: object) -> str:
    lines = str(text or "").strip().splitlines()
    return lines[-1] if lines else "git failed"
