"""Labels mean statements of practice: headings, labels, link titles and names of documents or
products only name a topic; evidence quotes the sentence that says what is done."""

from __future__ import annotations

import pytest
from conftest import CONFIG_DIR

from generator.analysis.diff import diff_texts
from generator.analysis.labels import change_labels, scan
from generator.analysis.sentences import prose
from generator.analysis.statements import is_advice, is_statement, link_texts, names
from generator.analysis.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


def statements(text: str) -> dict[str, bool]:
    ready = prose(text)
    return {text[s.start : s.end]: is_statement(text, s) for s in ready.sentences}


def test_headings_and_labels_are_not_statements() -> None:
    text = (
        "# Biometric data\n\nYour Rights and Choices\n\n"
        "**Biometric Information.** Based on your consent, we may collect it.\n\n"
        "**We do not sell your data.**\n\n"
        "Children\n--------\n\n"
        "* Biometric Information\n* Biometric information, such as voiceprints\n"
    )
    assert statements(text) == {
        "Biometric data": False,
        "Your Rights and Choices": False,
        "Biometric Information.": False,
        "Based on your consent, we may collect it.": True,
        "We do not sell your data.": True,  # set in bold, yet a statement
        "Children": False,
        "Biometric Information": True,  # an item of a list: an inventory of data
        "Biometric information, such as voiceprints": True,
    }


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "Read our Generative AI Prohibited Use Policy first.",
            "Generative AI Prohibited Use Policy",
        ),
        (
            "See the Consumer Health Data Privacy Disclosure.",
            "Consumer Health Data Privacy Disclosure",
        ),
        # A capitalised determiner opening the sentence is not part of the name.
        ("Our Cookie Policy explains it.", "Cookie Policy"),
        ("The Data Protection Policy is updated.", "Data Protection Policy"),
    ],
)
def test_names_of_documents_are_found(sentence: str, name: str) -> None:
    assert [sentence[a:b] for a, b in names(sentence)] == [name]


def test_defined_terms_and_laws_are_not_names() -> None:
    assert names("We share your Personal Information with Third Parties.") == []
    assert names("We follow the Children's Online Privacy Protection Act.") == []


def test_title_links_name_pages_but_linked_words_speak() -> None:
    text = "See the [Biometric Privacy Notice](https://x.example/b) and we set [cookies](/c)."
    (sentence,) = prose(text).sentences
    assert [text[a:b] for a, b in link_texts(text, sentence)] == ["Biometric Privacy Notice"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Read the Generative AI Prohibited Use Policy before you post.", "ai-training"),
        (
            "Learn about our [Consumer Health Data Privacy Disclosure](https://x.example/h).",
            "health",
        ),
        ("It works with devices (like Google Nest and Pixel) you own.", "tracking"),
        ("## Biometric Information\n\nWe keep your account safe.", "biometric"),
        ("Bots may not scrape the service by automated means.", "automated-decisions"),
        ("We show your location inferred from your IP address.", "automated-decisions"),
        ("We may receive information about you from advertisers.", "advertising"),
        ("We will continue to use your data as this policy describes.", "policy-changes"),
        ("We may remove content at any time and without notice.", "policy-changes"),
        ("If we sell or buy any business, we may disclose your information.", "sale-of-data"),
        ("You may offer content for sale using your data.", "sale-of-data"),
        ("We may share information to protect health or life.", "health"),
    ],
)
def test_names_and_headings_are_not_mentions(taxonomy: Taxonomy, text: str, category: str) -> None:
    assert category not in taxonomy.mentions(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("We use pixels and cookies to measure visits.", "tracking"),
        ("You can access and delete the information we collect in your settings.", "user-rights"),
        ("Our matching uses machine learning to rank profiles for you.", "ai-training"),
        ("You must be at least 18 years old to register.", "children"),
        ("Paying by card is one way to confirm you meet our age requirements.", "children"),
        ("Public posts may help train our language models.", "ai-training"),
        ("We use certain information in the delivery of our advertising.", "advertising"),
        ("We collect your profession and employment information.", "employment-education"),
        ("We may disclose your content when we are required to do so by law.", "law-enforcement"),
        ("When you close your account, we delete your posts.", "retention"),
        ("Your continued use of the service means you accept the new terms.", "policy-changes"),
        ("We process accurate location data only with your permission.", "precise-location"),
    ],
)
def test_other_wordings_of_a_practice_are_mentions(
    taxonomy: Taxonomy, text: str, category: str
) -> None:
    assert category in taxonomy.mentions(text)


def test_evidence_is_the_sentence_that_states_the_practice(taxonomy: Taxonomy) -> None:
    old = "# Privacy\n\nWe explain what we do with your data.\n"
    new = old + (
        "\n**Biometric Information.** Biometric data such as face geometry. Based on your "
        "consent, we may collect and use your biometric information for identification.\n"
    )
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff_texts(old, new))
    assert labels.added == ("biometric",)
    quotes = labels.evidence["biometric"]
    assert quotes[0].startswith("Based on your consent, we may collect")
    assert "Biometric Information." not in quotes


def test_a_topic_the_old_text_named_is_reworded_not_added(taxonomy: Taxonomy) -> None:
    """A category stated now and only named before (a heading over sentences the rules do not
    read as its mention) is touched, with evidence, not added; the same for a removal."""
    old = (
        "# Privacy\n\nWe explain what we do with your data.\n\n"
        "## Data retention\n\nWe look after it carefully.\n"
    )
    new = old.replace(
        "We look after it carefully.", "We retain your data for as long as your account is open."
    )
    before, after = scan(taxonomy, old), scan(taxonomy, new)
    assert "retention" not in before.ids and "retention" in after.ids
    labels = change_labels(taxonomy, before, after, diff_texts(old, new))
    assert labels.added == ()
    assert "retention" in labels.touched
    assert labels.evidence["retention"][0].startswith("We retain your data")
    back = change_labels(taxonomy, after, before, diff_texts(new, old))
    assert back.removed == () and "retention" in back.touched
    # Not named at all before: added.
    bare = old.replace("## Data retention\n\n", "")
    gained = change_labels(taxonomy, scan(taxonomy, bare), after, diff_texts(bare, new))
    assert gained.added == ("retention",)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Invoices go to Fjord Health Oy (our payment partner).", "Fjord Health Oy"),
        ("Reports are stored by Northwind Data GmbH in Germany.", "Northwind Data GmbH"),
    ],
)
def test_companies_named_with_their_legal_form_are_names(sentence: str, name: str) -> None:
    assert [sentence[a:b] for a, b in names(sentence)] == [name]


def test_a_company_name_in_a_list_of_recipients_mentions_nothing(taxonomy: Taxonomy) -> None:
    text = "We share booking data with:\n\n* Fjord Health Oy (Marketing Partner)\n* Acme Ltd\n"
    assert "health" not in taxonomy.mentions(text)
    assert "health" in taxonomy.mentions("* Health data you enter in the app\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What data do we keep?\n", False),
        ("**How we store and keep your data.**\n", False),
        ("## Retention\n\n**How long we keep your data depends on the law.** It varies.\n", True),
        ("How long we keep your data depends on the law.\n", True),
        ("Which cookies we keep is up to you, in the cookie settings.\n", True),
    ],
)
def test_questions_and_headings_put_as_questions_are_not_statements(
    text: str, expected: bool
) -> None:
    (sentence,) = (s for s in prose(text).sentences if "keep" in text[s.start : s.end])
    assert is_statement(text, sentence) is expected


def test_evidence_is_not_a_heading_put_as_a_question(taxonomy: Taxonomy) -> None:
    old = "# Privacy\n\nWe explain what we do with your data.\n"
    new = old + (
        "\n**How we store and retain your data.**  \n"
        "We retain your messages for as long as your account is open.\n"
    )
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff_texts(old, new))
    assert labels.added == ("retention",)
    assert labels.evidence["retention"] == (
        "We retain your messages for as long as your account is open.",
    )


@pytest.mark.parametrize(
    ("added", "category", "statement"),
    [
        (
            "*   **How We Use Health Data.** We use data about your health to remind you of "
            "appointments.\n",
            "health",
            "We use data about your health to remind you of appointments.",
        ),
        (
            "*   Collected Health Data\n\nWe collect health data you enter in the app.\n",
            "health",
            "We collect health data you enter in the app.",
        ),
    ],
    ids=["bold-label", "list-item-label"],
)
def test_evidence_puts_a_statement_before_a_label_with_a_verb_of_practice(
    taxonomy: Taxonomy, added: str, category: str, statement: str
) -> None:
    old = "# Privacy\n\nWe explain what we do with your data.\n"
    new = old + "\n" + added
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff_texts(old, new))
    assert labels.added == (category,)
    assert labels.evidence[category][0] == statement


def test_a_rule_for_users_after_an_opening_clause_is_not_a_statement(taxonomy: Taxonomy) -> None:
    rule = "Where a member shows an email address, do not use it for targeted advertising."
    assert taxonomy.mentions(rule) == {}
    said = "Where a member shows an email address, we do not use it for targeted advertising."
    assert "advertising" in taxonomy.mentions(said)


def test_a_version_that_only_names_a_category_has_not_gained_or_lost_it(
    taxonomy: Taxonomy,
) -> None:
    old = "# Privacy\n\nOur advertising team is in Paris.\n"
    new = old + "\nWe use your data for targeted advertising.\n"
    diff = diff_texts(old, new)
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff)
    assert labels.added == () and "advertising" in labels.touched
    bare = "# Privacy\n\nOur team is in Paris.\n"
    labels = change_labels(
        taxonomy, scan(taxonomy, bare), scan(taxonomy, new), diff_texts(bare, new)
    )
    assert labels.added == ("advertising",)


def test_a_date_of_the_last_change_names_changes_to_the_policy(taxonomy: Taxonomy) -> None:
    old = "# Privacy\n\nWe collect your name.\n\nThis policy was last updated on 1 May 2024.\n"
    new = old + "\nWe may change this policy and will notify you by email.\n"
    labels = change_labels(taxonomy, scan(taxonomy, old), scan(taxonomy, new), diff_texts(old, new))
    assert "policy-changes" not in scan(taxonomy, old).ids
    assert labels.added == () and "policy-changes" in labels.touched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The member may not:\n\n1. collect data about other members;\n", False),
        ("2. Users must not:\n    1. post images that sexualise minors;\n", False),
        ("**You agree not to:**\n\n- sell data taken from the site\n  to anyone\n", False),
        ("It is prohibited to:\n\n* scrape health data from profiles\n", False),
        # Lists of what the platform does, even with a "not" before the list, state it.
        ("We share data in these cases:\n\n* with the police when the law requires it\n", True),
        ("We do not sell your data, except:\n\n- to partners you choose\n", True),
    ],
)
def test_items_of_a_list_of_rules_for_users_are_not_statements(text: str, expected: bool) -> None:
    last = prose(text).sentences[-1]
    assert is_statement(text, last) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You must not collect other users' health data.", True),
        ("Users may not post photos of children without consent.", True),
        ("You agree not to sell data you obtain through the API.", True),
        ("You may not be able to use some features without cookies.", False),
        ("You may not receive ads if you opt out.", False),
    ],
)
def test_rules_of_the_terms_are_advice(sentence: str, expected: bool) -> None:
    (only,) = prose(sentence).sentences
    assert is_advice(sentence, only) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.1 \u201cSensitive Data\u201d means data about health or religion.\n", False),
        ('**"Minor"** refers to anyone under 18.\n', False),
        ("'Personal data' means information such as genetic or health factors.\n", False),
        # A quoted name inside a sentence that says what is done is a statement.
        ('With "Step Sync" on, we read the health data your watch records.\n', True),
        ('The term "health data" covers what we collect from your watch.\n', True),
    ],
)
def test_a_quoted_term_defined_is_not_a_statement(text: str, expected: bool) -> None:
    (only,) = prose(text).sentences
    assert is_statement(text, only) is expected


def test_a_definition_mentions_nothing(taxonomy: Taxonomy) -> None:
    text = '"Child" means a person under 13.\n\nWe collect your name.\n'
    assert "children" not in taxonomy.mentions(text)
    assert "children" in taxonomy.mentions("We do not knowingly collect data from children.")
