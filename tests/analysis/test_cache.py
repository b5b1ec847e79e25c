from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

import pytest

from generator.analysis.cache import Cache, code_fingerprint, digest, package_fingerprint

if TYPE_CHECKING:
    from pathlib import Path


def test_round_trip_and_counts(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    entry = digest("old-sha", "new-sha")
    assert cache.get(entry) is None
    cache.put(entry, {"words_added": 3, "html": "<p>é</p>"})
    assert Cache(tmp_path).get(entry) == {"words_added": 3, "html": "<p>é</p>"}
    assert (cache.hits, cache.misses) == (0, 1)


def test_keys_depend_on_every_part_in_order() -> None:
    assert digest("a", "b") != digest("b", "a")
    assert digest("a", "b") != digest("ab")
    assert len(code_fingerprint()) == 16


def test_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    entry = digest("x")
    cache.put(entry, [1, 2])
    (path,) = tmp_path.rglob("*.json")
    path.write_text('{"truncated": ', encoding="utf-8")
    assert cache.get(entry) is None
    cache.put(entry, [1, 2])
    assert cache.get(entry) == [1, 2]
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_unwritable_cache_warns_once_and_keeps_going(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tmp_path.chmod(0o500)
    try:
        cache = Cache(tmp_path / "cache")
        with caplog.at_level(logging.WARNING):
            cache.put(digest("a"), 1)
            cache.put(digest("b"), 2)
        assert len(caplog.records) == 1
        assert cache.get(digest("a")) is None
    finally:
        tmp_path.chmod(0o700)


def test_cache_file_in_the_way_disables_caching(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = Cache(blocker)
    with caplog.at_level(logging.WARNING):
        cache.put(digest("a"), 1)
    assert "cache disabled" in caplog.text
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_no_folder_means_no_cache(tmp_path: Path) -> None:
    cache = Cache(None)
    cache.put(digest("a"), 1)
    assert cache.get(digest("a")) is None
    assert not list(tmp_path.iterdir())


def test_fingerprint_covers_modules_of_sub_packages(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    (package / "analysis").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    nested = package / "analysis" / "diff.py"
    nested.write_text("THRESHOLD = 0.4\n")
    before = package_fingerprint(package)
    nested.write_text("THRESHOLD = 0.5\n")
    edited = package_fingerprint(package)
    assert edited != before
    (package / "analysis" / "notes.txt").write_text("not code")
    assert package_fingerprint(package) == edited


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / "generator" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return root / "generator"


def test_fingerprint_of_named_modules_follows_their_imports(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "analysis/__init__.py": "",
            "analysis/diff.py": "THRESHOLD = 0.4\n",
            "site/__init__.py": "",
            "site/diff_html.py": "from generator.site.markers import MARK\n",
            "site/markers.py": "from generator.analysis import diff\nMARK = '<ins>'\n",
            "site/page.py": "TEMPLATE = '<main>'\n",
        },
    )
    named = ("analysis", "site.diff_html")
    before = package_fingerprint(package, named)
    assert before != package_fingerprint(package)

    (package / "site" / "page.py").write_text("TEMPLATE = '<article>'\n")  # not imported
    assert package_fingerprint(package, named) == before

    (package / "site" / "markers.py").write_text("from generator.analysis import diff\nMARK = 1\n")
    after_import = package_fingerprint(package, named)  # imported by a named module
    assert after_import != before

    (package / "analysis" / "diff.py").write_text("THRESHOLD = 0.5\n")  # in a named stage
    assert package_fingerprint(package, named) != after_import
