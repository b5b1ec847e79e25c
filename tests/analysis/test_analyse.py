"""Change analysis over real content folders: kinds, labels, flips, announcements, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CONFIG_DIR, corpus_document, long_text, write_snapshot

from generator.analysis.analyse import Analysis, analyse_archive
from generator.analysis.changes import Change, Kind
from generator.analysis.taxonomy import Category, Taxonomy, load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import Archive
from generator.site.diff_html import diff_html
from generator.site.export import changes_json_bytes
from generator.site.slots import change_diff_html

BASE = long_text("account")


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


def archive_of(root: Path, *bodies: str | tuple[str, dict[str, object]]) -> Archive:
    """One document, `acme/privacy-policy`, with a version a day from 2023-01-01."""
    for day, item in enumerate(bodies, start=1):
        body, front = item if isinstance(item, tuple) else (item, {})
        write_snapshot(root, "acme", "privacy-policy", f"2023-01-{day:02d}", body, **front)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(root, types, LoadOptions())
    assert archive.errors == ()
    return archive


def changes_of(tmp_path: Path, taxonomy: Taxonomy, *bodies: str | tuple[str, dict[str, object]]):
    analysis = analyse_archive(archive_of(tmp_path, *bodies), taxonomy, present=diff_html)
    return list(analysis.all_changes()), analysis


def diff_of(root: Path, analysis: Analysis, change: Change) -> str:
    """The change's diff as its page shows it (the archive's one document)."""
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    (document,) = load_archive(root, types, LoadOptions()).documents()
    return change_diff_html(analysis, document, change.key)


def kinds(changes: list[Change]) -> list[str]:
    return [c.kind.value for c in changes]


# --- Kinds -----------------------------------------------------------------------------------


def test_first_then_editorial(tmp_path: Path, taxonomy: Taxonomy) -> None:
    changes, _ = changes_of(tmp_path, taxonomy, BASE, BASE + "\nWe wrote this page again.\n")
    assert kinds(changes) == ["first", "editorial"]
    assert changes[0].from_stamp is None and changes[0].after.words > 100
    assert changes[1].words_added == 5 and changes[1].words_removed == 0


def test_formatting_ignores_style_that_reads_the_same(tmp_path: Path, taxonomy: Taxonomy) -> None:
    old = BASE + '\n* We say "hello" - *often*.\n\nSee [help](https://h.example/a?utm_source=x).\n'
    new = (
        BASE + "\n- We say \u201chello\u201d \u2013 _often_.\n\nSee\n[help](https://h.example/a).\n"
    )
    changes, _ = changes_of(tmp_path, taxonomy, old, new)
    assert kinds(changes) == ["first", "formatting"]


def test_technical_wins_over_everything(tmp_path: Path, taxonomy: Taxonomy) -> None:
    new = BASE + "\nWe now sell your personal information.\n"
    changes, _ = changes_of(tmp_path, taxonomy, BASE, (new, {"technical": True}))
    assert kinds(changes) == ["first", "technical"]


def test_reverted_names_the_earlier_version(tmp_path: Path, taxonomy: Taxonomy) -> None:
    other = BASE + "\nWe share your data with partners.\n"
    changes, _ = changes_of(tmp_path, taxonomy, BASE, other, BASE + "\n")
    assert kinds(changes) == ["first", "substantive", "reverted"]
    assert changes[2].reverted_to == "2023-01-01"
    assert changes[2].categories_removed == ("third-party-sharing",)


def test_a_failed_capture_is_technical_and_the_next_version_skips_it(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    full = BASE + "\nWe collect your faceprint.\n"
    later = full + "\nWe added one more sentence.\n"
    changes, _ = changes_of(tmp_path, taxonomy, full, "Please enable JavaScript.\n", later)
    assert kinds(changes) == ["first", "technical", "editorial"]
    assert changes[1].categories_removed == changes[1].categories_touched == ()
    assert changes[2].from_stamp == "2023-01-02" and changes[2].compared_with == "2023-01-01"
    assert changes[2].categories_added == () and changes[2].words_added == 5


def test_a_capture_in_another_language_is_technical(tmp_path: Path, taxonomy: Taxonomy) -> None:
    french = "Nous décrivons comment vos informations sont collectées et partagées. " * 30
    changes, _ = changes_of(tmp_path, taxonomy, BASE, french, BASE + "\nOne more.\n")
    assert kinds(changes) == ["first", "technical", "editorial"]
    assert changes[2].compared_with == "2023-01-01"


@pytest.mark.parametrize(
    "capture",
    [
        "Sorry, something went wrong.\n",
        "Nous décrivons comment vos informations sont collectées et partagées. " * 30,
    ],
    ids=["near-empty", "another-language"],
)
def test_a_failed_capture_is_not_diffed_its_words_replace_the_full_texts(
    tmp_path: Path, taxonomy: Taxonomy, capture: str
) -> None:
    full = BASE + "\nWe collect your faceprint.\n"
    changes, analysis = changes_of(tmp_path, taxonomy, full, capture, full)
    failed = changes[1]
    assert failed.kind is Kind.TECHNICAL and not failed.diffed
    full_words = changes[0].after.words
    assert (failed.words_added, failed.words_removed) == (failed.after.words, full_words)
    assert failed.categories_removed == failed.categories_touched == () and failed.quotes == {}
    assert diff_of(tmp_path, analysis, failed) == ""
    # The version after it is compared with the full one, and diffed.
    assert changes[2].diffed and changes[2].compared_with == "2023-01-01"


def test_substantive_when_a_category_is_gained_or_lost(tmp_path: Path, taxonomy: Taxonomy) -> None:
    gained = BASE + "\nWe collect your faceprint to verify your identity.\n"
    changes, _ = changes_of(tmp_path, taxonomy, BASE, gained, BASE)
    added, removed = changes[1], changes[2]
    assert added.kind is Kind.SUBSTANTIVE
    assert added.categories_added == ("biometric",)
    assert added.categories_touched == ("biometric",)
    assert added.evidence == {"biometric": ("We collect your faceprint to verify your identity.",)}
    [quote] = added.quotes["biometric"]
    assert quote.text[slice(*quote.marks[0])] == "faceprint" and quote.side == "new"
    assert removed.categories_removed == ("biometric",)
    assert removed.quotes["biometric"][0].side == "old"


def test_touched_needs_the_category_words_or_a_cue_to_change(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    old = BASE + "\nWe use cookies to keep you signed in on the website.\n"
    unrelated = BASE + "\nWe use cookies to keep you signed in on the app.\n"
    related = BASE + "\nWe use cookies and pixels to keep you signed in on the app.\n"
    changes, _ = changes_of(tmp_path, taxonomy, old, unrelated, related)
    assert changes[1].kind is Kind.EDITORIAL and changes[1].categories_touched == ()
    assert changes[2].kind is Kind.EDITORIAL and changes[2].categories_touched == ("tracking",)


@pytest.mark.parametrize(
    ("before", "after", "category", "flip", "added"),
    [
        ("We will not sell your personal information.", "We may sell your personal information.",
         "sale-of-data", ("will not sell", "may sell"), ()),
        ("We do not sell your personal data.", "We sell your personal data.",
         "sale-of-data", ("do not sell", "sell"), ()),
        ("We will share your data with partners.", "We may share your data with partners.",
         "third-party-sharing", ("will share", "may share"), ()),
        ("We may use your precise location.", "We never use your precise location.",
         "precise-location", ("may use your precise location", "never use your precise location"),
         ()),
        # A sentence rewritten and extended: few words in common with the whole new sentence,
        # but most of the old one kept. Not collecting a kind of data does not mention it
        # (site_config/taxonomy.yml, `denied`): collecting it is new.
        ("We will not collect your precise location.",
         "If you turn on Nearby, we may collect your precise location, using GPS signals and "
         "nearby Wi-Fi networks, to show you posts and trends from around you.",
         "precise-location", ("will not collect your precise location",
                              "may collect your precise location"), ("precise-location",)),
    ],
)  # fmt: skip
def test_negation_and_modal_flips_make_a_change_substantive(
    tmp_path: Path,
    taxonomy: Taxonomy,
    before: str,
    after: str,
    category: str,
    flip: tuple[str, str],
    added: tuple[str, ...],
) -> None:
    changes, _ = changes_of(tmp_path, taxonomy, BASE + "\n" + before, BASE + "\n" + after)
    change = changes[1]
    assert change.categories_added == added
    assert change.categories_removed == ()
    assert change.kind is Kind.SUBSTANTIVE
    assert [(f.category, f.before, f.after) for f in change.flips] == [(category, *flip)]
    assert category in change.categories_touched


def test_no_flip_between_unrelated_sentences(tmp_path: Path, taxonomy: Taxonomy) -> None:
    before = "We do not knowingly collect information from children under 13."
    after = "If we learn that a child under 13 has an account, we close it."
    changes, _ = changes_of(tmp_path, taxonomy, BASE + "\n" + before, BASE + "\n" + after)
    assert changes[1].flips == ()
    assert changes[1].kind is Kind.EDITORIAL


# --- Upcoming + current ----------------------------------------------------------------------

CURRENT = long_text("profile", 8) + "\nWe do not sell your personal information.\n"
UPCOMING = (
    "# Our new Privacy Policy\n\n_Effective: September 29, 2023_\n\n"
    + long_text("profile", 8)
    + "\nWe may collect biometric information to verify accounts.\n"
)
BOTH = UPCOMING + "\n# Privacy Policy (effective until September 29, 2023)\n\n" + CURRENT


def test_a_doubling_announces_and_the_halving_takes_effect(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    changes, analysis = changes_of(tmp_path, taxonomy, CURRENT, BOTH, UPCOMING)
    _, announced, effective = changes
    assert announced.announces == "2023-09-29"
    # The announced text against the text in force, not the whole new text as an insertion.
    assert announced.categories_added == ("biometric",)
    assert announced.categories_removed == ("sale-of-data",)
    assert 0 < announced.words_added < 20 and 0 < announced.words_removed < 20
    html = diff_of(tmp_path, analysis, announced)
    assert "biometric" in html and "Part 1" in html
    assert effective.announced_in == "2023-01-02" and effective.announces is None
    # Compared, like the announcement, with the text that was in force before.
    assert effective.categories_added == ("biometric",)
    assert effective.categories_removed == ("sale-of-data",)
    assert effective.kind is Kind.SUBSTANTIVE
    assert (effective.words_added, effective.words_removed) == (
        announced.words_added,
        announced.words_removed,
    )


def test_an_appended_section_is_not_an_announcement(tmp_path: Path, taxonomy: Taxonomy) -> None:
    appendix = "\n".join(
        f"Residents of state number {n} may ask us what we hold about them." for n in range(200)
    )
    changes, _ = changes_of(tmp_path, taxonomy, CURRENT, CURRENT + "\n" + appendix + "\n")
    assert changes[1].announces is None


@pytest.mark.corpus
def test_real_announcement_in_the_corpus(tmp_path: Path, taxonomy: Taxonomy) -> None:
    folder = corpus_document("Snapchat", "Privacy Policy")
    stamps = ("2021-08-09T19-40-55Z", "2021-08-28T00-35-56Z", "2021-10-05T08-09-42Z")
    bodies = [(folder / f"{s}.md").read_text(encoding="utf-8") for s in stamps]
    changes, _ = changes_of(tmp_path, taxonomy, *bodies)
    _, announcing, effective = changes
    assert announcing.announces == "2021-09-30"
    # The page doubles (about 3,400 new words above the 4,500 in force), yet the change
    # counts what the announced text changes against the one in force: a shorter policy.
    assert announcing.words_added < 500 and announcing.words_removed > 1000
    assert effective.announced_in == "2023-01-02"
    # When it takes effect it is compared with the text that was in force, as announced.
    assert abs(effective.words_added - announcing.words_added) < 50
    assert abs(effective.words_removed - announcing.words_removed) < 50


# --- Pages and export ------------------------------------------------------------------------


def test_evidence_is_marked_in_the_diff_html(tmp_path: Path) -> None:
    hostile = Taxonomy(
        (Category("x", 'Label "><script>', "A test.", phrases=("voice recording",)),)
    )
    changes, analysis = changes_of(
        tmp_path, hostile, BASE, BASE + "\nWe keep <b>voice recordings</b> forever.\n"
    )
    html = diff_of(tmp_path, analysis, changes[1])
    assert '<mark class="pw-evidence" title="Label &quot;&gt;&lt;script&gt;">' in html
    assert "voice recordings</mark>" in html
    assert "<script>" not in html and "<b>" not in html


def test_export_carries_labels_with_design_field_names(tmp_path: Path, taxonomy: Taxonomy) -> None:
    archive = archive_of(tmp_path, BASE, BASE + "\nWe collect your faceprint.\n")
    analysis: Analysis = analyse_archive(archive, taxonomy)
    record = json.loads(b"".join(changes_json_bytes(archive, analysis)))["changes"][1]
    assert list(record) == [
        "platform", "document", "from", "to", "kind", "reverted_to", "categories_added",
        "categories_removed", "categories_touched", "evidence", "words_added", "words_removed",
        "summary", "url", "sections", "auto_summary",
    ]  # fmt: skip
    assert record["kind"] == "substantive"
    assert record["categories_added"] == ["biometric"]
    assert record["evidence"] == {"biometric": ["We collect your faceprint."]}
    assert analysis.mentions["acme/privacy-policy/2023-01-02"] == ("biometric",)


def test_metrics_have_readability_and_deltas(tmp_path: Path, taxonomy: Taxonomy) -> None:
    hard = (
        "Notwithstanding the aforementioned considerations, organisational accountability "
        "necessitates comprehensive documentation of processing operations.\n"
    )
    changes, _ = changes_of(tmp_path, taxonomy, BASE, BASE + "\n" + hard)
    before, after = changes[1].before, changes[1].after
    assert before is not None and before.flesch_reading_ease is not None
    assert after.flesch_reading_ease is not None and after.flesch_kincaid_grade is not None
    assert after.flesch_reading_ease < before.flesch_reading_ease
    assert after.words == before.words + 12
    assert after.reading_minutes == round(after.words / 250, 1)
