"""Quantities in sentences, and the ones that changed: on written sentences, and on real ones
from the shared corpora (read at run time; skipped where the corpora are absent)."""

from __future__ import annotations

import pytest
from conftest import CONFIG_DIR, CORPUS

from generator.analysis.describe import describe
from generator.analysis.diff import diff_texts
from generator.analysis.labels import scan
from generator.analysis.numbers import changed_quantities, quantities
from generator.analysis.taxonomy import load_taxonomy

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


# Quantities that changed in real histories: (service, terms type, from, to, expected).
REAL = [
    ("Match", "Privacy Policy", "2023-07-31T18-38-24Z", "2024-07-10T18-10-23Z",
     ("retention", "five years", "6 years")),
    ("Roblox", "Privacy Policy", "2025-11-28T06-18-46Z", "2026-05-18T12-49-36Z",
     ("age", "under 13 years old", "under 18 years old")),
    ("WeChat", "Privacy Policy", "2023-06-02T06-44-11Z", "2024-02-19T06-44-53Z",
     ("age", "under the age of 16", "under the age of 13")),
    ("WeChat", "Privacy Policy", "2026-07-28T13-05-21Z", "2026-08-06T13-06-32Z",
     ("retention", "7 days", "3 months")),
]  # fmt: skip


@pytest.mark.corpus
@pytest.mark.parametrize(("service", "terms", "old", "new", "expected"), REAL)
def test_real_quantities_that_changed(
    service: str, terms: str, old: str, new: str, expected: tuple[str, str, str]
) -> None:
    folder = WIDE / service / terms
    if not folder.is_dir():
        pytest.skip(f"corpus not found at {folder} (read-only Open Terms Archive histories)")
    taxonomy, _ = load_taxonomy(CONFIG_DIR / "taxonomy.yml")
    before, after = ((folder / f"{s}.md").read_text(encoding="utf-8") for s in (old, new))
    facts = describe(diff_texts(before, after), scan(taxonomy, before), scan(taxonomy, after))
    found = [(n.topic, n.before, n.after) for n in facts.numbers]
    assert expected in found
    number = next(n for n in facts.numbers if (n.topic, n.before, n.after) == expected)
    assert expected[2] in number.sentence  # the new sentence, where the new value stands
    assert number.block is not None  # and its place in the diff
