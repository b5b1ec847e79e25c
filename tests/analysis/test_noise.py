"""Noise: changes a reader would not call edits are never `editorial` or `substantive`, and say
why (link tokens, punctuation, blinks behind tokens, page furniture, failed captures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.analysis.analyse import Analysis, analyse_archive
from generator.analysis.cache import Cache
from generator.analysis.changes import Change, Kind, Noise
from generator.analysis.furniture import FRAME_WINDOW, STRETCH, Lazily, Units, furniture, units
from generator.analysis.normalise import comparison_key, reading_key
from generator.analysis.taxonomy import Taxonomy, load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import Archive

BASE = long_text("account", 6)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


def history(
    root: Path, taxonomy: Taxonomy, bodies: list[str], cache: Cache | None = None
) -> list[Change]:
    """The changes of one document with a version a day (stamps from 2023-01-01)."""
    for n, body in enumerate(bodies):
        stamp = f"2023-{1 + n // 28:02d}-{1 + n % 28:02d}"
        write_snapshot(root, "acme", "privacy-policy", stamp, body)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(root, types, LoadOptions())
    assert archive.errors == ()
    return in_full(analyse_archive(archive, taxonomy, cache, workers=1), archive)


def in_full(analysis: Analysis, archive: Archive) -> list[Change]:
    """Every change in full (with a cache, `Analysis.changes` holds them in outline)."""
    return [change for document in archive.documents() for change in analysis.detailed(document)]


def redirect(target: str, token: str) -> str:
    """A link the way some platforms wrap every link: through a redirect with a token that
    changes at every capture."""
    quoted = target.replace(":", "%3A").replace("/", "%2F")
    return f"https://l.example.com/?u={quoted}&e={token}"


def linked(token: str) -> str:
    help_link = redirect("https://help.example.com/privacy", token)
    logo = f"https://cdn.example.com/{token}/logo.png"
    return (
        BASE
        + f"\nRead [how we use cookies]({help_link}) and [our help centre]({help_link}).\n"
        + f"\n![Acme logo]({logo})\n"
    )


# --- Reading keys ------------------------------------------------------------------------------


def test_the_reading_key_ignores_link_targets_and_image_sources() -> None:
    a, b = comparison_key(linked("AT1xYz")), comparison_key(linked("AT9qRs"))
    assert a != b  # the link targets differ
    assert reading_key(a) == reading_key(b)  # what a reader sees does not
    assert reading_key(comparison_key("See [help](https://a.example/x).")) != reading_key(
        comparison_key("See [our help](https://a.example/x).")
    )


# --- Kinds -------------------------------------------------------------------------------------


def test_link_tokens_alone_are_formatting_with_their_reason(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    changes = history(tmp_path, taxonomy, [linked(f"AT{n}tok") for n in range(4)])
    assert [c.kind for c in changes[1:]] == [Kind.FORMATTING] * 3
    assert {c.noise for c in changes[1:]} == {Noise.LINKS}
    assert all(c.words_added == c.words_removed == 0 for c in changes)


def test_a_blink_behind_link_tokens_is_still_a_blink(tmp_path: Path, taxonomy: Taxonomy) -> None:
    extra = "\nFor calls and messages, see the contract summary.\n"
    bodies = [linked("AT1"), linked("AT2") + extra, linked("AT3"), linked("AT4") + extra]
    changes = history(tmp_path, taxonomy, bodies)
    assert [c.kind for c in changes] == [
        Kind.FIRST,
        Kind.EDITORIAL,
        Kind.REVERTED,
        Kind.REVERTED,
    ]
    assert changes[2].reverted_to == changes[0].to_stamp
    assert changes[3].reverted_to == changes[1].to_stamp
    assert changes[3].noise is Noise.BLINK


def test_punctuation_alone_changes_no_word(tmp_path: Path, taxonomy: Taxonomy) -> None:
    old = BASE + "\nWe keep your data safe, and we delete it on request.\n"
    new = BASE + "\nWe keep your data safe; and we delete it on request!\n"
    changes = history(tmp_path, taxonomy, [old, new])
    assert changes[1].kind is Kind.FORMATTING and changes[1].noise is Noise.NO_WORDS


def test_no_edit_without_a_word_changed_on_a_real_history(tmp_path: Path) -> None:
    """Instagram's terms link through l.instagram.com with a token per capture; Facebook's
    through l.facebook.com. On the shared histories, no change without a word added or
    removed may be called an edit."""
    from conftest import corpus_document

    folder = corpus_document("Facebook", "Terms of Service")
    files = sorted(folder.glob("2022-02-0*.md"))[:12]
    bodies = [f.read_text(encoding="utf-8") for f in files]
    taxonomy = load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]
    changes = history(tmp_path, taxonomy, bodies)
    edits = [c for c in changes if c.kind in (Kind.EDITORIAL, Kind.SUBSTANTIVE)]
    assert all(c.words_added + c.words_removed > 0 for c in edits)
    assert any(c.noise in (Noise.LINKS, Noise.BLINK) for c in changes)


# --- Page furniture ----------------------------------------------------------------------------


def policy(extra: dict[int, str] | None = None) -> str:
    """A policy of 8 sections; `extra` adds text at the end of some."""
    sections = (
        f"## Section {n}\n\nWe explain here how we handle the data of section {n}, "
        f"why we hold it and whom we give it to.{(extra or {}).get(n, '')}"
        for n in range(1, 9)
    )
    return "# Privacy policy\n\n" + "\n\n".join(sections) + "\n"


POLICY = policy()
TOPICS = [f"Question number {n} about lost blogs" for n in range(200)]


def page(day: int, *, edited: bool = False) -> str:
    """A policy page with a live list of recent forum questions, as one capture a day saw it:
    a new question on top every day, older ones moving down, ages growing."""
    items = []
    for age, topic in enumerate(TOPICS[day : day + 6]):
        items.append(f"*   {topic}\n    *   by user{day + age}\n    *   {age + 1} days ago\n")
    policy = POLICY
    if edited:
        policy += "\nWe may share your precise location with our partners.\n"
    return (
        "Help centre\n\n**Recently discussed**\n\n"
        + "".join(items)
        + "\nAll categories\n\n"
        + policy
        + "\nContact us\n"
    )


def test_a_live_list_beside_the_policy_is_furniture(tmp_path: Path, taxonomy: Taxonomy) -> None:
    bodies = [page(day, edited=day >= 20) for day in range(36)]
    changes = history(tmp_path, taxonomy, bodies)
    edit = changes[20]
    assert edit.kind is Kind.SUBSTANTIVE and "precise-location" in edit.categories_added
    others = changes[1:20] + changes[21:]
    assert {c.kind for c in others} == {Kind.TECHNICAL}
    assert {c.noise for c in others} == {Noise.FURNITURE}
    assert all(c.categories_added == c.categories_removed == () for c in others)


def test_an_ordinary_history_has_no_furniture(tmp_path: Path, taxonomy: Taxonomy) -> None:
    extra: dict[int, str] = {}
    bodies = [POLICY]
    for n in range(1, 16):  # each version edits one section, in turn
        extra[n % 8 + 1] = extra.get(n % 8 + 1, "") + f" Revised in round {n}."
        bodies.append(policy(extra))
    changes = history(tmp_path, taxonomy, bodies)
    assert {c.kind for c in changes[1:]} == {Kind.EDITORIAL}


def test_a_new_capture_of_a_long_history_reads_no_older_text(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    """The furniture of the whole history is judged again, from what the cache kept of each
    text: a new snapshot of a long history reads its own text and its predecessor's only."""
    root, cache = tmp_path / "content", Cache(tmp_path / "cache")
    bodies = [page(day, edited=day >= 20) for day in range(36)]
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    before = history(root, taxonomy, bodies[:-1], cache)
    write_snapshot(root, "acme", "privacy-policy", "2023-02-09", bodies[-1])
    archive = load_archive(root, types, LoadOptions())
    expected = list(analyse_archive(archive, taxonomy, workers=1).all_changes())
    assert expected[: len(before)] == before
    assert expected[-1].noise is Noise.FURNITURE
    # Every text but the first (the first change lists its sections) and the last two changed
    # under the loaded archive: reading one would raise ContentChanged.
    for path in sorted(root.glob("acme/privacy-policy/*.md"))[1:-2]:
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    again = analyse_archive(archive, taxonomy, cache, workers=1)
    assert in_full(again, archive) == expected
    assert again.computed_pairs == 1


def test_units_join_nested_list_items_and_ignore_link_targets() -> None:
    a = units("Intro\n\n*   [Topic](https://x.example/1)\n    *   2 days ago\n*   Other\n")
    b = units("Intro\n\n*   [Topic](https://x.example/2)\n    *   2 days ago\n*   Other\n")
    assert len(a) == 3 and a == b


def test_too_short_a_history_is_never_furniture() -> None:
    versions = {n: (1, 2, n + 10, 3) for n in range(8)}
    assert furniture(versions, [(n, n + 1) for n in range(7)]) == [False] * 7


class Judged(dict[str, tuple[bool, ...]]):
    """A memo of judged stretches, as the analysis cache keeps them."""

    def stretch(self, key: str) -> tuple[bool, ...] | None:
        return self.get(key)

    def put_stretch(self, key: str, flags: tuple[bool, ...]) -> None:
        self[key] = flags


def test_a_new_capture_judges_again_only_the_stretches_within_reach_of_it() -> None:
    """A long history's stretches far from its end are judged from the same changes after a
    new capture: remembered, they are not judged again, and their versions are not read."""
    page = (1, 2, 3, 4, 5, 6, 7, 8)

    def versions(asked: list[int]) -> Lazily[Units]:
        """A live unit in the same gap of every capture; what is asked for, noted."""

        def capture(n: int) -> Units:
            asked.append(n)
            return (*page[:4], 1000 + n, *page[4:])

        return Lazily(capture)

    names = [f"text {n}" for n in range(300)]
    memo, asked = Judged(), list[int]()
    pairs = [(n, n + 1) for n in range(250)]
    flags = furniture(versions(asked), pairs, names, memo)
    assert flags == [True] * 250 and len(memo) == 25
    assert flags == furniture(versions([]), pairs)  # the same without a memo

    asked.clear()
    pairs.append((250, 251))
    again = furniture(versions(asked), pairs, names, memo)
    assert again == furniture(versions([]), pairs) == [True] * 251
    judged = len(memo) - 25
    assert 0 < judged < 15  # the last stretches, whose windows reach the new change
    assert min(asked) >= 251 - 2 * FRAME_WINDOW - STRETCH

    asked.clear()
    names[5] = "an edited text"  # a text near the start: the stretches within reach of it
    assert furniture(versions(asked), pairs, names, memo) == again
    assert len(memo) > 25 + judged and max(asked) <= 5 + STRETCH + 2 * FRAME_WINDOW
