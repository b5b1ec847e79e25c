from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies_markdown import documents, rewrapped

from generator.analysis.normalise import (
    MARKUP,
    TokenKind,
    comparison_key,
    normalise_whitespace,
    strip_tracking,
    tokens,
    units,
    words,
)

any_text = st.one_of(st.text(), documents())


@given(any_text)
def test_tokens_concatenate_to_the_text(text: str) -> None:
    assert "".join(t.text for t in tokens(text)) == text


@given(any_text)
def test_words_are_the_word_tokens(text: str) -> None:
    assert words(text) == [t.text for t in tokens(text) if t.kind is TokenKind.WORD]


@given(any_text)
def test_units_cover_the_text_with_the_same_tokens(text: str) -> None:
    found = units(text)
    assert "".join(token + space for token, _, space in found) == text
    classes = {
        **dict.fromkeys(MARKUP, ""),
        TokenKind.WORD: "w",
        TokenKind.PREFIX: "b",
        TokenKind.RULE: "b",
    }
    assert [(token, kind) for token, kind, _ in found if token] == [
        (t.text, classes.get(t.kind, "t")) for t in tokens(text) if t.kind is not TokenKind.SPACE
    ]


def test_words_leave_out_markdown_syntax_and_link_targets() -> None:
    text = "## We **collect** [your data](https://ex.com/why?utm_source=x) — see https://ex.com/p"
    assert words(text) == ["We", "collect", "your", "data", "see"]


def test_words_keep_apostrophes_hyphens_and_decimals_inside_words() -> None:
    text = "Meta\u2019s e-mail, don't: 3.5 U.S."
    assert words(text) == ["Meta\u2019s", "e-mail", "don't", "3.5", "U.S"]


def test_list_markers_and_quotes_are_prefixes_only_at_line_starts() -> None:
    kinds = {t.text: t.kind for t in tokens("* item > not a quote\n> quote\n    1. nested")}
    assert kinds["* "] is TokenKind.PREFIX
    assert kinds[">"] is TokenKind.PUNCT
    assert kinds["> "] is TokenKind.PREFIX
    assert kinds["    1. "] is TokenKind.PREFIX


def test_a_link_tail_is_one_token() -> None:
    found = tokens('[a](https://x.example/p?q=1 "A title") b')
    tails = [t.text for t in found if t.kind is TokenKind.LINK_TAIL]
    assert tails == ['](https://x.example/p?q=1 "A title")']


def test_normalise_whitespace_ignores_wrapping_and_indentation() -> None:
    prose = "We collect the information you give us when you sign up for an account."
    assert normalise_whitespace(rewrapped(prose, 20)) == prose
    assert normalise_whitespace("a\u00a0 b\n\n\tc  ") == "a b c"
    assert normalise_whitespace("a b") != normalise_whitespace("a c")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("* one\n* two", "- one\n+ two"),
        ("1. one\n2. two", "1) one\n1) two"),
        ("*word* and **strong**", "_word_ and __strong__"),
        ("Title\n=====\n\nPart\n----", "# Title\n\n## Part"),
        ("## Part ##", "## Part"),
        ("It\u2019s \u201cquoted\u201d \u2013 really\u2026", 'It\'s "quoted" - really...'),
        ("no\u00a0break", "no break"),
        ("soft\u00adhyphen", "softhyphen"),
        ("a \\* b \\# c", "a * b # c"),
        ("trailing  \nspaces", "trailing spaces"),
        ("[x](https://ex.com/p?utm_source=mail&id=3)", "[x](https://ex.com/p?id=3)"),
        ("[x](https://ex.com/p?fbclid=abc)", "[x](https://ex.com/p)"),
        ("see https://ex.com/p?gclid=1&mc_cid=2&ref_src=t", "see https://ex.com/p"),
        ("AT&amp;T", "AT&T"),
    ],
)
def test_comparison_key_ignores_formatting(a: str, b: str) -> None:
    assert comparison_key(a) == comparison_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("We sell data", "We do not sell data"),
        ("*word*", "**word**"),  # emphasis became strong: the style, not only its spelling
        ("# Title", "## Title"),
        ("[x](https://ex.com/p?id=3)", "[x](https://ex.com/p?id=4)"),
        ("snake_case name", "snake*case name"),
    ],
)
def test_comparison_key_keeps_real_differences(a: str, b: str) -> None:
    assert comparison_key(a) != comparison_key(b)


def test_strip_tracking_keeps_other_parameters_and_the_fragment() -> None:
    url = "https://ex.com/p?utm_medium=x&lang=en&UTM_Campaign=y&hsa_ad=1#part"
    assert strip_tracking(url) == "https://ex.com/p?lang=en#part"
    assert strip_tracking("https://ex.com/p") == "https://ex.com/p"


def test_comparison_key_strips_tracking_from_bare_urls_only() -> None:
    text = (
        "See https://ex.com/?utm_source=a&x=1 or <https://ex.com/?fbclid=b> or ahttps://e.x/?si=c"
    )
    assert comparison_key(text) == (
        "See https://ex.com/?x=1 or <https://ex.com/?fbclid=b> or ahttps://e.x/?si=c"
    )


@given(documents())
def test_comparison_key_is_stable(text: str) -> None:
    key = comparison_key(text)
    assert key == comparison_key(text)
    assert "\n" not in key
