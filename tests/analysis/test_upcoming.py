"""Announced policies: the date a new text takes effect, read from the usual phrasings, and
the announcing change compared with the text in force."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.analysis.analyse import analyse_archive
from generator.analysis.taxonomy import Taxonomy, load_taxonomy
from generator.analysis.upcoming import effective_date
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive


@pytest.mark.parametrize(
    ("announced", "in_force", "date"),
    [
        ("Our updated terms will go into effect on May 18, 2023.", "", "2023-05-18"),
        ("The new version below takes effect on 1 March 2024.", "", "2024-03-01"),
        ("**Effective:** 30 September 2021", "", "2021-09-30"),
        ("This policy comes into force on 2024-07-01.", "", "2024-07-01"),
        ("It becomes effective on June 5th, 2022.", "", "2022-06-05"),
        ("Changes apply with effect from 12 January 2025.", "", "2025-01-12"),
        # Said of the text in force: the new one applies the day after.
        ("A new policy.", "Privacy Policy (Effective until September 22, 2023)", "2023-09-23"),
        # The new text's own date wins over the date the old one runs until.
        ("Effective: September 29, 2023", "Effective until September 22, 2023", "2023-09-29"),
        ("Last updated: May 1, 2023", "", ""),
    ],
)
def test_effective_dates_from_the_usual_phrasings(announced: str, in_force: str, date: str) -> None:
    assert effective_date(announced, in_force) == date


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


IN_FORCE = long_text("profile", 8) + "\nWe do not sell your personal information.\n"
NEW = long_text("profile", 8) + "\nWe may train AI models on your public posts.\n"


@pytest.mark.parametrize(
    ("banner", "title", "date"),
    [
        ("Our new Privacy Policy will go into effect on May 18, 2023.", "", "2023-05-18"),
        ("", "Privacy Policy (effective until September 22, 2023)", "2023-09-23"),
    ],
)
def test_an_announcement_names_its_date_and_compares_with_the_text_in_force(
    tmp_path: Path, taxonomy: Taxonomy, banner: str, title: str, date: str
) -> None:
    both = f"{banner}\n\n# New Privacy Policy\n\n{NEW}\n# {title or 'Privacy Policy'}\n\n{IN_FORCE}"
    for day, body in enumerate((IN_FORCE, both, NEW), start=1):
        write_snapshot(tmp_path, "acme", "privacy-policy", f"2023-01-0{day}", body)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(tmp_path, types, LoadOptions())
    _, announcing, effective = analyse_archive(archive, taxonomy).all_changes()
    assert announcing.announces == date
    assert announcing.categories_added == ("ai-training",)
    assert announcing.categories_removed == ("sale-of-data",)
    assert announcing.words_added < 40  # not the whole new policy as an insertion
    assert effective.announced_in == "2023-01-02"
    assert effective.categories_added == ("ai-training",)
