"""The fourth to ninth rounds of category rules: more common wordings of a practice, and
sentences that only look like one (a list the policy keeps, data the company may go on using, a
broker the data comes from, a lone link in a list, advice to the reader, a location said not to
be precise, data that identifies no one, a school as a party, payment details called
sensitive, content rules against abuse material, people's roles, rights or ownership kept, a
relationship the terms deny, a company sold with its assets), and which sentence a text is
quoted by. Sentences written for these tests."""

from __future__ import annotations

import pytest
from conftest import CONFIG_DIR

from generator.analysis.sentences import is_link_only, prose
from generator.analysis.statements import is_advice
from generator.analysis.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # Data said not to be sold, in the passive or with "resell".
        ("Your personal data is never sold to anyone.", "sale-of-data", True),
        ("Information we hold about members is not sold or rented.", "sale-of-data", True),
        ("We do not resell the personal data of our customers.", "sale-of-data", True),
        ("We never sell information collected through our apps.", "sale-of-data", True),
        (
            "We are not in the business of selling information about our users.",
            "sale-of-data",
            True,
        ),
        # Renting a bike or a flat sells no one's data.
        ("To rent a scooter you must give us personal data.", "sale-of-data", False),
        ("Items sold on the marketplace are shipped by sellers.", "sale-of-data", False),
        # A data broker as the source of data is not a sale of the reader's data.
        ("We may receive information about you from data brokers.", "sale-of-data", False),
        ("We may share device data with data brokers.", "sale-of-data", True),
        ("We do not provide your information to data brokers.", "sale-of-data", True),
        ("Some data is provided to us by data brokers.", "sale-of-data", False),
        ("Our company is registered as a data broker in Vermont.", "sale-of-data", True),
        # Other common wordings of a practice.
        ("We may collect your precise geographic location.", "precise-location", True),
        ("Your approximate location helps us pick a language.", "precise-location", False),
        # "Valuable consideration" is paid for many things: promotion, content, licences.
        ("Do not promote goods in return for other valuable consideration.", "sale-of-data", False),
        ("If you are under the age of majority, ask a parent first.", "children", True),
        ("To verify you, we ask for a photo of your identity card.", "financial", True),
        # An age requirement said as "or older".
        ("By signing up you confirm you are 18 years or older.", "children", True),
        ("The service is for people aged 16 and over.", "children", True),
        ("We keep invoices for 10 years or longer.", "children", False),
        # The California categories of work and schooling.
        ("Education data, such as school records and grades.", "employment-education", True),
        # A model running on what people do: "through machine learning", "recommendations".
        ("We suggest reviewers for your code through machine learning.", "ai-training", True),
        ("Machine learning makes the recommendations you see.", "ai-training", True),
        ("We publish research on machine learning.", "ai-training", False),
        (
            "Do not upload abusive content, including through AI-generated images.",
            "ai-training",
            False,
        ),
        # People selling goods on the service sell no data.
        (
            "Your profile shows your information and how long you have been selling with us.",
            "sale-of-data",
            False,
        ),
        # The reader's ability over their data, not the company's.
        ("You have the ability to access your information in settings.", "user-rights", True),
        (
            "Our apps' abilities to access your information depend on your settings.",
            "user-rights",
            False,
        ),
        # Changes to the policy said with a participle; a list the policy keeps is not it.
        ("This privacy policy may be updated from time to time.", "policy-changes", True),
        (
            "See the top of this page for when this policy was last updated.",
            "policy-changes",
            False,
        ),
        (
            "We may make changes to this list of processors; we post them on this page.",
            "policy-changes",
            False,
        ),
        # Continued use of the service, not of the data.
        (
            "Unless you consented, we will continue using the data only as the law permits.",
            "policy-changes",
            False,
        ),
        (
            "If you agree, by continuing to use the app you accept the new terms.",
            "policy-changes",
            True,
        ),
    ],
)
def test_fourth_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We recommend that you keep sensitive information out of your profile.", True),
        ("We strongly encourage members to think before they share health details.", True),
        ("Please do not send us medical records by email.", True),
        ("Do not upload documents that reveal your religion.", True),
        ("We recommend cookies that remember your language.", False),
        ("We do not share health data with advertisers.", False),
        ("You should know that we process health data.", False),
    ],
)
def test_advice_to_the_reader_is_not_a_statement(sentence: str, expected: bool) -> None:
    (only,) = prose(sentence).sentences
    assert is_advice(sentence, only) is expected


def test_advice_mentions_no_category(taxonomy: Taxonomy) -> None:
    text = (
        "We recommend that you keep sensitive information out of your public profile.\n\n"
        "We collect your name.\n"
    )
    assert "health" not in taxonomy.mentions(text)
    assert "health" in taxonomy.mentions("We may collect sensitive information you give us.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("* [Cookies](https://example.test/cookies)\n", True),
        ("[Cookies](https://example.test/cookies) ·\n", True),
        ("* [Cookies](https://example.test/cookies) are small files we store.\n", False),
        ("We set [cookies](https://example.test/cookies) on your device.\n", False),
    ],
)
def test_a_link_alone_in_a_list_item_is_navigation(text: str, expected: bool) -> None:
    (first, *_) = prose(text).sentences
    assert is_link_only(text, first) is expected


def test_a_list_of_links_mentions_nothing(taxonomy: Taxonomy) -> None:
    text = "* [Terms of Use](https://example.test/t)\n* [Cookies](https://example.test/c)\n"
    assert taxonomy.mentions(text) == {}


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # A word of a category said not to apply: a location that is not precise.
        ("From your IP address we derive a non-precise location.", "precise-location", False),
        ("We keep a non-precise geographic location for fraud checks.", "precise-location", False),
        ("With your permission we use your precise location.", "precise-location", True),
        # Data that identifies no one is not personal data sold.
        ("We may sell aggregated or de-identified data to partners.", "sale-of-data", False),
        ("We can license or sell anonymized statistics about usage.", "sale-of-data", False),
        ("We may sell your personal information to partners.", "sale-of-data", True),
        # A disclosure the law may count as a sale.
        (
            "Letting ad networks set cookies may be considered a 'sale' under some state laws.",
            "sale-of-data",
            True,
        ),
        (
            "Last year we may be deemed to have sold identifiers to analytics providers.",
            "sale-of-data",
            True,
        ),
        (
            "Nothing here may be deemed to oblige us to sell any advertising space.",
            "sale-of-data",
            False,
        ),
        (
            "Posts that could be considered 'pets for sale' are removed, and so is the data.",
            "sale-of-data",
            False,
        ),
        # A right described, no practice: the company's activity is not said.
        (
            "Some laws give a right to opt out of activities that constitute a sale.",
            "sale-of-data",
            False,
        ),
        # Models trained, without the words AI or machine learning.
        ("Your drafts may be used for training and improving our models.", "ai-training", True),
        ("We use the photos you share to train models that tag objects.", "ai-training", True),
        ("Staff get annual training on model contract clauses.", "ai-training", False),
        ("We sell train tickets and model kits.", "ai-training", False),
        # An institution as a party is not a person's schooling.
        (
            "If your access is paid for by your employer or an educational institution, we tell"
            " them when you sign in.",
            "employment-education",
            False,
        ),
        ("Tell us the educational institutions attended.", "employment-education", True),
        # Payment details called sensitive say nothing of health.
        ("Sensitive data such as credit card numbers is encrypted.", "health", False),
        ("We protect sensitive financial information with encryption.", "health", False),
        ("Sensitive data such as health records is kept apart.", "health", True),
        # Data a law counts as sensitive, said the other way round.
        ("We do not process data that is considered 'sensitive' under the CPRA.", "health", True),
        ("Some information deemed sensitive by law is stored separately.", "health", True),
    ],
)
def test_fifth_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # Content rules against abuse material say nothing of data about children.
        ("We remove child sexual abuse material and report it.", "children", False),
        ("Content that promotes child exploitation is banned.", "children", False),
        ("We remove child sexual abuse material posted by minors.", "children", True),
        (
            "We share account emails with child safety groups to detect abuse material.",
            "children",
            False,
        ),
        # Other wordings: companies affiliated to the platform, a choice given as an option.
        (
            "We may disclose this information to our affiliated companies.",
            "third-party-sharing",
            True,
        ),
        ("You have the option to delete your data in settings.", "user-rights", True),
        ("Settings give you the chance to correct your information.", "user-rights", True),
        # Speech recognition run on what people say, or improved with it.
        ("Voice commands are used to improve our speech recognition.", "ai-training", True),
        ("The remote has a button for voice recognition.", "ai-training", False),
        # People's roles are not data about anyone's health.
        ("This does not apply to our medical staff or contractors.", "health", False),
        ("We keep medical records you upload.", "health", True),
    ],
)
def test_sixth_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # A right, ownership or access kept is not data kept.
        ("Both sides retain the right to go to a small claims court.", "retention", False),
        ("The publisher retains all rights, title and interest in the app.", "retention", False),
        ("Our licensors retain ownership of every copy of the game.", "retention", False),
        ("You retain access to premium features until the month ends.", "retention", False),
        ("We retain chat logs for ninety days.", "retention", True),
        # Terms that deny an employment relationship say nothing of anyone's work.
        (
            "No agency, partnership or employment relationship is created by these terms.",
            "employment-education",
            False,
        ),
        (
            "Testing the app creates no employment relationship between you and the studio.",
            "employment-education",
            False,
        ),
        # A person's own computer or use is not their personal data.
        (
            "Games are licensed, not sold, for use on your personal computers.",
            "sale-of-data",
            False,
        ),
        ("Nothing here is sold for your personal and non-commercial use.", "sale-of-data", False),
        # The company or its assets sold is not data sold; data sold in a merger is.
        (
            "Acme or any of its assets may be sold, and information we hold would then be an "
            "asset of the deal.",
            "sale-of-data",
            False,
        ),
        (
            "In a merger, your information may be sold as part of the transaction.",
            "sale-of-data",
            True,
        ),
    ],
)
def test_seventh_round_not_mentions(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # Data destroyed or disposed of once not needed, on a schedule, or with the account.
        ("We dispose of your details when we no longer need them.", "retention", True),
        ("Server logs are subject to periodic deletion under our rules.", "retention", True),
        ("Backups are destroyed regularly by our hosting company.", "retention", True),
        ("Your profile is purged when you close your account.", "retention", True),
        ("We guard your data against accidental destruction or loss.", "retention", False),
        # A kind of data as what is sold.
        ("We never sell visitor data to marketers.", "sale-of-data", True),
        ("The network may share or sell browsing information.", "sale-of-data", True),
        ("We do not sell aggregate information about readers.", "sale-of-data", False),
        # The company's software trained on what people post, without the word model.
        ("We may copy your photos to train our software tools.", "ai-training", True),
        ("Your feedback is used to train our algorithms.", "ai-training", True),
        ("We train our support staff every year.", "ai-training", False),
        # A choice over cookies is a choice over one's data.
        ("You can set your browser to refuse all cookies.", "user-rights", True),
        (
            "You may change your browser's settings to stop accepting cookies.",
            "user-rights",
            True,
        ),
        ("We may delete cookies that are no longer in use.", "user-rights", False),
    ],
)
def test_seventh_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("sentence", "category", "expected"),
    [
        # A licence that leaves out text and data mining is a rule for others.
        (
            "This licence covers search indexing only; it does not extend to text and data "
            "mining or AI training.",
            "ai-training",
            False,
        ),
        ("We do not use your posts for AI training.", "ai-training", True),
        # Liability and force majeure speak of harm, not of data about health.
        ("We are not liable except for injuries to health, body or life.", "health", False),
        ("Delays caused by a public health emergency are excused.", "health", False),
        ("We process health data you give us with your consent.", "health", True),
        # Other names of the document, and a clause that changes nothing.
        ("From time to time we may need to amend this EULA.", "policy-changes", True),
        ("The data protection policy is updated regularly.", "policy-changes", True),
        ("This section does not change the rest of these terms.", "policy-changes", False),
        (
            "We will not change these Terms without giving you 30 days' notice.",
            "policy-changes",
            True,
        ),
        # The policy named in capitals at the start of a sentence.
        ("The Data Protection Policy is updated regularly.", "policy-changes", True),
        ("Our Consumer Health Data Notice is linked below.", "health", False),
        # Opting out, and unsubscribing from messages, are choices.
        ("A way of opting out will be offered when the feature launches.", "user-rights", True),
        ("Click the unsubscribe link in any email to stop them.", "user-rights", True),
        # A definition after an opening clause.
        (
            'For purposes of this Agreement, "Smart Models" means machine learning models '
            "that process your data.",
            "ai-training",
            False,
        ),
        # A game's seizure warning is not data about anyone's health.
        ("Stop playing if you have a medical history of epilepsy.", "health", False),
        # Accounts deleted when they go unused.
        ("We may delete your account if your account is inactive.", "retention", True),
        ("Inactive accounts are deleted with their personal data.", "retention", True),
        ("We may delete your account if you break these terms.", "retention", False),
        # Advice on where to share, in the imperative.
        ("Share sensitive information only on secure websites.", "health", False),
        ("We share sensitive information only with your consent.", "health", True),
        # Round 9.
        # A right kept, with a word between.
        ("The company retains the exclusive right to sell ad space.", "retention", False),
        ("We retain your messages for 30 days.", "retention", True),
        # The service provided is not data provided to someone.
        (
            "To provide the service, we may store third-party account tokens.",
            "third-party-sharing",
            False,
        ),
        ("We provide your details to third parties.", "third-party-sharing", True),
        # The reader's own settings are not the policy changing.
        (
            "You can change your preferences at any time at the bottom of this page.",
            "policy-changes",
            False,
        ),
        ("We may change this page at any time.", "policy-changes", True),
        # Advice after an opening clause, or with a gerund.
        (
            "If you worry about your safety, we strongly recommend using private chats for "
            "sensitive information.",
            "health",
            False,
        ),
        ("We recommend using a password manager for sensitive information.", "health", False),
        ("We advise to share sensitive information only with friends.", "health", False),
        ("If you ask us, we process sensitive information only with consent.", "health", True),
    ],
)
def test_eighth_and_ninth_round_wordings(
    taxonomy: Taxonomy, sentence: str, category: str, expected: bool
) -> None:
    assert (category in taxonomy.mentions(sentence)) is expected


@pytest.mark.parametrize(
    ("text", "category", "statement"),
    [
        (
            "*   **Payment Details.** Your bank account and payment card number.\n",
            "financial",
            "Your bank account and payment card number.",
        ),
        (
            "*   Cookies and Similar Tools\n    ----------------------------\n\n"
            "Our pages set cookies to remember your settings.\n",
            "tracking",
            "Our pages set cookies to remember your settings.",
        ),
        (
            "*   Advertising partners\n*   Survey firms\n\n"
            "We share what you browse with partners that show you personalised ads.\n",
            "advertising",
            "We share what you browse with partners that show you personalised ads.",
        ),
    ],
    ids=["bold-label", "setext-item", "list-of-names"],
)
def test_a_text_quotes_a_statement_before_a_label_that_names_the_topic(
    taxonomy: Taxonomy, text: str, category: str, statement: str
) -> None:
    quotes = taxonomy.mentions(text)[category]
    assert len(quotes) == 2 and quotes[0] == statement  # the label second


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A service for adults only sets an age limit (round 13).
        ("The services are available only to adults with legal capacity.", True),
        ("You must be an adult to register an account.", True),
        ("The service is available to any adult with a bank account.", True),
        ("You must be of legal age to use the app.", True),
        # Adults as people, not as a limit.
        ("Our adult education courses are open to everyone.", False),
        ("We share data with adults who manage the account.", False),
    ],
)
def test_an_adults_only_service_mentions_children(
    taxonomy: Taxonomy, sentence: str, expected: bool
) -> None:
    assert ("children" in taxonomy.mentions(sentence)) is expected
