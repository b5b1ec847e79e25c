from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from generator.site import publish

if TYPE_CHECKING:
    from pathlib import Path


def test_start_makes_an_empty_hidden_sibling(tmp_path: Path) -> None:
    staging = publish.start(tmp_path / "out" / "site")
    assert staging.parent == tmp_path / "out"
    assert staging.name.startswith(f".site.building-{os.getpid()}-")
    assert staging.is_dir() and not list(staging.iterdir())


def test_publish_into_a_new_place(tmp_path: Path) -> None:
    staging = publish.start(tmp_path / "site")
    (staging / "index.html").write_text("new")
    publish.publish(staging, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_replaces_the_old_site_and_keeps_its_hidden_entries(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".nojekyll").write_text("")
    (site / "old.html").write_text("old")
    staging = publish.start(site)
    (staging / "index.html").write_text("new")
    (staging / ".nojekyll").write_text("from the build")  # the build's own wins
    publish.publish(staging, site)
    assert sorted(p.name for p in site.iterdir()) == [".git", ".nojekyll", "index.html"]
    assert (site / ".nojekyll").read_text() == "from the build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_swap_puts_the_old_site_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging = publish.start(site)
    staging.rmdir()  # the rename of the new site will fail
    with pytest.raises(OSError):
        publish.publish(staging, site)
    assert (site / "old.html").read_text() == "old"


def test_discard_leaves_the_site_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    staging = publish.start(site)
    (staging / "half.html").write_text("half")
    publish.discard(staging)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_dead_builds_go_and_live_ones_stay(tmp_path: Path) -> None:
    dead = tmp_path / ".site.building-999999999-aaaaaaaa"
    old = tmp_path / ".site.old-999999999-bbbbbbbb"
    mine = tmp_path / f".site.building-{os.getpid()}-cccccccc"
    other_site = tmp_path / ".docs.building-999999999-dddddddd"
    for folder in (dead, old, mine, other_site):
        folder.mkdir()
    publish.remove_leftovers(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other_site.name])


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def test_overlay_moves_new_files_over_the_site_and_deletes_stale_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(
        site,
        {
            "index.html": "old home",
            "kept/index.html": "kept",
            "gone/deep/index.html": "a page no longer made",
            "gone/deep/text.txt": "its text",
            "shared/stale.html": "stale, beside a kept file",
            "shared/kept.html": "kept",
            ".nojekyll": "",
        },
    )
    kept = (site / "kept" / "index.html").stat().st_ino
    staging = publish.start(site)
    write(staging, {"index.html": "new home", "new/page/index.html": "new"})
    stale = ["gone/deep/index.html", "gone/deep/text.txt", "shared/stale.html", "missing.html"]
    publish.overlay(staging, site, stale)
    assert sorted(publish.files_in(site)) == [
        ".nojekyll",
        "index.html",
        "kept/index.html",
        "new/page/index.html",
        "shared/kept.html",
    ]
    assert (site / "index.html").read_text() == "new home"
    assert (site / "kept" / "index.html").stat().st_ino == kept  # not touched
    assert not (site / "gone").exists()  # emptied folders go too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_overlay_replaces_a_file_by_a_folder_and_a_folder_by_a_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write(site, {"a": "a file, a folder now", "b/index.html": "a folder, a file now"})
    staging = publish.start(site)
    write(staging, {"a/index.html": "new", "b": "new"})
    publish.overlay(staging, site, ["b/index.html", "a"])
    assert (site / "a" / "index.html").read_text() == "new"
    assert (site / "b").read_text() == "new"


def test_overlay_follows_a_symlinked_site_dir(tmp_path: Path) -> None:
    real = tmp_path / "www"
    write(real, {"old.html": "old"})
    (tmp_path / "site").symlink_to(real, target_is_directory=True)
    staging = publish.start(tmp_path / "site")
    write(staging, {"index.html": "new"})
    publish.overlay(staging, tmp_path / "site", ["old.html"])
    assert (tmp_path / "site").is_symlink()
    assert sorted(publish.files_in(real)) == ["index.html"]
