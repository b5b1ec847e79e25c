"""Data-practice categories (`site_config/taxonomy.yml`) and finding them in policy text.

A category is signalled by phrases (plain words, tolerant of case, plurals, hyphens and line
wrapping), by `all_of` groups (a sentence mentions one phrase of every group), or by regular
expressions for the rare case a phrase cannot say it. `not` phrases veto a match they overlap
("device fingerprint" is tracking, not biometric). Matching is per sentence, so evidence is
always a whole sentence a reader can check.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from generator.frontmatter import decode_text, parse_mapping, shown
from generator.model import SLUG_RE, Problem
from generator.sentences import Prose, Sentence, prose

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

# A word of a phrase: letters, digits and apostrophes; `*` at the end means "any ending".
_PHRASE_WORD_RE = re.compile(r"[\w']+\*?|\*")
# Between the words of a phrase: any whitespace (line breaks) or hyphens, or markup we blanked.
_GAP = r"[\s\-\u2010\u2011]+"
# Evidence quotes are trimmed around the match to about this many characters.
QUOTE_CHARS = 300


@dataclass(frozen=True)
class Category:
    """One data practice: what readers see (label, description) and what signals it."""

    id: str
    label: str
    description: str
    phrases: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()  # a sentence with one phrase of every group
    patterns: tuple[str, ...] = ()  # regular expressions, case-insensitive
    exclude: tuple[str, ...] = ()  # phrases whose matches veto an overlapping signal


@dataclass(frozen=True)
class Hit:
    """A sentence that mentions a category, with the matched spans (offsets in the text)."""

    category: str
    sentence: Sentence
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Matcher:
    """One category's compiled expressions."""

    category: str
    signal: re.Pattern[str] | None
    groups: tuple[re.Pattern[str], ...]
    exclude: re.Pattern[str] | None


@dataclass(frozen=True)
class Taxonomy:
    """The categories of a site, compiled once for matching."""

    categories: tuple[Category, ...]
    _matchers: tuple[_Matcher, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self._matchers:
            object.__setattr__(self, "_matchers", tuple(_compile(c) for c in self.categories))

    def get(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    def hits(self, text: Prose, within: tuple[Sentence, ...] | None = None) -> list[Hit]:
        """Every (category, sentence) mention, in category then text order.

        `within` limits the search to those sentences of `text` (default: all of them).
        """
        found = text.sentences if within is None else within
        if not found:
            return []
        starts = [s.start for s in found]
        out: list[Hit] = []
        for matcher in self._matchers:
            out.extend(_hits(matcher, text.blanked, found, starts))
        return out

    def mentions(self, text: str) -> dict[str, tuple[str, ...]]:
        """Category id -> the sentences of `text` that mention it, quoted, in text order."""
        ready = prose(text)
        quotes: dict[str, list[str]] = {}
        for hit in self.hits(ready):
            quotes.setdefault(hit.category, []).append(quote(ready, hit))
        return {cid: tuple(dict.fromkeys(q)) for cid, q in quotes.items()}


def _hits(
    matcher: _Matcher, text: str, found: tuple[Sentence, ...], starts: list[int]
) -> list[Hit]:
    """The sentences in `found` that `matcher` signals, with their matched spans."""
    region = (found[0].start, found[-1].end)
    vetoes = _spans(matcher.exclude, text, region) if matcher.exclude else []
    spans: dict[int, list[tuple[int, int]]] = {}  # sentence index -> spans

    def place(span: tuple[int, int]) -> int | None:
        at = bisect.bisect_right(starts, span[0]) - 1
        if at < 0 or span[1] > found[at].end or _overlaps(span, vetoes):
            return None
        return at

    if matcher.signal is not None:
        for span in _spans(matcher.signal, text, region):
            at = place(span)
            if at is not None:
                spans.setdefault(at, []).append(span)
    if matcher.groups:
        per_group: list[dict[int, list[tuple[int, int]]]] = []
        for group in matcher.groups:
            got: dict[int, list[tuple[int, int]]] = {}
            for span in _spans(group, text, region):
                at = place(span)
                if at is not None:
                    got.setdefault(at, []).append(span)
            per_group.append(got)
        for at in set.intersection(*(set(g) for g in per_group)):
            for got in per_group:
                spans.setdefault(at, []).extend(got[at])
    return [Hit(matcher.category, found[at], tuple(sorted(set(spans[at])))) for at in sorted(spans)]


def _spans(pattern: re.Pattern[str], text: str, region: tuple[int, int]) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, *region) if m.end() > m.start()]


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)


def _word_pattern(word: str) -> str:
    """One phrase word as a regex: plural-tolerant; all-caps acronyms stay case-sensitive."""
    if word == "*":
        return r"\w+"
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    if len(word) >= 2 and word.isupper() and word.isalpha():
        return f"(?-i:{re.escape(word)})s?"
    lower = word.lower()
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return re.escape(word) + "(?:es)?"
    return re.escape(word) + "(?:s|es)?"


def phrase_pattern(phrase: str) -> str:
    """A phrase as a regex matching whole words, across line breaks, hyphens and plurals."""
    words = _PHRASE_WORD_RE.findall(phrase)
    if not words:
        raise ValueError(f"{phrase!r} has no words")
    body = _GAP.join(_word_pattern(w) for w in words)
    return rf"(?<![\w']){body}(?![\w'])"


def _union(parts: Iterable[str]) -> re.Pattern[str] | None:
    joined = "|".join(f"(?:{p})" for p in parts)
    return re.compile(joined, re.IGNORECASE) if joined else None


def _compile(category: Category) -> _Matcher:
    signal = _union([*map(phrase_pattern, category.phrases), *category.patterns])
    groups = tuple(
        pattern
        for group in category.all_of
        if (pattern := _union(map(phrase_pattern, group))) is not None
    )
    return _Matcher(category.id, signal, groups, _union(map(phrase_pattern, category.exclude)))


def quote(text: Prose, hit: Hit, limit: int = QUOTE_CHARS) -> str:
    """The hit's sentence on one line, trimmed around its first match to about `limit` chars."""
    return quote_with_marks(text, hit, limit)[0]


def quote_with_marks(
    prose_text: Prose, hit: Hit, limit: int = QUOTE_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The quote of `quote()` and the matched spans as offsets in it (for highlighting)."""
    text = prose_text.blanked
    sentence = hit.sentence
    start, end = sentence.start, sentence.end
    first = hit.spans[0]
    if end - start > limit:
        # Keep the first match, with context on both sides, whole words only.
        half = max(0, (limit - (first[1] - first[0])) // 2)
        start = max(start, first[0] - half)
        end = min(end, max(first[1] + half, start + limit))
        while start > sentence.start and not text[start - 1].isspace():
            start += 1
        while end < sentence.end and not text[end].isspace():
            end -= 1
    return _flatten(text, start, end, sentence, hit.spans)


def _flatten(
    text: str, start: int, end: int, sentence: Sentence, spans: tuple[tuple[int, int], ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text[start:end]` with runs of whitespace as one space, and spans mapped into it."""
    out: list[str] = []
    position: dict[int, int] = {}
    at = start
    length = 0
    for match in re.finditer(r"\S+|\s+", text[start:end]):
        piece = match.group()
        chunk = piece if not piece.isspace() else (" " if length else "")
        for k in range(len(piece)):
            position[at + match.start() + k] = length + min(k, len(chunk))
        out.append(chunk)
        length += len(chunk)
    body = "".join(out).rstrip()
    marks = tuple(
        (position[s], position.get(e, length) if e < end else len(body))
        for s, e in spans
        if start <= s and e <= end
    )
    prefix = "…" if start > sentence.start else ""
    suffix = "…" if end < sentence.end else ""
    shift = len(prefix)
    return (
        prefix + body + suffix,
        tuple((min(s, len(body)) + shift, min(e, len(body)) + shift) for s, e in marks),
    )


# --- site_config/taxonomy.yml ------------------------------------------------------------------

_KEYS = ("id", "label", "description", "phrases", "all_of", "patterns", "not")
_EXAMPLE = "e.g. `- id: biometric` with `label:`, `description:` and `phrases: [faceprint]`"


def load_taxonomy(path: Path) -> tuple[Taxonomy, list[Problem]]:
    """Read the categories file; problems name the line to fix and how."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        message = f"file not found: create it with a `categories:` list ({_EXAMPLE})"
        return Taxonomy(()), [Problem(where, 0, message)]
    except OSError as exc:
        return Taxonomy(()), [Problem(where, 0, f"cannot be read ({exc.strerror})")]
    text, problems = decode_text(raw, where)
    if text is None:
        return Taxonomy(()), problems
    entries, problems = parse_mapping(text, where, 1, "taxonomy.yml")
    if entries is None:
        return Taxonomy(()), problems
    listed = next((entry for entry in entries if entry.key == "categories"), None)
    if listed is None or not isinstance(listed.node, yaml.SequenceNode):
        message = f"expected a top-level `categories:` list ({_EXAMPLE})"
        return Taxonomy(()), [*problems, Problem(where, listed.line if listed else 1, message)]
    assert isinstance(listed.value, list)  # a sequence node constructs a list
    categories: list[Category] = []
    for node, entry in zip(listed.node.value, listed.value, strict=True):
        category, message = _category(entry, {c.id for c in categories})
        if category is not None:
            categories.append(category)
        else:
            problems.append(Problem(where, node.start_mark.line + 1, message))
    return Taxonomy(tuple(categories)), problems


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def _category(entry: object, known: set[str]) -> tuple[Category | None, str]:
    """One `- id: …` entry, or why it is refused."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        return None, f"each entry needs an `id:` ({_EXAMPLE})"
    cid = entry["id"]
    unknown = [str(key) for key in entry if key not in _KEYS]
    if unknown:
        return None, f"{shown(cid)}: unknown key `{shown(unknown[0])}`: allowed: {', '.join(_KEYS)}"
    if not SLUG_RE.fullmatch(cid):
        return None, f"id `{shown(cid)}` must be lowercase words joined by hyphens"
    if cid in known:
        return None, f"id `{cid}` is listed twice: remove or rename one entry"
    label, description = entry.get("label"), entry.get("description")
    if not isinstance(label, str) or not label.strip():
        return None, f"{cid}: `label` is required, e.g. `label: Biometric data`"
    if not isinstance(description, str) or not description.strip():
        return None, f"{cid}: `description` is required: one sentence saying what it covers"
    fields: dict[str, tuple[str, ...]] = {}
    for key in ("phrases", "patterns", "not"):
        values = _strings(entry.get(key) or [])
        if values is None:
            return None, f"{cid}: `{key}` must be a list of non-empty texts"
        fields[key] = values
    groups = entry.get("all_of") or []
    all_of = tuple(_strings(g) for g in groups) if isinstance(groups, list) else (None,)
    if any(g is None for g in all_of) or len(all_of) == 1:
        return None, f"{cid}: `all_of` must be a list of two or more phrase lists"
    if not fields["phrases"] and not fields["patterns"] and not all_of:
        return None, f"{cid}: give at least one of `phrases`, `all_of` or `patterns`"
    category = Category(
        cid,
        " ".join(label.split()),
        " ".join(description.split()),
        phrases=fields["phrases"],
        all_of=tuple(g for g in all_of if g is not None),
        patterns=fields["patterns"],
        exclude=fields["not"],
    )
    try:
        _compile(category)
    except (re.error, ValueError) as exc:
        return None, f"{cid}: a phrase or pattern cannot be read ({shown(str(exc), 80)}): fix it"
    return category, ""
