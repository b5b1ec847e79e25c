from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONFIG_DIR

from generator.content.doctypes import DocumentTypes, load_document_types


def test_shipped_file_has_the_44_standard_types() -> None:
    types, problems = load_document_types(CONFIG_DIR / "document_types.yml")
    assert problems == []
    assert len(types.by_slug) >= 44
    assert types["privacy-policy"].name == "Privacy Policy"
    assert "trackers-policy" in types


@pytest.fixture(scope="module")
def types() -> DocumentTypes:
    return load_document_types(CONFIG_DIR / "document_types.yml")[0]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Privacy Policy", "privacy-policy"),
        ("cookie-policy", "trackers-policy"),
        ("Terms of Use", "terms-of-service"),
        ("TERMS_OF_SERVICE", "terms-of-service"),
    ],
)
def test_lookup_by_name_or_alias(types: DocumentTypes, name: str, slug: str) -> None:
    found = types.lookup(name)
    assert found is not None
    assert found.slug == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [("privacy", "privacy-policy"), ("terms-of-servce", "terms-of-service"), ("zzz", None)],
)
def test_suggest(types: DocumentTypes, name: str, slug: str | None) -> None:
    assert types.suggest(name) == slug


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("types: [\n", 2, "not valid YAML"),
        ("kinds: []\n", 1, "expected a top-level `types:` list"),
        ("types:\n  - slug: a\n    name: A\n  - slug: Bad Slug\n    name: B\n", 4, "lowercase"),
        ("types:\n  - slug: a\n", 2, "`name` is required"),
        ("types:\n  - slug: a\n    name: A\n    aliases: B\n", 2, "`aliases` must be a list"),
        ("types:\n  - slug: a\n    name: A\n    nmae: B\n", 2, "unknown key `nmae`"),
        ("types:\n  - slug: a\n    name: A\n  - slug: a\n    name: B\n", 4, "listed twice"),
        ("types:\n  - just text\n", 2, "needs `slug:` and `name:`"),
    ],
)
def test_problems_name_the_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    path = tmp_path / "document_types.yml"
    path.write_text(text)
    _types, problems = load_document_types(path)
    assert len(problems) == 1, problems
    assert (problems[0].path, problems[0].line) == (str(path), line)
    assert needle in problems[0].message


def test_good_entries_survive_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "document_types.yml"
    path.write_text("types:\n  - slug: a\n    name: A\n  - slug: B\n    name: B\n")
    types, problems = load_document_types(path)
    assert list(types.by_slug) == ["a"]
    assert len(problems) == 1


def test_missing_file(tmp_path: Path) -> None:
    types, problems = load_document_types(tmp_path / "document_types.yml")
    assert types.by_slug == {}
    assert "file not found" in problems[0].message
