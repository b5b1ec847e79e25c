"""The tenth round of category rules, from reading the evidence the category pages of a whole
imported collection show: headings set as paragraphs or run into their section in bold, and
words in another sense (the verb "warrant" of contracts, ownership "retained", rights under a
licence, third parties that receive no one's data, injury to health, export control). Sentences
written for these tests."""

from __future__ import annotations

import pytest
from conftest import CONFIG_DIR

from generator.analysis.labels import scan
from generator.analysis.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


def _stated(taxonomy: Taxonomy, text: str) -> dict[str, list[str]]:
    """Category id -> the sentences of `text` that state it."""
    found = scan(taxonomy, text)
    blanked = found.prose.blanked
    return {
        category: [blanked[h.sentence.start : h.sentence.end].strip() for h in hits]
        for category, hits in found.by_category.items()
    }


@pytest.mark.parametrize(
    ("text", "heading", "statement"),
    [
        # A run-in heading in bold, in a numbered list, then the section's first sentence.
        (
            "7. **Minors.** Our apps are not meant for anyone under the age of 13.\n",
            "Minors.",
            "Our apps are not meant for anyone under the age of 13.",
        ),
        # The full stop after the bold.
        (
            "3. **Cookies**. We place cookies to count visits to the shop.\n",
            "Cookies",
            "We place cookies to count visits to the shop.",
        ),
        # A heading set as a paragraph of its own, numbered by hand.
        (
            "**4\\. Data retention**\n\nWe retain order records for as long as the law requires.\n",
            "Data retention",
            "We retain order records for as long as the law requires.",
        ),
        # In sentence case, with "our".
        (
            "Changes to our privacy policy\n\nWe may update this policy and will post the new "
            "version here.\n",
            "Changes to our privacy policy",
            "We may update this policy and will post the new version here.",
        ),
    ],
)
def test_a_heading_set_as_text_is_not_the_evidence(
    taxonomy: Taxonomy, text: str, heading: str, statement: str
) -> None:
    stated = [s for sentences in _stated(taxonomy, text).values() for s in sentences]
    assert statement in " ".join(stated)
    assert not any(s.strip("*. ") == heading.strip("*. ") for s in stated)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # An inventory keeps its items, with or without bold, and a short statement of its
        # own stays one.
        ("We collect:\n\n* Biometric information\n* Payment card numbers\n", "biometric"),
        ("* **Precise location**: the GPS position of your phone.\n", "precise-location"),
        # A bullet's bold lead-in names an item of the inventory, whatever follows it.
        ("- **Cookies.** Small files that keep you signed in.\n", "tracking"),
        ("We share data with partners.\n", "third-party-sharing"),
    ],
)
def test_an_inventory_or_a_short_statement_still_counts(
    taxonomy: Taxonomy, text: str, category: str
) -> None:
    assert category in _stated(taxonomy, text)


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # The verb of contracts is not a warrant served.
        ("You represent and warrant that you are at least 18 years old.", "law-enforcement", False),
        (
            "The company does not warrant that the app will be free of bugs.",
            "law-enforcement",
            False,
        ),
        ("We hand over messages only when served with a valid warrant.", "law-enforcement", True),
        ("We may disclose account records in response to a warrant.", "law-enforcement", True),
        # Disclosure the law compels, of data; not tokens, nor "provided this is required".
        (
            "We may share your information when we are required to do so by law.",
            "law-enforcement",
            True,
        ),
        (
            "Gems cannot be traded for money, except where required by law.",
            "law-enforcement",
            False,
        ),
        ("Vouchers are non-transferable unless required by law.", "law-enforcement", False),
        (
            "We will tell you about it separately, provided this is required by law.",
            "law-enforcement",
            False,
        ),
        # Ownership, copyright, credits and secrets retained are not data kept.
        ("You retain copyright in the photos you upload.", "retention", False),
        ("You retain all of your ownership rights in your posts.", "retention", False),
        (
            "All rights not granted here are reserved and retained by the publisher.",
            "retention",
            False,
        ),
        ("We may retain your unused credits when the plan ends.", "retention", False),
        ("We retain chat logs for 90 days.", "retention", True),
        # Rights under a contract or a licence, and the company's own right to delete.
        ("Your rights under this Agreement end if you break its terms.", "user-rights", False),
        ("You may not assign any of your rights to another person.", "user-rights", False),
        ("We grant you a personal right to access and use the website.", "user-rights", False),
        ("We reserve the right to delete accounts that post spam.", "user-rights", False),
        ("Do not post content that infringes privacy rights of others.", "user-rights", False),
        ("You have the right to delete your personal data at any time.", "user-rights", True),
        # Third parties that receive no one's data: links, licensors, a password kept.
        (
            "We may provide links to third-party web sites for your convenience.",
            "third-party-sharing",
            False,
        ),
        ("Parts of the game are provided by third party licensors.", "third-party-sharing", False),
        ("Do not share your password with third parties.", "third-party-sharing", False),
        ("We share your email address with delivery partners.", "third-party-sharing", True),
        ("We may disclose information about you to our affiliates.", "third-party-sharing", True),
        # Health in a liability clause, a restaurant's score; export control.
        ("Liability for injury to life, body or health is not excluded.", "health", False),
        ("Restaurants may show their health score on the page.", "health", False),
        ("We process health data only with your consent.", "health", True),
        (
            "You shall not export, reexport or transfer the software to other countries.",
            "international-transfers",
            False,
        ),
        ("We may transfer your data to other countries.", "international-transfers", True),
        # Content rules about minors; a chart of what is not collected; browser fingerprints.
        ("Do not post material that exploits minors.", "children", False),
        ("Biometric information: we do not collect this information.", "biometric", False),
        ("We log your browser type or fingerprint.", "biometric", False),
    ],
)
def test_tenth_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("old", "new", "category"),
    [
        # A text that named the category in another sense is not said to gain it.
        (
            "You represent and warrant that your details are accurate.",
            "We may disclose your details to the police if required by law.",
            "law-enforcement",
        ),
        (
            "Some features are provided by third parties.",
            "We share your email address with delivery partners.",
            "third-party-sharing",
        ),
        (
            "Your rights under this Agreement end if you break its terms.",
            "You have the right to delete your personal data at any time.",
            "user-rights",
        ),
    ],
)
def test_a_word_in_another_sense_still_names_the_category(
    taxonomy: Taxonomy, old: str, new: str, category: str
) -> None:
    before, after = scan(taxonomy, old), scan(taxonomy, new)
    assert category not in before.ids
    assert category in before.named
    assert category in after.ids
