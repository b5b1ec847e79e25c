"""Untrusted strings become inert Markdown that shows exactly the original text."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site import markup

# The extensions of the site's mkdocs.yml that could turn text into markup, plus the ones
# FIELD-NOTES warns about.
SITE_EXTENSIONS = [
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.critic",
    "pymdownx.tabbed",
    "pymdownx.superfences",
]

PAYLOADS = [
    "<script>alert(1)</script>",
    "**bold** _em_ `code`",
    "[click](javascript:alert(1))",
    "{: onclick=alert(1) }",
    "{++ inserted ++}{-- deleted --}",
    "{{ config.site_name }} {% include 'x' %}",
    '--8<-- ".env"',
    "# heading",
    "1. list",
    "AT&T <b>&amp;</b> &lt;",
    "PW:SLOT:diff",
]


def rendered_text(source: str) -> str:
    out = re.sub(r"<[^>]+>", "", markdown.markdown(source, extensions=SITE_EXTENSIONS))
    return _REFERENCE_RE.sub(_as_a_browser_reads, out).strip()


_REFERENCE_RE = re.compile(r"&(?:#[0-9]+|[A-Za-z][A-Za-z0-9]*);")


def _as_a_browser_reads(reference: re.Match[str]) -> str:
    # `html.unescape` drops a noncharacter (`&#65534;`, U+FFFE), which a browser shows.
    number = reference.group()[2:-1]
    return chr(int(number)) if reference.group()[1] == "#" else html.unescape(reference.group())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_shows_payload_literally(payload: str) -> None:
    assert rendered_text(markup.text(payload)) == payload


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=80))
def test_text_is_inert_for_any_string(value: str) -> None:
    expected = " ".join(value.split())
    assert rendered_text(markup.text(value)) == expected


def test_text_never_forges_a_slot() -> None:
    assert not markup.SLOT_RE.search(markdown.markdown(markup.text("PW:SLOT:diff")))


def test_held_blocks_wait_apart_and_go_back_where_they_were() -> None:
    card, table = '<div class="pw-card">\n<p>+3</p>\n</div>\n', "<table>\n</table>"
    page = f"# Title\n\n{markup.held(card)}\n[next](../)\n\n{markup.held(table)}\n"
    assert markup.unheld(page) == f"# Title\n\n{card}\n[next](../)\n\n{table}\n"
    source, blocks = markup.hold(page)
    assert blocks == [card, table] and "pw-card" not in source
    rendered = markdown.markdown(source, extensions=SITE_EXTENSIONS)
    assert markup.put_back(rendered, blocks) == markdown.markdown(
        markup.unheld(page), extensions=SITE_EXTENSIONS
    )


@pytest.mark.parametrize("value", ["<!--pw:held-->x<!--/pw:held-->", "PW:HELD:0"])
def test_text_never_forges_a_held_block(value: str) -> None:
    for made in (markup.text(value), markup.inert(value)):
        source, blocks = markup.hold(made)
        assert not blocks
        assert "<script>" not in markup.put_back(markdown.markdown(source), ["<script>"])


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "//evil"],
)
def test_unsafe_urls_are_not_linked(url: str) -> None:
    assert markup.safe_url(url) is None
    assert "<a" not in markup.link("label", url)


def test_safe_url_quotes_markdown_syntax() -> None:
    href = markup.safe_url("https://a.example/p?q={{x}}&r=(y)")
    assert href is not None
    assert "{" not in href and "(" not in href and "&amp;" in href


def test_front_matter_escapes_title_once() -> None:
    fm = markup.front_matter('<img src=x onerror="a()">')
    assert "<img" not in fm
    assert "&lt;img" in fm
