"""What a change does, in words: key sentences, numbers and the automatic summary, from the
walk as the site gets them (written policies, the repository's taxonomy)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR, write_snapshot

from generator.analysis.analyse import analyse_document
from generator.analysis.changes import Kind, NumberChange, Section
from generator.analysis.describe import describe
from generator.analysis.diff import diff_texts
from generator.analysis.labels import scan
from generator.analysis.summary import MAX_CHARS, auto_summary, number_phrase, section_phrase
from generator.analysis.taxonomy import Taxonomy, load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive

if TYPE_CHECKING:
    from pathlib import Path

    from generator.analysis.changes import Change

POLICY = """# Chirp Privacy Policy

Chirp is a place to share short posts with the people who follow you.

## Information we collect

We collect your name, your email address and the posts you write.

## How we share information

We share information with service providers who host our servers.

We do not sell your personal information to anyone.

## How long we keep information

We keep your search history for 12 months, then delete it.

## Contact us

Write to privacy@chirp.example with any question about this policy.
"""


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    found, problems = load_taxonomy(CONFIG_DIR / "taxonomy.yml")
    assert not problems
    return found


def changes_of(tmp_path: Path, taxonomy: Taxonomy, *texts: str, **front: object) -> list[Change]:
    content = tmp_path / "content"
    for n, text in enumerate(texts, start=1):
        write_snapshot(content, "chirp", "privacy-policy", f"2023-0{n}-01", text, **front)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(content, types, LoadOptions(provenance=False))
    (document,) = archive.documents()
    return analyse_document(document, taxonomy)


def test_a_flip_and_a_longer_retention_make_the_summary(tmp_path: Path, taxonomy: Taxonomy) -> None:
    new = POLICY.replace(
        "We do not sell your personal information to anyone.",
        "We may sell your personal information to advertising partners.",
    ).replace("for 12 months", "for 18 months")
    _, change = changes_of(tmp_path, taxonomy, POLICY, new)
    assert change.kind is Kind.SUBSTANTIVE
    assert [s.path for s in change.sections] == [
        ("How we share information",),
        ("How long we keep information",),
    ]
    assert [(n.topic, n.before, n.after) for n in change.numbers] == [
        ("retention", "12 months", "18 months")
    ]
    keys = {k.text: k for k in change.key_sentences}
    sold = keys["We may sell your personal information to advertising partners."]
    assert sold.change == "rewritten" and "flip" in sold.reasons and "category" in sold.reasons
    assert sold.before == "We do not sell your personal information to anyone."
    kept = keys["We keep your search history for 18 months, then delete it."]
    assert "number" in kept.reasons
    assert all(k.block is not None for k in change.key_sentences)
    summary = change.auto_summary
    assert summary is not None
    assert summary.startswith("Edits \u201cHow we share information\u201d (+")
    assert "retention 12 \N{RIGHTWARDS ARROW} 18 months" in summary
    assert "\u201cdo not sell\u201d \N{RIGHTWARDS ARROW} \u201cmay sell\u201d" in summary


def test_a_new_section_a_new_term_and_categories_added(tmp_path: Path, taxonomy: Taxonomy) -> None:
    new = POLICY.replace(
        "## Contact us",
        "## Face filters\n\nWhen you use a face filter, we create a face template of your "
        "face geometry (\u201cFace Data\u201d) and keep it on your device.\n\n## Contact us",
    )
    _, change = changes_of(tmp_path, taxonomy, POLICY, new)
    assert "biometric" in change.categories_added
    (section,) = change.sections
    assert (section.path, section.change, section.words_removed) == (("Face filters",), "new", 0)
    (key,) = change.key_sentences
    assert key.change == "added" and {"category", "defined term"} <= set(key.reasons)
    assert change.auto_summary is not None
    assert change.auto_summary.startswith("Adds the section \u201cFace filters\u201d (+")
    assert "adds Biometric data" in change.auto_summary


def test_headings_alone_are_never_key_sentences(tmp_path: Path, taxonomy: Taxonomy) -> None:
    new = POLICY.replace("## Contact us", "## Contact the Chirp privacy team by post or email")
    _, change = changes_of(tmp_path, taxonomy, POLICY, new)
    assert change.sections and not change.key_sentences
    assert change.auto_summary is not None and "Contact the Chirp privacy team" in (
        change.auto_summary
    )


def test_noise_has_no_facts_and_a_human_summary_is_kept_apart(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    rewrapped = POLICY.replace("with the people", "with the\npeople")
    edited = POLICY.replace("your name,", "your name, your phone number,")
    changes = changes_of(tmp_path, taxonomy, POLICY, rewrapped, edited, summary="Adds phones")
    first, formatting, edit = changes
    assert formatting.kind is Kind.FORMATTING
    assert (formatting.sections, formatting.auto_summary, formatting.key_sentences) == (
        (),
        None,
        (),
    )
    assert first.auto_summary is not None and first.auto_summary.startswith(
        "First recorded version: "
    )
    assert "4 sections" in first.auto_summary  # the title is not a section
    # A human summary is the page's headline; the automatic one is still written, for the
    # export, from the facts alone.
    assert edit.summary == "Adds phones"
    assert edit.auto_summary == "Adds to \u201cInformation we collect\u201d (+3 words)"


def test_an_announced_version_is_described_against_the_text_in_force(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    upcoming = POLICY.replace("12 months", "24 months").replace(
        "# Chirp Privacy Policy", "# Chirp Privacy Policy (effective March 1, 2024)"
    )
    current = POLICY.replace("# Chirp Privacy Policy", "# Chirp Privacy Policy (in force)")
    both = upcoming + "\n" + current
    changes = changes_of(tmp_path, taxonomy, POLICY, both, upcoming)
    announcing, in_effect = changes[1], changes[2]
    assert announcing.announces == "2024-03-01"
    summary = announcing.auto_summary
    assert summary is not None
    assert summary.startswith("Announces a new version effective 2024-03-01: ")
    assert "retention 12 \N{RIGHTWARDS ARROW} 24 months" in summary
    # The page shows the announced text against the one in force: the sections link into it.
    assert announcing.sections and all(s.block is not None for s in announcing.sections)
    assert in_effect.announced_in == "2023-02-01"
    assert in_effect.auto_summary is not None
    assert in_effect.auto_summary.startswith("The version announced on 2023-02-01 takes effect")


def test_the_summary_stays_short_and_counts_what_it_does_not_name() -> None:
    sections = tuple(
        Section((f"Section number {k} with a long name about data practices",), 10 + k, 5)
        for k in range(12)
    )
    numbers = tuple(
        NumberChange("retention", f"{k} months", f"{k + 6} months", "…") for k in range(1, 5)
    )
    change = _change(sections=sections, numbers=numbers)
    line = auto_summary(change, {})
    assert line is not None and len(line) <= MAX_CHARS
    assert " more sections" in line
    assert line.count("\N{RIGHTWARDS ARROW}") >= 1


def test_phrases() -> None:
    assert section_phrase(Section(("Partners",), 120, 30, size=200)) == (
        "rewrites \u201cPartners\u201d (+120 \N{MINUS SIGN}30 words)"
    )
    assert section_phrase(Section(("Partners",), 3, 1, size=200)) == (
        "edits \u201cPartners\u201d (+3 \N{MINUS SIGN}1 words)"
    )
    assert section_phrase(Section((), 0, 0, headed=False)) == (
        "changes only links or formatting in the text"
    )
    assert section_phrase(Section(("Terms",), 2, 2, change="typography")) == (
        "changes only typography (quotes, dashes, emphasis) in \u201cTerms\u201d"
    )
    assert section_phrase(Section(("Recent posts",), 3, 3, change="times")) == (
        "updates only relative times (\u201c\u2026 ago\u201d) in \u201cRecent posts\u201d"
    )
    long = Section(("How we share information", "x" * 90), 1, 0)
    assert len(section_phrase(long)) < 80
    arrow = "\N{RIGHTWARDS ARROW}"
    assert number_phrase(NumberChange("age", "13 years old", "16 years old", "")) == (
        f"age 13 {arrow} 16 years old"
    )
    assert number_phrase(NumberChange("policy date", "May 1, 2023", "June 1, 2023", "")) == (
        f"policy date May 1, 2023 {arrow} June 1, 2023"
    )


def test_describe_finds_nothing_in_equal_texts(taxonomy: Taxonomy) -> None:
    facts = describe(diff_texts(POLICY, POLICY), scan(taxonomy, POLICY), scan(taxonomy, POLICY))
    assert (facts.sections, facts.key_sentences, facts.numbers) == ((), (), ())


def _change(**fields: object) -> Change:
    from generator.analysis.changes import Change, TextMetrics

    base = Change(
        "x", "privacy-policy", "2023-01-01", "2023-02-01", Kind.EDITORIAL, TextMetrics(10, 0.1)
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_after_a_failed_capture_the_summary_says_what_it_compares_with(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    extra = "".join(
        f"\n## Part {n}\n\nWe explain part {n} of how Chirp handles your information here.\n"
        for n in range(12)
    )
    full = POLICY + extra
    failed = "# Sorry\n\nPage not found.\n"
    edited = full.replace("for 12 months", "for 6 months")
    _, capture, after = changes_of(tmp_path, taxonomy, full, failed, edited)
    assert capture.kind is Kind.TECHNICAL and capture.auto_summary is None
    assert after.compared_with == "2023-01-01"
    assert [s.path for s in after.sections] == [("How long we keep information",)]
    assert after.auto_summary is not None
    assert "retention 12 \N{RIGHTWARDS ARROW} 6 months" in after.auto_summary
    assert after.auto_summary.endswith("compared with 2023-01-01, before a failed capture")
