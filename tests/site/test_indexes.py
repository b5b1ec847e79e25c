"""Index pages: home, platforms, a platform, the changes timeline; and the compare page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest
from conftest import write_platform, write_snapshot
from reader_site import build, write_archive

from generator.site.indexes import FEEDS_ON_HOME

if TYPE_CHECKING:
    from pathlib import Path

    from generator.build import BuildResult


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    content = tmp_path_factory.mktemp("content")
    write_archive(content)
    return build(content)


def page(result: BuildResult, url: str) -> str:
    return next(p.markdown for p in result.pages if p.url == url)


class Rows(HTMLParser):
    """The `<tr>` attributes of the timeline tables of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr" and dict(attrs).get("data-kind"):
            self.rows.append(dict(attrs))


def rows(markdown: str) -> list[dict[str, str | None]]:
    parser = Rows()
    parser.feed(markdown)
    return parser.rows


def test_timeline_rows_carry_what_the_filters_match(result: BuildResult) -> None:
    found = rows(page(result, "changes/"))
    assert [(r["data-platform"], r["data-document"], r["data-kind"]) for r in found] == [
        ("acme", "privacy-policy", "substantive"),
        ("acme", "privacy-policy", "reverted"),
        ("acme", "privacy-policy", "substantive"),
        ("zed", "terms-of-service", "substantive"),
    ]  # newest first, first records left out
    assert [r["class"] for r in found] == ["pw-change", "pw-noise", "pw-change", "pw-change"]


def test_filter_bar_lists_platforms_documents_and_kinds(result: BuildResult) -> None:
    markdown = page(result, "changes/")
    form = re.search(r'<div class="pw-filters" role="search" hidden>.*?</div>', markdown)
    assert form is not None  # hidden: only the script shows it; without it the table is whole
    values = re.findall(r'<option value="([^"]*)"', form.group())
    assert {"acme", "zed", "privacy-policy", "terms-of-service", "reverted"} <= set(values)
    assert "Acme &lt;Social&gt;" in form.group()  # escaped
    assert '<option value="reverted" data-noise>' in form.group()
    assert "Show 1 noise change" in markdown  # the CSS-only toggle, for readers without JS


def test_summaries_are_escaped_in_timelines(result: BuildResult) -> None:
    markdown = page(result, "changes/")
    assert "<script>" not in markdown
    assert "&#60;script&#62;" in markdown


def test_home_explains_lists_and_invites(result: BuildResult) -> None:
    home = page(result, "")
    assert home.index("# How platforms rewrite their policies") < home.index("## Latest")
    assert len(rows(home)) == 3  # noise is not "latest news"
    assert all(r["data-kind"] != "reverted" for r in rows(home))
    assert "## Subscribe" in home and "(feeds/all.xml)" in home and "(feeds/zed.xml)" in home
    assert "## Contribute" in home and "pull request" in home


def test_home_names_the_feeds_of_a_few_platforms_not_of_hundreds(tmp_path: Path) -> None:
    def subscribe(platforms: int) -> str:
        content = tmp_path / str(platforms)
        for n in range(platforms):
            write_snapshot(content, f"p{n:02d}", "privacy-policy", "2024-01-01", "We collect.\n")
        home = page(build(content), "")
        return home[home.index("## Subscribe") : home.index("## Contribute")]

    few = subscribe(FEEDS_ON_HOME)
    assert "(feeds/all.xml)" in few and f"(feeds/p{FEEDS_ON_HOME - 1:02d}.xml)" in few
    many = subscribe(FEEDS_ON_HOME + 1)
    assert "(feeds/all.xml)" in many and "(feeds/p00.xml)" not in many
    assert (
        f"Each of the {FEEDS_ON_HOME + 1} platforms ([all platforms](platforms/index.md))" in many
    )


def test_platforms_page_has_freshness_and_changes_per_year(result: BuildResult) -> None:
    markdown = page(result, "platforms/")
    acme = next(line for line in markdown.splitlines() if "Acme" in line)
    assert "| 2024-05-01 | 2024-05-01 |" in acme  # last captured, last changed
    assert "(2021: 0, 2022: 0, 2023: 1, 2024: 1)" in acme  # the blink is not counted
    zed = next(line for line in markdown.splitlines() if line.startswith("| [Zed]"))
    assert "| 2021-06-01 | 2021-06-01 |" in zed


def test_platform_page_warns_when_a_document_is_stale(result: BuildResult) -> None:
    acme = page(result, "platforms/acme/")
    # now = 2024-06-01: the privacy policy (2024-05-01) is fresh, the terms (2022) are not.
    assert '!!! warning "Possibly out of date"' in acme
    assert "Terms of Service (850 days, captured 2022-02-02)" in acme
    assert "Privacy Policy (" not in acme.split("!!! warning")[1].split("\n\n")[1]
    assert "## Changes per year" in acme and "pw-years-acme" in acme
    assert "[Atom feed](../../feeds/acme.xml)" in acme


def test_stale_threshold_is_configurable(tmp_path: Path) -> None:
    write_archive(tmp_path)
    relaxed = build(tmp_path, stale_after_days=1000)
    assert "Possibly out of date" not in page(relaxed, "platforms/acme/")
    assert "Possibly out of date" in page(relaxed, "platforms/zed/")  # 2021: over 1000 days


def test_document_page_has_freshness_chart_compare_and_feed(result: BuildResult) -> None:
    doc = page(result, "platforms/acme/privacy-policy/")
    assert "last captured **2024-05-01**" in doc and "last changed **2024-05-01**" in doc
    assert "Possibly out of date" not in doc
    assert "[compare any two versions](compare/index.md)" in doc
    assert "## Length over time" in doc and '<figure class="pw-chart"' in doc
    assert "feeds:" in doc.split("---")[1]  # front matter names the feed for the page head
    old = page(result, "platforms/acme/terms-of-service/")
    assert "Possibly out of date" in old
    assert "compare any two versions" not in old  # one version: nothing to compare
    assert "## Length over time" not in old


def test_compare_page_lists_plain_texts_newest_first(result: BuildResult) -> None:
    compare = page(result, "platforms/acme/privacy-policy/compare/")
    hrefs = re.findall(r'<a href="([^"]+\.txt)">', compare)
    assert hrefs == [
        "../2024-05-01.txt",
        "../2023-04-01.txt",
        "../2023-03-01T10-00-00Z.txt",
        "../2022-01-01.txt",
    ]
    published = {f.url for f in result.static_files}
    for href in hrefs:
        assert "platforms/acme/privacy-policy/" + href.removeprefix("../") in published
    assert "exclude: true" in compare.split("---")[1]  # kept out of the search index
    assert '<span class="pw-compare__kind">reverted</span>' in compare


def test_version_page_links_to_compare_with_previous(result: BuildResult) -> None:
    version = page(result, "platforms/acme/privacy-policy/2024-05-01/")
    assert '<a href="../compare/#2023-04-01..2024-05-01">' in version


def test_empty_archive_and_platform_without_documents_render(tmp_path: Path) -> None:
    empty = build(tmp_path)
    assert "No changes recorded yet." in page(empty, "changes/")
    assert "**0** platforms" in page(empty, "")
    write_platform(tmp_path, "bare", name="Bare")
    bare = build(tmp_path)
    assert "| [Bare](bare/index.md) |  | — | — |" in page(bare, "platforms/")
    assert "## Documents" in page(bare, "platforms/bare/")
    assert "Changes per year" not in page(bare, "platforms/bare/")
