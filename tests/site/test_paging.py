"""Long lists over pages of bounded size: the timeline by year, long years and categories in
pages, the platform page's newest changes."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

import pytest
from reader_site import build, write_archive

from generator.site import paging

if TYPE_CHECKING:
    from pathlib import Path

    from generator.build import BuildResult


def test_split_cuts_by_bytes_and_keeps_the_order() -> None:
    runs = paging.split(["aaaa", "bb", "cc", "dddddd", "e"], len, budget=5)
    assert runs == [["aaaa"], ["bb", "cc"], ["dddddd"], ["e"]]  # a long item: a page alone
    assert paging.split([], len, budget=5) == [[]]


def test_split_can_stop_after_the_runs_wanted_without_sizing_the_rest() -> None:
    sized: list[str] = []

    def size(item: str) -> int:
        sized.append(item)
        return len(item)

    items = ["aaaa", "bb", "cc", "dddddd", "e"]
    assert paging.split(items, size, budget=5, runs_wanted=2) == [["aaaa"], ["bb", "cc"]]
    assert sized == ["aaaa", "bb", "cc", "dddddd"]  # the item that opens a third run, no more
    assert paging.split(items, len, budget=5, runs_wanted=9) == paging.split(items, len, budget=5)


def test_split_rendered_renders_each_item_for_the_page_it_lands_on() -> None:
    made: list[tuple[str, str]] = []

    def render(item: str, url: str) -> str:
        made.append((item, url))
        return f"{url}:{item}"

    runs = paging.split_rendered(["a", "b", "c", "d"], render, "x/", budget=6)
    assert runs == [[("a", "x/:a")], [("b", "x/2/:b")], [("c", "x/3/:c")], [("d", "x/4/:d")]]
    # Once each, and again the one that opens a page, for that page.
    assert made == [
        ("a", "x/"), ("b", "x/"), ("b", "x/2/"), ("c", "x/2/"), ("c", "x/3/"),
        ("d", "x/3/"), ("d", "x/4/"),
    ]  # fmt: skip
    made.clear()
    assert paging.split_rendered(["a", "b", "c"], render, "x/", budget=20, runs_wanted=1) == [
        [("a", "x/:a"), ("b", "x/:b"), ("c", "x/:c")]
    ]
    assert made == [("a", "x/"), ("b", "x/"), ("c", "x/")]


def test_pages_after_the_first_are_numbered_below_it() -> None:
    assert paging.page_url("changes/2023/", 1) == "changes/2023/"
    assert paging.page_url("changes/2023/", 3) == "changes/2023/3/"
    assert paging.pager("changes/2023/", "changes/2023/", 1, 1) == ""
    here = paging.pager("changes/2023/2/", "changes/2023/", 3, 2)
    assert re.findall(r'href="([^"]+)"', here) == ["../", "../3/"]
    assert 'aria-current="page">2<' in here


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    content = tmp_path_factory.mktemp("content")
    write_archive(content)
    return build(content)


def pages(result: BuildResult) -> dict[str, str]:
    return {p.url: p.markdown for p in result.pages}


def links(markdown: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', markdown))


def test_every_year_has_a_timeline_page_and_they_link_each_other(result: BuildResult) -> None:
    found = pages(result)
    years = sorted(url for url in found if re.fullmatch(r"changes/\d{4}/", url))
    assert years, "no year pages"
    for url in years:
        others = {f"../{y.split('/')[1]}/" for y in years if y != url}
        assert others <= links(found[url]), url
        assert 'aria-current="page">' + url.split("/")[1] in found[url]
    assert {y.removeprefix("changes/") for y in years} <= links(found["changes/"])
    rows_by_year = sum(found[url].count("<tr class=") for url in years)
    assert rows_by_year == found["changes/"].count("<tr class=")  # all on the first page here


def test_long_lists_continue_on_numbered_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "PAGE_BYTES", 1)  # a row a page
    content = tmp_path / "content"
    content.mkdir()
    write_archive(content)
    small = pages(build(content))
    longer = [u for u in small if re.fullmatch(r"changes/\d{4}/", u) and f"{u}2/" in small]
    assert longer, "no year continued on a second page"
    year = longer[0]
    assert small[year].count("<tr class=") == 1 and "2/" in links(small[year])
    continued = small[f"{year}2/"]
    assert continued.count("<tr class=") == 1 and "page 2" in continued
    for url in (year, f"{year}2/"):  # each row links from where it is
        (href,) = re.findall(r'<tr class="[^"]+"[^>]*><td><a href="([^"]+)"', small[url])
        assert posixpath.normpath(posixpath.join(url, href)) + "/" in small
    assert small["changes/"].count("<tr class=") == 1  # the newest only
    category = next(u for u in small if re.fullmatch(r"categories/[a-z-]+/2/", u))
    assert "page 2" in small[category]
    platform = small["platforms/acme/"]
    assert platform.count("<tr class=") == 1 and "version history (above) lists" in platform


def test_long_histories_and_matrices_continue_on_numbered_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document captured thousands of times, a collection of hundreds of platforms: every
    version and every platform is on exactly one page, and the pages link each other."""
    monkeypatch.setattr(paging, "PAGE_BYTES", 1)  # a row a page
    content = tmp_path / "content"
    content.mkdir()
    write_archive(content)
    small = pages(build(content))
    base = "platforms/acme/privacy-policy/"
    history = [base] + [f"{base}{n}/" for n in range(2, 10) if f"{base}{n}/" in small]
    assert len(history) == 4, history  # four versions, one a page
    row = r'<tr class="[^"]+"><td><a href="[./]*([^"/]+)/"'
    stamps = [re.findall(row, small[url]) for url in history]
    assert [len(s) for s in stamps] == [1, 1, 1, 1]
    assert [s[0] for s in stamps] == sorted((s[0] for s in stamps), reverse=True)  # newest first
    assert "Length over time" in small[base] and "Length over time" not in small[history[1]]
    assert "page 2" in small[history[1]] and "4 versions over 4 pages" in small[history[1]]
    assert {"2/", "3/", "4/"} <= links(small[base])
    assert {"../", "../3/", "../4/"} <= links(small[history[1]])
    assert "zed/terms-of-service/2/" not in small  # a short history keeps one page

    matrix = ["categories/", "categories/2/"]
    assert "categories/3/" not in small
    rows = [re.findall(r'<tr data-platform="([a-z]+)"', small[url]) for url in matrix]
    assert rows == [["acme"], ["zed"]]
    for url in matrix:  # every page has the column heads and the filter's hook
        assert small[url].count('<th scope="col"') == small[matrix[0]].count('<th scope="col"')
        assert "2 platforms over 2 pages" in small[url]
    assert "Zed to Zed" in small["categories/2/"] and "../" in links(small["categories/2/"])
