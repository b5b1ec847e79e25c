"""The analysis cache: a rebuild recomputes only what changed, and gives the same answer."""

from __future__ import annotations

import shutil
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest
from conftest import CONFIG_DIR, long_text, write_snapshot

from generator.analysis.analyse import analyse_archive, digest
from generator.analysis.cache import Cache
from generator.analysis.outlines import outline
from generator.analysis.store import Store, fingerprint
from generator.analysis.taxonomy import Category, Taxonomy, load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.site.diff_html import diff_html

if TYPE_CHECKING:
    from pathlib import Path

    from generator.analysis.analyse import Analysis
    from generator.analysis.changes import Change
    from generator.content.model import Archive, Document

BODIES = [
    long_text("account"),
    long_text("account") + "\nWe collect your faceprint to verify you.\n",
    long_text("account") + "\nWe collect your faceprint. We may sell your data.\n",
    long_text("account"),
]


def analysed(content: Archive, taxonomy: Taxonomy, cache: Cache | None, **options: int) -> Analysis:
    """The archive analysed as a site build does it: diffs shown as HTML."""
    return analyse_archive(content, taxonomy, cache, present=diff_html, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


def archive(root: Path, documents: int = 1) -> Archive:
    for n in range(documents):
        for day, body in enumerate(BODIES, start=1):
            text = f"# Platform {n}\n\n{body}"  # distinct texts: no pair shared across documents
            write_snapshot(root, f"acme{n}", "privacy-policy", f"2023-01-{day:02d}", text)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    loaded = load_archive(root, types, LoadOptions(provenance=False))
    assert loaded.errors == ()
    return loaded


def shown(analysis: Analysis, content: Archive) -> dict[str, object]:
    return {
        change.key: analysis.shown_diff(document, change.key)
        for document in content.documents()
        for change in analysis.for_document(document)
    }


def same(a: Analysis, b: Analysis, content: Archive) -> bool:
    """The same changes in full, and the same outlines of them (`outlines.outline`)."""
    full = [(a.detailed(d), b.detailed(d)) for d in content.documents()]
    outlines = [(outlined(a, d), outlined(b, d)) for d in content.documents()]
    return (
        all(x == y for x, y in full)
        and all(x == y for x, y in outlines)
        and a.mentions == b.mentions
        and shown(a, content) == shown(b, content)
    )


def outlined(analysis: Analysis, document: Document) -> tuple[Change, ...]:
    return tuple(map(outline, analysis.for_document(document)))


def test_second_run_reads_everything_from_the_cache(tmp_path: Path, taxonomy: Taxonomy) -> None:
    content = archive(tmp_path / "content")
    cache = tmp_path / "cache"
    first = analysed(content, taxonomy, Cache(cache))
    again = analysed(content, taxonomy, Cache(cache))
    assert first.computed_pairs == 3
    assert again.computed_pairs == 0
    assert same(first, again, content)
    assert same(first, analysed(content, taxonomy, None), content)


def test_the_changes_digests_are_kept_with_them_in_the_cache(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    """A page is made again when its change's digest differs; a warm build reads them back
    with the document rather than encoding and hashing every change of the site again."""
    content = archive(tmp_path / "content")
    first = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    document = next(iter(content.documents()))
    store = Store(Cache(tmp_path / "cache"), fingerprint(taxonomy, diff_html))  # type: ignore[arg-type]
    kept = store.document(document)
    assert kept is not None
    assert kept.digests == {change.key: digest(change) for change in kept.changes}
    assert len(kept.digests) == len(BODIES) and len(kept.diff_digests) == len(BODIES) - 1
    again = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    assert again.computed_pairs == 0
    assert again.digests == first.digests == analysed(content, taxonomy, None).digests
    assert again.diff_digests == first.diff_digests == kept.diff_digests
    # An entry without them (the cache folder is not trusted) has them computed again.
    store.put_document(document, replace(kept, digests={}, diff_digests={}))
    bare = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    assert bare.computed_pairs == 0
    assert (bare.digests, bare.diff_digests) == (first.digests, first.diff_digests)


def test_a_new_snapshot_analyses_one_pair(tmp_path: Path, taxonomy: Taxonomy) -> None:
    root = tmp_path / "content"
    cache = Cache(tmp_path / "cache")
    analysed(archive(root), taxonomy, cache)
    more = f"# Platform 0\n\n{BODIES[0]}\nOne more.\n"
    write_snapshot(root, "acme0", "privacy-policy", "2023-02-01", more)
    grown = archive(root)
    result = analysed(grown, taxonomy, cache)
    assert result.computed_pairs == 1
    assert same(result, analysed(grown, taxonomy, None), grown)


def test_editing_the_taxonomy_invalidates_labels(tmp_path: Path, taxonomy: Taxonomy) -> None:
    content = archive(tmp_path / "content")
    cache = Cache(tmp_path / "cache")
    analysed(content, taxonomy, cache)
    extra = Category("voice", "Voice", "Voice recordings.", phrases=("faceprint",))
    edited = Taxonomy((*taxonomy.categories, extra))
    result = analysed(content, edited, cache)
    assert result.computed_pairs == 3
    assert "voice" in result.changes[("acme0", "privacy-policy")][1].categories_added


def test_a_damaged_cache_is_recomputed(tmp_path: Path, taxonomy: Taxonomy) -> None:
    content = archive(tmp_path / "content")
    cache = tmp_path / "cache"
    first = analysed(content, taxonomy, Cache(cache))
    for n, entry in enumerate(sorted(cache.rglob("*.json"))):
        entry.write_text('{"changes": 1}' if n % 2 else "not json", encoding="utf-8")
    again = analysed(content, taxonomy, Cache(cache))
    assert again.computed_pairs == 3
    assert same(first, again, content)


def test_worker_processes_give_the_same_analysis(
    tmp_path: Path, taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = archive(tmp_path / "content", documents=3)
    serial = analysed(content, taxonomy, None, workers=1)
    import generator.analysis.analyse as analyse

    in_workers = analyse._in_workers
    results: list[object] = []

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        results.append(in_workers(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(analyse, "PARALLEL_MIN_VERSIONS", 1)
    monkeypatch.setattr(analyse, "_in_workers", watched)
    parallel = analysed(content, taxonomy, Cache(tmp_path / "cache"), workers=2)
    assert results and results[0] is not None  # the workers did the work
    assert same(serial, parallel, content)
    assert parallel.computed_pairs == 9


def test_a_pair_remembered_from_a_blink_is_described_when_it_is_an_edit(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    """A noise change's pair is kept without a description (none is shown); a document that
    later shows the same two texts as an edit gets the description a fresh analysis gives."""
    root, cache = tmp_path / "content", Cache(tmp_path / "cache")
    before, after = f"# Terms\n\n{BODIES[0]}", f"# Terms\n\n{BODIES[1]}"
    for day, text in enumerate([after, before, after], start=1):  # before -> after: a blink
        write_snapshot(root, "blinks", "privacy-policy", f"2023-01-{day:02d}", text)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    first = analysed(load_archive(root, types, LoadOptions(provenance=False)), taxonomy, cache)
    assert [c.kind.value for c in first.changes[("blinks", "privacy-policy")]][-1] == "reverted"
    for day, text in enumerate([before, after], start=1):
        write_snapshot(root, "edits", "privacy-policy", f"2023-01-{day:02d}", text)
    grown = load_archive(root, types, LoadOptions(provenance=False))
    result = analysed(grown, taxonomy, cache)
    document = next(d for d in grown.documents() if d.platform == "edits")
    edit = result.detailed(document)[1]
    assert edit.kind.value == "substantive"
    assert edit.sections and edit.key_sentences  # described
    assert same(result, analysed(grown, taxonomy, None), grown)


def test_with_a_cache_changes_are_held_in_outline_and_read_again_in_full(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    """What only a change's own page shows is not held for the whole build: it is read back
    from the cache with its document, the same as a build without a cache holds it."""
    content = archive(tmp_path / "content", documents=2)
    cached = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    held = analysed(content, taxonomy, None)
    full = [c for d in content.documents() for c in held.detailed(d)]
    assert any(c.quotes and c.sections and c.key_sentences for c in full)
    assert all(c == outline(c) for c in cached.all_changes())
    assert cached.diffs == {}  # each document's are read with it
    assert [c for d in content.documents() for c in cached.detailed(d)] == full
    assert list(cached.all_changes()) == [outline(c) for c in full]
    assert [cached.digest(c) for c in cached.all_changes()] == [held.digest(c) for c in full]


@pytest.mark.parametrize("run", ["analysed", "read from the cache"])
def test_outlines_hold_each_value_once(tmp_path: Path, taxonomy: Taxonomy, run: str) -> None:
    """Equal names, stamps, metrics, categories and evidence of held changes are one object
    (a collection's outlines repeat them change after change), and mentions share theirs."""
    content = archive(tmp_path / "content", documents=2)
    cache = Cache(tmp_path / "cache")
    result = analysed(content, taxonomy, cache)
    if run == "read from the cache":
        result = analysed(content, taxonomy, cache)
        assert result.computed_pairs == 0
    changes = list(result.all_changes())
    for before, after in pairwise(changes):
        if after.document == before.document and after.platform == before.platform:
            assert after.from_stamp is before.to_stamp
            assert after.before is before.after
    assert len({id(c.platform) for c in changes}) == 2
    assert len({id(c.document) for c in changes}) == 1
    evidence = [e for c in changes for e in c.evidence.values()]
    assert len(evidence) > len({id(e) for e in evidence})  # the same quotes, held once
    assert len({id(ids) for ids in result.mentions.values()}) == len(set(result.mentions.values()))
    assert same(result, analysed(content, taxonomy, None), content)


def test_changes_lost_from_the_cache_during_a_build_are_analysed_again(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    content = archive(tmp_path / "content")
    cache = tmp_path / "cache"
    cached = analysed(content, taxonomy, Cache(cache))
    shutil.rmtree(cache)  # someone empties the cache folder while pages are made
    (document,) = content.documents()
    held = analysed(content, taxonomy, None)
    assert cached.detailed(document) == held.detailed(document)
    assert shown(cached, content) == shown(held, content)


def test_a_cache_that_cannot_be_written_holds_every_change_in_full(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    content = archive(tmp_path / "content")
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    result = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    assert result.outlined == frozenset()
    assert any(c.sections for c in result.all_changes())
    assert same(result, analysed(content, taxonomy, None), content)


def test_the_first_records_quotes_come_from_the_analysis(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    """A category page quotes what a first record mentions: the analysis stores it as the
    whole text gives it, and the site does not read the text again (it could not: gone)."""
    root = tmp_path / "content"
    first = long_text() + "\nWe collect your faceprint to verify you. We may sell your data.\n"
    write_snapshot(root, "acme", "privacy-policy", "2023-01-01", first)
    write_snapshot(root, "acme", "privacy-policy", "2023-01-02", first + "\nWe keep it.\n")
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    content = load_archive(root, types, LoadOptions(provenance=False))
    (document,) = content.documents()
    old, new = document.live_versions
    expected = taxonomy.mentions(old.text)
    assert {"biometric", "sale-of-data"} <= set(expected)
    result = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    old.path.unlink()
    assert result.quotes(old) == expected
    assert result.quotes(new) == taxonomy.mentions(new.text)  # the others: read when asked


class Reads(Cache):
    """The cache, noting the entries read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.entries: list[str] = []

    def read(self, entry: str) -> bytes | None:
        self.entries.append(entry)
        return super().read(entry)


def test_a_warm_analysis_reads_each_document_in_outline_not_in_full(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    """What a build holds of a document is kept as such: read back, it is what the first
    build held, and the document's changes in full are not read; a damaged outline entry
    is read in full instead."""
    from generator.analysis.cache import digest as entry_digest
    from generator.analysis.store import document_key

    content = archive(tmp_path / "content", documents=2)
    first = analysed(content, taxonomy, Cache(tmp_path / "cache"))
    cache = Reads(tmp_path / "cache")
    warm = analysed(content, taxonomy, cache)
    store = Store(cache, fingerprint(taxonomy, diff_html))
    full = {document_key(d, store.fingerprint) for d in content.documents()}
    assert full.isdisjoint(cache.entries)
    assert warm.changes == first.changes and warm.mentions == first.mentions
    assert (warm.digests, warm.diff_digests) == (first.digests, first.diff_digests)
    assert same(warm, analysed(content, taxonomy, None), content)

    for key in full:  # the outline entries damaged: the documents are read in full
        outlined = tmp_path / "cache" / (entry := entry_digest("outlined", key))[:2]
        (outlined / f"{entry}.json").write_bytes(b'{"changes": 3}')
    cache.entries.clear()
    again = analysed(content, taxonomy, cache)
    assert full <= set(cache.entries) and again.computed_pairs == 0
    assert again.changes == first.changes and again.digests == first.digests
