from __future__ import annotations

from generator.analysis.changes import Change, Kind, TextMetrics
from generator.contrib.change_report import excerpts, facts


def change(**fields: object) -> Change:
    base: dict[str, object] = {
        "platform": "acme",
        "document": "privacy-policy",
        "from_stamp": "2024-01-01",
        "to_stamp": "2024-02-01",
        "kind": Kind.SUBSTANTIVE,
        "after": TextMetrics(words=2600, reading_minutes=10.4),
        "before": TextMetrics(words=2500, reading_minutes=10.0),
        "words_added": 1234,
        "words_removed": 56,
    }
    return Change(**{**base, **fields})  # type: ignore[arg-type]


def test_facts_of_a_change():
    rows = facts(change(categories_added=("biometric", "ai-training"), summary="Adds faceprints"))

    assert rows == [
        ("kind", "substantive"),
        ("compared with", "2024-01-01"),
        ("words", "+1,234 \N{MINUS SIGN}56"),
        ("reading time", "10 → 10.4 min"),
        ("categories added", "biometric, ai-training"),
        ("summary", "Adds faceprints"),
    ]


def test_facts_of_a_first_version_and_of_a_revert():
    first = facts(change(from_stamp=None, before=None, kind=Kind.FIRST))
    reverted = facts(change(kind=Kind.REVERTED, reverted_to="2023-06-01"))

    assert first == [
        ("kind", "first"),
        ("words", "2,600 (first version)"),
        ("reading time", "10.4 min"),
    ]
    assert ("same text as", "2023-06-01") in reverted


def test_excerpts_mark_edits_inserts_and_deletes():
    old = "# Policy\n\nWe keep data for 30 days.\n\nWe never sell data.\n"
    new = "# Policy\n\nWe keep data for 90 days.\n\nWe use data to train AI models.\n"

    found = [(e.op, e.text) for e in excerpts(old, new)]

    assert found == [
        ("~", "We keep data for [-30-]{+90+} days."),  # the edit, word by word
        ("-", "We never sell data."),  # nothing like it remains
        ("+", "We use data to train AI models."),  # nothing like it was there
    ]


def test_long_excerpts_are_cut_around_the_first_change():
    prefix = "Lorem ipsum dolor sit amet. " * 20
    old = prefix + "We keep data for 30 days. " + "More words follow here. " * 20
    new = prefix + "We keep data for 90 days. " + "More words follow here. " * 20

    (excerpt,) = excerpts(old, new)

    assert excerpt.text.startswith("…")
    assert "[-30-]{+90+}" in excerpt.text
    assert len(excerpt.text) <= 160
