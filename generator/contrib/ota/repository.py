"""Read an Open Terms Archive versions repository: `<Service>/<Terms Type>.md`, one commit each.

Straight from git's objects, so a bare repository (`git clone --bare` or `--mirror`, a bundle's
clone) reads like a normal clone, and no work tree is needed: one `git log --raw` pass lists
every commit with the blob it wrote, and one `git cat-file --batch` process streams the texts
of the versions to write.

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
import subprocess
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

import git

from generator.content.load import LoadOptions
from generator.contrib.ota.apply import import_documents
from generator.contrib.ota.plan import NO_FILTERS, Filters
from generator.contrib.ota.records import Collector, ImportReport, Recorded, SourceDocument

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from generator.content.doctypes import DocumentTypes

TECHNICAL_SUBJECT = re.compile(r"(?:Apply technical or declaration upgrade|Refilter)\b", re.I)
EXPECTED_LAYOUT = "<Service>/<Terms Type>.md files, one commit per version"
_HEADER = "\x01"
_BRANCHES = ("refs/heads/main", "refs/heads/master")


class RepositoryError(Exception):
    """The repository cannot be read; the message says why and what to do."""


def is_repository(path: Path) -> bool:
    """Whether `path` itself (not a parent of it) is a git repository, bare or not."""
    try:
        git.Repo(path, search_parent_directories=False).close()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return True


@dataclass(frozen=True)
class Repository:
    """A versions repository read at one commit: its documents, and a reader for their texts."""

    root: Path
    ref: str  # what was read: HEAD, a branch, or what --ref named
    tip: str  # the commit
    commits: int
    bare: bool
    documents: tuple[SourceDocument, ...]

    def read(self, refs: Sequence[str]) -> Iterator[bytes | OSError]:
        return _cat_file(self.root, refs)

    @property
    def description(self) -> str:
        kind = "bare versions repository" if self.bare else "versions repository"
        plural = "" if self.commits == 1 else "s"
        return f"{kind}, {self.ref} at {self.tip[:12]} ({self.commits:,} commit{plural})"


def read_repository(root: Path, ref: str | None = None) -> Repository:
    """The repository's history at `ref` (default: HEAD, or its only or main branch when HEAD
    names no commit, as in a mirror whose HEAD was never set). Raises RepositoryError."""
    bare = _git(root, "rev-parse", "--is-bare-repository").strip() == "true"
    name, tip = _tip(root, ref)
    history = _history(root, tip)
    commits = int(_git(root, "rev-list", "--count", tip))
    documents = tuple(
        SourceDocument(path.parent.name, path.stem, str(path), tuple(writes))
        for path, writes in sorted(history.items())
    )
    return Repository(root, name, tip, commits, bare, documents)


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False, timeout=600
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RepositoryError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RepositoryError(lines[-1] if lines else f"git {args[0]} failed")
    return done.stdout.decode("utf-8", "replace")


def _tip(root: Path, ref: str | None) -> tuple[str, str]:
    """(the name read, its commit)."""
    if ref is not None:
        try:
            tip = _git(root, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
            return ref, tip.strip()
        except RepositoryError:
            raise RepositoryError(f"--ref {ref!r} names no commit of this repository") from None
    try:
        return "HEAD", _git(root, "rev-parse", "--verify", "HEAD^{commit}").strip()
    except RepositoryError:
        pass
    branches = _git(root, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
    names = [n for n in branches.split() if not n.endswith("/HEAD")]
    preferred = [n for n in _BRANCHES if n in names]
    if len(names) == 1 or preferred:
        name = names[0] if len(names) == 1 else preferred[0]
        return name, _git(root, "rev-parse", "--verify", f"{name}^{{commit}}").strip()
    if not names:
        raise RepositoryError("the repository has no commit yet")
    listed = ", ".join(n.removeprefix("refs/heads/") for n in names[:8])
    raise RepositoryError(f"HEAD names no commit; pick a branch with --ref (branches: {listed})")


def _history(root: Path, tip: str) -> dict[PurePosixPath, list[Recorded]]:
    """Document file -> the versions commits wrote to it, oldest commit first (one log pass)."""
    raw = _git_bytes(
        root,
        "log",
        "--reverse",
        "--topo-order",  # parents before children whatever the dates say
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        f"--format={_HEADER}%H %at %s",
        tip,
        "--",
    )
    tokens = raw.decode("utf-8", "replace").split("\0")
    history: dict[PurePosixPath, list[Recorded]] = {}
    header: tuple[str, datetime, bool] | None = None
    sequence = index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith(_HEADER):
            commit, seconds, *subject = token[1:].split(" ", 2)
            moment = datetime.fromtimestamp(int(seconds), UTC)
            technical = TECHNICAL_SUBJECT.match("".join(subject)) is not None
            header = (commit, moment, technical)
            sequence += 1
        elif token.startswith(":") and index < len(tokens):
            path = PurePosixPath(tokens[index])
            index += 1
            fields = token[1:].split()
            status, blob = fields[-1], fields[3]
            if header is None or status not in ("A", "M", "T") or not _is_document(path):
                continue  # a deletion ends tracking; the versions recorded before stay
            commit, moment, technical = header
            history.setdefault(path, []).append(
                Recorded(
                    moment,
                    sequence,
                    blob,
                    f"{path} at commit {commit[:12]}",
                    f"{path} at commit {commit}",
                    technical,
                    commit,
                    identity=blob,
                )
            )
    return history


def _git_bytes(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as exc:
        raise RepositoryError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RepositoryError(f"cannot read the history: {lines[-1] if lines else 'git failed'}")
    return done.stdout


def _is_document(path: PurePosixPath) -> bool:
    return len(path.parts) == 2 and path.suffix == ".md" and not path.name.startswith(".")


def _cat_file(root: Path, blobs: Sequence[str]) -> Iterator[bytes | OSError]:
    """Each blob's bytes, in order, streamed from one `git cat-file --batch` process: a thread
    feeds it the names while this one reads the texts (no round trip per text)."""
    if not blobs:
        return
    process = subprocess.Popen(
        ["git", "-C", str(root), "cat-file", "--batch", "--buffer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    feeder = threading.Thread(target=_feed, args=(process.stdin, blobs), daemon=True)
    feeder.start()
    try:
        for blob in blobs:
            yield _next_object(process.stdout, blob)
    finally:
        process.kill()
        process.wait()
        feeder.join()


def _feed(stdin: IO[bytes], blobs: Sequence[str]) -> None:
    try:
        for blob in blobs:
            stdin.write(f"{blob}\n".encode("ascii"))
        stdin.close()
    except OSError:  # the reader stopped early and killed the process
        pass


def _next_object(stdout: IO[bytes], blob: str) -> bytes | OSError:
    header = stdout.readline().split()
    if len(header) == 3 and header[2].isdigit():
        size = int(header[2])
        data = stdout.read(size + 1)[:size]  # the object, then a newline
        if len(data) < size:
            return OSError(f"git cat-file stopped inside blob {blob[:12]}")
        if header[1] == b"blob":
            return data
        return OSError(f"{blob[:12]} is a {header[1].decode()}, not a text")
    if header and header[-1] == b"missing":
        return OSError(f"blob {blob[:12]} is missing (a shallow or partial clone?)")
    return OSError(f"git cat-file gave no blob {blob[:12]} ({b' '.join(header).decode()!r})")


def import_repo(
    repo_dir: Path,
    into: Path,
    document_types: DocumentTypes,
    *,
    skip_unchanged: bool = False,
    filters: Filters = NO_FILTERS,
    types_file: Path | None = None,
    ref: str | None = None,
    max_bytes: int = LoadOptions.max_snapshot_bytes,
) -> ImportReport:
    """Write every version of every document in the repository's history that `into` lacks.

    With a `types_file` (the site's document_types.yml), terms types it lacks are added to it.
    """
    run = Collector()
    try:
        repository = read_repository(repo_dir, ref)
    except RepositoryError as exc:
        run.problem(repo_dir, str(exc))
        return run.report()
    run.described = repository.description
    import_documents(
        repository.documents,
        repository,
        into,
        document_types,
        run,
        filters=filters,
        types_file=types_file,
        skip_unchanged=skip_unchanged,
        max_bytes=max_bytes,
        label=f"{repo_dir.name} at {repository.tip[:12]}",
    )
    if not run.documents and not run.problems:
        known_types = "of a known terms type " if run.unknown_types else ""
        wanted = "matching --service/--type " if filters.services or filters.types else ""
        message = f"no documents {known_types}{wanted}found: expected {EXPECTED_LAYOUT}"
        run.problem(repo_dir, message)
    return run.report()
