from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import git
import pytest
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import ProvenanceStatus
from generator.content.provenance import read_provenance

REPO = Path(__file__).resolve().parents[2]


def commit(repo: git.Repo, message: str, when: str, author: str = "Ada Lovelace") -> str:
    """Commit everything staged at a fixed date; the new sha."""
    env = {
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    repo.git.add("--all")
    repo.git.commit("-m", message, env=env)
    return repo.head.commit.hexsha


@pytest.fixture
def history(tmp_path: Path) -> tuple[git.Repo, Path, dict[str, str]]:
    """A repository with content/: a file added, one added then edited, one deleted."""
    repo = git.Repo.init(tmp_path / "repo")
    content = Path(repo.working_dir) / "content"
    shas: dict[str, str] = {}
    write_snapshot(content, "x", "privacy-policy", "2023-01-01", long_text("one"))
    write_snapshot(content, "x", "privacy-policy", "2023-02-01", long_text("two"))
    write_snapshot(content, "x", "privacy-policy", "2023-03-01", long_text("gone"))
    shas["first"] = commit(repo, "First record", "2023-01-02T10:00:00+02:00")
    write_snapshot(content, "x", "privacy-policy", "2023-02-01", long_text("two, fixed"))
    write_snapshot(content, "x", "terms-of-service", "2023-04-01", long_text("tos"))
    (content / "x" / "privacy-policy" / "2023-03-01.md").unlink()
    shas["second"] = commit(repo, "Fix and add", "2023-05-01T00:00:00Z", author="Grace Hopper")
    return repo, content, shas


def test_added_edited_and_uncommitted(history: tuple[git.Repo, Path, dict[str, str]]) -> None:
    _repo, content, shas = history
    write_snapshot(content, "x", "privacy-policy", "2023-06-01", long_text("new"))
    index = read_provenance(content)
    folder = content / "x" / "privacy-policy"

    first = index.lookup(folder / "2023-01-01.md")
    assert first.status is ProvenanceStatus.KNOWN
    assert (first.commit, first.author, first.edited) == (shas["first"], "Ada Lovelace", False)
    assert first.date == datetime(2023, 1, 2, 8, 0, tzinfo=UTC)

    edited = index.lookup(folder / "2023-02-01.md")
    assert (edited.commit, edited.edited) == (shas["first"], True)

    tos = index.lookup(content / "x" / "terms-of-service" / "2023-04-01.md")
    assert (tos.commit, tos.author) == (shas["second"], "Grace Hopper")

    assert index.lookup(folder / "2023-06-01.md").status is ProvenanceStatus.UNCOMMITTED
    assert index.lookup(folder / "2023-03-01.md").status is ProvenanceStatus.UNCOMMITTED
    assert index.reason is None


def test_relative_paths_and_detached_head(
    history: tuple[git.Repo, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, content, shas = history
    repo.git.checkout(shas["second"])  # detached HEAD
    monkeypatch.chdir(content.parent)
    index = read_provenance(Path("content"))
    found = index.lookup(Path("content/x/privacy-policy/2023-01-01.md"))
    assert found.commit == shas["first"]


def test_paths_with_spaces_and_unicode(tmp_path: Path) -> None:
    repo = git.Repo.init(tmp_path)
    path = tmp_path / "content" / "dossier été" / "a b.md"
    path.parent.mkdir(parents=True)
    path.write_text("x")
    sha = commit(repo, "unicode", "2023-01-01T00:00:00Z")
    assert read_provenance(tmp_path / "content").lookup(path).commit == sha


def test_repository_without_commits(tmp_path: Path) -> None:
    git.Repo.init(tmp_path)
    path = write_snapshot(tmp_path / "content", "x", "privacy-policy", "2023-01-01", "x")
    index = read_provenance(tmp_path / "content")
    assert index.lookup(path).status is ProvenanceStatus.UNCOMMITTED


def test_not_a_repository(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "content", "x", "privacy-policy", "2023-01-01", "x")
    found = read_provenance(tmp_path / "content").lookup(path)
    assert found.status is ProvenanceStatus.UNKNOWN
    assert found.reason is not None
    assert found.reason.startswith("not a git repository")


def test_shallow_clone_is_unknown_with_a_fix(
    history: tuple[git.Repo, Path, dict[str, str]], tmp_path: Path
) -> None:
    repo, _content, _shas = history
    clone = git.Repo.clone_from(f"file://{repo.working_dir}", tmp_path / "clone", depth=1)
    content = Path(clone.working_dir) / "content"
    found = read_provenance(content).lookup(content / "x" / "privacy-policy" / "2023-01-01.md")
    assert found.status is ProvenanceStatus.UNKNOWN
    assert found.reason is not None
    assert "shallow clone: run `git fetch --unshallow`" in found.reason


def test_git_not_installed_is_unknown(tmp_path: Path) -> None:
    git.Repo.init(tmp_path)
    script = (
        "from pathlib import Path; from generator.content.provenance import read_provenance; "
        f"print(read_provenance(Path({str(tmp_path)!r})).reason)"
    )
    env = {"PATH": str(tmp_path / "no-bin"), "PYTHONPATH": str(REPO)}
    env.pop("GIT_PYTHON_REFRESH", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("git is not installed")


def test_load_archive_attaches_provenance(history: tuple[git.Repo, Path, dict[str, str]]) -> None:
    _repo, content, shas = history
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(content, types, LoadOptions(now=datetime(2024, 1, 1, tzinfo=UTC)))
    commits = {v.stamp: v.provenance.commit for v in archive.versions()}
    assert commits == {
        "2023-01-01": shas["first"],
        "2023-02-01": shas["first"],
        "2023-04-01": shas["second"],
    }
    off = load_archive(content, types, LoadOptions(provenance=False))
    assert {v.provenance.status for v in off.versions()} == {ProvenanceStatus.UNKNOWN}


def test_one_git_log_for_the_whole_folder(
    history: tuple[git.Repo, Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Provenance costs a fixed number of git processes, not one per file."""
    _repo, content, _shas = history
    trace = tmp_path / "trace"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    read_provenance(content)
    runs = [line for line in trace.read_text().splitlines() if "trace: built-in: git" in line]
    assert 1 <= len(runs) <= 3, runs  # rev-parse, rev-parse HEAD, log
