"""The taxonomy file and per-sentence category matching."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR

from generator.analysis.phrases import PhraseIndex
from generator.analysis.quotes import quote_with_marks
from generator.analysis.sentences import prose
from generator.analysis.taxonomy import Category, Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from pathlib import Path

REQUIRED = (
    "biometric",
    "employment-education",
    "ai-training",
    "precise-location",
    "retention",
    "third-party-sharing",
    "sale-of-data",
    "advertising",
    "children",
    "health",
    "financial",
    "tracking",
    "user-rights",
    "law-enforcement",
    "policy-changes",
)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    loaded, problems = load_taxonomy(CONFIG_DIR / "taxonomy.yml")
    assert problems == []
    return loaded


def ids(taxonomy: Taxonomy, text: str) -> set[str]:
    return set(taxonomy.mentions(text))


def test_site_taxonomy_has_every_required_category(taxonomy: Taxonomy) -> None:
    assert set(REQUIRED) <= set(taxonomy.ids)
    for category in taxonomy.categories:
        assert category.label and category.description.endswith(".")


# One sentence that mentions the category, and one on the same topic area that must not.
CASES = {
    "biometric": (
        "We may collect your face geometry when you verify your account.",
        "We use a device fingerprint to recognise your browser.",
    ),
    "employment-education": (
        "If you use Jobs, we collect your employment history and job preferences.",
        "Our employees receive training on privacy.",
    ),
    "ai-training": (
        "We use public posts to train our machine learning models.",
        "Our trainers teach classes about models of cars.",
    ),
    "precise-location": (
        "With your permission we collect GPS signals from your phone.",
        "We infer the country you are in from your IP address.",
    ),
    "retention": (
        "We delete search logs after 18 months.",
        "You may delete your posts.",
    ),
    "third-party-sharing": (
        "We share your information with advertising partners.",
        "Partners can buy ads on the service.",
    ),
    "sale-of-data": (
        "We do not sell your personal information.",
        "You can sell products in the marketplace.",
    ),
    "advertising": (
        "We show you personalised ads based on your activity.",
        "Our headquarters are in Dublin.",
    ),
    "children": (
        "Users under 16 need the consent of a parent or guardian.",
        "We may make minor changes to this page.",
    ),
    "health": (
        "We do not collect information about your sexual orientation.",
        "We follow health and safety rules in our offices.",
    ),
    "financial": (
        "We collect your payment card number when you subscribe.",
        "Payments to creators are made monthly.",
    ),
    "tracking": (
        "We use cookies and pixels to measure visits.",
        "We keep track of nothing else.",
    ),
    "user-rights": (
        "You have the right to erasure of your data.",
        "You are right to be careful online.",
    ),
    "law-enforcement": (
        "We answer valid subpoenas from the authorities.",
        "We enforce our rules against spam.",
    ),
    "policy-changes": (
        "We may change this policy at any time without notice.",
        "You can change your settings at any time.",
    ),
}


@pytest.mark.parametrize("category", REQUIRED)
def test_each_category_has_a_positive_and_a_negative_sentence(
    taxonomy: Taxonomy, category: str
) -> None:
    positive, negative = CASES[category]
    assert category in ids(taxonomy, positive)
    assert category not in ids(taxonomy, negative)


def test_age_estimation_from_a_face_is_biometric(taxonomy: Taxonomy) -> None:
    """Pinterest, 2024: the sentence was labelled for its government ID only."""
    sentence = "This may include facial age estimation and matching your face against an ID."
    assert "biometric" in ids(taxonomy, sentence)
    assert "biometric" not in ids(taxonomy, "We estimate your age from your stated birthday.")


def test_matching_ignores_case_plurals_hyphens_and_line_wrapping(taxonomy: Taxonomy) -> None:
    assert "advertising" in ids(taxonomy, "We show INTEREST BASED\nADVERTISING to adults.")
    assert "third-party-sharing" in ids(taxonomy, "We share data with\nthird\nparties.")
    assert "tracking" in ids(taxonomy, "Some **web beacons** and _cookies_ are used.")


def test_acronyms_match_only_in_capitals(taxonomy: Taxonomy) -> None:
    assert "ai-training" in ids(taxonomy, "We train AI systems on your posts.")
    assert "employment-education" in ids(taxonomy, "Upload your CV to apply.")
    assert "employment-education" not in ids(taxonomy, "See the cv field of the form.")


def test_link_targets_and_urls_do_not_count(taxonomy: Taxonomy) -> None:
    text = "Read the [help page](https://example.com/cookies-and-biometric-data) for details."
    assert ids(taxonomy, text) == set()


def test_a_category_never_spans_two_sentences(taxonomy: Taxonomy) -> None:
    # "sell" and "your information" are both needed for sale-of-data, in one sentence.
    assert "sale-of-data" not in ids(taxonomy, "Sellers sell hats. We keep your information.")
    assert "sale-of-data" in ids(taxonomy, "We sell your information to hat makers.")


def test_a_full_stop_without_its_space_still_ends_a_sentence() -> None:
    # Captures that lost the break between two paragraphs glue them at the full stop.
    text = "We show ads, with frequency capping.The app does not allow targeted ads. See Acme.com."
    found = prose(text)
    assert [text[s.start : s.end] for s in found.sentences] == [
        "We show ads, with frequency capping.",
        "The app does not allow targeted ads.",
        "See Acme.com.",
    ]
    # Not after an abbreviation, a single letter or a capital: "e.g.The", "U.S.A.", "Node.js".
    for kept in ("We use e.g.The tool.", "Made in the U.S.A.Today.", "Node.js and ASP.NET run."):
        assert len(prose(kept).sentences) == 1


def test_a_sentence_repeated_in_one_text_is_a_hit_at_each_place(taxonomy: Taxonomy) -> None:
    # An "upcoming + current" page holds its sentences twice; each copy is evidence.
    sentence = "We sell your information to hat makers."
    text = prose(f"{sentence}\n\n{sentence}\n")
    hits = [hit for hit in taxonomy.hits(text) if hit.category == "sale-of-data"]
    assert [text.text[h.sentence.start : h.sentence.end] for h in hits] == [sentence] * 2
    assert [text.text[s:e] for h in hits for s, e in h.spans[:1]] == ["sell", "sell"]


def test_phrases_are_found_with_their_offsets_in_the_text() -> None:
    index = PhraseIndex([("third party", "a"), ("AI", "b"), ("biometric*", "c")])
    text = "(Third-\nparties' AI, ai and biometrics_x)... --"
    found = [(target, text[start:end]) for target, (start, end) in index.find(text)]
    assert found == [("a", "Third-\nparties"), ("b", "AI"), ("c", "biometrics")]
    assert index.find("-" * 50_000) == []  # a long run without words: no quadratic scan


def test_vetoes_cancel_what_they_overlap(taxonomy: Taxonomy) -> None:
    merger = "In a merger or sale of assets, your information may be transferred."
    assert "sale-of-data" not in ids(taxonomy, merger)
    assert "tracking" not in ids(taxonomy, "Read our Cookie Policy.")
    assert "tracking" in ids(taxonomy, "Read our Cookie Policy to learn how we use cookies.")


def test_a_lone_link_is_navigation_not_a_mention(taxonomy: Taxonomy) -> None:
    assert ids(taxonomy, "- [Cookies](https://x.example/cookies) \u00b7\n- [Terms](/t)\n") == set()
    assert "tracking" in ids(taxonomy, "- We set [cookies](https://x.example/c) when you log in.\n")


def test_list_items_are_sentences_of_their_own_and_headings_only_name(
    taxonomy: Taxonomy,
) -> None:
    text = "## Biometric data\n\n- Face geometry\n- Payment card details\n"
    mentions = taxonomy.mentions(text)
    assert mentions["biometric"] == ("Face geometry",)
    assert mentions["financial"] == ("Payment card details",)
    assert "biometric" not in ids(taxonomy, "## Biometric data\n\nWe keep it safe.\n")


def test_long_sentences_are_quoted_short_around_the_match(taxonomy: Taxonomy) -> None:
    filler = " ".join(["we process information for many purposes"] * 30)
    text = f"{filler} including facial recognition, and {filler}."
    ready = prose(text)
    hit = next(h for h in taxonomy.hits(ready) if h.category == "biometric")
    quoted, marks = quote_with_marks(ready, hit)
    assert len(quoted) <= 320
    assert quoted.startswith("…") and quoted.endswith("…")
    assert [quoted[s:e] for s, e in marks] == ["facial recognition"]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "taxonomy.yml"
    path.write_text(body, encoding="utf-8")
    return path


def loaded(tmp_path: Path, body: str) -> Taxonomy:
    """The taxonomy of a file holding `body`, which must load without a problem."""
    taxonomy, problems = load_taxonomy(write(tmp_path, body))
    assert problems == []
    return taxonomy


def test_a_site_owner_adds_a_category_by_editing_the_file(tmp_path: Path) -> None:
    taxonomy = loaded(
        tmp_path,
        "categories:\n"
        "  - id: voice-assistants\n"
        "    label: Voice assistants\n"
        "    description: Recordings of what people say to an assistant.\n"
        "    phrases: [voice recording, wake word]\n",
    )
    assert taxonomy.mentions("We keep voice recordings after the wake word.") == {
        "voice-assistants": ("We keep voice recordings after the wake word.",)
    }


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("cats: []\n", 1, "`categories:`"),
        ("categories:\n  - id: Bad Id\n    label: x\n    description: y\n", 2, "lowercase"),
        ("categories:\n  - id: a\n    description: y\n    phrases: [x]\n", 2, "`label`"),
        ("categories:\n  - id: a\n    label: x\n    phrases: [x]\n", 2, "`description`"),
        ("categories:\n  - id: a\n    label: x\n    description: y\n", 2, "at least one"),
        (
            "categories:\n  - id: a\n    label: x\n    description: y\n    phrase: [x]\n",
            2,
            "unknown key",
        ),
        (
            "categories:\n  - id: a\n    label: x\n    description: y\n    patterns: ['(']\n",
            2,
            "cannot be read",
        ),
        (
            "categories:\n  - id: a\n    label: x\n    description: y\n    phrases: [x]\n"
            "  - id: a\n    label: z\n    description: w\n    phrases: [v]\n",
            6,
            "listed twice",
        ),
        ("categories:\n  - id: a\n    label: x\n    description: y\n    all_of: [[x]]\n", 2, "two"),
    ],
)
def test_mistakes_are_problems_with_a_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    _, problems = load_taxonomy(write(tmp_path, body))
    assert len(problems) == 1
    assert problems[0].line == line
    assert words in problems[0].message


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    taxonomy, problems = load_taxonomy(tmp_path / "taxonomy.yml")
    assert taxonomy.categories == ()
    assert "file not found" in problems[0].message


def test_categories_built_in_code_match_like_loaded_ones() -> None:
    taxonomy = Taxonomy((Category("x", "X", "An x.", phrases=("data broker",)),))
    assert taxonomy.get("x") is not None
    assert taxonomy.get("y") is None
    assert set(taxonomy.mentions("Data brokers buy it.")) == {"x"}


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?:delet|eras)\w*\b after", ("delet", "eras")),
        (r"\b(?:younger than|below)\s+13", ("younger than", "below")),
        (r"\bminor\b(?!\s+change)", ("minor",)),
        (r"\b(?:anonymi[sz])\w*", ()),  # not plain: always tried
        (r"(?:under)\s+13", ()),
    ],
)
def test_patterns_are_tried_only_where_their_first_words_are(
    pattern: str, words: tuple[str, ...]
) -> None:
    from generator.analysis.taxonomy import _leading_words

    assert _leading_words(pattern) == words
    category = Category("x", "X", "A test.", patterns=(pattern,))
    sample = "We delete it after 30 days; children below 13, a minor change, anonymised under 13."
    expected = re.search(pattern, sample, re.IGNORECASE) is not None
    assert ("x" in Taxonomy((category,)).mentions(sample)) is expected


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # A sensitive trait is a data practice only where the sentence speaks of data about it.
        ("We may process information revealing your religious beliefs.", "health", True),
        (
            "Content must not promote discrimination based on religion or disability.",
            "health",
            False,
        ),
        # A company changing hands is not a sale of data, however it is worded.
        (
            "If we sell business or assets, we may share your personal data with the buyer.",
            "sale-of-data",
            False,
        ),
        ("We sell your personal data to partners.", "sale-of-data", True),
        # Work and schooling said plainly, in a profile's fields.
        (
            "Your profile may say what you do for a living and your education.",
            "employment-education",
            True,
        ),
        (
            "Details you choose to share (e.g. work, education, hometown).",
            "employment-education",
            True,
        ),
        ("We use your data for the education of our models.", "employment-education", False),
        ("We work to keep your data safe.", "employment-education", False),
    ],
)
def test_second_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    """Wordings from the second round of rules, tuned on the ota-wide labels."""
    assert (category in ids(taxonomy, sentence)) is expected


def test_names_name_a_category_without_stating_it(tmp_path: Path) -> None:
    """A `names` phrase makes a version name the category (so it is not said to gain or lose
    it) but is never a mention, nor evidence."""
    taxonomy = loaded(
        tmp_path,
        "categories:\n"
        "  - id: ads\n    label: Ads\n    description: Ads.\n"
        "    phrases: [targeted ad]\n    names: [advertising]\n",
    )
    hits, named = taxonomy.read(prose("Our advertising team is in Paris.\n"))
    assert hits == [] and named == frozenset({"ads"})
    hits, named = taxonomy.read(prose("We show targeted ads and other advertising.\n"))
    assert [hit.category for hit in hits] == ["ads"] and named == frozenset({"ads"})


def test_not_with_cancels_the_category_in_its_sentence(tmp_path: Path) -> None:
    """A `not_with` phrase anywhere in a sentence cancels the category there (the sentence is
    neither a mention nor a name); other sentences are read as before."""
    taxonomy = loaded(
        tmp_path,
        "categories:\n"
        "  - id: sale\n    label: Sale\n    description: Data sold.\n"
        "    all_of: [[sell, sold], [information]]\n    not_with: [or any of its assets]\n",
    )
    text = "Acme or any of its assets may be sold, information included.\n"
    assert taxonomy.read(prose(text)) == ([], frozenset())
    hits, named = taxonomy.read(prose("Acme does not sell information about you.\n"))
    assert [hit.category for hit in hits] == ["sale"] and named == frozenset({"sale"})
