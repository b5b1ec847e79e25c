from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_markdown import documents

from generator.analysis import blocks as blocks_module
from generator.analysis.blocks import Block, split_blocks
from generator.analysis.normalise import normalise_whitespace, words


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.key) for b in split_blocks(text)]


@given(st.one_of(st.text(), documents()))
def test_blocks_concatenate_to_the_document(text: str) -> None:
    blocks = split_blocks(text)
    assert "".join(b.text for b in blocks) == text
    assert all(b.key == normalise_whitespace(b.text) for b in blocks)


@given(st.one_of(st.text(), documents()))
def test_blocks_start_where_words_start(text: str) -> None:
    # Block boundaries fall between tokens, so words counted per block add up to the whole.
    assert sum(len(words(b.text)) for b in split_blocks(text)) == len(words(text))


# Texts cut where sections start (a word, a heading, bold text or a link after a blank line),
# around fences, lists, quotes, tables and indented code that a cut in the wrong place breaks.
SECTIONED = st.lists(
    st.tuples(
        documents(),
        st.sampled_from(["Words", "# Heading", "**Bold** words", "[Link](https://a.example)"]),
    ),
    max_size=6,
).map(lambda parts: "".join(f"{doc}\n\n{start}\n" for doc, start in parts))


@settings(max_examples=300)
@given(st.one_of(st.text(), documents(), SECTIONED))
def test_a_text_split_section_by_section_has_the_blocks_of_the_whole_text(text: str) -> None:
    assert split_blocks(text) == list(blocks_module._split_whole(text))


def test_a_new_version_is_split_only_where_it_is_new() -> None:
    sections = [f"## Part {n}\n\nWe keep logs for {n} days.\n\n* one\n* two\n" for n in range(40)]
    split_blocks("\n".join(sections))
    before = blocks_module._section_blocks.cache_info()
    sections[21] = "## Part 21\n\nWe keep logs for a year.\n\n* one\n* two\n"
    assert split_blocks("\n".join(sections)) == list(
        blocks_module._split_whole("\n".join(sections))
    )
    # The changed paragraph's section (with the list that follows it) is the one split again.
    assert blocks_module._section_blocks.cache_info().misses - before.misses == 1


def test_a_fenced_block_holding_section_starts_is_one_block() -> None:
    text = "Intro.\n\n```\ncode\n\nWords at the margin\n\n# not a heading\n```\n\nAfter.\n"
    assert [b.kind for b in split_blocks(text)] == ["paragraph", "code", "paragraph"]


def test_empty_and_blank_documents() -> None:
    assert split_blocks("") == []
    assert [b.kind for b in split_blocks("\n \n")] == ["blank"]


def test_headings_keep_their_level() -> None:
    blocks = split_blocks("Policy\n======\n\n## Data\n\nWhat\n----\n\ntext\n")
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 1),
        ("heading", 2),
        ("heading", 2),
        ("paragraph", 0),
    ]


def test_each_list_item_is_a_block_nested_ones_too() -> None:
    text = "* one\n* two\n  continued\n    * nested\n* three\n"
    blocks = split_blocks(text)
    assert [(b.kind, b.indent) for b in blocks] == [
        ("list_item", 0),
        ("list_item", 0),
        ("list_item", 4),
        ("list_item", 0),
    ]
    assert blocks[1].text == "* two\n  continued\n"


def test_paragraphs_inside_a_list_item_stay_in_the_list() -> None:
    text = "*   Section\n    -------\n    \n    First part.\n\n    Second part.\n\nAfter.\n"
    assert [(b.kind, b.indent) for b in split_blocks(text)] == [
        ("list_item", 0),
        ("paragraph", 4),
        ("paragraph", 4),
        ("paragraph", 0),
    ]


def test_a_list_needs_a_blank_line_after_a_paragraph() -> None:
    # As Python-Markdown reads it (the engine snapshots are rendered with).
    assert kinds("Intro\n* not an item\n") == [("paragraph", "Intro * not an item")]


def test_table_rows_are_blocks_that_know_their_head() -> None:
    text = "Intro\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n\nAfter\n"
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == [
        "paragraph",
        "table_head",
        "table_row",
        "table_row",
        "paragraph",
    ]
    assert blocks[3].context == "| A | B |\n| --- | --- |\n"
    assert blocks[3].text == "| 3 | 4 |\n\n"


def test_code_quotes_and_rules() -> None:
    text = "```\nx = 1\n\ny = 2\n```\n\n> quoted\nlazy\n\n* * *\n\n    indented code\n"
    assert [b.kind for b in split_blocks(text)] == ["code", "quote", "rule", "code"]


def test_plain_text_splits_on_blank_lines() -> None:
    text = "PRIVACY POLICY\nLast updated 2012\n\nWe collect data.\nWe share data.\n\n\nEnd."
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "paragraph"]
    assert [b.key for b in blocks] == [
        "PRIVACY POLICY Last updated 2012",
        "We collect data. We share data.",
        "End.",
    ]


def test_leading_blank_lines_belong_to_the_first_block() -> None:
    assert split_blocks("\n\nText\n")[0] == Block("paragraph", "\n\nText\n", "Text")
