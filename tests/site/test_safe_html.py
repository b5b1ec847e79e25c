from __future__ import annotations

import html
import re
import time
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from generator.site.fulltext import snapshot_html
from generator.site.link_scan import link_text
from generator.site.safe_html import (
    CSS_CLASSES,
    SNAPSHOT_TAGS,
    render_markdown,
    safe_url,
    sanitise_html,
)

Attrs = list[tuple[str, str | None]]


class Collect(HTMLParser):
    """Every element and attribute of an HTML fragment, parsed as a browser would tokenise it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_pi(self, data: str) -> None:
        self.comments.append(data)

    def unknown_decl(self, data: str) -> None:
        self.comments.append(data)


def parse(fragment: str) -> Collect:
    collector = Collect()
    collector.feed(fragment)
    collector.close()
    return collector


_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f]")


def assert_inert(fragment: str) -> None:
    """No script-capable element, no event handler, no URL other than http(s)/mailto."""
    found = parse(fragment)
    assert not found.comments
    for tag, attrs in found.elements:
        assert tag in SNAPSHOT_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name == "id":  # a diff's anchors, and nothing else
                assert re.fullmatch(r"pw-change-[0-9]+", value), (tag, value)
                continue
            assert name in {"href", "title", "class", "rel", "start", "align"}, (tag, name)
            if name == "href":
                scheme = _JUNK.sub("", html.unescape(value)).split(":", 1)[0].lower()
                assert scheme in {"http", "https", "mailto"}, value
            assert "javascript:" not in _JUNK.sub("", value).lower()


XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml version='1.0'?><x onclick=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](jav&#9;ascript:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click]( javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](\\javascript:alert(1))",
    "[click](java\\script:alert(1))",
    "[click][r]\n\n[r]: javascript:alert(1)",
    '[click](https://ok.example "x\\" onmouseover=\\"alert(1))',
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](https://img.example/a.png)',
    "![x](https://img.example/a.png){: onerror=alert(1) }",
    "<javascript:alert(1)>",
    "<vbscript:alert(1)>",
    "# Title {: onclick=alert(1) #id }",
    "Text {: style=color:red }",
    "<div markdown=1>**x**</div>",
    "\x02wzxhzdk:0\x03 and \x02amp\x03",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "| <img src=x onerror=alert(1)> | b |\n| --- | --- |\n| <script> | x |",
    "[a](https://ok.example/</a><script>alert(1)</script>)",
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


@pytest.mark.parametrize("payload", XSS)
def test_hostile_snapshot_text_renders_inert(payload: str) -> None:
    assert_inert(snapshot_html(payload))
    assert_inert(snapshot_html(f"Intro\n\n* item {payload}\n\n> {payload}\n"))


def test_the_payload_list_is_long_enough() -> None:
    assert len(XSS) >= 30


def test_raw_html_is_shown_as_text() -> None:
    out = snapshot_html("Before <script>alert(1)</script> after <!-- note -->")
    assert "".join(parse(out).text) == "Before <script>alert(1)</script> after <!-- note -->"


@pytest.mark.parametrize(
    "url",
    [
        "https://ok.example/p?q=1&r=2",
        "http://ok.example",
        "mailto:privacy@ok.example",
        "HTTPS://OK.EXAMPLE/",
    ],
)
def test_web_and_mail_links_are_kept(url: str) -> None:
    (link,) = [a for t, a in parse(snapshot_html(f"[x]({url})")).elements if t == "a"]
    assert link["href"] == url
    assert link["rel"] == "nofollow noreferrer"


@pytest.mark.parametrize(
    "url", ["/privacy", "../x", "#part", "//evil.example/x", "ftp://files.example", "https:evil"]
)
def test_relative_and_other_links_keep_their_text_only(url: str) -> None:
    found = parse(snapshot_html(f"see [the text]({url}) here"))
    assert [t for t, _ in found.elements] == ["p", "span"]
    assert "".join(found.text) == "see the text here"


def test_safe_url_decodes_before_judging() -> None:
    assert safe_url("jav&#x0A;ascript:alert(1)") is None
    assert safe_url("https://ok.example/a&amp;b") == "https://ok.example/a&b"
    assert safe_url("https:\\\\evil.example") is None


def test_images_become_bracketed_alt_text_never_embedded() -> None:
    found = parse(snapshot_html("Logo: ![Company logo](https://img.example/logo.png) end"))
    assert "img" not in [t for t, _ in found.elements]
    (link,) = [a for t, a in found.elements if t == "a"]
    assert link == {
        "href": "https://img.example/logo.png",
        "class": "pw-image",
        "rel": "nofollow noreferrer",
    }
    assert "".join(found.text) == "Logo: [Company logo] end"
    assert "".join(parse(snapshot_html("![](/local.png)")).text) == "[image]"


def test_template_and_include_syntax_stays_literal_text() -> None:
    text = "{++ added ++} {-- gone --} {{ config.site_name }} {% include 'x' %} --8<-- \".env\""
    assert "".join(parse(snapshot_html(text)).text) == text


def test_structure_renders_headings_one_level_down_lists_tables_and_breaks() -> None:
    text = (
        "Policy\n======\n\n## Data\n\n* one\n    * nested\n\n3. third\n4. fourth\n\n"
        "| A | B |\n| :-- | --: |\n| 1<br>2 | x |\n\n> quoted\n"
    )
    tags = [t for t, _ in parse(snapshot_html(text)).elements if t != "p"]
    assert tags == [
        "h2", "h3", "ul", "li", "ul", "li", "ol", "li", "li", "table", "thead", "tr", "th",
        "th", "tbody", "tr", "td", "br", "td", "blockquote",
    ]  # fmt: skip
    out = snapshot_html(text)
    assert '<ol start="3">' in out
    assert '<th align="left">' in out


def test_plain_text_becomes_paragraphs() -> None:
    found = parse(snapshot_html("PRIVACY POLICY\n\nWe collect data.\nWe share it.\n"))
    assert [t for t, _ in found.elements] == ["p", "p"]


# --- The page policy ---------------------------------------------------------------------------

MATERIAL_MARKUP = """\
<h2 id="data" data-search-exclude="">Data<a class="headerlink" href="#data" title="Permanent link">¶</a></h2>
<div class="admonition note"><p class="admonition-title">Note</p><p>Body</p></div>
<details class="warning" open=""><summary>More</summary><p>Hidden</p></details>
<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio"><input id="__tabbed_1_2" name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">Changes</label><label for="__tabbed_1_2">Text</label></div>
<div class="tabbed-content"><div class="tabbed-block"><p>One</p></div><div class="tabbed-block"><p>Two</p></div></div></div>
<p><span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M21 7 9 19l-5.5-5.5z"></path></svg></span> <time datetime="2023-09-29">29 September 2023</time></p>
<table><thead><tr><th style="text-align:left">A</th></tr></thead><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>
<ul class="task-list"><li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled="" checked=""><span class="task-list-indicator"></span></label> done</li></ul>
<p><ins class="critic">new</ins> <del class="critic">old</del> <a href="../x/" class="md-button">Go</a> <a href="https://ok.example" rel="nofollow noopener noreferrer">out</a><sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>
<p class="pw-block-change">x</p>
"""  # noqa: E501


def elements(fragment: str) -> list[tuple[str, dict[str, str]]]:
    return parse(fragment).elements


def test_page_policy_keeps_material_markup() -> None:
    assert elements(sanitise_html(MATERIAL_MARKUP)) == elements(MATERIAL_MARKUP)


@pytest.mark.parametrize(
    ("hostile", "kept"),
    [
        ("<p onclick=alert(1)>x</p>", "<p>x</p>"),
        ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
        ("<img src=https://tracker.example/p.gif>", ""),
        ("<iframe src=https://evil.example></iframe>", ""),
        ("<style>body{display:none}</style>", ""),
        ('<th style="position:fixed;text-align:left">x</th>', "x"),
        ('<input type="text" name="q"><input name="q">', ""),
        ("<form><button>x</button></form>", "x"),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", "<svg></svg>"),
        ("<div data-md-component=search>x</div>", "<div>x</div>"),
    ],
)
def test_page_policy_drops_active_content(hostile: str, kept: str) -> None:
    assert elements(sanitise_html(hostile)) == elements(kept)


def test_every_class_we_emit_is_documented() -> None:
    assert {"critic", "pw-block-insert", "pw-block-delete", "pw-block-change"} <= set(CSS_CLASSES)
    assert all(name == "critic" or name.startswith("pw-") for name in CSS_CLASSES)


# --- Hostile shapes: Python-Markdown is quadratic or recursive on some, the engine is not ------


@pytest.mark.parametrize(
    "text",
    [
        "[a " * 20_000,  # unclosed link openers: minutes in plain Python-Markdown
        "![a" * 20_000,
        "[a][" * 15_000,
        "[a](" * 15_000,
        "[" * 5_000 + "]" * 5_000,
        "".join(">" * depth + " x\n" for depth in range(1, 2_000)),  # quadratic in depth
        "".join("    " * depth + "* x\n" for depth in range(1_000)),  # recursion limit
        "".join("    " * depth + "1. x\n" for depth in range(1_000)),
        "> " * 5_000 + "x",
    ],
)
def test_hostile_shapes_render_quickly_without_crashing(text: str) -> None:
    start = time.perf_counter()
    out = snapshot_html(text)
    assert time.perf_counter() - start < 5  # well under a second on the reference machine
    assert_inert(out)
    assert out.startswith("<")


@settings(max_examples=500, deadline=None)
@given(data=st.text(alphabet="[]a(`\\!", max_size=40), index=st.integers(0, 40))
@example(data="[a [b] c] d]", index=1)
@example(data="[[a]", index=1)
@example(data="a]", index=0)
def test_a_links_text_ends_where_python_markdown_ends_it(data: str, index: int) -> None:
    # The engine finds the closing bracket its own way (Python-Markdown's way is slow on long
    # paragraphs); where and whether a link's text ends must be Python-Markdown's answer.
    index = min(index, len(data))
    theirs = LinkInlineProcessor(LINK_RE, markdown.Markdown()).getText(data, index)
    ours = link_text(data, index)
    assert ours[2] == theirs[2]
    if theirs[2]:
        assert ours == theirs


def test_nested_brackets_and_links_render_as_before() -> None:
    text = "See [the [full] terms](https://a.example/t) and [a [b] c] d](https://b.example) [x"
    assert render_markdown(text) == (
        '<p>See <a href="https://a.example/t">the [full] terms</a>'
        " and [a [b] c] d](https://b.example) [x</p>"
    )


def test_links_still_work_in_ordinary_paragraphs_after_the_limits() -> None:
    text = "See [one](https://a.example) and [two](https://b.example). " * 30
    hrefs = [a["href"] for t, a in parse(snapshot_html(text)).elements if t == "a"]
    assert len(hrefs) == 60
