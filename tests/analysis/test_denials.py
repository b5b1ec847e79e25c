"""Denials: "we do not collect biometric data" names a category without stating it, and a
text that turns such a denial into a statement gains the category. Sentences written for these
tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR

from generator.analysis.diff import diff_texts
from generator.analysis.labels import change_labels, scan
from generator.analysis.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("We do not collect biometric data.", "biometric"),
        ("Biometric information is not collected through the app.", "biometric"),
        ("We don't collect precise geolocation from your device.", "precise-location"),
        (
            "We do not request access to or collect location information, such as GPS, from "
            "your device.",
            "precise-location",
        ),
        ("We do not collect or store credit card numbers.", "financial"),
        (
            "This information does not include billing information or other payment details.",
            "financial",
        ),
        (
            "We do not share or sell visitor data for the purposes of advertising, marketing or "
            "any other commercial purpose.",
            "advertising",
        ),
        (
            "Acme does not monetize data or use the content customers upload for advertising "
            "purposes.",
            "advertising",
        ),
        ("We don't use your data for ad targeting, and we don't sell it.", "advertising"),
    ],
)
def test_a_denial_names_a_category_without_stating_it(
    taxonomy: Taxonomy, sentence: str, category: str
) -> None:
    found = scan(taxonomy, sentence)
    assert category in {hit.category for hit in found.hits}  # the words are there
    assert category not in found.ids
    assert category not in found.named
    assert category not in taxonomy.mentions(sentence)


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        # Statements of practice.
        ("We may collect your precise location when you use the map.", "precise-location"),
        ("We use your data to show you personalised ads.", "advertising"),
        # A condition or an exception: the practice happens when it holds.
        (
            "We do not collect precise location unless you turn on Location Services.",
            "precise-location",
        ),
        ("We will not collect biometric data without your consent.", "biometric"),
        ("We don't show you personalised ads based on sensitive categories.", "advertising"),
        ("We do not show personalised ads to users under the age of 18.", "advertising"),
        ("We will never ask for your credit card number in an unsolicited email.", "financial"),
        # The reader, not the platform, is the one who does not act.
        ("If you do not want personalised ads, you can turn them off.", "advertising"),
        ("Please let us know if you do not want us to keep your health data.", "health"),
        # Not denied: "not only", "not limited to", "though not always".
        (
            "We collect many kinds of data, including but not limited to GPS coordinates.",
            "precise-location",
        ),
        (
            "Typically, though not always, cookies collect information such as your precise "
            "geolocation.",
            "precise-location",
        ),
        # Another verb than one of holding the data: the platform has it.
        ("We do not share your biometric data with advertisers.", "biometric"),
        # A denial that counts as a statement for its category: "not sold" is what readers of
        # sale-of-data look for, so is data kept out of AI training, what a policy says of
        # sensitive data, and a minimum age, a rule on children.
        ("We do not sell your personal information.", "sale-of-data"),
        ("Your private data is not used to train our AI models.", "ai-training"),
        ("We do not collect or process sensitive personal information.", "health"),
        ("We do not knowingly collect information from children under 13.", "children"),
    ],
)
def test_a_practice_stated_on_a_condition_or_by_others_is_no_denial(
    taxonomy: Taxonomy, sentence: str, category: str
) -> None:
    assert category in scan(taxonomy, sentence).ids


def test_a_denial_turned_into_a_statement_adds_the_category(taxonomy: Taxonomy) -> None:
    old = "We do not collect biometric data.\n\nWe keep your name."
    new = "We collect biometric data such as face geometry.\n\nWe keep your name."
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff_texts(old, new))
    assert labels.added == ("biometric",)
    # The flip quotes the verb of the new side too, not the category's word alone.
    assert [(f.category, f.before, f.after) for f in labels.flips] == [
        ("biometric", "do not collect biometric", "collect biometric")
    ]
    assert labels.quotes is not None
    assert labels.quotes["biometric"][0].text.startswith("We collect biometric data")
    # And back: the statement removed.
    labels = change_labels(taxonomy, scan(taxonomy, new), scan(taxonomy, old), diff_texts(new, old))
    assert labels.removed == ("biometric",)


def test_a_new_denial_touches_the_category_without_adding_it(taxonomy: Taxonomy) -> None:
    old = "We keep your name."
    new = "We keep your name.\n\nWe do not use your data for targeted advertising."
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff_texts(old, new))
    assert labels.added == ()
    assert labels.touched == ("advertising",)
    assert labels.quotes is not None
    assert labels.quotes["advertising"][0].text == new.split("\n\n")[1]


def test_a_text_that_states_and_denies_is_quoted_by_its_statement(taxonomy: Taxonomy) -> None:
    text = (
        "We do not use your messages for targeted advertising. We use your activity to show "
        "you personalised ads."
    )
    assert taxonomy.mentions(text)["advertising"] == (
        "We use your activity to show you personalised ads.",
        "We do not use your messages for targeted advertising.",
    )


def test_a_site_owner_lists_the_verbs_that_deny_a_category(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yml"
    entry = "categories:\n  - id: pets\n    label: Pets\n    description: Pet names.\n"
    path.write_text(entry + "    phrases: [pet name]\n    denied: [ask*]\n", encoding="utf-8")
    taxonomy, problems = load_taxonomy(path)
    assert problems == []
    assert "pets" not in taxonomy.mentions("We never ask for your pet name.")
    assert "pets" in taxonomy.mentions("We may ask for your pet name.")
    # Without `denied`, a denial states the category.
    path.write_text(entry + "    phrases: [pet name]\n", encoding="utf-8")
    assert "pets" in load_taxonomy(path)[0].mentions("We never ask for your pet name.")
    # A verb must be words: a phrase or a pattern is refused, with the entry's line.
    path.write_text(entry + "    phrases: [pet name]\n    denied: ['(ask|tell)']\n", "utf-8")
    _, problems = load_taxonomy(path)
    assert [(p.line, "`denied` lists verbs" in p.message) for p in problems] == [(2, True)]
