"""Quantities in a sentence, and the ones that changed between two versions of it.

Retention and notice periods ("for 12 months", "thirty (30) days"), ages ("under 13",
"16 years of age"), dates ("May 18, 2023"), amounts ("$1,000", "EUR 50"), percentages and
counts ("50 partners") are read from the words of a sentence; two versions of one sentence
are compared quantity by quantity, by kind, so "12 months" -> "18 months" is found and a date
or section number around it is not mistaken for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        re.findall(
            r"\w+",
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty",
        )
    )
}
_NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100}
)
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# A number: digits (1,000.50), a number word, or both ("thirty (30)").
_NUM = (
    rf"(?:(?:{_WORDS})(?:[\s-]+(?:{_WORDS}))?\s*\(\s*\d[\d,.]*\s*\)"
    rf"|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{_WORDS})(?:-(?:{_WORDS}))?)"
)
_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day",
    "business day": "day", "working day": "day", "calendar day": "day", "week": "week",
    "month": "month", "year": "year",
}  # fmt: skip
_UNIT = r"(?:business |working |calendar )?(?:second|minute|hour|day|week|month|year)s?"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DATE = (
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}/\d{1,2}/(?:19|20)\d\d"
)
_AGE = (
    r"(?:(?:under|over|below|above|at least|older than|younger than|aged?|ages)\s+"
    r"(?:the\s+age\s+of\s+)?"
    rf"(?P<age1>{_NUM})(?:\s+years?(?:\s+(?:of\s+age|old))?)?"
    rf"|(?:age\s+of\s+|age\s+)(?P<age2>{_NUM})"
    rf"|(?P<age3>{_NUM})(?:\s+years?\s+(?:of\s+age|old)|-years?-old|\s+or\s+(?:older|over|younger|under)))"
)
_MONEY = (
    rf"(?:[$€£¥]|(?:US|USD|EUR|GBP|CAD|AUD)\s?\$?)\s?{_NUM}(?:\s?(?:million|billion|thousand|k)\b)?"
    rf"|{_NUM}\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b"
)
# Things a policy counts; other "<number> <plural>" pairs are too often a clause number and a
# verb ("Section 4 applies").
_COUNTED = (
    r"partners|companies|affiliates|parties|vendors|providers|processors|subprocessors|"
    r"countries|times|users|accounts|devices|members|people|persons|individuals|children|"
    r"characters|categories|purposes|subsidiaries|apps|applications|sites|websites|services|"
    r"products|languages|requests|attempts|cookies|emails|messages|photos|videos|posts|"
    r"followers|friends|entities|brands|states|regions|jurisdictions|locations|teams"
)
_QUANTITY_RE = re.compile(
    rf"(?<![\w.,$€£¥/-])(?:"
    rf"(?P<date>{_DATE})"
    rf"|(?P<age>{_AGE})"
    rf"|(?P<money>{_MONEY})"
    rf"|(?P<percent>{_NUM}\s?(?:%|percent\b|per\s+cent\b))"
    rf"|(?P<duration>{_NUM}[\s-]{_UNIT}\b(?!\s+ago\b))"
    rf"|(?P<count>{_NUM}\s+(?:(?:new|more|other|additional|different|third)[\s-]+)?(?:{_COUNTED})\b)"
    rf")",
    re.IGNORECASE,
)
_AGE_CONTEXT_RE = re.compile(
    r"\b(?:age|aged|old|child|children|minor|minors|teen|teens|teenager|kids?|parent|"
    r"parental|younger|older|coppa|birth)\b",
    re.IGNORECASE,
)
_TOPICS = (
    (
        "retention",
        re.compile(
            r"\b(?:retain\w*|retention|keep|keeps|kept|stor(?:e|ed|es|ing|age)|delet\w+|eras\w+|"
            r"preserv\w+|archiv\w+|hold)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "notice",
        re.compile(r"\b(?:notice|notif\w+|in advance|advance|prior to|before)\b", re.IGNORECASE),
    ),
)
# A date the policy gives itself: when it was updated or takes effect.
_POLICY_DATE_RE = re.compile(
    r"\b(?:effective|update[ds]?|modified|revised|revision|in force|takes? effect|last changed|"
    r"as of|version|appl(?:y|ies) from)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """One quantity in a sentence."""

    kind: str  # "date", "age", "amount", "percentage", "duration" or "count"
    text: str  # as written
    key: str  # what it is, normalised: equal keys are the same quantity


def _value(text: str) -> str:
    """The numeric value of a number as written ("thirty (30)" -> "30", "1,000" -> "1000")."""
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if digits:
        return digits.group().replace(",", "")
    total = sum(_NUMBER_WORDS.get(w, 0) for w in re.findall(r"[a-z]+", text.lower()))
    return str(total)


def quantities(sentence: str) -> list[Quantity]:
    """The quantities a sentence states, in order."""
    found: list[Quantity] = []
    for match in _QUANTITY_RE.finditer(sentence):
        text = " ".join(match.group().split())
        kind = match.lastgroup or ""
        if kind == "age":
            if not _AGE_CONTEXT_RE.search(sentence):
                continue
            number = match.group("age1") or match.group("age2") or match.group("age3") or ""
            key = _value(number)
            if not key.isdigit() or not 1 <= int(key) <= 25:
                continue
        elif kind == "duration":
            unit = re.search(r"(second|minute|hour|day|week|month|year)", text, re.IGNORECASE)
            key = f"{_value(text)} {unit.group().lower() if unit else ''}"
        elif kind == "count":
            key = f"{_value(text)} {text.split()[-1].lower()}"
        elif kind == "date":
            key = " ".join(re.findall(r"\w+", text.lower()))
        else:
            key = _value(text)
        kind = {"money": "amount", "percent": "percentage"}.get(kind, kind)
        found.append(Quantity(kind, text, key))
    return found


def topic(kind: str, sentence: str, text: str) -> str:
    """What a quantity of `kind` measures, from the sentence around it."""
    if kind == "duration":
        for name, pattern in _TOPICS:
            if pattern.search(sentence):
                return name
        return "period"
    if kind == "date":
        return "policy date" if _POLICY_DATE_RE.search(sentence) else "date"
    if kind == "count":
        return text.split()[-1].lower()
    return kind


# The words a quantity is made of: two sentences with the same ones state the same quantities
# (a quick test that spares most rewritten sentences the full search).
_QUANTITY_WORDS_RE = re.compile(
    rf"\d+|[$€£¥%]|\b(?:{_WORDS}|{_UNIT}|{_MONTH}|{_COUNTED}|age|old|under|over)\b",
    re.IGNORECASE,
)


def _quantity_words(sentence: str) -> list[str]:
    return sorted(w.lower() for w in _QUANTITY_WORDS_RE.findall(sentence))


def _changed_words(before: str, after: str) -> str:
    """The words one sentence has and the other has not (most rewrites change a few)."""
    return " ".join(set(before.lower().split()) ^ set(after.lower().split()))


def changed_quantities(before: str, after: str) -> list[tuple[str, Quantity, Quantity]]:
    """(topic, old, new) for each quantity of a sentence that changed in its new version.

    Quantities are compared kind by kind (counts noun by noun): those found in both versions
    are set aside, and what is left on each side is paired in order.
    """
    changed = _changed_words(before, after)
    if not _QUANTITY_WORDS_RE.search(changed) or _quantity_words(before) == _quantity_words(after):
        return []
    old, new = quantities(before), quantities(after)
    out: list[tuple[str, Quantity, Quantity]] = []
    kinds = dict.fromkeys(_group(q) for q in (*old, *new))
    for group in kinds:
        mine = [q for q in old if _group(q) == group]
        theirs = [q for q in new if _group(q) == group]
        kept = {q.key for q in mine} & {q.key for q in theirs}
        mine = [q for q in mine if q.key not in kept]
        theirs = [q for q in theirs if q.key not in kept]
        for a, b in zip(mine, theirs, strict=False):
            out.append((topic(a.kind, after, b.text), a, b))
    return out


def _group(quantity: Quantity) -> str:
    """Quantities that can replace one another: same kind (counts: of the same thing)."""
    if quantity.kind == "count":
        return "count " + quantity.key.split()[-1]
    return quantity.kind
