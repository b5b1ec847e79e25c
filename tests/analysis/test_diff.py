from __future__ import annotations

import itertools

import pytest
from conftest import corpus_document
from hypothesis import given, settings
from strategies_markdown import documents, edited_pairs, rewrapped

from generator.analysis import diff as diff_module
from generator.analysis.diff import Diff, diff_texts
from generator.analysis.normalise import normalise_whitespace, words

PROSE = (
    "We collect the information you give us when you create an account, such as your name, "
    "e-mail address and date of birth. We use it to provide and improve our services."
)


def ops(diff: Diff) -> list[str]:
    return [c.op for c in diff.blocks]


def check_accounts_for_everything(diff: Diff, old: str, new: str) -> None:
    assert diff.old_text() == old
    assert diff.new_text() == new
    for change in diff.blocks:
        if change.op == "replace":
            assert "".join(s.text for s in change.segments if s.op != "insert") == change.old_text
            assert "".join(s.text for s in change.segments if s.op != "delete") == change.new_text
        else:
            assert change.segments == ()
        if change.op == "equal":
            assert change.old is not None and change.new is not None
            assert change.old.key == change.new.key
    # Every word is kept, added or removed: the counts balance, block by block.
    for change in diff.blocks:
        old_words, new_words = len(words(change.old_text)), len(words(change.new_text))
        if change.op == "equal":
            # Equal up to whitespace; re-wrapping can only turn "1." at a line start into a
            # list marker (not a word) or back.
            assert (change.words_added, change.words_removed) == (0, 0)
            if change.old_text == change.new_text:
                assert old_words == new_words
        else:
            assert old_words - change.words_removed == new_words - change.words_added >= 0
    assert diff.words_added == sum(c.words_added for c in diff.blocks)
    assert diff.words_removed == sum(c.words_removed for c in diff.blocks)


@settings(max_examples=300, deadline=None)
@given(edited_pairs())
def test_diff_reconstructs_both_texts_and_accounts_for_every_word(pair: tuple[str, str]) -> None:
    old, new = pair
    diff = diff_texts(old, new)
    check_accounts_for_everything(diff, old, new)
    assert diff.changed == (normalise_whitespace(old) != normalise_whitespace(new))


@given(documents())
def test_unchanged_text_is_all_equal(text: str) -> None:
    diff = diff_texts(text, text)
    assert not diff.changed
    assert set(ops(diff)) <= {"equal"}
    assert diff.new_text() == text
    assert (diff.words_added, diff.words_removed) == (0, 0)
    assert diff.inserted_text() == diff.deleted_text() == ""


def test_rewrapping_and_blank_lines_are_not_changes() -> None:
    old = f"# Data\n\n{PROSE}\n\n* one\n* two\n"
    new = f"\n# Data\n\n\n{rewrapped(PROSE, 30)}  \n\n*   one\n*   two"
    diff = diff_texts(old, new)
    assert not diff.changed
    check_accounts_for_everything(diff, old, new)


def test_a_paragraph_split_in_two_is_not_a_change() -> None:
    old = "Intro.\n\nFirst sentence. Second sentence.\n\nEnd.\n"
    new = "Intro.\n\nFirst sentence.\n\nSecond sentence.\n\nEnd.\n"
    assert not diff_texts(old, new).changed


def test_one_changed_word_is_one_replaced_block() -> None:
    old = f"# Data\n\n{PROSE}\n\nEnd.\n"
    new = old.replace("improve our", "train our")
    diff = diff_texts(old, new)
    assert ops(diff) == ["equal", "replace", "equal"]
    change = diff.blocks[1]
    assert [(s.op, s.text.strip()) for s in change.segments if s.op != "equal"] == [
        ("delete", "improve"),
        ("insert", "train"),
    ]
    assert (diff.words_added, diff.words_removed) == (1, 1)
    assert diff.inserted_text() == "train"
    assert diff.deleted_text() == "improve"
    assert diff.changed_blocks() == (change,)


def test_an_inserted_paragraph_next_to_an_edited_one_is_not_paired_with_it() -> None:
    moved_in = "Biometric information such as faceprints may be used to verify your identity."
    old = f"Intro.\n\n{PROSE}\n\nEnd.\n"
    new = f"Intro.\n\n{moved_in}\n\n{PROSE.replace('date of birth', 'phone number')}\n\nEnd.\n"
    diff = diff_texts(old, new)
    assert ops(diff) == ["equal", "insert", "replace", "equal"]
    assert diff.blocks[1].new_text.startswith("Biometric")
    assert "phone number" in diff.blocks[2].inserted_text()
    assert diff.words_removed == 3  # "date of birth"


def test_unrelated_replacement_is_a_deletion_and_an_insertion() -> None:
    old = "Intro.\n\nWe never sell your personal information to anyone.\n\nEnd.\n"
    new = "Intro.\n\nCookies help us remember preferences across visits.\n\nEnd.\n"
    assert ops(diff_texts(old, new)) == ["equal", "delete", "insert", "equal"]


def test_a_rewritten_sentence_reads_as_one_rewrite_not_confetti() -> None:
    old = (
        "We may share your personal information with our advertising partners and our "
        "affiliates for marketing.\n"
    )
    new = (
        "We do not share the personal information of our users with advertising partners, "
        "and we only let affiliates use it for security.\n"
    )
    (change,) = diff_texts(old, new).blocks
    assert change.op == "replace"
    assert [s.op for s in change.segments] == ["equal", "delete", "insert", "equal"]
    assert change.segments[0].text == "We "


def test_a_long_kept_stretch_between_changes_stays_kept() -> None:
    old = "You can delete your account at any time from the settings page.\n"
    new = "You can ask us to delete your account at any time by writing to our team.\n"
    (change,) = diff_texts(old, new).blocks
    kept = [s.text for s in change.segments if s.op == "equal"]
    assert kept == ["You can ", "delete your account at any time ", ".\n"]


def test_a_new_list_item_stays_with_its_list() -> None:
    old = "* one\n* two\n\nWe share data with partners for ads.\n"
    new = "* one\n* two\n* three\n\nCompletely different closing words here.\n"
    diff = diff_texts(old, new)
    assert [(c.op, (c.new or c.old).kind) for c in diff.blocks if c.op != "equal"] == [  # type: ignore[union-attr]
        ("insert", "list_item"),
        ("delete", "paragraph"),
        ("insert", "paragraph"),
    ]


def test_changed_blocks_give_old_and_new_text() -> None:
    old = "# Retention\n\nWe keep logs for 30 days.\n"
    new = "# Retention\n\nWe keep logs for 90 days.\n"
    (change,) = diff_texts(old, new).changed_blocks()
    assert change.old_text == "We keep logs for 30 days.\n"
    assert change.new_text == "We keep logs for 90 days.\n"


def test_empty_documents() -> None:
    assert not diff_texts("", "").changed
    assert not diff_texts("", "\n\n").changed
    diff = diff_texts("", "New text.")
    assert ops(diff) == ["insert"]
    assert diff.words_added == 2


def _corpus_pair(service: str, terms_type: str) -> tuple[str, str]:
    folder = corpus_document(service, terms_type)
    versions = sorted(folder.glob("*.md"))
    # The largest jump in size: the upcoming and the current policy on one page.
    texts = [v.read_text(encoding="utf-8") for v in versions]
    pairs = itertools.pairwise(texts)
    return max(pairs, key=lambda p: abs(len(p[0]) - len(p[1])))


@pytest.mark.corpus
def test_real_pair_where_the_policy_doubles() -> None:
    old, new = _corpus_pair("Instagram", "Privacy Policy")
    diff = diff_texts(old, new)  # its speed: benchmarks/bench_diff.py
    check_accounts_for_everything(diff, old, new)
    assert diff.changed
    # Most of the shorter version is found unchanged inside the longer one.
    shorter = min(old, new, key=len)
    kept = sum(len(c.new_text) for c in diff.blocks if c.op == "equal")
    assert kept > 0.8 * len(shorter)


def test_a_changed_run_that_comes_back_is_not_tokenised_again() -> None:
    """A long menu whose short items anchor nothing is one changed run at every capture."""
    menu = [f"* [Item {n}](https://a.example/{n}?t={{}})\n" for n in range(200)]
    captures = ["".join(item.format(token) for item in menu) for token in ("a", "b", "c")]
    first = diff_texts(captures[0], captures[1])
    before = diff_module._tokens.cache_info()
    again = diff_texts(captures[1], captures[2])
    after = diff_module._tokens.cache_info()
    # The second pair's old side is the first pair's new side: only its new side is new.
    assert after.misses - before.misses == len(menu)
    assert after.hits - before.hits == len(menu)
    assert (again.words_added, again.words_removed) == (first.words_added, first.words_removed)
    check_accounts_for_everything(again, captures[1], captures[2])
