"""Document types (`site_config/document_types.yml`): slugs, display names and aliases."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from generator.content.frontmatter import decode_text, parse_mapping, shown
from generator.content.model import SLUG_RE, DocumentType
from generator.content.problems import Problem

if TYPE_CHECKING:
    from pathlib import Path

_KEYS = ("slug", "name", "aliases")


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

    def suggest(self, name: str) -> str | None:
        """The slug a mistyped or differently named type most likely means, if any."""
        known = self.lookup(name)
        if known is not None:
            return known.slug
        close = difflib.get_close_matches(name.casefold(), list(self.by_slug), n=1)
        return close[0] if close else None


def load_document_types(path: Path) -> tuple[DocumentTypes, list[Problem]]:
    """Read the document types file; problems name the line to fix."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        message = "file not found: create it with a `types:` list (see README)"
        return DocumentTypes({}), [Problem(where, 0, message)]
    except OSError as exc:
        return DocumentTypes({}), [Problem(where, 0, f"cannot be read ({exc.strerror})")]
    text, problems = decode_text(raw, where)
    if text is None:
        return DocumentTypes({}), problems
    entries, problems = parse_mapping(text, where, 1, "document_types.yml")
    types = next((entry for entry in entries or [] if entry.key == "types"), None)
    if entries is None:
        return DocumentTypes({}), problems
    if types is None or not isinstance(types.node, yaml.SequenceNode):
        message = "expected a top-level `types:` list of `- slug: …` entries"
        return DocumentTypes({}), [*problems, Problem(where, types.line if types else 1, message)]
    by_slug: dict[str, DocumentType] = {}
    assert isinstance(types.value, list)  # a sequence node constructs a list
    for node, entry in zip(types.node.value, types.value, strict=True):
        line = node.start_mark.line + 1
        doc_type, message = _entry(entry, by_slug)
        if doc_type is not None:
            by_slug[doc_type.slug] = doc_type
        else:
            problems.append(Problem(where, line, message))
    return DocumentTypes(by_slug), problems


def _entry(entry: object, known: dict[str, DocumentType]) -> tuple[DocumentType | None, str]:
    """One `- slug: …` entry, or why it is refused."""
    if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
        return None, "each entry needs `slug:` and `name:` text, e.g. `- slug: privacy-policy`"
    slug, name, aliases = entry["slug"], entry.get("name"), entry.get("aliases") or []
    unknown = [str(key) for key in entry if key not in _KEYS]
    if unknown:
        return None, f"{slug}: unknown key `{shown(unknown[0])}`: allowed: {', '.join(_KEYS)}"
    if not SLUG_RE.fullmatch(slug):
        return None, f"slug `{shown(slug)}` must be lowercase words joined by hyphens"
    if not isinstance(name, str) or not name.strip():
        return None, f"{slug}: `name` is required, e.g. `name: Privacy Policy`"
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        return None, f"{slug}: `aliases` must be a list of names, e.g. `[Cookie Policy]`"
    if slug in known:
        return None, f"slug `{slug}` is listed twice: remove one entry"
    return DocumentType(slug, name.strip(), tuple(aliases)), ""
