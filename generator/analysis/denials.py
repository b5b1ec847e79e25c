"""Denials: a sentence in which the platform says it does not do something with a kind of data.

"We do not collect biometric information" and "We do not share or sell visitor data for the
purposes of advertising" name a category without stating that the practice happens: a policy
that gains such a sentence has not begun to collect biometric data or to target ads. Which
verbs deny a category is the taxonomy's to say (`denied:` in `site_config/taxonomy.yml`): not
collecting a kind of data denies it; not selling data, for a sale-of-data category, is
itself what readers look for, and its category lists no verbs.

A denial here is narrow on purpose, since a missed one only costs a label the reader can check
against its quote, while a wrong one hides a practice:

- the negation ("not", "never", "n't", "nor") stands before the category's words in the same
  clause, with one of the category's verbs between them, or right after them in the passive
  ("biometric data is not collected");
- nothing before the negation names the reader or someone else as the one who does not act
  ("If you do not want personalised ads, …", "Partners who do not receive location data …");
- no exception, scope or channel follows in the sentence ("… unless you turn on Location
  Services", "… without your consent", "… based on sensitive categories", "… to users under
  the age of 18", "… in an unsolicited email"): a practice allowed on a condition, or denied
  for some people or one channel only, still happens.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from generator.analysis.phrases import Span

# Where a clause ends: the negation of one clause does not reach into the next.
_BREAK_RE = re.compile(
    r"[;:()\[\]]|[.!?](?=\s)"
    r"|\b(?:but|however|although|though|whereas|while|unless|except|instead|if|when|whenever"
    r"|once|where|because|so\s+that|in\s+order\s+to)\b"
    r"|\b(?:and|or)\s+(?=(?:we|you|they|it|he|she)\b)",
    re.IGNORECASE,
)
# "not only", "but not limited to", "though not always", "whether or not", "not liable": no
# denial.
_NOT_A_DENIAL = r"(?!\s+(?:only|just|merely|solely|limited|necessarily|always|exclusively|all)\b)"
_NEGATION_RE = re.compile(
    rf"\b(?<!whether or )(?:not|never|nor)\b{_NOT_A_DENIAL}"
    r"(?!\s+(?:be\s+)?(?:liable|responsible)\b)"
    rf"|\b\w+n['\u2019]t\b{_NOT_A_DENIAL}",
    re.IGNORECASE,
)
# Someone other than the platform as the one who does not act.
_OTHER_ACTOR_RE = re.compile(
    r"\b(?:you|users?|members?|visitors?|customers?|they|he|she|children|parents?|"
    r"advertisers?|partners?|parties|someone|anyone|people|individuals?)\b",
    re.IGNORECASE,
)
# A condition or an exception after the category's words: the practice happens when it holds.
_EXCEPTION_RE = re.compile(
    r"\b(?:unless|except|without|other\s+than|until|apart\s+from|beyond|save\s+(?:as|for))\b"
    # Or only for some people, some data or some places: "We don't show personalised ads based
    # on sensitive categories", "… to users under the age of 18", "… on Kids profiles"; all
    # say the practice happens elsewhere.
    r"|\b(?:based\s+on|under\s+(?:the\s+age|\d)|younger\s+than|(?:to|for|of|on|in)\s+"
    r"(?:(?:users|people|individuals|anyone)\s+(?:under|younger)|children|minors|kids|teens))\b"
    # Or only through one channel: "We will never ask for your card number by email."
    r"|\b(?:by|via|over|through|in\s+an?)\s+(?:[\w-]+\s+){0,3}?(?:e-?mails?|phone|telephone|"
    r"text\s+messages?|sms)\b",
    re.IGNORECASE,
)
_PASSIVE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been)\s+(?:not|never)\s+(?:\w+ly\s+)?([^\W\d_]+)", re.IGNORECASE
)


def compile_verbs(verbs: Iterable[str]) -> re.Pattern[str] | None:
    """The taxonomy's verbs as one pattern; a verb ending in `*` takes any ending."""
    alternatives = [
        re.escape(v[:-1]) + r"\w*" if v.endswith("*") else re.escape(v)
        for v in (" ".join(verb.lower().split()) for verb in verbs)
        if v.strip("*")
    ]
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def denies(piece: str, spans: Iterable[Span], verbs: re.Pattern[str]) -> bool:
    """Whether every match of a category in one sentence (`piece`, `spans` in it) is denied."""
    spans = tuple(spans)
    return bool(spans) and all(_denied(piece, span, verbs) for span in spans)


def _denied(piece: str, span: Span, verbs: re.Pattern[str]) -> bool:
    start, end = span
    clause_start = 0
    for brk in _BREAK_RE.finditer(piece, 0, start):
        clause_start = brk.end()
    if _EXCEPTION_RE.search(piece, end):
        return False
    # The nearest before the match: "we ask that you not send sensitive data" is advice.
    negations = list(_NEGATION_RE.finditer(piece, clause_start, start))
    if negations:
        negation = negations[-1]
        return (
            _OTHER_ACTOR_RE.search(piece, clause_start, negation.start()) is None
            # The verb may be one of the matched words: "do not share … for advertising".
            and verbs.search(piece, negation.end(), end) is not None
        )
    clause_end = next((m.start() for m in _BREAK_RE.finditer(piece, end)), len(piece))
    passive = _PASSIVE_RE.search(piece, end, clause_end)
    if passive is None or _OTHER_ACTOR_RE.search(piece, end, passive.start()):
        return False
    return verbs.fullmatch(passive.group(1)) is not None
