"""Atom feeds: valid by RFC 4287's rules, stable ids, deterministic, noise left out.

No Atom RELAX NG validator is installable from PyPI, so validity is checked here: every feed
parses as XML (lxml), and the elements RFC 4287 requires of a feed and of each entry are
present, exactly once where the RFC says so, with RFC 3339 dates.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from conftest import mkdocs, write_platform, write_site, write_snapshot
from lxml import etree
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from reader_site import SITE_URL, build, write_archive

import generator.site.feeds
import generator.site.render
from generator.site.feeds import feed_files

if TYPE_CHECKING:
    from pathlib import Path

    from generator.build import BuildResult

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    content = tmp_path_factory.mktemp("content")
    write_archive(content)
    return build(content)


def feeds(result: BuildResult) -> dict[str, bytes]:
    return {
        f.url: f.content.encode("utf-8") for f in result.static_files if f.url.startswith("feeds/")
    }


def one(parent: etree._Element, name: str) -> etree._Element:
    found = parent.findall(ATOM + name)
    assert len(found) == 1, f"{name}: {len(found)} elements"
    return found[0]


def assert_date(element: etree._Element) -> datetime:
    text = element.text or ""
    assert RFC3339.fullmatch(text), text
    return datetime.fromisoformat(text)


def assert_valid_atom(xml: bytes) -> etree._Element:
    """The RFC 4287 rules a feed and its entries must follow (sections 4.1.1 and 4.1.2)."""
    root = etree.fromstring(xml)
    assert root.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        one(root, name)
    assert_date(one(root, "updated"))
    has_author = bool(root.findall(ATOM + "author"))
    for entry in root.findall(ATOM + "entry"):
        for name in ("id", "title", "updated", "summary"):
            one(entry, name)
        assert_date(one(entry, "updated"))
        assert_date(one(entry, "published"))
        alternates = [
            link
            for link in entry.findall(ATOM + "link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(alternates) == 1  # no content element, so an alternate link is required
        assert has_author or entry.findall(ATOM + "author")
        assert re.fullmatch(r"[a-z][a-z0-9+.-]*:\S+", one(entry, "id").text or "")
    self_links = [link for link in root.findall(ATOM + "link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    return root


def test_every_feed_of_the_site_map_is_written(result: BuildResult) -> None:
    assert result.filler is not None
    categories = result.filler.analysis.taxonomy.ids
    assert "ai-training" in categories
    assert set(feeds(result)) == {
        "feeds/all.xml",
        "feeds/acme.xml",
        "feeds/acme/privacy-policy.xml",
        "feeds/acme/terms-of-service.xml",
        "feeds/zed.xml",
        "feeds/zed/terms-of-service.xml",
        *(f"feeds/categories/{c}.xml" for c in categories),
    }


def test_feeds_are_valid_atom(result: BuildResult) -> None:
    for url, xml in feeds(result).items():
        root = assert_valid_atom(xml)
        self_link = next(link for link in root.findall(ATOM + "link") if link.get("rel") == "self")
        assert self_link.get("href") == SITE_URL + url


def test_noise_and_first_records_are_left_out(result: BuildResult) -> None:
    root = etree.fromstring(feeds(result)["feeds/acme/privacy-policy.xml"])
    links = [e.find(ATOM + "link").get("href") for e in root.findall(ATOM + "entry")]  # type: ignore[union-attr]
    assert links == [  # newest first; the 2023-04-01 blink and the first record are not news
        SITE_URL + "platforms/acme/privacy-policy/2024-05-01/",
        SITE_URL + "platforms/acme/privacy-policy/2023-03-01T10-00-00Z/",
    ]
    assert (
        etree.fromstring(feeds(result)["feeds/acme/terms-of-service.xml"]).findall(ATOM + "entry")
        == []
    )


def test_updated_is_the_newest_entry_not_the_build_time(result: BuildResult) -> None:
    root = etree.fromstring(feeds(result)["feeds/all.xml"])
    entries = [assert_date(one(e, "updated")) for e in root.findall(ATOM + "entry")]
    assert assert_date(one(root, "updated")) == max(entries)
    assert entries == sorted(entries, reverse=True)
    # An empty feed still has a date, from the content: the newest snapshot.
    empty = etree.fromstring(feeds(result)["feeds/acme/terms-of-service.xml"])
    assert one(empty, "updated").text == "2024-05-01T00:00:00+00:00"


def test_entry_ids_are_stable_tag_uris(result: BuildResult) -> None:
    root = etree.fromstring(feeds(result)["feeds/all.xml"])
    ids = [one(e, "id").text for e in root.findall(ATOM + "entry")]
    assert ids[0] == "tag:watch.example,2024-05-01:/sub/platforms/acme/privacy-policy/2024-05-01/"
    assert len(set(ids)) == len(ids)
    # The same change has the same id in every feed it appears in.
    platform = etree.fromstring(feeds(result)["feeds/acme.xml"])
    assert one(platform.findall(ATOM + "entry")[0], "id").text == ids[0]


def test_entries_carry_summary_kind_and_words(result: BuildResult) -> None:
    root = etree.fromstring(feeds(result)["feeds/acme/privacy-policy.xml"])
    entry = root.findall(ATOM + "entry")[1]
    title = one(entry, "title").text or ""
    assert title.startswith("Acme <Social> Privacy Policy: Posts now train AI models")
    summary = one(entry, "summary").text or ""
    assert "substantive change" in summary and "words" in summary
    terms = [c.get("term") for c in entry.findall(ATOM + "category")]
    assert "substantive" in terms


def test_hostile_strings_stay_text(result: BuildResult) -> None:
    xml = feeds(result)["feeds/acme.xml"]
    assert b"<script" not in xml  # escaped as &lt;script&gt;: text for the feed reader
    assert b"&lt;script&gt;" in xml
    # A control character (possible through a YAML escape) is dropped, not a crash.
    zed = etree.fromstring(feeds(result)["feeds/zed.xml"])
    assert one(zed.findall(ATOM + "entry")[0], "title").text == "Zed Terms of Service: Ctrl  char"


def test_feeds_are_deterministic(tmp_path: Path, result: BuildResult) -> None:
    write_archive(tmp_path)
    assert feeds(build(tmp_path)) == feeds(result)


def test_no_site_url_no_feeds(tmp_path: Path) -> None:
    write_archive(tmp_path)
    again = build(tmp_path, site_url=None)
    assert not [f for f in again.static_files if f.url.startswith("feeds/")]
    home = next(p for p in again.pages if p.url == "")
    assert "feeds/" not in home.markdown


def build_at_fixed_date(site: Path, *, strict: bool) -> subprocess.CompletedProcess[str]:
    return mkdocs(site, strict=strict, SOURCE_DATE_EPOCH="1717200000")


def test_built_site_advertises_and_serves_feeds(tmp_path: Path) -> None:
    write_archive(write_site(tmp_path))
    run = build_at_fixed_date(tmp_path, strict=True)
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    assert_valid_atom((site / "feeds/all.xml").read_bytes())
    head = (site / "platforms/acme/privacy-policy/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*>', head)
    assert len(links) == 2
    assert 'href="../../../feeds/all.xml"' in links[0]
    assert 'title="PolicyWatch: Acme &lt;Social&gt; Privacy Policy"' in links[1]
    assert 'href="../../../feeds/acme/privacy-policy.xml"' in links[1]


def test_without_site_url_the_build_log_says_so(tmp_path: Path) -> None:
    write_archive(write_site(tmp_path, site_url=None))
    run = build_at_fixed_date(tmp_path, strict=False)
    assert run.returncode == 0, run.stderr
    assert "WARNING" in run.stderr and "no feeds were written" in run.stderr
    assert "site_url" in run.stderr
    assert not (tmp_path / "site/feeds").exists()
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in home
    strict = build_at_fixed_date(
        tmp_path, strict=True
    )  # `make site` builds strictly: it must not pass silently
    assert strict.returncode != 0


def test_category_feeds_hold_the_changes_that_add_remove_or_touch_it(
    result: BuildResult,
) -> None:
    assert result.filler is not None
    archive, analysis = result.filler.archive, result.filler.analysis
    # Only these labels (the analysis finds others in the fixture texts).
    bare = {"categories_added": (), "categories_removed": (), "categories_touched": ()}
    labelled = {
        key: tuple(
            replace(
                c,
                **{**bare, "categories_added": ("biometric",)},
                evidence={"biometric": ("Faces.",)},
            )
            if c.to_stamp == "2024-05-01"
            else replace(c, **{**bare, "categories_touched": ("ai-training",)})
            if c.to_stamp == "2023-03-01T10-00-00Z"
            else replace(c, **bare)
            for c in changes
        )
        for key, changes in analysis.changes.items()
    }
    feeds = feed_files(
        archive,
        replace(analysis, changes=labelled),
        site_url=SITE_URL,
        site_name="PW",
        categories=[("biometric", "Biometric data"), ("ai-training", "AI training")],
    )
    files = {url: make() for url, make, _ in feeds}
    biometric = assert_valid_atom(files["feeds/categories/biometric.xml"].encode())
    (entry,) = biometric.findall(ATOM + "entry")
    assert one(entry, "id").text == (
        "tag:watch.example,2024-05-01:/sub/platforms/acme/privacy-policy/2024-05-01/"
    )
    assert "adds: Biometric data" in (one(entry, "summary").text or "")
    labels = {c.get("term"): c.get("label") for c in entry.findall(ATOM + "category")}
    assert labels["biometric"] == "Biometric data"
    (touched,) = etree.fromstring(files["feeds/categories/ai-training.xml"].encode()).findall(
        ATOM + "entry"
    )
    assert "2023-03-01T10-00-00Z" in (one(touched, "id").text or "")
    assert (
        one(etree.fromstring(files["feeds/categories/ai-training.xml"].encode()), "title").text
        == "PW: AI training"
    )


def test_a_rebuild_makes_again_only_the_feeds_and_export_whose_changes_or_names_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Feeds and `api/changes.json` are known by what they are made from: a rebuild keeps
    those whose changes did not change without making them again."""
    content = write_site(tmp_path)
    write_archive(content)
    made: list[str] = []
    atom, export = generator.site.feeds.atom, generator.site.render.changes_json_bytes

    def noted(feed, **kwargs):  # type: ignore[no-untyped-def]
        made.append(feed.url)
        return atom(feed, **kwargs)

    def exported(*args):  # type: ignore[no-untyped-def]
        made.append("api/changes.json")
        return export(*args)

    monkeypatch.setattr(generator.site.feeds, "atom", noted)
    monkeypatch.setattr(generator.site.render, "changes_json_bytes", exported)
    config = str(tmp_path / "mkdocs.yml")
    site = tmp_path / "site"

    def rebuilt() -> set[str]:
        made.clear()
        mkdocs_build(load_config(config))
        return set(made)

    first = rebuilt()
    assert {"feeds/all.xml", "feeds/zed.xml", "feeds/acme/privacy-policy.xml"} <= first
    assert "api/changes.json" in first
    before = {p: p.read_bytes() for p in (site / "feeds").rglob("*.xml")}
    exported_before = (site / "api/changes.json").read_bytes()
    assert rebuilt() == set()
    assert {p: p.read_bytes() for p in (site / "feeds").rglob("*.xml")} == before
    assert (site / "api/changes.json").read_bytes() == exported_before
    write_snapshot(
        content, "zed", "terms-of-service", "2021-09-01",
        (content / "zed/terms-of-service/2021-06-01.md").read_text().split("---", 2)[2]
        + "\nWe sell your location history to advertisers.\n",
    )  # fmt: skip
    again = rebuilt()
    assert {"feeds/all.xml", "feeds/zed.xml", "feeds/zed/terms-of-service.xml"} <= again
    assert "api/changes.json" in again
    assert not [url for url in again if url.startswith("feeds/acme")]
    assert b"2021-09-01" in (site / "feeds/zed.xml").read_bytes()
    exported_now = json.loads((site / "api/changes.json").read_bytes())["changes"]
    assert [c["to"] for c in exported_now if c["platform"] == "zed"][-1] == "2021-09-01"
    write_platform(content, "acme", name="Acme Renamed")
    renamed = rebuilt()
    assert "feeds/acme.xml" in renamed and "feeds/acme/privacy-policy.xml" in renamed
    assert b"Acme Renamed" in (site / "feeds/acme/privacy-policy.xml").read_bytes()
