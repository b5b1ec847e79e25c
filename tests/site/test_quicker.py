"""The quickened snapshot engine: each shortcut rests on a condition every match meets, and the
HTML is Python-Markdown's own."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies_markdown import documents

from generator.site.quicker import BLOCK_NEEDS, INLINE_STARTS, quicken
from generator.site.safe_html import plain_engine

ROOT = Path(__file__).resolve().parents[2]

# Pieces of the syntax each shortcut is about, in any order: backslashes before backticks,
# brackets after `!`, underlines, rules, pipes, quotes, entities, breaks and indentation.
PIECES = (
    "`", "``", "\\", "\\\\", "\\`", "[", "]", "](", "(", ")", "!", "![", "<", ">",
    "<https://a.example/x>", "<br>", "&", "&amp;", "&#35;", ";", "*", "**", "_", "__", "#",
    "## ", "|", "| --- |", "-", "---", "- - -", "===", "* * *", "1. ", "* ", "> ", ">>", " ",
    "  ", "  \n", "\n", "\n\n", "\t", "    ", "x", "word", "https://b.example",
)  # fmt: skip
soup = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
texts = st.one_of(soup, documents())
# One of each shape the shortcuts are about, besides what is drawn at random.
SHAPES = (
    "x \\\\`code` \\` \\\\\\`", "a  \nb", "<https://a.example/p> <br/>", "&amp; &#35; &x",
    "![alt](https://a.example/i.png) [a](https://b.example) [r][1] [s]", "_x_ *y* __z__ **w**",
    "\\* \\[", "---\n---", "a\n===", "a\n- -", "# h", "> q", "| a | b |\n| - | - |",
    "* * *", "_ _ _", "- - -",
)  # fmt: skip


def _with_shapes(argument: str):
    def add(test):
        for shape in SHAPES:
            test = example(**{argument: shape})(test)
        return test

    return add


@pytest.fixture(scope="module")
def plain():
    return plain_engine()


@pytest.fixture(scope="module")
def quick():
    return quicken(plain_engine())


def test_every_pattern_and_test_the_engine_has_is_known() -> None:
    # A shortcut for a name the engine does not use would be a rule that checks nothing.
    engine = plain_engine()
    assert set(BLOCK_NEEDS) <= {item.name for item in engine.parser.blockprocessors._priority}
    registered = {item.name for item in engine.inlinePatterns._priority}
    assert {"backtick", "escape", "link", "reference", "em_strong", "entity"} <= registered


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
@_with_shapes("text")
def test_every_inline_match_starts_with_a_character_its_pattern_names(plain, text: str) -> None:
    for item in plain.inlinePatterns._priority:
        starts = INLINE_STARTS.get(item.name)
        if starts is None:
            continue
        pattern = plain.inlinePatterns[item.name].compiled_re
        for position in range(len(text) + 1):
            match = pattern.search(text, position)
            if match is not None:
                assert text[match.start()] in starts, (item.name, text, match)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block=texts)
@_with_shapes("block")
def test_every_block_a_test_accepts_holds_what_the_shortcut_looks_for(plain, block: str) -> None:
    processors = plain.parser.blockprocessors
    for name, needs in BLOCK_NEEDS.items():
        if processors[name].test(Element("div"), block):
            assert needs(block), (name, block)


def _html(engine, text: str) -> str:
    engine.reset()
    return str(engine.convert(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
@_with_shapes("text")
def test_the_quickened_engine_writes_python_markdowns_html(plain, quick, text: str) -> None:
    assert _html(quick, text) == _html(plain, text)


def test_the_demo_snapshots_render_the_same_both_ways(plain, quick) -> None:
    snapshots = sorted((ROOT / "content").glob("*/*/*.md"))
    assert snapshots
    for path in snapshots:
        text = path.read_text(encoding="utf-8")
        assert _html(quick, text) == _html(plain, text), path
