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
