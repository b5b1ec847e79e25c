"""What a build keeps of the previous site, and how it is published (swapped or in place)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from generator.site import publish
from generator.site.carryover import Carry

if TYPE_CHECKING:
    from pathlib import Path


def first_build(tmp_path: Path) -> tuple[Path, Path]:
    """A site built once with a manifest: one recorded page and one file MkDocs wrote."""
    manifests, site = tmp_path / "cache" / "sites", tmp_path / "site"
    staging = publish.start(site)
    carry = Carry(manifests, site, staging)
    assert not carry.in_place  # nothing to keep
    for path in ("a/index.html", "b/index.html"):
        (staging / path).parent.mkdir(parents=True)
        (staging / path).write_text(path)
        carry.wrote(path, f"made {path}")
    (staging / "search.json").write_text("{}")
    assert carry.finish(publish.files_in(staging)) == []
    publish.publish(staging, site)
    carry.save(site)
    return manifests, site


def test_a_rebuild_keeps_files_in_place_and_lists_what_is_stale(tmp_path: Path) -> None:
    manifests, site = first_build(tmp_path)
    staging = publish.start(site)
    carry = Carry(manifests, site, staging)
    assert carry.in_place
    assert carry.reuse("a/index.html", "made a/index.html")
    assert not (staging / "a").exists()  # kept where it is, nothing linked
    assert not carry.reuse("b/index.html", "made differently")
    (staging / "c.html").write_text("new")
    carry.wrote("c.html", "made c")
    assert carry.finish(publish.files_in(staging)) == ["b/index.html", "search.json"]
    carry.forget()
    assert not list(manifests.iterdir())  # a stop from here on: the next build makes it all
    publish.overlay(staging, site, ["b/index.html", "search.json"])
    carry.save(site)
    assert sorted(publish.files_in(site)) == ["a/index.html", "c.html"]
    again = Carry(manifests, site, publish.start(site))
    assert again.in_place and again.reuse("a/index.html", "made a/index.html")


def test_an_older_manifest_without_the_other_files_means_a_whole_new_site(
    tmp_path: Path,
) -> None:
    manifests, site = first_build(tmp_path)
    (manifest,) = manifests.iterdir()
    data = json.loads(manifest.read_text())
    del data["others"]  # the files MkDocs wrote are unknown: stale ones could not be found
    manifest.write_text(json.dumps(data))
    staging = publish.start(site)
    carry = Carry(manifests, site, staging)
    assert not carry.in_place
    assert carry.reuse("a/index.html", "made a/index.html")
    assert (staging / "a" / "index.html").read_text() == "a/index.html"  # linked into the new


def test_a_file_edited_in_the_site_is_not_kept(tmp_path: Path) -> None:
    manifests, site = first_build(tmp_path)
    (site / "a" / "index.html").write_text("edited by hand, a different size")
    carry = Carry(manifests, site, publish.start(site))
    assert carry.in_place and not carry.reuse("a/index.html", "made a/index.html")
