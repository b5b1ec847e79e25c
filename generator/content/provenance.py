"""Git provenance of snapshots: who added each file, when, and whether it was edited later.

One `git log` pass over the content folder gives every file's history; a per-file lookup
costs a git process per snapshot (1.5 s for 300 files, see FIELD-NOTES).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.model import UNKNOWN_PROVENANCE, Provenance, ProvenanceStatus

if TYPE_CHECKING:
    import git

# Field separator inside one commit header; git forbids NUL in names, not this.
_SEP = "\x1f"
_HEADER = "\x1e"
# Renames are not followed: the commit that put a file at its path is the meaningful one
# (renaming a snapshot changes its stamp, i.e. its claim), and similarity detection guesses.
_LOG_ARGS = (
    "log",
    "-z",
    "--no-renames",
    "--no-color",
    "--no-show-signature",
    "--name-status",
    "--reverse",
    f"--format={_HEADER}%H{_SEP}%an{_SEP}%ct",
)


@dataclass(frozen=True)
class ProvenanceIndex:
    """Provenance by absolute file path; files not in it get `fallback`."""

    by_path: dict[Path, Provenance] = field(default_factory=dict)
    fallback: Provenance = UNKNOWN_PROVENANCE
    # Folders' real paths, resolved once for the many snapshots each holds (an index lives
    # for one load of the content).
    _real: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, path: Path) -> Provenance:
        """The provenance of one snapshot file (absolute or relative to the working directory).

        The folder is resolved (git reports real paths); the file is not, so that a symlinked
        snapshot keeps its own history rather than its target's.
        """
        folder = str(path.parent)
        real = self._real.get(folder)
        if real is None:
            real = self._real[folder] = os.path.realpath(folder)
        return self.by_path.get(Path(real, path.name), self.fallback)

    @property
    def reason(self) -> str | None:
        """Why provenance is unknown for the whole folder, if it is."""
        return self.fallback.reason if self.fallback.status is ProvenanceStatus.UNKNOWN else None


def _unknown(reason: str) -> ProvenanceIndex:
    return ProvenanceIndex({}, Provenance(ProvenanceStatus.UNKNOWN, reason=reason))


def read_provenance(content_dir: Path) -> ProvenanceIndex:
    """Provenance of every file under `content_dir` from one `git log`; never raises."""
    try:
        import git
    except ImportError:  # GitPython refuses to import when it cannot find the git binary
        return _unknown("git is not installed: install git to show who added each snapshot")
    try:
        repo = git.Repo(content_dir, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return _unknown("not a git repository: commit the content to show who added each snapshot")
    try:
        return _read(repo, Path(os.path.realpath(content_dir)))
    except git.GitCommandNotFound:
        return _unknown("git is not installed: install git to show who added each snapshot")
    except (git.GitCommandError, OSError, ValueError) as exc:
        return _unknown(f"git failed ({_git_message(exc)}): provenance is not shown")
    finally:
        repo.close()


def _read(repo: git.Repo, content_dir: Path) -> ProvenanceIndex:
    top, shallow = repo.git.rev_parse("--show-toplevel", "--is-shallow-repository").splitlines()
    if shallow.strip() == "true":
        return _unknown(
            "shallow clone: run `git fetch --unshallow` (in CI, check out with fetch-depth: 0) "
            "to show who added each snapshot"
        )
    uncommitted = ProvenanceIndex({}, Provenance(ProvenanceStatus.UNCOMMITTED))
    if not repo.git.rev_parse("--verify", "--quiet", "HEAD", with_exceptions=False):
        return uncommitted  # a repository without commits yet
    raw = repo.git.execute(
        ["git", "-c", "core.quotepath=off", *_LOG_ARGS, "--", str(content_dir)],
        stdout_as_string=False,
        strip_newline_in_stdout=False,
    )
    return ProvenanceIndex(parse_log(os.fsdecode(raw), Path(top)), uncommitted.fallback)


def parse_log(output: str, top: Path) -> dict[Path, Provenance]:
    """Provenance per absolute path from `git log -z --name-status --reverse` output."""
    found: dict[Path, Provenance] = {}
    current: Provenance | None = None
    tokens = iter(output.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(_HEADER):
            sha, rest = token[1:].split(_SEP, 1)
            author, seconds = rest.rsplit(_SEP, 1)
            moment = datetime.fromtimestamp(int(seconds), tz=UTC)
            current = Provenance(ProvenanceStatus.KNOWN, sha, author, moment)
        elif token and current is not None:
            path = top / next(tokens, "")
            if token == "A":
                found[path] = current
            elif token == "D":
                found.pop(path, None)
            elif path in found:
                found[path] = replace(found[path], edited=True)
    return found


def _git_message(exc: BaseException) -> str:
    """The line of git's complaint that says what went wrong (`fatal: …`)."""
    text = str(getattr(exc, "stderr", "") or exc).strip().strip("'").splitlines()
    fatal = [line.strip() for line in text if "fatal:" in line or "error:" in line]
    return (fatal or [line.strip() for line in text] or [type(exc).__name__])[0]
