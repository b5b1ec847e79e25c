"""The change card says what a noise change ignored and why, and what an announcement is
compared with."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.analysis.changes import Change, Kind, Noise, TextMetrics
from generator.content.model import Version
from generator.site.card import NOISE_NOTES, change_card

METRICS = TextMetrics(words=1200, reading_minutes=4.8)
VERSION = Version(
    "acme",
    "privacy-policy",
    "2023-01-02",
    datetime(2023, 1, 2, tzinfo=UTC),
    Path("2023-01-02.md"),
    "0" * 64,
    5000,
    "https://acme.example/privacy",
)


def change(kind: Kind, **fields: object) -> Change:
    return Change(
        "acme", "privacy-policy", "2023-01-01", "2023-01-02", kind, METRICS, METRICS, **fields
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("noise", list(Noise))
def test_every_noise_change_says_what_was_ignored(noise: Noise) -> None:
    card = change_card(VERSION, change(noise.kind, noise=noise), "platforms/acme/x/", None)
    assert "Not counted as an edit" in card
    assert NOISE_NOTES[noise] in card


def test_link_tokens_are_named_in_the_card() -> None:
    card = change_card(
        VERSION, change(Kind.FORMATTING, noise=Noise.LINKS), "platforms/acme/x/", None
    )
    assert "only link targets or image sources differ" in card


def test_an_edit_has_no_noise_note() -> None:
    card = change_card(VERSION, change(Kind.EDITORIAL, words_added=3), "platforms/acme/x/", None)
    assert "Not counted as an edit" not in card


def test_an_announcement_says_what_it_is_compared_with() -> None:
    card = change_card(
        VERSION, change(Kind.SUBSTANTIVE, announces="2023-09-29"), "platforms/acme/x/", None
    )
    assert "Announces a new version effective 2023-09-29" in card
    assert "compare the announced text with the text in force" in card
