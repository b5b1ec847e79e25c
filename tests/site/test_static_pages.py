"""Ready pages for engines without plugins: the HTML the plugin would make, armoured so that
another engine's Markdown, templates or includes find nothing to act on."""

from __future__ import annotations

import html
import re

import html5lib
import markdown
import pytest
from fixtures.hostile import inert, payloads

from generator.site.render import Page
from generator.site.safe_html import sanitise_html
from generator.site.static_pages import armour, nav, page_link

# What an engine may run on a page's Markdown: every syntax a snapshot could try to reach.
ENGINE_EXTENSIONS = [
    "tables", "admonition", "attr_list", "md_in_html", "toc", "abbr", "def_list", "footnotes",
    "pymdownx.critic", "pymdownx.magiclink", "pymdownx.betterem", "pymdownx.caret",
    "pymdownx.mark", "pymdownx.tilde", "pymdownx.keys", "pymdownx.smartsymbols",
    "pymdownx.superfences", "pymdownx.details", "pymdownx.tabbed", "pymdownx.arithmatex",
    "pymdownx.emoji",
]  # fmt: skip
SYNTAX = re.compile(r"[{}%#$\[\]()*_~^`\\|<>=!:;&'\"@+-]|\n")


def _text(fragment: str) -> str:
    """What a browser reads, control characters aside (no text; the armour drops them)."""
    tree = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]", "", "".join(tree.itertext()))


@pytest.mark.parametrize("payload", payloads.BODY + payloads.LINE + payloads.URL)
def test_armoured_html_reads_the_same_and_passes_markdown_unchanged(payload: str) -> None:
    fragment = sanitise_html(  # as a page is before it is armoured
        f'<p class="pw-x">{html.escape(payload)}</p><pre><code>{html.escape(payload)}\n'
        f'</code></pre><a href="{html.escape(payload)}" title="{html.escape(payload)}">x</a>'
    )
    armoured = armour(fragment)
    assert "\n" not in armoured
    assert _text(armoured) == _text(fragment)  # a browser reads the same text
    tags = re.sub(r"<[^>]*>", "", armoured)
    assert not SYNTAX.search(re.sub(r"&#\d+;", "", tags))  # only references between tags
    block = f'<div class="pw-page">{armoured}</div>'
    rendered = markdown.markdown(block, extensions=ENGINE_EXTENSIONS)
    assert rendered == block
    assert not inert.check_fragment(rendered, "armoured")


def test_armour_keeps_tags_attributes_and_entities() -> None:
    fragment = (
        '<h2 id="a-b">A &amp; B<a class="headerlink" href="#a-b">¶</a></h2>\n'
        '<input checked id="t1" name="t" type="radio"><label for="t1">Tab</label>'
        "<p>x\u00a0y \u2028 z</p>"
    )
    assert armour(fragment) == (
        '<h2 id="a&#45;b">A &#38; B<a class="headerlink" href="&#35;a&#45;b">¶</a></h2>&#10;'
        '<input checked id="t1" name="t" type="radio"><label for="t1">Tab</label>'
        "<p>x\u00a0y &#8232; z</p>"
    )


def test_text_that_looks_like_a_tag_stays_text() -> None:
    """Only well-formed tags of the sanitised HTML are tags; a stray `<` is a character."""
    assert armour("a < b <script x") == "a &#60; b &#60;script x"
    assert armour("<p onclick=alert(1)>x</p>") == "&#60;p onclick&#61;alert&#40;1&#41;&#62;x</p>"


@pytest.mark.parametrize(
    ("page", "target", "expected"),
    [
        ("platforms/x/", "privacy-policy/index.md", "privacy-policy/"),
        ("platforms/x/p/2023-01-01/", "../index.md#history", "../#history"),
        (
            "platforms/x/p/2023-01-01/",
            "../../../../categories/a/index.md",
            "../../../../categories/a/",
        ),
        ("", "platforms/index.md", "platforms/"),
        ("changes/", "../index.md", "../"),
        ("platforms/x/p/2023-01-01/", "../2023-01-01.txt", "../2023-01-01.txt"),
        ("platforms/x/", "https://a.example/x.md", "https://a.example/x.md"),
        ("platforms/x/", "#top", "#top"),
    ],
)  # fmt: skip
def test_links_to_source_files_become_links_to_pages(page: str, target: str, expected: str) -> None:
    assert page_link(page, target) == expected


def test_navigation_lists_index_pages_as_the_plugin_orders_them() -> None:
    pages = [
        Page("", "", in_nav=True),
        Page("platforms/", "", in_nav=True),
        Page("changes/", "", in_nav=True),
        Page("categories/", "", in_nav=True),
        Page("categories/ai/", ""),
        Page("platforms/meta-x/", "", in_nav=True),
        Page("platforms/meta-x/privacy-policy/", "", in_nav=True),
        Page("platforms/meta-x/privacy-policy/2023-01-01/", ""),
    ]
    assert nav(pages, ["about.md", "index.md"]) == [
        "index.md",
        {
            "Platforms": [
                "platforms/index.md",
                {
                    "Meta x": [
                        "platforms/meta-x/index.md",
                        {"Privacy policy": "platforms/meta-x/privacy-policy/index.md"},
                    ]
                },
            ]
        },
        "changes/index.md",
        "categories/index.md",
        "about.md",
    ]
    assert nav(pages, [], platform_pages=False)[1] == {"Platforms": ["platforms/index.md"]}
