"""Full texts rendered ahead of need in worker processes, through the cache."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import multiprocessing
import os
import re
import sys
import time
import weakref
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import CONFIG_DIR, write_site
from generated_content import write_histories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_markdown import documents, line, separator

from generator import build
from generator.analysis.analyse import analyse_archive
from generator.analysis.cache import Cache
from generator.content import load
from generator.content.model import Version
from generator.site import fulltext
from generator.site.fulltext import PARALLEL_MIN_TEXTS, FullTexts, cache_key, snapshot_html
from generator.site.safe_html import clean_snapshot_html, render_markdown


def version(text: str, stamp: str = "2024-01-01") -> Version:
    return Version(
        platform="acme",
        document="privacy-policy",
        stamp=stamp,
        observed=datetime(2024, 1, 1, tzinfo=UTC),
        path=Path(f"content/acme/privacy-policy/{stamp}.md"),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        size=len(text.encode()),
        body=text,
        source="https://acme.example/privacy",
    )


TEXTS = [
    f"## Part {n}\n\nWe keep *logs* for {n} days. <script>x()</script>\n"
    for n in range(PARALLEL_MIN_TEXTS)
]


def test_workers_fill_the_cache_and_pages_read_it(tmp_path: Path) -> None:
    versions = [version(text, f"2024-01-0{n + 1}") for n, text in enumerate(TEXTS)]
    full_texts = FullTexts(Cache(tmp_path), workers=2)
    try:
        full_texts.prepare(versions)
        assert full_texts._pool is not None
        for v in versions:
            assert full_texts.html(v) == snapshot_html(v.text)
    finally:
        full_texts.close()
    assert all(Cache(tmp_path).has(cache_key(v.sha256)) for v in versions)


def test_a_few_texts_render_as_their_pages_are_written(tmp_path: Path) -> None:
    """A live reload after one edited snapshot does not wait for a worker to start."""
    versions = [version(text, f"2024-03-0{n + 1}") for n, text in enumerate(TEXTS[:-1])]
    full_texts = FullTexts(Cache(tmp_path), workers=2)
    full_texts.prepare(versions)
    assert full_texts._pool is None
    assert [full_texts.html(v) for v in versions] == [snapshot_html(v.text) for v in versions]


def test_texts_given_in_turns_start_the_workers_once_enough_wait(tmp_path: Path) -> None:
    """A build hands each platform's texts as it loads them: a few from each, many in all."""
    versions = [version(text, f"2024-04-0{n + 1}") for n, text in enumerate(TEXTS)]
    half = PARALLEL_MIN_TEXTS // 2
    full_texts = FullTexts(Cache(tmp_path), workers=1)
    try:
        full_texts.prepare(versions[:half])
        assert full_texts._pool is None
        full_texts.prepare(versions[half:])
        assert full_texts._pool is not None
        assert len(full_texts._pending) == len(versions)
        full_texts.prepare(versions)  # given again: not rendered twice
        assert len(full_texts._pending) == len(versions)
        assert [full_texts.html(v) for v in versions] == [snapshot_html(v.text) for v in versions]
    finally:
        full_texts.close()


def test_a_warm_cache_starts_no_workers(tmp_path: Path) -> None:
    v = version(TEXTS[0])
    Cache(tmp_path).put(cache_key(v.sha256), {"text": v.sha256, "sections": ["<p>cached</p>"]})
    full_texts = FullTexts(Cache(tmp_path), workers=2)
    full_texts.prepare([v])
    assert full_texts._pool is None
    assert full_texts.html(v) == "<p>cached</p>"


def test_without_a_cache_texts_render_in_process() -> None:
    v = version(TEXTS[1])
    full_texts = FullTexts(Cache(None), workers=2)
    full_texts.prepare([v])
    assert full_texts._pool is None
    assert full_texts.html(v) == snapshot_html(v.text)


def test_a_corrupt_entry_is_rendered_again(tmp_path: Path) -> None:
    v = version(TEXTS[2])
    cache = Cache(tmp_path)
    cache.put(cache_key(v.sha256), "x")
    (entry,) = tmp_path.rglob("*.json")
    entry.write_bytes(b"\xff\xfe not json")
    assert FullTexts(cache, workers=0).html(v) == snapshot_html(v.text)
    assert "\n".join(cache.get(cache_key(v.sha256))["sections"]) == snapshot_html(v.text)


def test_an_entry_of_another_shape_is_rendered_again(tmp_path: Path) -> None:
    v = version(TEXTS[3])
    cache = Cache(tmp_path)
    shapes = (
        "<p>whole</p>",
        ["<p>a list</p>"],
        {"text": v.sha256, "sections": [1, 2]},
        {"text": "0" * 64, "sections": ["<p>another text's</p>"]},
    )
    for entry in shapes:
        cache.put(cache_key(v.sha256), entry)
        assert FullTexts(cache, workers=0).html(v) == snapshot_html(v.text)


def long_version() -> Version:
    section = "## Clause\n\n" + "We keep logs of your visits for ninety days. " * 200
    return version("\n\n".join([section] * (3 * fulltext.TEXT_PART_BYTES // len(section))))


def test_a_long_texts_part_count_is_remembered_not_cut_again(tmp_path: Path) -> None:
    v = long_version()
    count = FullTexts(Cache(tmp_path), workers=0).part_count(v)
    assert count == len(fulltext.text_parts(v.text)) >= 3
    # Another build knows it without the text (here a text that would be one part).
    unread = dataclasses.replace(v, body="We keep logs.")
    assert FullTexts(Cache(tmp_path), workers=0).part_count(unread) == count
    assert FullTexts(Cache(None), workers=0).part_count(unread) == 1
    assert FullTexts(Cache(tmp_path), workers=0).part_count(version(TEXTS[0])) == 1


def test_a_part_count_the_cache_got_wrong_is_counted_again_or_shows_no_text(
    tmp_path: Path,
) -> None:
    v, cache = long_version(), Cache(tmp_path)
    count = len(fulltext.text_parts(v.text))
    key = fulltext.digest("text parts", fulltext.code_fingerprint("site.fulltext"), v.sha256)
    for shape in ("3", {"text": v.sha256, "parts": 0}, {"text": "0" * 64, "parts": 9}):
        cache.put(key, shape)
        assert FullTexts(cache, workers=0).part_count(v) == count
    cache.put(key, {"text": v.sha256, "parts": count + 2})  # edited by hand
    full_texts = FullTexts(cache, workers=0)
    assert full_texts.part_count(v) == count + 2
    assert full_texts.html(v, count + 1) == ""  # an empty part page, not a failed build
    assert full_texts.html(v, count) == snapshot_html(fulltext.text_parts(v.text)[-1])


def test_sections_read_back_are_cleaned_once_for_all_the_versions_sharing_them(
    tmp_path: Path,
) -> None:
    sections = [f"## Part {n}\n\nWe keep logs for {n} weeks.\n" for n in range(30)]
    first = version("\n".join(sections), "2024-05-01")
    sections[12] = "## Part 12\n\nWe keep logs for ever.\n"
    second = version("\n".join(sections), "2024-05-02")
    cache = Cache(tmp_path)
    for v in (first, second):
        cache.put(
            cache_key(v.sha256), fulltext._entry(v.sha256, fulltext.snapshot_sections(v.text))
        )
    full_texts = FullTexts(cache, workers=0)
    assert full_texts.html(first) == snapshot_html(first.text)
    before = fulltext.cleaned_again.cache_info()
    assert full_texts.html(second) == snapshot_html(second.text)
    assert fulltext.cleaned_again.cache_info().misses - before.misses == 1


def test_hostile_markup_split_across_cached_sections_stays_inert(tmp_path: Path) -> None:
    """Each section read back is cleaned alone: a tag cut in two by a forged entry cannot be
    joined back into one."""
    v = version(TEXTS[4])
    forged = [
        '<p><a href="https://a.example/" title="',
        '" onclick="alert(1)">x</a></p><scr',
        "ipt>alert(2)</script><img src=x onerror=alert(3)",
        '><a href="javas',
        'cript:alert(4)">y</a>',
    ]
    Cache(tmp_path).put(cache_key(v.sha256), {"text": v.sha256, "sections": forged})
    html = FullTexts(Cache(tmp_path), workers=0).html(v)
    assert set(re.findall(r"<\s*([a-zA-Z]+)", html)) <= {"p", "a"}
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert not re.search(r"<[^>]*\bon[a-z]+=", html)


class Bulk:
    """Stands for a page's HTML, held by the caller while a text is asked for."""


def test_workers_that_die_leave_the_texts_to_the_build_and_hold_nothing(tmp_path: Path) -> None:
    versions = [version(text, f"2024-02-0{n + 1}") for n, text in enumerate(TEXTS)]
    before = set(multiprocessing.active_children())
    full_texts = FullTexts(Cache(tmp_path), workers=2)
    full_texts.prepare(versions)
    workers = set(multiprocessing.active_children()) - before
    assert workers
    for worker in workers:
        worker.kill()  # the pool breaks: every pending text fails with one shared exception

    def page(v: Version) -> weakref.ref[Bulk]:
        bulk = Bulk()
        assert full_texts.html(v) == snapshot_html(v.text)
        return weakref.ref(bulk)

    try:
        for v in versions:  # each page, once written, is gone while the next ones wait
            held = page(v)
            gc.collect()
            assert held() is None
    finally:
        full_texts.close()


# Each text holds constructs that run across blank lines, followed by a section start.
WHOLE_AS_SECTIONS = {
    "loose list, then a paragraph": "- one\n\n- two\n\nAfter the list.\n\n- three\n",
    "nested list, then bold": "1. first\n\n    - inner\n\n2. second\n\n**Bold** line.\n",
    "list from 7": "7. seventh\n8. eighth\n\nText.\n\n3. third\n",
    "indented code": "Intro:\n\n    code line\n\n    more code\n\nProse again.\n",
    "quote": "> quoted\n\n> still quoted\n\nNot quoted.\n",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |\n\n# Heading\n\nWords.\n",
    "setext and links": "Title\n=====\n\n[Link](https://a.example) here.\n\nEnd.\n",
    "leading blank lines": "    \n\n\nFirst words.\n\n## Two\n",
    "reference links": "See [the page][p].\n\nMore.\n\n[p]: https://a.example/page\n",
    "hostile": "<script>x()</script>\n\n[a](javascript:alert(1))\n\n## <b>h</b>\n",
}


@pytest.mark.parametrize("text", WHOLE_AS_SECTIONS.values(), ids=WHOLE_AS_SECTIONS.keys())
def test_a_text_rendered_section_by_section_reads_as_the_whole_text(text: str) -> None:
    assert snapshot_html(text) == clean_snapshot_html(render_markdown(text))


def test_a_new_version_renders_only_its_new_sections() -> None:
    sections = [f"## Part {n}\n\nWe keep logs for {n} days.\n" for n in range(20)]
    snapshot_html("\n".join(sections))
    before = fulltext._safe_section.cache_info()
    sections[7] = "## Part 7\n\nWe keep logs for a year.\n"
    snapshot_html("\n".join(sections))
    after = fulltext._safe_section.cache_info()
    # Each heading and its paragraph are two sections: the changed paragraph is the one miss.
    assert after.misses - before.misses == 1


# Lists whose items, cut apart, must still render as the whole list does.
WHOLE_AS_ITEMS = {
    "loose items": "* one\n\n* two\n\n* three\n",
    "tight, then loose": "* one\n* two\n\n* three\n",
    "numbered from 4": "4. four\n\n5. five\n\n6. six\n",
    "blank lines of spaces": "1.  first\n    \n2.  second\n    \n    more of the second\n",
    "nested": "1. a\n\n    * inner\n\n    * inner two\n\n2. b\n\n        code\n",
    "bullets mixed": "- dash\n\n+ plus\n\n* star\n",
    "numbered, then bullets": "1. one\n\n* bullet\n\n2. two\n",
    "a rule among items": "* one\n\n* * *\n\n* two\n",
    "a setext heading": "* one\n\n* two\n---\n\n* three\n",
    "a heading line in an item": "* one\n# Heading\n\n* two\n",
    "a quote between": "* one\n\n> quoted\n\n* two\n",
    "after a paragraph": "(a) lead-in:\n\n* one\n\n* two\n",
    "tab after the marker": "*\tone\n\n*\ttwo\n",
    "a year, read as an item": "2023. A year.\n\n2024. Another.\n",
}


def _notices(changed: str = "") -> str:
    """A list whose third item holds a long nested list (notices country by country)."""
    countries = [
        f"    {n}. **Country {n}**\n        \n        Data from the agency of country {n}."
        + (
            "\n        \n        * Map data: survey office.\n        \n        * Roads: ministry."
            if n % 3
            else ""
        )
        for n in range(1, 41)
    ]
    if changed:
        countries[19] = f"    20. **Country 20**\n        \n        {changed}"
    items = ["1. **Use.** You may use the maps.", "2. **Limits.** You may not copy them."]
    items.append("3. **Country notices.**\n    \n" + "\n    \n".join(countries))
    items.append("4. **Changes.** We may change these terms.")
    return "## Terms\n\n" + "\n\n".join(items) + "\n"


# Items whose nested lists, cut apart, must still render as the whole item does.
NESTED_AS_PIECES = {
    "the Google Maps shape": _notices(),
    "numbered from 3": "3. **N**\n    \n    1. **A**\n        \n        G\n\n    2. B\n",
    "bullets then numbers": "1. a\n\n2. **N**\n\n    * a\n\n    * b\n\n    1. c\n\n3. d\n",
    "numbered from 5": "* head\n\n    5. five\n\n    6. six\n\n    7. seven\n",
    "a paragraph after": "* head\n\n    1. one\n\n    2. two\n\n    After them.\n\n* next\n",
    "a list in the head": "* * head\n\n    * one\n\n    * two\n",
    "a tight list under the head": "* head\n    * one\n\n    * two\n\n    * three\n",
    "a quote among": "1. head\n\n    > quoted\n\n    * one\n\n    > again\n\n    * two\n",
    "code in an item": "* h\n\n    1. one\n\n            code\n\n\n            more\n\n    2. 2\n",
}


@pytest.mark.parametrize(
    "text",
    [*WHOLE_AS_ITEMS.values(), *NESTED_AS_PIECES.values()],
    ids=[*WHOLE_AS_ITEMS, *NESTED_AS_PIECES],
)
def test_a_list_rendered_item_by_item_reads_as_the_whole_list(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext, "LONG_SECTION", 0)
    assert snapshot_html(text) == clean_snapshot_html(render_markdown(text))


list_heavy = st.lists(
    st.tuples(
        st.one_of(
            line,
            line.map(lambda t: f"* {t}"),
            line.map(lambda t: f"2. {t}"),
            line.map(lambda t: f"    {t}"),
            # Nested lists, their bodies and the lines around them (the item-in-item path).
            line.map(lambda t: f"    1. {t}"),
            line.map(lambda t: f"    - {t}"),
            line.map(lambda t: f"        {t}"),
            line.map(lambda t: f"        * {t}"),
            line.map(lambda t: f"            {t}"),
            st.just("    "),
        ),
        st.one_of(separator, st.just("\n    \n"), st.just("\n        \n")),
    ),
    max_size=20,
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(documents(), list_heavy))
def test_any_text_rendered_in_sections_and_items_reads_as_the_whole_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulltext, "LONG_SECTION", 0)  # every section cut into its items
        assert snapshot_html(text) == clean_snapshot_html(render_markdown(text))


def test_a_stand_in_that_renders_unexpectedly_leaves_the_section_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Were Python-Markdown to write a stand-in item otherwise, no stand-in reaches a page."""
    monkeypatch.setattr(fulltext, "LONG_SECTION", 0)
    monkeypatch.setattr(fulltext, "_STAND_IN_JOINED", {"ul": "?", "ol": "?"})
    text = "* one\n\n* two\n\n* three\n"
    assert snapshot_html(text) == clean_snapshot_html(render_markdown(text))


def test_a_new_version_of_a_long_list_renders_only_its_changed_item() -> None:
    items = [f"{n}. We keep logs of kind {n} for {n} days, then delete them." for n in range(60)]
    snapshot_html("## Retention\n\n" + "\n\n".join(items) + "\n")
    before = fulltext._rendered.cache_info()
    known = set(fulltext._rendered.cache)
    items[30] = "30. We keep logs of kind 30 for a year."
    snapshot_html("## Retention\n\n" + "\n\n".join(items) + "\n")
    assert fulltext._rendered.cache_info().misses - before.misses == 1
    # What was rendered again is the item (between its stand-ins), not the list around it.
    (rendered,) = set(fulltext._rendered.cache) - known
    assert "kind 30 for a year" in str(rendered)
    assert "kind 29" not in str(rendered)
    assert "kind 31" not in str(rendered)


def test_a_new_version_of_a_long_nested_list_renders_only_its_changed_item() -> None:
    """The nested notices are not rendered again whole for a line changed in one of them."""
    first = snapshot_html(_notices())
    assert first == clean_snapshot_html(render_markdown(_notices()))
    known = set(fulltext._rendered.cache)
    changed = _notices("Data from the new agency of country 20.")
    assert snapshot_html(changed) == clean_snapshot_html(render_markdown(changed))
    new = [str(markdown_text) for markdown_text in set(fulltext._rendered.cache) - known]
    assert len(new) == 1
    assert "new agency of country 20" in new[0]
    assert "Country 19" not in new[0]
    assert "Country 21" not in new[0]


def test_a_nested_stand_in_that_renders_unexpectedly_leaves_the_item_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The nested item is the list's first (after a lead-in), so only the cut of its nested
    items meets the stand-in that renders otherwise; the item is then rendered whole."""
    monkeypatch.setattr(fulltext, "LONG_SECTION", 0)
    monkeypatch.setattr(fulltext, "_STAND_IN_BEFORE", {"ul": "?", "ol": "?"})
    text = "(a) The notices:\n\n* Notices.\n\n" + "\n\n".join(
        f"    * Notice {n} for country {n}." for n in range(1, 6)
    )
    assert snapshot_html(text) == clean_snapshot_html(render_markdown(text))


def test_a_very_long_text_is_cut_where_sections_start() -> None:
    sections = [f"## Part {n}\n\nWe keep logs for {n} days.\n\n* one\n* two" for n in range(300)]
    text = "\n\n".join(sections) + "\n"
    parts = fulltext.text_parts(text, limit=2_000)
    assert len(parts) > 1
    assert all(len(part.encode()) <= 2_000 for part in parts)
    assert "\n\n".join(parts) == text
    assert "\n".join(snapshot_html(part) for part in parts) == snapshot_html(text)


def test_parts_are_measured_in_bytes_not_characters() -> None:
    # Four bytes a character: 400 characters of a section are 1,600 bytes.
    sections = [f"## Part {n}\n\n" + "\U0001f600" * 400 for n in range(10)]
    text = "\n\n".join(sections)
    parts = fulltext.text_parts(text, limit=2_000)
    assert len(parts) == 10
    assert "\n\n".join(parts) == text


def test_a_text_with_reference_links_is_never_cut() -> None:
    text = "See [the page][p].\n\n" + "More words here.\n\n" * 500 + "[p]: https://a.example/\n"
    assert fulltext.text_parts(text, limit=2_000) == [text]


def test_a_long_text_is_cut_once_and_never_rendered_whole_ahead(tmp_path: Path) -> None:
    """Its parts are rendered as their pages are written, from one cut of the text; the
    background workers do not render it whole (no page shows it whole)."""
    long = version("\n\n".join(f"## Part {n}\n\nWe keep logs for {n} days." for n in range(20_000)))
    assert long.size > fulltext.TEXT_PART_BYTES
    short = [version(text, f"2024-04-0{n + 1}") for n, text in enumerate(TEXTS)]
    full_texts = FullTexts(Cache(tmp_path), workers=2)
    try:
        full_texts.prepare([long, *short])
        assert long.sha256 not in full_texts._pending
        parts = full_texts.parts(long)
        assert len(parts) > 1 and full_texts.parts(long) is parts
        assert full_texts.html(long, 2) == snapshot_html(parts[1])
    finally:
        full_texts.close()


def test_background_workers_yield_the_cores_to_the_build(tmp_path: Path) -> None:
    """They start while the analysis runs, so they run at the lowest priority: they take what
    the analysis leaves of the cores, and a core the build would leave idle."""
    versions = [version(text, f"2024-01-0{n + 1}") for n, text in enumerate(TEXTS)]
    full_texts = FullTexts(Cache(tmp_path), workers=1)
    try:
        full_texts.prepare(versions)
        assert full_texts._pool is not None
        own, niceness = os.nice(0), full_texts._pool.submit(os.nice, 0).result()
        assert niceness > own
        assert niceness == min(19, own + fulltext.BACKGROUND_NICENESS)
    finally:
        full_texts.close()


def _background_workers(wait: float = 0.0) -> list[int]:
    """Child processes of this one at a lower priority than it (the full texts' workers),
    waiting up to `wait` seconds for one: a worker lowers its priority once started."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    deadline = time.monotonic() + wait
    while True:
        found = []
        for pid in (child.pid for child in multiprocessing.active_children()):
            with contextlib.suppress(OSError):  # gone meanwhile
                if pid is not None and os.getpriority(os.PRIO_PROCESS, pid) > own:
                    found.append(pid)
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.mark.parametrize("interrupted", [False, True], ids=["analysed", "interrupted"])
def test_full_texts_render_while_the_analysis_runs_and_stop_with_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupted: bool
) -> None:
    content = write_site(tmp_path)
    write_histories(content, platforms=1, documents=("privacy-policy",), versions=12)
    seen: list[list[int]] = []

    def analyse(*args: Any, **kwargs: Any) -> Any:
        seen.append(_background_workers(wait=30))
        if interrupted:
            raise KeyboardInterrupt  # a build interrupted during its analysis
        return analyse_archive(*args, **kwargs)

    monkeypatch.setattr(build, "analyse_archive", analyse)
    cache = Cache(tmp_path / "cache")
    if interrupted:
        with pytest.raises(KeyboardInterrupt):
            build.build_site(content, CONFIG_DIR, cache=cache)
    else:
        result = build.build_site(content, CONFIG_DIR, cache=cache)
        assert result.filler is not None
        result.filler.close()
    assert seen and seen[0], "no full text was being rendered when the analysis began"
    assert not _background_workers()


def test_full_texts_render_while_the_content_is_still_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a collection takes one core for a while: the texts of the platforms loaded
    already render on the other."""
    content = write_site(tmp_path)
    write_histories(content, platforms=2, documents=("privacy-policy",), versions=12)
    seen: list[list[int]] = []
    load_platform = load._load_platform

    def loading(folder: Path, context: Any) -> Any:
        seen.append(_background_workers(wait=30 if seen else 0))
        return load_platform(folder, context)

    monkeypatch.setattr(load, "_load_platform", loading)
    result = build.build_site(content, CONFIG_DIR, cache=Cache(tmp_path / "cache"))
    assert result.filler is not None
    result.filler.close()
    assert len(seen) == 2
    assert not seen[0] and seen[1], "no text was rendered before the last platform was loaded"


def test_remembered_sections_are_bounded_in_size_not_in_number() -> None:
    """A collection has sections of 20 KB and more: a count of them bounds nothing. Nor does a
    count of characters: one emoji makes a string four bytes a character."""
    fulltext._safe_section.cache_clear()
    section = "We keep logs \U0001f600 " * 2_000  # about 32 KB of text, 128 KB in memory
    count = fulltext.SECTIONS_KEPT // (4 * len(section)) + 20
    for n in range(count):
        snapshot_html(f"## Part {n}\n\n{n} {section}\n")
    kept = fulltext._safe_section.cache
    assert sum(map(sys.getsizeof, kept.values())) <= fulltext.SECTIONS_KEPT
    before = fulltext._safe_section.cache_info()
    snapshot_html(f"## Part {count - 1}\n\n{count - 1} {section}\n")  # the last one: remembered
    assert fulltext._safe_section.cache_info().misses == before.misses
    huge = "word " * (fulltext.SECTIONS_KEPT // 4)  # a section larger than the whole memory
    assert snapshot_html(huge).count("word") == fulltext.SECTIONS_KEPT // 4


def test_sections_read_back_are_remembered_within_a_bound(tmp_path: Path) -> None:
    fulltext.cleaned_again.cache_clear()
    cache = Cache(tmp_path)
    section = "<p>We keep logs \U0001f600 " + "for days " * 4_000 + "</p>"
    for n in range(fulltext.CLEANED_KEPT // (4 * len(section)) + 10):
        v = version(f"text {n}", f"2024-06-{n % 28 + 1:02d}")
        cache.put(
            cache_key(v.sha256), fulltext._entry(v.sha256, [f"<h2>{n}</h2>", section + str(n)])
        )
        assert FullTexts(cache, workers=0).html(v).startswith(f"<h2>{n}</h2>")
    assert sum(map(sys.getsizeof, fulltext.cleaned_again.cache.values())) <= fulltext.CLEANED_KEPT
