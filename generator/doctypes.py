"""Document types (`site_config/document_types.yml`): slugs, display names and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from generator.model import SLUG_RE, DocumentType, Problem

if TYPE_CHECKING:
    from pathlib import Path


def _fold(name: str) -> str:
    """A name reduced for matching: case, punctuation and spacing ignored."""
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


@dataclass(frozen=True)
class DocumentTypes:
    """The known document types, looked up by slug, name or alias."""

    by_slug: dict[str, DocumentType]

    def __contains__(self, slug: object) -> bool:
        return slug in self.by_slug

    def __getitem__(self, slug: str) -> DocumentType:
        return self.by_slug[slug]

    def lookup(self, name: str) -> DocumentType | None:
        """The type whose slug, name or alias matches `name` (case and punctuation ignored)."""
        wanted = _fold(name)
        for doc_type in self.by_slug.values():
            names = (doc_type.slug, doc_type.name, *doc_type.aliases)
            if any(_fold(candidate) == wanted for candidate in names):
                return doc_type
        return None


def load_document_types(path: Path) -> tuple[DocumentTypes, list[Problem]]:
    """Read the document types file; problems name the line to fix."""
    problems: list[Problem] = []
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DocumentTypes({}), [Problem(where, 0, "file not found: create it (see README)")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        return DocumentTypes({}), [Problem(where, line, f"not valid YAML: {exc}")]
    entries = raw.get("types") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return DocumentTypes({}), [Problem(where, 1, "expected a top-level `types:` list")]
    by_slug: dict[str, DocumentType] = {}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            problems.append(Problem(where, 0, f"entry {index}: needs `slug` and `name` strings"))
            continue
        slug, name = entry["slug"], entry.get("name")
        aliases = entry.get("aliases") or []
        if not SLUG_RE.fullmatch(slug):
            problems.append(Problem(where, 0, f"entry {index}: slug {slug!r} must be kebab-case"))
        elif not isinstance(name, str) or not name.strip():
            problems.append(Problem(where, 0, f"entry {index} ({slug}): `name` is required"))
        elif not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(where, 0, f"entry {index} ({slug}): aliases: list of strings"))
        elif slug in by_slug:
            problems.append(Problem(where, 0, f"entry {index}: slug {slug!r} is listed twice"))
        else:
            by_slug[slug] = DocumentType(slug, name.strip(), tuple(aliases))
    return DocumentTypes(by_slug), problems
