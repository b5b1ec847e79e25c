"""Text normalisation and tokenising: what counts as "the same text" and what counts as a word."""

from __future__ import annotations

import functools
import html
import re
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


class TokenKind(StrEnum):
    WORD = "word"
    SPACE = "space"  # horizontal whitespace or a run of newlines
    PREFIX = "prefix"  # block syntax at the start of a line: list marker, heading hashes, quote
    RULE = "rule"  # a whole line of thematic break or setext underline
    LINK_TAIL = "link_tail"  # `](target "title")` or `][ref]`: atomic, so a diff never splits it
    IMAGE_START = "image_start"  # `![`
    TAG = "tag"  # something shaped like an HTML tag (escaped when rendered)
    URL = "url"  # a bare or angle-bracketed URL: not a word
    ENTITY = "entity"  # `&amp;`, `&#8217;`
    ESCAPE = "escape"  # a backslash escape such as `\*`
    SYNTAX = "syntax"  # a run of inline Markdown punctuation: `**`, `_`, `` ` ``, `[`, `]`, `|`
    PUNCT = "punct"  # other punctuation


class Token(NamedTuple):
    text: str
    kind: TokenKind


# Horizontal whitespace; zero-width spaces and joiners count as (invisible) whitespace.
_BLANK = r"(?:[^\S\n]|[\u200b-\u200d\u2060\ufeff])"

# One pattern per token kind, tried in this order at each position.
_PATTERNS: tuple[tuple[TokenKind, str], ...] = (
    # Block syntax at line starts first, then the kinds that start with a word character, then
    # the rest: the order only matters between kinds that can match at the same position.
    (TokenKind.RULE, r"^[ \t]{0,3}(?:(?:[*_-][ \t]*){3,}|=+[ \t]*|-+[ \t]*)$"),
    (
        TokenKind.PREFIX,
        r"^[ \t]*(?:>[ \t]?)*(?:(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)|\#{1,6}(?:[ \t]+|$))"
        r"|^[ \t]*(?:>[ \t]?)+",
    ),
    (
        TokenKind.URL,
        r"<(?:https?|mailto|ftp):[^\s<>]*>|(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"*_]",
    ),
    # Inside a word: apostrophes, hyphens, points, middle dots, soft hyphens.
    (TokenKind.WORD, r"[^\W_]+(?:['\u2019.\-\u00b7\u00ad][^\W_]+)*"),
    (TokenKind.SPACE, _BLANK + r"+|\n+"),
    (
        TokenKind.LINK_TAIL,
        r"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
        r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)|\]\[[^\[\]\n]*\]",
    ),
    (TokenKind.IMAGE_START, r"!\["),
    (TokenKind.SYNTAX, r"\*+|_+|~+|`+|[\[\]|]"),
    (TokenKind.TAG, r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t/][^<>\n]*)?>|<!--|-->"),
    (TokenKind.ENTITY, r"&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
    (TokenKind.ESCAPE, r"\\[!-/:-@\[-`{-~]"),
    (TokenKind.PUNCT, r"-+|=+|[^\w\s]"),
)
_TOKEN_RE = re.compile("|".join(f"(?P<{kind.value}>{p})" for kind, p in _PATTERNS), re.MULTILINE)
# The same alternation with only the word captured: `findall` then counts words at C speed,
# and necessarily agrees with `tokens` because the matches are the same.
_WORD_ONLY_RE = re.compile(
    "|".join(f"({p})" if kind is TokenKind.WORD else f"(?:{p})" for kind, p in _PATTERNS),
    re.MULTILINE,
)
# Units for the word diff: a non-space token and the whitespace after it, up to and including
# line breaks but not the next line's indentation (block syntax such as a nested list marker
# must still be read at the line start); whitespace that starts a line is a unit of its own.
# The alternation is the same, in the same order, as `tokens` (without SPACE), so the tokens
# are the same, found by `findall` in C; the groups tell markup, words and other text apart.
# Markdown markup, as opposed to text a reader sees (tag-like text is seen: the snapshot
# engine shows raw HTML as text).
MARKUP = frozenset(
    {
        TokenKind.RULE,
        TokenKind.PREFIX,
        TokenKind.LINK_TAIL,
        TokenKind.IMAGE_START,
        TokenKind.SYNTAX,
    }
)
_UNIT_GROUPS = (
    (TokenKind.RULE, TokenKind.PREFIX),
    (TokenKind.URL,),
    (TokenKind.WORD,),
    (TokenKind.LINK_TAIL, TokenKind.IMAGE_START, TokenKind.SYNTAX),
    (TokenKind.TAG, TokenKind.ENTITY, TokenKind.ESCAPE, TokenKind.PUNCT),
)
_PATTERN = dict(_PATTERNS)
_UNIT_RE = re.compile(
    "(?:"
    + "|".join("(" + "|".join(_PATTERN[k] for k in group) + ")" for group in _UNIT_GROUPS)
    + f")({_BLANK}*\\n*)|({_BLANK}+|\\n+)",
    re.MULTILINE,
)
_KINDS = {kind.value: kind for kind in TokenKind}


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """`text[start:end]` cut into tokens whose concatenation is exactly that text.

    Cutting is line-aware (block syntax is recognised at line starts, and `start` is a line
    start only if `text` has a line break before it), so tokenising a block that starts at a
    line start gives the same tokens as the whole document does there.
    """
    out: list[Token] = []
    append = out.append
    for match in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        append(Token(match.group(), _KINDS[match.lastgroup or "punct"]))
    return out


def units(text: str) -> list[tuple[str, str, str]]:
    """`text` as (token, class, whitespace after) triples, for the word diff.

    The class is "w" for a word, "t" for other text (punctuation, URLs, entities, escapes,
    tag-like text), "b" for block markup at a line start (list markers, heading hashes,
    quote marks, rules) and "" for inline markup (emphasis, link syntax). A triple with an
    empty token holds whitespace that starts a line. Concatenated, the tokens and whitespace
    give back `text` exactly.
    """
    return [
        (
            markup or url or word or tail or punct,
            "w" if word else "t" if url or punct else "b" if markup else "",
            space or line_start,
        )
        for markup, url, word, tail, punct, space, line_start in _UNIT_RE.findall(text)
    ]


def words(text: str) -> list[str]:
    """The word tokens of `text`: Markdown syntax, link targets and bare URLs are not words."""
    return [w for w in _WORD_ONLY_RE.findall(text) if w]


INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def normalise_whitespace(text: str) -> str:
    """Every run of whitespace (line breaks, indentation, no-break spaces) as one space.

    Invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) are
    dropped: a version that differs only by them reads the same.
    """
    return " ".join(INVISIBLE_RE.sub("", text).split())


# Typographic characters and their plain ASCII counterparts.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),  # curly single quotes, prime
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),  # double quotes
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),  # hyphens, dashes
        "\u2026": "...",
        # Soft hyphen, zero-width spaces and joiners, word joiner, byte-order mark: invisible.
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
    }
)

# str.translate walks every character; a regex visits only the ones to replace (5x faster here).
_TYPOGRAPHY_RE = re.compile("[" + "".join(chr(c) for c in _TYPOGRAPHY) + "]")

# Query parameters that only say where a reader came from, never what the link points to.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref_src",
        "ref_url",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "si",
    }
)
_TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_", "oly_")

# The lookahead keeps this linear: `[^\n]*\S[^\n]*` would backtrack quadratically on long lines.
_SETEXT_RE = re.compile(r"^(?=[^\n]*\S)([^\n]+)\n[ \t]{0,3}(=+|-+)[ \t]*$", re.MULTILINE)
# The lookbehind keeps the lazy scan linear on long runs of spaces.
_ATX_CLOSE_RE = re.compile(r"^([ \t]{0,3}#{1,6}[ \t][^\n]*?)(?<=\S)[ \t]+#+[ \t]*$", re.MULTILINE)
_BULLET_RE = re.compile(r"^([ \t]*(?:>[ \t]?)*)[*+-][ \t]+(?=\S)", re.MULTILINE)
_ORDERED_RE = re.compile(r"^([ \t]*(?:>[ \t]?)*)\d{1,9}[.)][ \t]+(?=\S)", re.MULTILINE)
_UNDERSCORES_RE = re.compile(r"_+")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LINK_TARGET_RE = re.compile(r"(\]\(<?)([^()\s<>]+)")
# The lookbehind comes after the `h` so that the pattern starts with a letter, which the
# regex engine finds by a fast search rather than trying the lookbehind at every character.
_BARE_URL_RE = re.compile(r"h(?<![(<\w]h)ttps?://[^\s<>()\[\]]+")


def _underscore_emphasis(match: re.Match[str]) -> str:
    """`_x_` and `__x__` as `*x*` and `**x**`; underscores inside words (snake_case) stay."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before == "\\" or (before.isalnum() and after.isalnum()) or len(match[0]) > 2:
        return match[0]
    return "*" * len(match[0])


def strip_tracking(url: str) -> str:
    """`url` without tracking query parameters (utm_*, fbclid, gclid, …)."""
    if "?" not in url:  # no query to clean (most links): skip the parsing
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit(parts._replace(query=urlencode(kept, safe="[]:/,@")))


def comparison_key(text: str) -> str:
    """`text` with differences of Markdown style, typography and link tracking removed.

    Two versions with the same key differ only in formatting: list markers, emphasis and
    heading style, curly vs straight quotes, dashes, ellipses, no-break spaces, backslash
    escapes, entities, trailing spaces, line wrapping, and tracking parameters in links.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = html.unescape(text)
    text = _TYPOGRAPHY_RE.sub(lambda m: _TYPOGRAPHY[ord(m[0])] or "", text)
    text = _SETEXT_RE.sub(lambda m: ("# " if m[2][0] == "=" else "## ") + m[1].strip(), text)
    text = _ATX_CLOSE_RE.sub(r"\1", text)
    text = _BULLET_RE.sub(r"\1- ", text)
    text = _ORDERED_RE.sub(r"\g<1>1. ", text)
    text = _UNDERSCORES_RE.sub(_underscore_emphasis, text)
    text = _ESCAPE_RE.sub(r"\1", text)
    stripped = functools.cache(strip_tracking)  # a policy links to a few pages many times
    text = _LINK_TARGET_RE.sub(lambda m: m[1] + stripped(m[2]), text)
    text = _BARE_URL_RE.sub(lambda m: stripped(m[0]), text)
    return normalise_whitespace(text)


# A link's or an image's target and title (`](…)`, `][ref]`), as the tokenizer reads it; and
# a reference definition (`[ref]: https://…`), which renders as nothing.
_LINK_TAIL_RE = re.compile(_PATTERN[TokenKind.LINK_TAIL])
_SPACES_RE = re.compile(r" {2,}")
_DEFINITION_RE = re.compile(r"\[[^\[\]]+\]: ?(?:<[^<>]*>|(?:https?://|/|#)[^\s]*)")


def without_targets(text: str) -> str:
    """`text` with link targets, image sources and reference definitions taken out."""
    if "]" not in text:
        return text
    text = _DEFINITION_RE.sub("", text)
    return _LINK_TAIL_RE.sub("]()", text)


def reading_key(key: str) -> str:
    """What a reader sees of a text, from its `comparison_key`: the key without link targets,
    image sources and reference definitions.

    Two versions with the same reading key read the same: they differ only in where links
    point (a token that changes at every capture, as in `l.instagram.com/?u=<target>&e=<token>`
    or `l.facebook.com/l.php?u=<target>&h=<token>`), in image sources, or in formatting.
    """
    reading = without_targets(key)
    return _SPACES_RE.sub(" ", reading) if "  " in reading else reading
