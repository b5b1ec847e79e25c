"""Data-practice categories (`site_config/taxonomy.yml`) and finding them in policy text.

A category is signalled by phrases (plain words, tolerant of case, plurals, hyphens and line
wrapping), by `all_of` groups (a sentence mentions one phrase of every group), or by regular
expressions for the rare case a phrase cannot say it. `not` phrases veto a match they overlap
("device fingerprint" is tracking, not biometric); `not_with` phrases, anywhere in a sentence,
cancel the category there (a company "or any of its assets" sold: no one's data is sold);
`names` phrases name a category without stating it (a word too broad to say a practice:
"advertising" alone): a text holding one is not said to gain or lose the category. Matching is
per sentence, so evidence is always a whole sentence a reader can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from generator.analysis.denials import compile_verbs, denies
from generator.analysis.phrases import PhraseIndex, Span, overlaps, phrase_words
from generator.analysis.quotes import quoted
from generator.analysis.sentences import Hit, Prose, prose
from generator.analysis.statements import is_statement, link_texts, names, proper_names
from generator.content.frontmatter import decode_text, parse_mapping, shown
from generator.content.model import SLUG_RE
from generator.content.problems import Problem

if TYPE_CHECKING:
    from pathlib import Path

_ONE_WORD_RE = re.compile(r"[^\W_]+")


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
    names: tuple[str, ...] = ()  # phrases that name the category without stating it
    not_with: tuple[str, ...] = ()  # phrases that cancel the category in their sentence
    denied: tuple[str, ...] = ()  # verbs whose denial names the category without stating it


# What a sentence mentions: (category number, matched spans, whether they are denied); no spans
# when it only names it.
SentenceCache = dict[str, tuple[tuple[int, tuple[Span, ...], bool], ...]]
# Roles of a phrase in its category: a signal, a veto, a name, a veto of the whole sentence, or
# a member of `all_of` group k (k >= 0).
_SIGNAL, _VETO, _NAME, _NOT_WITH = -1, -2, -3, -4


@dataclass(frozen=True)
class Taxonomy:
    """The categories of a site, compiled once for matching."""

    categories: tuple[Category, ...]
    _index: PhraseIndex[tuple[int, int]] | None = field(default=None, compare=False, repr=False)
    # Each pattern with the words one of which its match must start with, when it says so
    # plainly (`\\b(?:delet|eras)…`): a sentence without any is not searched.
    _patterns: tuple[tuple[int, re.Pattern[str], tuple[str, ...]], ...] = field(
        default=(), compare=False, repr=False
    )
    _denials: tuple[re.Pattern[str] | None, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        phrases: list[tuple[str, tuple[int, int]]] = []
        patterns: list[tuple[int, re.Pattern[str], tuple[str, ...]]] = []
        for number, category in enumerate(self.categories):
            phrases.extend((p, (number, _SIGNAL)) for p in category.phrases)
            phrases.extend((p, (number, _VETO)) for p in category.exclude)
            phrases.extend((p, (number, _NAME)) for p in category.names)
            phrases.extend((p, (number, _NOT_WITH)) for p in category.not_with)
            for k, group in enumerate(category.all_of):
                phrases.extend((p, (number, k)) for p in group)
            patterns.extend(
                (number, re.compile(p, re.IGNORECASE), _leading_words(p)) for p in category.patterns
            )
        object.__setattr__(self, "_index", PhraseIndex(phrases))
        object.__setattr__(self, "_patterns", tuple(patterns))
        denials = tuple(compile_verbs(c.denied) for c in self.categories)
        object.__setattr__(self, "_denials", denials)

    def get(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    def hits(self, text: Prose, cache: SentenceCache | None = None) -> list[Hit]:
        """Every (category, sentence) mention, in category then text order (see `read`)."""
        return self.read(text, cache)[0]

    def read(
        self, text: Prose, cache: SentenceCache | None = None
    ) -> tuple[list[Hit], frozenset[str]]:
        """Every (category, sentence) mention, in category then text order; and the categories
        the text names: whose words appear in any sentence, stating or not (a heading, a label
        or a link too: looser than what it mentions, which it includes), but for a denial (see
        `denials`), which does not name what it says does not happen.

        `cache` maps a sentence's text to what it mentions: versions of a document share most
        sentences, so a cache kept across them makes each new version cost only its new ones.
        Without one, a cache for this text alone still pays: a page that shows the upcoming
        policy above the current one holds most sentences twice.
        """
        if cache is None:
            cache = {}
        blanked = text.blanked
        by_category: dict[int, list[Hit]] = {}
        named: set[int] = set()
        for sentence in text.sentences:
            piece = blanked[sentence.start : sentence.end]
            found = cache.get(piece)
            if found is None:
                found = cache[piece] = self._sentence(piece)
            # A denial does not even name it: "we do not collect biometric data" -> "we collect
            # biometric data" gains the category.
            named.update(number for number, _, denied in found if not denied)
            # Most sentences mention nothing: only the others are asked whether they state.
            if not any(spans for _, spans, _ in found) or not is_statement(text.text, sentence):
                continue  # a heading, a label or a lone link names; it does not state
            shift = sentence.start
            links = [(a - shift, b - shift) for a, b in link_texts(text.text, sentence)]
            if links:  # link titles name pages: their words, blanked in `piece`, do not count
                key = f"{piece}\0{links}"
                if key not in cache:
                    cache[key] = self._sentence(piece, links)
                found = cache[key]
            for number, spans, denied in found:
                if not spans:
                    continue  # named only
                moved = tuple((start + shift, end + shift) for start, end in spans)
                by_category.setdefault(number, []).append(
                    Hit(self.categories[number].id, sentence, moved, denied)
                )
        hits = [hit for number in sorted(by_category) for hit in by_category[number]]
        stated = {hit.category for hit in hits if not hit.denied}
        return hits, frozenset(self.categories[n].id for n in named) | stated

    def _sentence(
        self, piece: str, named: list[Span] | None = None
    ) -> tuple[tuple[int, tuple[Span, ...], bool], ...]:
        """(category number, matched spans, whether the sentence denies the practice) for each
        category one sentence mentions, and (number, (), False) for each it only names (`names`
        phrases); words inside a name ("Consumer Health Data Privacy Disclosure") or in `named`
        spans (short link texts) do not count."""
        if self._index is None:
            return ()
        found = self._index.find(piece)
        spans: dict[tuple[int, int], list[Span]] = {}
        if found:
            # A name is a run of capitalised words: looked for only when a match starts with a
            # capital (most do not), or when a link title is given.
            capital = any(piece[start].isupper() for _, (start, _end) in found)
            named = [*(names(piece) if capital else ()), *(named or ())]
            proper = proper_names(piece) if capital else []
            for target, span in found:
                one_word = _ONE_WORD_RE.fullmatch(piece, *span) is not None
                if not _within(span, named) and not (one_word and _within(span, proper)):
                    spans.setdefault(target, []).append(span)
        lower = piece.lower()
        for number, pattern, starts in self._patterns:
            if starts and not any(word in lower for word in starts):
                continue
            matched = [m.span() for m in pattern.finditer(piece) if m.end() > m.start()]
            if matched:
                spans.setdefault((number, _SIGNAL), []).extend(matched)
        numbers = sorted({number for number, _ in spans})
        out: list[tuple[int, tuple[Span, ...], bool]] = []
        for number in numbers:
            if (number, _NOT_WITH) in spans:
                continue  # the sentence speaks of something else (a merger, not a sale of data)
            vetoes = spans.get((number, _VETO), [])
            chosen = [s for s in spans.get((number, _SIGNAL), []) if not overlaps(s, vetoes)]
            groups = self.categories[number].all_of
            if groups:
                members = [
                    [s for s in spans.get((number, k), []) if not overlaps(s, vetoes)]
                    for k in range(len(groups))
                ]
                if all(members):
                    chosen.extend(s for member in members for s in member)
            if chosen:
                verbs = self._denials[number]
                denied = verbs is not None and denies(piece, chosen, verbs)
                out.append((number, tuple(sorted(set(chosen))), denied))
            elif (number, _NAME) in spans:
                out.append((number, (), False))
        return tuple(out)

    def mentions(self, text: str) -> dict[str, tuple[str, ...]]:
        """Category id -> the sentences of `text` that mention it, quoted (`quoted`)."""
        ready = prose(text)
        return quoted(ready, self.hits(ready))


_LEADING_RE = re.compile(r"\\b(?:\(\?:([^()\[\]{}]*)\)|([a-z]+)\\b)")
_PLAIN_RE = re.compile(r"[A-Za-z0-9' -]+")


def _leading_words(pattern: str) -> tuple[str, ...]:
    """The plain words a pattern's match starts with, if it opens with a group of them
    (`\\b(?:delet|eras|keep)\\w*…` -> delet, eras, keep); else () and it is always tried."""
    found = _LEADING_RE.match(pattern)
    if found is None:
        return ()
    if found[2]:
        return (found[2],)
    words = []
    for alternative in found[1].split("|"):
        plain = re.sub(r"\\[wd][*+]$", "", alternative).replace("\\s+", " ")
        if not _PLAIN_RE.fullmatch(plain):
            return ()
        words.append(plain.lower())
    return tuple(words)


def _within(span: Span, spans: list[Span]) -> bool:
    """Whether `span` lies wholly inside one of `spans`."""
    return any(start <= span[0] and span[1] <= end for start, end in spans)


# --- site_config/taxonomy.yml ------------------------------------------------------------------

_KEYS = (
    "id",
    "label",
    "description",
    "phrases",
    "all_of",
    "patterns",
    "not",
    "not_with",
    "names",
    "denied",
)
_VERB_RE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*\*?")
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
    for key in ("phrases", "patterns", "not", "not_with", "names", "denied"):
        values = _strings(entry.get(key) or [])
        if values is None:
            return None, f"{cid}: `{key}` must be a list of non-empty texts"
        fields[key] = values
    odd = next((v for v in fields["denied"] if not _VERB_RE.fullmatch(" ".join(v.split()))), None)
    if odd is not None:
        return None, f"{cid}: `denied` lists verbs, e.g. `collect*`, not `{shown(odd, 40)}`"
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
        names=fields["names"],
        not_with=fields["not_with"],
        denied=fields["denied"],
    )
    try:
        wordings = (*category.phrases, *category.exclude, *category.names, *category.not_with)
        for phrase in (*wordings, *(p for g in all_of if g for p in g)):
            phrase_words(phrase)
        for pattern in category.patterns:
            re.compile(pattern)
    except (re.error, ValueError) as exc:
        return None, f"{cid}: a phrase or pattern cannot be read ({shown(str(exc), 80)}): fix it"
    return category, ""
