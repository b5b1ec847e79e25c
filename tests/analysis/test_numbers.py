"""Quantities in sentences, and the ones that changed: on written sentences, and on real ones
from the shared corpora (read at run time; skipped where the corpora are absent)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, CORPUS

from generator.analysis.describe import describe
from generator.analysis.diff import diff_texts
from generator.analysis.labels import scan
from generator.analysis.numbers import changed_quantities, quantities
from generator.analysis.taxonomy import load_taxonomy
from generator.content.frontmatter import split_front_matter

WIDE = CORPUS.parent / "ota-wide"


def changed(before: str, after: str) -> list[tuple[str, str, str]]:
    return [(topic, a.text, b.text) for topic, a, b in changed_quantities(before, after)]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "We retain your search history for 12 months.",
            "We retain your search history for 18 months.",
            ("retention", "12 months", "18 months"),
        ),
        (
            "You must be at least 13 years old to create an account.",
            "You must be at least 16 years old to create an account.",
            ("age", "at least 13 years old", "at least 16 years old"),
        ),
        (
            "Children under the age of 13 may not use the app.",
            "Children under the age of 16 may not use the app.",
            ("age", "under the age of 13", "under the age of 16"),
        ),
        (
            "We will give you thirty (30) days notice before the change.",
            "We will give you 15 days notice before the change.",
            ("notice", "thirty (30) days", "15 days"),
        ),
        (
            "Last updated: January 1, 2023",
            "Last updated: June 5, 2024",
            ("policy date", "January 1, 2023", "June 5, 2024"),
        ),
        (
            "We work with 50 partners around the world.",
            "We work with 120 partners around the world.",
            ("partners", "50 partners", "120 partners"),
        ),
        (
            "The monthly fee is $10 for each seat.",
            "The monthly fee is $12.50 for each seat.",
            ("amount", "$10", "$12.50"),
        ),
        (
            "Logs are kept for a 30-day period, then deleted.",
            "Logs are kept for a 90-day period, then deleted.",
            ("retention", "30-day", "90-day"),
        ),
    ],
)
def test_a_changed_quantity_is_found_with_its_topic(
    before: str, after: str, expected: tuple[str, str, str]
) -> None:
    assert changed(before, after) == [expected]


def test_what_is_not_a_changed_quantity() -> None:
    # Same quantities, reworded; clause numbers and years alone; relative times.
    assert changed("We keep it for 30 days.", "We store it for 30 days only.") == []
    assert changed("Section 4 applies from 2023.", "Section 5 applies from 2024.") == []
    assert changed("Posted 5 days ago by Ann.", "Posted 6 days ago by Ann.") == []
    # An age needs a sentence about age: "under 13 percent" is not one.
    assert [q.kind for q in quantities("Fewer than under 13 items failed.")] == []


def test_a_quantity_kept_elsewhere_in_the_sentence_is_not_paired() -> None:
    before = "We keep logs for 90 days and delete backups within 30 days."
    after = "We keep logs for 180 days and delete backups within 30 days."
    assert changed(before, after) == [("retention", "90 days", "180 days")]


def _texts(folder: Path) -> list[str]:
    return [
        split_front_matter(p.read_text(encoding="utf-8")).body for p in sorted(folder.glob("*.md"))
    ]


def _corpus(root: Path, service: str, terms_type: str) -> Path:
    folder = root / service / terms_type
    if not folder.is_dir():
        pytest.skip(f"corpus not found at {folder} (read-only Open Terms Archive histories)")
    return folder


def _numbers_of_history(folder: Path) -> set[tuple[str, str, str]]:
    taxonomy, _ = load_taxonomy(CONFIG_DIR / "taxonomy.yml")
    found: set[tuple[str, str, str]] = set()
    for old, new in itertools.pairwise(_texts(folder)):
        if old == new:
            continue
        facts = describe(diff_texts(old, new), scan(taxonomy, old), scan(taxonomy, new))
        found.update((n.topic, n.before, n.after) for n in facts.numbers)
    return found
