"""Faults around the build: git missing or odd, files vanishing, an output folder that cannot be
written, a corrupt cache. The build either succeeds with a notice or fails with a clear message,
never a traceback; the old site is replaced only by a build that succeeded; content is never
written by `check`, `export` or a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import git
import pytest
import yaml
from conftest import CONFIG_DIR, MKDOCS_ENV, long_text, mkdocs, write_site, write_snapshot

from generator.build import build_site
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive

ENV = MKDOCS_ENV
POLICYWATCH = str(Path(sys.executable).parent / "policywatch")
Run = subprocess.CompletedProcess[str]
RepoSite = tuple[Path, git.Repo]


def clean(result: Run) -> str:
    """The build's output, checked to hold no traceback."""
    output = result.stderr + result.stdout
    assert "Traceback" not in output, output
    return output


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its hash and modification time (ns)."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def repo_site(tmp_path: Path) -> RepoSite:
    """A site whose content is committed in two commits."""
    site = tmp_path / "repo"
    site.mkdir()
    content = write_site(site)
    repo = git.Repo.init(site)
    actor = git.Actor("Ada Contributor", "ada@example.com")
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    repo.index.add(["content", "mkdocs.yml", "site_config"])
    repo.index.commit("First snapshot", author=actor, committer=actor)
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("b"))
    repo.index.add(["content"])
    repo.index.commit("Second snapshot", author=actor, committer=actor)
    return site, repo


def version_page(site: Path, stamp: str = "2023-02-01") -> str:
    page = site / "site" / "platforms" / "acme" / "privacy-policy" / stamp / "index.html"
    return page.read_text(encoding="utf-8")


# --- git ---------------------------------------------------------------------------------------


def test_no_git_binary_builds_with_a_notice(repo_site: RepoSite, tmp_path: Path) -> None:
    site, _ = repo_site
    empty = tmp_path / "no-bin"
    empty.mkdir()
    result = mkdocs(site, PATH=str(empty))
    assert result.returncode == 0, result.stderr
    assert "provenance unknown: git is not installed" in clean(result)
    assert "git is not installed" in version_page(site)


def test_shallow_clone_builds_with_a_notice(repo_site: RepoSite, tmp_path: Path) -> None:
    site, _ = repo_site
    clone = tmp_path / "shallow"
    git.Repo.clone_from(f"file://{site}", clone, depth=1).close()
    (clone / "site_config" / "overrides").mkdir(parents=True, exist_ok=True)
    result = mkdocs(clone)
    assert result.returncode == 0, result.stderr
    log = clean(result)
    assert "provenance unknown: shallow clone: run `git fetch --unshallow`" in log
    assert "fetch-depth: 0" in log


def test_detached_head_builds_with_provenance(repo_site: RepoSite) -> None:
    site, repo = repo_site
    repo.git.checkout(repo.head.commit.hexsha)  # detached
    assert repo.head.is_detached
    result = mkdocs(site)
    assert result.returncode == 0, result.stderr
    assert "provenance unknown" not in clean(result)
    assert repo.head.commit.hexsha[:12] in version_page(site)
    assert "Ada Contributor" in version_page(site)


# --- Files that vanish while the build reads them ------------------------------------------------


def test_a_snapshot_deleted_while_loading_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    doomed = write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("b"))
    read_bytes = Path.read_bytes

    def vanish_first(path: Path) -> bytes:
        if path == doomed and path.exists():
            path.unlink()  # deleted between the listing (and size check) and the read
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", vanish_first)
    result = build_site(content, CONFIG_DIR, options=LoadOptions(provenance=False))
    (error,) = result.errors
    assert error.path == str(doomed)
    assert "cannot be read (No such file or directory)" in error.message
    assert not result.pages


def test_a_folder_deleted_while_scanning_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(content, "acme", "terms-of-service", "2023-01-01", long_text("b"))
    doomed = content / "acme" / "terms-of-service"
    iterdir = Path.iterdir

    def vanish(path: Path):  # type: ignore[no-untyped-def]
        if path == doomed:
            for child in iterdir(path):
                child.unlink()
            path.rmdir()
        return iterdir(path)

    monkeypatch.setattr(Path, "iterdir", vanish)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(content, types, LoadOptions(provenance=False))
    (error,) = archive.errors
    assert error.path == str(doomed) and "cannot be read" in error.message


# --- The output folder ---------------------------------------------------------------------------


def set_site_dir(site: Path, site_dir: str) -> None:
    path = site / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["site_dir"] = site_dir
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("where", ["under-a-file", "read-only-filesystem", "no-permission"])
def test_unwritable_output_folder_fails_clearly(tmp_path: Path, where: str) -> None:
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text())
    if where == "under-a-file":
        (tmp_path / "blocker").write_text("a file, not a folder")
        site_dir = str(tmp_path / "blocker" / "site")
    elif where == "read-only-filesystem":
        site_dir = "/sys/policywatch-site"  # sysfs: not even root may create folders
        if os.access("/sys", os.W_OK) and Path("/sys/policywatch-site").exists():
            pytest.skip("/sys is writable here")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: folder permissions are not enforced")
        site_dir = str(locked / "site")
    set_site_dir(tmp_path, site_dir)
    result = mkdocs(tmp_path)
    assert result.returncode != 0
    assert f"policywatch: cannot write the site next to {site_dir}" in clean(result)


def test_old_site_is_replaced_only_after_a_successful_build(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(content, "gone", "privacy-policy", "2023-01-01", long_text("g"))
    assert mkdocs(tmp_path).returncode == 0
    site = tmp_path / "site"
    (site / ".git").mkdir()  # e.g. a gh-pages checkout: MkDocs never removes hidden entries
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    before = tree(site)

    # A content error: refused; the old site is untouched, nothing is left behind.
    write_snapshot(content, "acme", "privacy-policy", "2023-02-30", long_text("b"))
    result = mkdocs(tmp_path)
    assert result.returncode != 0 and "2023-02-30.md:0:" in clean(result)
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []

    # A warning in strict mode (a broken link in a hand-written page) also fails the build.
    (content / "acme" / "privacy-policy" / "2023-02-30.md").unlink()
    page = tmp_path / "site_config" / "pages" / "broken.md"
    page.write_text("# Broken\n\n[nowhere](missing.md)\n", encoding="utf-8")
    result = mkdocs(tmp_path)
    assert result.returncode != 0 and "Aborted with 1 warnings in strict mode" in clean(result)
    assert tree(site) == before

    # A good build replaces the site: new pages in, removed ones out, hidden entries kept.
    page.unlink()
    write_snapshot(content, "acme", "privacy-policy", "2023-03-01", long_text("c"))
    shutil.rmtree(content / "gone")
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (site / "platforms" / "acme" / "privacy-policy" / "2023-03-01" / "index.html").is_file()
    assert not (site / "platforms" / "gone").exists()
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_symlinked_site_dir_and_leftovers_of_killed_builds(tmp_path: Path) -> None:
    """Outside git too (a notice says provenance is unknown): the build replaces the target of
    a symlinked site_dir, keeps the link, and removes what killed builds of it left behind."""
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text())
    real = tmp_path / "www" / "html"
    real.mkdir(parents=True)
    (tmp_path / "site").symlink_to(real, target_is_directory=True)
    leftover = real.parent / ".html.building-999999999-abcdefgh"  # above any pid: not running
    leftover.mkdir()
    (leftover / "index.html").write_text("half a site")
    other = real.parent / ".other.building-999999999-abcdefgh"  # not this site's: kept
    other.mkdir()
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "provenance unknown: not a git repository" in clean(result)
    assert (tmp_path / "site").is_symlink()
    assert (real / "index.html").is_file()
    assert not leftover.exists() and other.exists()


def test_dirty_build_updates_in_place(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text())
    assert mkdocs(tmp_path).returncode == 0
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("b"))
    result = mkdocs(tmp_path, "--dirty", strict=False)
    assert result.returncode == 0, result.stderr
    assert "building into" not in clean(result)
    assert (tmp_path / "site/platforms/acme/privacy-policy/2023-02-01/index.html").is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_still_works(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text())
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        page = None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/platforms/acme/privacy-policy/2023-01-01/"
                with urllib.request.urlopen(url, timeout=2) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert page is not None, "mkdocs serve did not answer"
        assert "Acme Privacy Policy" in page
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)
    assert "Traceback" not in log
    assert not (tmp_path / "site").exists()  # serve builds in its own temporary folder


# --- Nothing in content/ is written --------------------------------------------------------------


def test_read_only_commands_and_builds_never_write_content(repo_site: RepoSite) -> None:
    """Only `add` and `import-ota` write into content/ (atomically, never overwriting: see
    test_add.py, test_ota.py, test_atomic.py); everything else leaves every byte alone."""
    site, _ = repo_site
    content = site / "content"
    write_snapshot(content, "acme", "terms-of-service", "2023-01-01", long_text("t"))
    before = tree(content)
    time.sleep(0.01)
    commands = [
        [POLICYWATCH, "check", "content"],
        [POLICYWATCH, "export", str(site / "out")],
        [POLICYWATCH, "diff", "acme/privacy-policy"],
        [POLICYWATCH, "pr-summary", "HEAD~1"],
        [sys.executable, "-m", "mkdocs", "build"],
    ]
    for command in commands:
        result = subprocess.run(command, cwd=site, env=ENV, capture_output=True, text=True)
        assert result.returncode == 0, (command, result.stderr)
    write_snapshot(content, "acme", "privacy-policy", "2023-13-01", "bad")
    bad = tree(content)
    assert mkdocs(site).returncode != 0
    assert tree(content) == bad
    assert {k: v for k, v in bad.items() if k in before} == before


# --- The analysis cache -------------------------------------------------------------------------

CORRUPTIONS = {
    "truncated": b'{"words_added": ',
    "binary": b"\x00\xff\xfe garbage",
    "wrong-shape": b'["not", "what", "was", "stored"]',
    "empty": b"",
}


def test_corrupt_analysis_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("b"))
    assert mkdocs(tmp_path).returncode == 0
    expected = tree(tmp_path / "site")
    entries = [
        p
        for p in tmp_path.rglob("*.json")
        if not p.is_relative_to(tmp_path / "site") and not p.is_relative_to(content)
    ]
    assert entries
    for n, entry in enumerate(entries):
        entry.write_bytes(list(CORRUPTIONS.values())[n % len(CORRUPTIONS)])
    result = mkdocs(tmp_path)
    assert result.returncode == 0, clean(result)
    assert {k: v[0] for k, v in tree(tmp_path / "site").items()} == {
        k: v[0] for k, v in expected.items()
    }
    for entry in entries:
        json.loads(entry.read_bytes())  # rewritten whole
