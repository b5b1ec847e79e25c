"""The sections a change touches: heading paths, words per section, order, anchors."""

from __future__ import annotations

from generator.analysis.blocks import split_blocks
from generator.analysis.changes import NO_HEADING, OPENING_TEXT, SECTION_SEPARATOR
from generator.analysis.diff import diff_texts
from generator.analysis.sections import (
    changed_sections,
    document_sections,
    heading_name,
    is_furniture,
    outline,
)

POLICY = """# Chirp Privacy Policy

Chirp is a place to share short posts.

## Information we collect

We collect your name and email address.

## How we share information

We share information with service providers.

### Partners

We share aggregated statistics with partners.

### Law enforcement

We answer valid legal requests.

## Related articles

- [Cookies](https://chirp.example/cookies)
"""


def test_paths_leave_the_title_out_and_nest_by_level() -> None:
    found = outline(split_blocks(POLICY))
    assert found.headed
    named = set(found.paths)
    assert ("How we share information", "Partners") in named
    assert ("Chirp Privacy Policy",) in named  # the title block itself
    assert ("Chirp Privacy Policy", "Information we collect") not in named
    assert () in named  # the opening text, under the title only


def test_changed_sections_are_ordered_by_words_changed_with_anchors() -> None:
    new = POLICY.replace(
        "We share aggregated statistics with partners.",
        "We share your contact details and device identifiers with advertising partners, "
        "who may combine them with other data.",
    ).replace("We answer valid legal requests.", "We answer legal requests.")
    diff = diff_texts(POLICY, new)
    sections, places = changed_sections(diff)
    assert [s.path for s in sections] == [
        ("How we share information", "Partners"),
        ("How we share information", "Law enforcement"),
    ]
    partners = sections[0]
    assert partners.words_added > partners.words_removed > 0
    assert partners.name == f"How we share information{SECTION_SEPARATOR}Partners"
    assert partners.block is not None
    assert diff.blocks[partners.block].op == "replace"
    assert "advertising partners" in diff.blocks[partners.block].new_text
    assert places.paths[partners.block] == partners.path


def test_a_removed_section_keeps_its_old_name_and_a_new_one_is_new() -> None:
    gone = POLICY.replace("### Law enforcement\n\nWe answer valid legal requests.\n\n", "")
    sections, _ = changed_sections(diff_texts(POLICY, gone))
    assert [(s.path[-1], s.change, s.words_added) for s in sections] == [
        ("Law enforcement", "gone", 0)
    ]
    added = POLICY.replace(
        "## Related articles",
        "## Data retention\n\nWe keep your posts until you delete them.\n\n## Related articles",
    )
    (section,), _ = changed_sections(diff_texts(POLICY, added))
    assert (section.path, section.change, section.words_removed) == (("Data retention",), "new", 0)


def test_page_furniture_is_flagged_and_comes_last() -> None:
    new = POLICY.replace(
        "- [Cookies](https://chirp.example/cookies)",
        "- [Cookies](https://chirp.example/cookies)\n- [Ads](https://chirp.example/ads)",
    ).replace("email address.", "email address and phone number.")
    sections, _ = changed_sections(diff_texts(POLICY, new))
    assert [(s.path, s.furniture) for s in sections] == [
        (("Information we collect",), False),
        (("Related articles",), True),
    ]
    assert is_furniture("Was this article helpful?") and is_furniture("Table of Contents")
    assert not is_furniture("Information we share")
    assert not is_furniture("Related privacy practices")  # a section of a real policy


def test_bold_lines_act_as_numbered_headings() -> None:
    text = (
        "**Terms of Service**\n\nIntro.\n\n**1\\. Definitions**\n\nWords mean things.\n\n"
        "**2\\. Your data**\n\nWe use it.\n\n**2.1 Data you give us**\n\nYour name.\n"
    )
    new = text.replace("Your name.", "Your name and age.")
    (section,), _ = changed_sections(diff_texts(text, new))
    assert section.path == ("2. Your data", "2.1 Data you give us")


def test_plain_text_without_headings_uses_short_lines_or_says_no_heading() -> None:
    plain = (
        "Privacy Policy\n\nWe respect you.\n\nInformation we collect\n\nWe collect "
        "your name.\n\nLast updated: May 2023\n\nThank you.\n"
    )
    changed = plain.replace("your name.", "your name and address.")
    (section,), _ = changed_sections(diff_texts(plain, changed))
    assert section.path == ("Information we collect",)
    flat = "We respect you. We collect your name.\n\nWe never sell it.\n"
    (section,), _ = changed_sections(diff_texts(flat, flat.replace("never", "rarely")))
    assert (section.path, section.headed, section.name) == ((), False, NO_HEADING)
    head = "# Policy\n\nIntro text here.\n\n## Scope\n\nAll of it.\n"
    (section,), _ = changed_sections(diff_texts(head, head.replace("Intro text", "Opening")))
    assert (section.path, section.name) == ((), OPENING_TEXT)


def test_giant_headings_are_cut_and_markup_goes() -> None:
    long = "## " + "very " * 40 + "long heading\n"
    assert len(heading_name(long)) <= 81 and heading_name(long).endswith("…")
    assert heading_name("### How we share **your** [data](https://x.example) ##") == (
        "How we share your data"
    )
    assert heading_name("**3\\. CHOICES:**") == "3. CHOICES"


def test_a_first_version_lists_its_top_sections_longest_first() -> None:
    blocks = split_blocks(POLICY)
    sections = document_sections(blocks, [len(b.text.split()) for b in blocks])
    assert sections[0].path == ("How we share information",)
    assert {s.path for s in sections} >= {("Information we collect",), ("Related articles",)}
    assert all(s.block is None and s.change == "new" for s in sections)


def test_a_live_list_whose_times_move_is_said_to_change_only_times() -> None:
    old = (
        "# Help\n\nRecent questions:\n\n- Where are my posts?\n    - 7 hours ago\n\n"
        "## Privacy\n\nWe keep posts for a year.\n"
    )
    new = old.replace("7 hours ago", "1 day ago")
    (section,), places = changed_sections(diff_texts(old, new))
    assert section.change == "times" and places.trivial
    edited = new.replace("for a year", "for two years")
    sections, _ = changed_sections(diff_texts(old, edited))
    assert [s.change for s in sections] == ["edit", "times"]  # the real edit first
    assert sections[0].path == ("Privacy",)


def test_moved_text_and_new_quotes_are_told_apart_from_edits() -> None:
    old = (
        "# Terms\n\n## Accounts\n\nYou keep your password safe.\n\nLog in\n\n"
        "## Content\n\nYou own what you post. We don't claim it.\n"
    )
    moved = old.replace("Log in\n\n", "") + "\nLog in\n"
    sections, places = changed_sections(diff_texts(old, moved))
    assert [s.change for s in sections] == ["moved", "moved"] and places.trivial
    curly = old.replace("don't", "don\u2019t")
    (section,), _ = changed_sections(diff_texts(old, curly))
    assert section.change == "typography" and section.words_added == 1
    both = curly.replace("safe.", "safe and secret.")
    sections, _ = changed_sections(diff_texts(old, both))
    assert [(s.path, s.change) for s in sections] == [
        (("Accounts",), "edit"),
        (("Content",), "typography"),
    ]
