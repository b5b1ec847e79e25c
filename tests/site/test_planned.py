"""A platform's and a document's index pages known by what they are made from: a warm build
does not make their Markdown, and what it makes when asked is what a cold build makes."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR, write_snapshot
from reader_site import NOW, SITE_URL, write_archive

from generator.analysis.cache import Cache
from generator.build import build_site
from generator.site import paging

if TYPE_CHECKING:
    from pathlib import Path

    from generator.build import BuildResult

HISTORY = "platforms/acme/privacy-policy/"
KEYED = ("platforms/acme/", HISTORY, "platforms/acme/privacy-policy/compare/", "changes/2024/")


def _build(content: Path, cache: Path, now: datetime = NOW) -> BuildResult:
    result = build_site(content, CONFIG_DIR, site_url=SITE_URL, now=now, cache=Cache(cache))
    assert not result.errors, result.errors
    if result.filler is not None:
        result.filler.close()
    return result


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(paging, "PAGE_BYTES", 1)  # a version a history page
    folder = tmp_path / "content"
    folder.mkdir()
    write_archive(folder)
    return folder


def _history(result: BuildResult) -> list[str]:
    """The URLs of acme's privacy policy's history pages."""
    numbered = {"", *(f"{n}/" for n in range(2, 10))}
    return [p.url for p in result.pages if p.url in {f"{HISTORY}{n}" for n in numbered}]


def test_a_warm_build_makes_index_pages_only_when_asked(content: Path, tmp_path: Path) -> None:
    cold = _build(content, tmp_path / "cache")
    warm = _build(content, tmp_path / "cache")
    before = {p.url: p for p in cold.pages}
    after = {p.url: p for p in warm.pages}
    assert _history(warm) == _history(cold) == [HISTORY, *(f"{HISTORY}{n}/" for n in (2, 3, 4))]
    assert "changes/2023/2/" in after  # a year of two changes, on two pages
    for url in (*KEYED, *_history(warm), "changes/2023/2/"):
        assert not isinstance(after[url].source, str), f"{url} was made without being asked"
        assert after[url].key is not None and after[url].key == before[url].key, url
        assert after[url].markdown == before[url].markdown, url


def test_a_new_version_changes_the_keys_of_its_document_and_platform_only(
    content: Path, tmp_path: Path
) -> None:
    cold = {p.url: p for p in _build(content, tmp_path / "cache").pages}
    write_snapshot(content, "acme", "privacy-policy", "2024-09-01", "A new text.\n")
    again = _build(content, tmp_path / "cache")
    pages = {p.url: p for p in again.pages}
    for url in KEYED:
        assert pages[url].key != cold[url].key, url
    assert _history(again)[-1] == f"{HISTORY}5/"  # one more version, one more page
    assert "2024-09-01" in pages[HISTORY].markdown
    for url in ("platforms/zed/", "platforms/acme/terms-of-service/", "changes/2023/"):
        assert pages[url].key == cold[url].key, url


def test_a_wrong_page_count_in_the_cache_gives_a_page_and_a_warning(
    content: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    _build(content, cache)
    counts = 0
    for entry in cache.rglob("*.json"):
        text = entry.read_text(encoding="utf-8")
        if '"pages":4' in text:
            entry.write_text(text.replace('"pages":4', '"pages":5'), encoding="utf-8")
            counts += 1
    assert counts == 1
    result = _build(content, cache)
    pages = {p.url: p for p in result.pages}
    with caplog.at_level(logging.WARNING):
        extra = pages[f"{HISTORY}5/"].markdown
    assert "no longer part of [the list it continued](../index.md)" in extra
    assert "platforms/acme/privacy-policy/: delete the cache folder" in caplog.text
    assert pages[f"{HISTORY}4/"].markdown.count("<tr class=") == 1  # the real ones as made


def test_a_day_later_only_stale_documents_pages_change(content: Path, tmp_path: Path) -> None:
    """A page says how old a document's newest snapshot is only when it is stale: the next
    day's build makes the pages of the stale ones again, not every history's."""
    today = {p.url: p.key for p in _build(content, tmp_path / "cache").pages}
    later = NOW + timedelta(days=1)
    tomorrow = {p.url: p.key for p in _build(content, tmp_path / "cache", later).pages}
    assert tomorrow[HISTORY] == today[HISTORY]  # captured a month before: fresh
    stale = "platforms/zed/terms-of-service/"  # captured years before
    assert tomorrow[stale] != today[stale]
    assert tomorrow["platforms/zed/"] != today["platforms/zed/"]
