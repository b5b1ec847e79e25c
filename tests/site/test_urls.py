from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site import urls


@pytest.mark.parametrize(
    ("here", "there", "expected"),
    [
        ("platforms/x/privacy-policy/", "platforms/x/privacy-policy/2023-09-29/", "2023-09-29/"),
        ("", "platforms/x/", "platforms/x/"),
        ("platforms/x/", "platforms/x/", "./"),
        ("platforms/x/d/2023-09-29/", "platforms/x/d/2023-09-29.txt", "../2023-09-29.txt"),
        ("changes/", "", "../"),
    ],
)
def test_href_between_built_pages(here: str, there: str, expected: str) -> None:
    assert urls.href(here, there) == expected


def test_relative_links_point_at_source_files() -> None:
    link = urls.relative("platforms/x/", "platforms/x/terms-of-service/")
    assert link == "terms-of-service/index.md"
    resolved = posixpath.normpath(posixpath.join("platforms/x", link))
    assert resolved == urls.source_uri("platforms/x/terms-of-service/")


def test_site_map_matches_design() -> None:
    assert (
        urls.version("x", "privacy-policy", "2023-09-29")
        == "platforms/x/privacy-policy/2023-09-29/"
    )
    assert urls.plain_text("x", "d", "s") == "platforms/x/d/s.txt"
    assert urls.compare("x", "d") == "platforms/x/d/compare/"
    assert urls.CHANGES_JSON == "api/changes.json"


def test_feed_urls_match_design() -> None:
    assert urls.FEED_ALL == "feeds/all.xml"
    assert urls.platform_feed("x") == "feeds/x.xml"
    assert urls.document_feed("x", "privacy-policy") == "feeds/x/privacy-policy.xml"
    assert urls.category_feed("biometric") == "feeds/categories/biometric.xml"
    assert urls.absolute("https://a.example/sub/", "feeds/all.xml") == (
        "https://a.example/sub/feeds/all.xml"
    )
    assert urls.absolute("https://a.example", "") == "https://a.example/"


_PART = st.sampled_from(["a", "b", "platforms", "x", "index.md", "2023-01-01T00-00-00Z"])
_PATH = st.one_of(st.just("."), st.lists(_PART, min_size=1, max_size=5).map("/".join))


@given(_PATH, _PATH)
def test_relpath_agrees_with_posixpath_on_site_paths(path: str, start: str) -> None:
    assert urls.relpath(path, start) == posixpath.relpath(path, start)


def test_relpath_leaves_other_paths_to_posixpath() -> None:
    assert urls.relpath("a/../b", "c") == posixpath.relpath("a/../b", "c") == "../b"
    assert urls.relpath("/abs/x", "/abs") == "x"


def test_a_documents_pages_are_known_by_their_url() -> None:
    document = urls.document("x", "privacy-policy")
    for page in (
        document,
        urls.version("x", "privacy-policy", "2023-09-29"),
        urls.full_text("x", "privacy-policy", "2023-09-29", part=2),
        urls.compare("x", "privacy-policy"),
    ):
        assert urls.document_of(page) == document
    for page in (urls.platform("x"), urls.PLATFORMS, urls.category("biometric"), urls.CHANGES):
        assert urls.document_of(page) is None
