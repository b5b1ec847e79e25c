"""Reproducible builds: two builds of the same commit give byte-identical sites.

What MkDocs itself stamps: the build date, as `<lastmod>` in sitemap.xml and in
sitemap.xml.gz (where the gzip header also holds the build time to the second). What we stamp:
the age in days in the notice on a document whose newest snapshot is old ("286 days, captured
…"), on its document and platform pages and so in the search index; that is its purpose. All
of them take the date from SOURCE_DATE_EPOCH when it is set; nothing else in the site depends on
when, where (folder) or with which hash seed it was built. The JSON exports are identical too,
in the site and from `policywatch export`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import git
import pytest
from conftest import long_text, mkdocs, write_platform, write_site, write_snapshot

EPOCH = 1_700_000_000  # 2023-11-14, after the newest snapshot below
DAY = 86_400
STAMPED_BY_MKDOCS = {"sitemap.xml", "sitemap.xml.gz"}
_AGE = re.compile(rb"\(\d+ days, captured")


def files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


_BUILT: dict[tuple[Path, int, int], dict[str, bytes]] = {}


def build(root: Path, epoch: int, seed: int) -> dict[str, bytes]:
    """The files of a build of `root` (each build is made once per test session)."""
    if (root, epoch, seed) in _BUILT:
        return _BUILT[(root, epoch, seed)]
    result = mkdocs(root, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED=str(seed))
    assert result.returncode == 0, result.stderr
    _BUILT[(root, epoch, seed)] = built = files(root / "site")
    return built


@pytest.fixture(scope="module")
def clones(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One commit with a few platforms, cloned into two different folders."""
    origin = tmp_path_factory.mktemp("origin")
    content = write_site(origin)
    write_platform(content, "acme", name="Acme \u00e9 <Social>", aliases=["Ac", "Me"])
    for n, stamp in enumerate(["2023-01-01", "2023-03-01T10-00-00Z", "2023-06-01"]):
        write_snapshot(content, "acme", "privacy-policy", stamp, long_text(f"topic{n}"))
    write_snapshot(content, "acme", "terms-of-service", "2023-02-01", long_text("terms"))
    write_snapshot(content, "zeta", "privacy-policy", "2023-05-05", long_text("z"), summary="S")
    write_snapshot(content, "zeta", "privacy-policy", "2023-07-07", long_text("z") + "More.\n")
    repo = git.Repo.init(origin)
    repo.index.add(["content", "mkdocs.yml", "site_config"])
    actor = git.Actor("Ada", "ada@example.com")
    repo.index.commit("Snapshots", author=actor, committer=actor)
    repo.close()
    roots = []
    for name in ("first", "second"):
        root = tmp_path_factory.mktemp(name) / "checkout"
        git.Repo.clone_from(f"file://{origin}", root).close()
        (root / "site_config" / "overrides").mkdir(parents=True, exist_ok=True)
        roots.append(root)
    return roots[0], roots[1]


def test_two_builds_of_one_commit_are_byte_identical(clones: tuple[Path, Path]) -> None:
    first, second = clones
    one = build(first, EPOCH, seed=1)
    two = build(second, EPOCH, seed=2)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert "api/changes.json" in one and "search/search_index.json" in one


def test_only_what_mkdocs_stamps_depends_on_the_build_date(clones: tuple[Path, Path]) -> None:
    first, _ = clones
    today = build(first, EPOCH, seed=1)
    tomorrow = build(first, EPOCH + DAY, seed=1)
    aged = {name for name in today if _AGE.search(today[name])}
    assert "platforms/acme/terms-of-service/index.html" in aged  # its snapshot is 286 days old

    def without_age(data: bytes) -> bytes:
        return _AGE.sub(b"(N days, captured", data)

    differ = {name for name in today if without_age(today[name]) != without_age(tomorrow[name])}
    assert differ == STAMPED_BY_MKDOCS


def test_json_exports_are_identical(clones: tuple[Path, Path]) -> None:
    exports = []
    for root in clones:
        command = [str(Path(sys.executable).parent / "policywatch"), "export", "out"]
        env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "random"}
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        exports.append(files(root / "out"))
    assert sorted(exports[0]) == ["changes.json", "documents.json"]
    assert exports[0] == exports[1]
    site = build(clones[0], EPOCH, seed=1)
    assert {name: site[f"api/{name}"] for name in exports[0]} == exports[0]
