"""What counts as a word on how the policy changes (round 11, from the policy-changes evidence
a whole imported collection showed): a change word acting on the policy or the policy as the
subject of a change, not a change word and the policy's name anywhere in one sentence, where it
is most often the service, software, prices or the reader's settings that change. Sentences
written for these tests."""

from __future__ import annotations

import pytest
from conftest import CONFIG_DIR

from generator.analysis.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "We may revise or amend this privacy notice at any time.",
        "The shop reserves the right to change, adjust, add or drop parts of these terms.",
        "Any updates to our cookie policy will be posted on this page.",
        "We will post all changes on this page.",
        "This statement may occasionally be updated to reflect new features.",
        "These general terms, as may be amended from time to time, govern every order.",
        "The notice is subject to periodic revision.",
        "Please check these terms regularly for any changes.",
        "Your continued use of the app after we post a revised policy means you accept it.",
        "You will be deemed to accept the changes if you continue to use the forum.",
    ],
)
def test_how_the_policy_changes_counts(taxonomy: Taxonomy, sentence: str) -> None:
    assert "policy-changes" in taxonomy.mentions(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        # The service, software, prices, orders or the reader's settings change.
        "We may change or withdraw features of the app, and these terms cover any new ones.",
        "We can push updates to the player software, and these terms will apply to them.",
        "The club may modify the terms of its loyalty points at any time.",
        "You can update, download or erase your profile as this notice explains.",
        # The terms accepted as they are; consent to cookies; a change already made.
        "The forum is offered subject to your acceptance without modification of all the terms.",
        "By continuing to browse this site, you agree that we may set these cookies.",
        "Our privacy notice has been updated.",
        # A licence to modify content, said beside the terms.
        "You grant us a licence to copy, modify and show your photos under these terms.",
    ],
)
def test_other_changes_beside_the_policy_do_not(taxonomy: Taxonomy, sentence: str) -> None:
    assert "policy-changes" not in taxonomy.mentions(sentence)
