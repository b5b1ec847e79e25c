"""The real MkDocs build of a small fixture site: pages, nav, search index and JSON export."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import long_text, mkdocs, write_platform, write_site, write_snapshot

if TYPE_CHECKING:
    from pathlib import Path

OLD = long_text("account") + "\nWe keep your data for as long as your account is open.\n"
NEW = long_text("account") + "\nWe keep your data for up to 18 months after you leave.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    content = write_site(site)
    write_platform(content, "acme", name="Acme <Social>", description="A **test** platform.")
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", OLD, summary="First")
    write_snapshot(content, "acme", "privacy-policy", "2023-06-01T10-00-00Z", NEW)
    write_snapshot(content, "acme", "privacy-policy", "2023-07-01", OLD)  # back again
    write_snapshot(content, "acme", "terms-of-service", "2022-05-05", long_text("terms"))
    result = mkdocs(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


class Collector(HTMLParser):
    """Tags with their attributes, and the text, of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_site_map_pages_exist(built: Path) -> None:
    for page in [
        "index.html",
        "platforms/index.html",
        "changes/index.html",
        "platforms/acme/index.html",
        "platforms/acme/privacy-policy/index.html",
        "platforms/acme/privacy-policy/2023-06-01T10-00-00Z/index.html",
        "platforms/acme/privacy-policy/2023-06-01T10-00-00Z.txt",
        "platforms/acme/privacy-policy/compare/index.html",
        "changes/2023/index.html",
        "categories/index.html",
        "categories/retention/index.html",
        "feeds/all.xml",
        "feeds/acme.xml",
        "feeds/acme/privacy-policy.xml",
        "api/changes.json",
        "api/documents.json",
    ]:
        assert (built / page).is_file(), page


def test_change_page_shows_word_diff(built: Path) -> None:
    page = parse(built / "platforms/acme/privacy-policy/2023-06-01T10-00-00Z/index.html")
    classes = [(tag, attrs.get("class")) for tag, attrs in page.tags]
    assert ("ins", "critic") in classes
    assert ("del", "critic") in classes
    text = "".join(page.text)
    assert "18 months" in text and "as long as your account is open" in text


def test_change_card_shows_what_the_analysis_holds_only_in_outline(built: Path) -> None:
    """The build keeps changes in outline; the card reads its change again in full."""
    html = (built / "platforms/acme/privacy-policy/2023-06-01T10-00-00Z/index.html").read_text(
        encoding="utf-8"
    )
    card = html[html.index('class="pw-card"') : html.index('class="pw-fulltext"')]
    assert 'class="pw-card__sections"' in card
    assert 'class="pw-card__keys"' in card
    assert "up to 18 months after you leave" in card  # a key sentence


def test_version_page_carries_the_full_text(built: Path) -> None:
    html = (built / "platforms/acme/privacy-policy/2023-06-01T10-00-00Z/index.html").read_text(
        encoding="utf-8"
    )
    assert 'class="pw-late"' not in html
    full_text = html[html.index('class="pw-fulltext"') :]
    assert full_text.count("We describe how your account") == NEW.count(
        "We describe how your account"
    )


def test_a_failed_capture_shows_its_own_text_not_a_diff(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_platform(content, "acme", name="Acme")
    french = "Nous décrivons comment vos données sont collectées et partagées. " * 30
    for day, body in (("2023-01-01", OLD), ("2023-02-01", french), ("2023-03-01", NEW)):
        write_snapshot(content, "acme", "privacy-policy", day, body)
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    pages = tmp_path / "site/platforms/acme/privacy-policy"
    failed = parse(pages / "2023-02-01/index.html")
    text = "".join(failed.text)
    assert "this capture looks failed" in text and "Not compared word by word" in text
    assert "Nous décrivons comment vos données" in text  # its own text, as the page shows it
    classes = {attrs.get("class") for _, attrs in failed.tags}
    assert "pw-fulltext" in classes and "pw-diff" not in classes
    assert not {tag for tag, _ in failed.tags} & {"ins", "del"}
    after = parse(pages / "2023-03-01/index.html")  # compared with the full version: a diff
    assert "pw-diff" in {attrs.get("class") for _, attrs in after.tags}


def test_platform_name_is_escaped_everywhere(built: Path) -> None:
    html = (built / "platforms/acme/index.html").read_text(encoding="utf-8")
    assert "<Social>" not in html
    assert "Acme &lt;Social&gt;" in html or "Acme &#60;Social&#62;" in html
    assert "<strong>test</strong>" not in html  # description Markdown is shown, not rendered


def nav_links(page: Path) -> set[str]:
    return {
        attrs.get("href") or ""
        for tag, attrs in parse(page).tags
        if tag == "a" and "md-nav__link" in (attrs.get("class") or "")
    }


def test_only_index_pages_in_nav(built: Path) -> None:
    links = nav_links(built / "platforms/acme/index.html")
    assert not any("2023-06-01" in href for href in links)
    assert any(href.rstrip("/").endswith("privacy-policy") for href in links)


def test_each_page_carries_only_its_branch_of_the_nav(built: Path) -> None:
    """navigation.prune: the home page links to Platforms, not to every document."""
    links = nav_links(built / "index.html")
    assert any(href.rstrip("/").endswith("platforms") for href in links)
    assert not any(href.rstrip("/").endswith("privacy-policy") for href in links)


def test_a_change_is_found_by_its_card_not_by_its_diff_or_full_text(built: Path) -> None:
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    by_location = {d["location"]: d for d in index["docs"]}
    change = by_location["platforms/acme/privacy-policy/2023-06-01T10-00-00Z/"]
    assert change["title"] == "Acme &lt;Social&gt; Privacy Policy, 2023-06-01"
    assert change["text"].startswith(("editorial change", "substantive change"))
    first = by_location["platforms/acme/privacy-policy/2023-01-01/"]
    assert "first recorded version" in first["text"] and "First" in first["text"]
    assert "platforms/acme/privacy-policy/2023-07-01/" not in by_location  # noise: a revert
    assert "18 months" in change["text"]  # its evidence
    # Neither the diff (its context paragraphs) nor the full text is indexed.
    assert "We describe how your account" not in json.dumps(index)


def test_changes_json_fields_and_kinds(built: Path) -> None:
    data = json.loads((built / "api/changes.json").read_text(encoding="utf-8"))
    assert data["generated_by"].startswith("PolicyWatch")
    changes = data["changes"]
    assert [(c["document"], c["to"]) for c in changes] == [
        ("privacy-policy", "2023-01-01"),
        ("privacy-policy", "2023-06-01T10-00-00Z"),
        ("privacy-policy", "2023-07-01"),
        ("terms-of-service", "2022-05-05"),
    ]
    fields = {
        "platform", "document", "from", "to", "kind", "reverted_to", "categories_added",
        "categories_removed", "categories_touched", "evidence", "words_added",
        "words_removed", "summary", "url", "sections", "auto_summary",
    }  # fmt: skip
    assert all(set(c) == fields for c in changes)
    first, edit, blink, _ = changes
    assert (first["kind"], first["from"], first["summary"]) == ("first", None, "First")
    assert edit["from"] == "2023-01-01" and edit["words_added"] > 0 and edit["words_removed"] > 0
    assert edit["sections"] and all(isinstance(s, str) and s for s in edit["sections"])
    assert edit["auto_summary"] and str(edit["words_added"]) in edit["auto_summary"]
    assert (blink["kind"], blink["reverted_to"]) == ("reverted", "2023-01-01")
    assert (blink["sections"], blink["auto_summary"]) == ([], None)
    assert edit["url"] == "platforms/acme/privacy-policy/2023-06-01T10-00-00Z/"
    assert (built / edit["url"] / "index.html").is_file()


def test_documents_json_lists_every_version(built: Path) -> None:
    data = json.loads((built / "api/documents.json").read_text(encoding="utf-8"))
    (acme,) = data["platforms"]
    versions = [v for d in acme["documents"] for v in d["versions"]]
    assert len(versions) == 4
    assert all(len(v["sha256"]) == 64 and v["provenance"]["status"] for v in versions)
    text_url = versions[0]["text_url"]
    assert (built / text_url).read_text(encoding="utf-8").startswith("## Part 1")


def test_content_error_refuses_the_build(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    bad = write_snapshot(content, "acme", "privacy-policy", "2023-02-30", OLD)
    result = mkdocs(tmp_path)
    assert result.returncode != 0
    assert f"{bad}:0:" in result.stderr or "2023-02-30" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_every_generated_page_is_sanitised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: even if a renderer let raw HTML through, the page sanitiser removes it
    (pages without slots included)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import generator.site.render

    leaky = generator.site.render.platforms_page

    def platforms_page_with_a_hole(*args: object, **kwargs: object) -> str:
        return leaky(*args, **kwargs) + '\n<p><img src="x" onerror="alert(1)">hole</p>\n'  # type: ignore[arg-type]

    monkeypatch.setattr(generator.site.render, "platforms_page", platforms_page_with_a_hole)
    content = write_site(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", OLD)
    build(load_config(str(tmp_path / "mkdocs.yml")))
    html = (tmp_path / "site" / "platforms" / "index.html").read_text(encoding="utf-8")
    assert "hole" in html
    assert "onerror" not in html and "<img" not in html


def test_many_platforms_leave_the_nav(tmp_path: Path) -> None:
    """Above `nav_max_platforms`, the Platforms page lists them and the nav does not."""

    def platform_links(root: Path, **options: object) -> set[str]:
        content = write_site(root)
        plugin_options(root, **options)
        for slug in ("acme", "bolt", "zed"):
            write_snapshot(content, slug, "privacy-policy", "2023-01-01", OLD)
        result = mkdocs(root)
        assert result.returncode == 0, result.stderr
        assert (root / "site" / "platforms" / "acme" / "index.html").is_file()
        return nav_links(root / "site" / "platforms" / "index.html")

    assert "acme/" in platform_links(tmp_path / "few")
    assert "acme/" not in platform_links(tmp_path / "many", nav_max_platforms=2)


def plugin_options(site: Path, **options: object) -> None:
    """Set options of the policywatch plugin in the site's mkdocs.yml."""
    config_path = site / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "policywatch" in entry:
            entry["policywatch"].update(options)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


LONG = long_text("contract", paragraphs=12)  # about 3.6 KB


@pytest.fixture(scope="module")
def long_texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose texts over 2,000 bytes get pages of their own."""
    site = tmp_path_factory.mktemp("long")
    content = write_site(site)
    plugin_options(site, inline_text_max_bytes=2000)
    write_snapshot(content, "acme", "terms-of-service", "2023-01-01", LONG)
    write_snapshot(content, "acme", "terms-of-service", "2023-02-01", LONG + "\nA new clause.\n")
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", OLD)
    result = mkdocs(site)
    assert result.returncode == 0, result.stderr
    return site / "site"


def test_a_long_text_has_a_page_of_its_own(long_texts: Path) -> None:
    version = long_texts / "platforms/acme/terms-of-service/2023-02-01"
    change = (version / "index.html").read_text(encoding="utf-8")
    assert 'class="pw-fulltext"' not in change
    assert "A new clause" in change  # the diff stays
    links = {attrs.get("href") for tag, attrs in parse(version / "index.html").tags if tag == "a"}
    assert "text/" in links
    apart = (version / "text/index.html").read_text(encoding="utf-8")
    assert "full text as of" in "".join(parse(version / "text/index.html").text)
    full_text = apart[apart.index('class="pw-fulltext"') :]
    assert full_text.count("We describe how your contract") == LONG.count(
        "We describe how your contract"
    )
    assert "A new clause" in full_text
    links = {attrs.get("href") for tag, attrs in parse(version / "text/index.html").tags}
    assert "../" in links and "../../2023-02-01.txt" in links


def test_short_texts_stay_in_their_page(long_texts: Path) -> None:
    page = long_texts / "platforms/acme/privacy-policy/2023-01-01"
    assert 'class="pw-fulltext"' in (page / "index.html").read_text(encoding="utf-8")
    assert not (page / "text").exists()


def test_full_text_pages_are_not_searchable(long_texts: Path) -> None:
    index = json.loads((long_texts / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if "/text/" in d["location"]]
    assert "platforms/acme/terms-of-service/2023-02-01/" in {d["location"] for d in index["docs"]}


def test_a_very_long_text_is_shown_over_several_pages(tmp_path: Path) -> None:
    """A text over TEXT_PART_BYTES is cut where sections start: each part a page under 1 MB,
    linked to the next, and every clause on exactly one of them."""
    content = write_site(tmp_path)
    clauses = [
        f"## Clause {n}\n\nWe keep record {n} for a while, as section {n} says."
        for n in range(9_000)
    ]
    write_snapshot(content, "acme", "terms-of-service", "2023-01-01", "\n\n".join(clauses) + "\n")
    result = mkdocs(tmp_path)
    assert result.returncode == 0, result.stderr
    text = tmp_path / "site/platforms/acme/terms-of-service/2023-01-01/text"
    pages = [text / "index.html", text / "2/index.html"]
    assert all(page.stat().st_size < 1_000_000 for page in pages)
    assert not (text / "3").exists()
    shown = "".join(page.read_text(encoding="utf-8") for page in pages)
    assert all(shown.count(f"We keep record {n} for") == 1 for n in (0, 4_500, 8_999))
    assert shown.count("We keep record ") == len(clauses)
    assert "2/" in {attrs.get("href") for tag, attrs in parse(pages[0]).tags if tag == "a"}
    assert "../" in {attrs.get("href") for tag, attrs in parse(pages[1]).tags if tag == "a"}
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "/text/" not in sitemap
