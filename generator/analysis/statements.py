"""Which words of a policy can state a data practice, and which only name something.

A category is mentioned when a sentence says the platform (or others) collects, uses, shares,
keeps or sells data of that kind, or gives rights over it: not when the words stand in a
heading or a label ("**Biometric Information.**"), in the text of a link, or in the name of
a document or programme ("Generative AI Prohibited Use Policy", "Consumer Health Data Privacy
Disclosure"), nor in advice or a rule for the reader ("we recommend that you keep sensitive
information out of your profile", "do not upload health records"): those say what the reader
should do, not what is done with data. These rules say so from the shape of the text, for
every site alike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.analysis.sentences import blank_markup, is_link_only

if TYPE_CHECKING:
    from generator.analysis.phrases import Span
    from generator.analysis.sentences import Sentence

_ATX_LINE_RE = re.compile(r"[ \t]{0,3}(?:>[ \t]?)*#{1,6}(?:[ \t]|$)")
_UNDERLINE_RE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*(?:\n|$)")
_ITEM_LINE_RE = re.compile(r"[ \t]*(?:>[ \t]?)*(?:[*+-]|\d{1,9}[.)])[ \t]|[ \t]*\|")
_WORD_RE = re.compile(r"[^\W\d_][^\W_]*(?:['\u2019][^\W_]+)*")
# A label is short: a heading-like phrase in Title Case, such as "Biometric Information."
LABEL_WORDS = 6
LABEL_CHARS = 100  # characters of Markdown a label of LABEL_WORDS words fits in
# Small words a Title Case name may hold: "Terms of Service", "Guide for Parents".
_JOINERS = frozenset({"of", "and", "for", "to", "on", "in", "&", "with"})
# Small words a Title Case heading may hold: "How We Use the Information We Collect".
_SMALL = _JOINERS | {"the", "a", "an", "or", "by", "at", "from", "about", "as"}
# The last word of a document's or a programme's name.
_NAME_ENDS = frozenset(
    re.findall(
        r"\S+",
        "policy policies notice notices statement statements terms guidelines guideline guide "
        "disclosure disclosures principles program programme programs center centre hub page "
        "portal settings standards addendum supplement agreement charter faq "
        # A company's legal form: "Acme Health Oy", "Northwind Data GmbH".
        "inc ltd llc llp plc gmbh ag sa sas sarl srl bv nv oy oyj ab aps pty corp corporation "
        "limited",
    )
)
# Words of a sentence that says something of someone, rather than naming a topic.
_STATEMENT_WORDS = frozenset(
    re.findall(
        r"\S+",
        "we you our your us they their it may might will would can cannot do does not never is "
        "are be must shall",
    )
)
_LINK_TEXT_RE = re.compile(r"\[([^\[\]\n]*)\]\(")
# Advice or a rule for the reader, at the start of a sentence: "We strongly recommend that you
# …", "We encourage members to …", "Please do not …", "Do not upload …".
_ADVICE_RE = re.compile(
    r"[\W_]*(?:"
    r"we\s+(?:\w+\s+)?(?:recommend|encourage|advise|urge|suggest)s?\s+(?:that\s+)?"
    r"(?:you|users|members|visitors|our\s+(?:users|members))\b"
    r"|we\s+(?:\w+\s+)?(?:recommend|encourage|advise|urge|suggest)s?\s+(?:using|to)\b"
    r"|please\s+(?:do\s+not|don['\u2019]t|never|avoid|be\s+careful|think)\b"
    r"|(?:do\s+not|don['\u2019]t|never|avoid)\s+(?:post|posting|share|sharing|upload|uploading|"
    r"submit|submitting|send|sending|provide|providing|include|including|disclose|disclosing|"
    r"publish|publishing)\b"
    # A rule of the terms: "You must not collect other users' data", "You agree not to post …".
    r"|(?:you|users|members)\s+(?:must|shall|should|may)\s+not\s+(?:\w+\s+)?"
    r"(?:post|share|upload|submit|send|disclose|publish|collect|harvest|scrape|sell|train)\b"
    r"|you\s+agree\s+not\s+to\b"
    # Where to share: "Share sensitive information only on official, secure websites."
    r"|(?:share|send|submit|enter|provide|upload|give)\s+(?:[\w'\u2019-]+\s+){0,4}?only\s+"
    r"(?:on|to|with|through|via|over|in)\b"
    r")",
    re.IGNORECASE,
)
# The same rule or advice after an opening clause: "If you list an address, do not use it for
# ads.", "If you worry about your safety, we strongly recommend using private chats."
_RULE_AFTER_CLAUSE_RE = re.compile(
    r",\s+(?:please\s+)?(?:do\s+not|don['\u2019]t|never)\s+(?:use|sell|post|share|upload|submit|"
    r"send|provide|include|disclose|publish|collect)\b"
    r"|^[\W_]*(?:if|when|where|before|unless)\b[^,;]{1,120},\s+we\s+(?:\w+\s+)?"
    r"(?:recommend|encourage|advise|urge|suggest)s?\s+(?:that\s+you\b|you\b|using\b|to\b)",
    re.IGNORECASE,
)
# A term defined, at the start of a sentence: '"Sensitive Data" means …', "“Minor” refers to …".
# A definition says what a word means in the text, not what is done with data; it may follow
# an opening clause: 'For purposes of this Agreement, "Generative AI" means …'.
_DEFINITION_RE = re.compile(
    r"[\W\d_]*"
    r"(?:(?:for\s+(?:the\s+)?purposes?\s+of|as\s+used\s+in|in)\s+(?:this|these|the)\b"
    r"[^,\n]{1,60},\s*)?"
    r"[\"\u201c\u2018'][^\"\u201d\u2019'\n]{1,60}[\"\u201d\u2019'][*_]*\s*,?\s+"
    r"(?:means|mean|refers\s+to|shall\s+mean|is\s+defined\s+as|has\s+the\s+meaning)\b",
    re.IGNORECASE,
)
# The line that leads in a list of rules for users: "The User may not:", "You agree not to:",
# "It is prohibited to:". Its items are what users must not do, not what is done with data.
_RULES_LEAD_RE = re.compile(
    r"\b(?:you|users?|members?)\b[^:]*\b(?:may|must|shall|should|will)\s+not\b"
    r"|\bagree\s+not\s+to\b|\bprohibited\b|\bforbidden\b|\bnot\s+(?:allowed|permitted)\b",
    re.IGNORECASE,
)
_LIST_ITEM_RE = re.compile(r"([ \t]*)(?:>[ \t]?)*(?:[*+-]|\d{1,9}[.)])[ \t]")
# How many lines above an item its lead-in is looked for (a list of rules is rarely longer).
LEAD_IN_LINES = 40
LEAD_IN_CHARS = 300  # a lead-in is a short line
LEAD_IN_SPAN = 4000  # characters above an item its lead-in's colon is looked for in
# A question, or a sentence set alone in bold that opens like one ("How we keep your data."):
# the heading of what follows, not a statement.
_QUESTION_WORDS = frozenset({"how", "what", "why", "when", "where", "who", "which", "whom"})
# Words that open a sentence in capitals before a name, without being part of it.
_DETERMINERS = frozenset({"the", "this", "these", "our", "your", "its", "their"})
# Capitalised words in a row that make a name, not a defined term ("Biometric Information").
PROPER_NAME_WORDS = 3
# A link text this long reads as a sentence of its own: its words count.
SENTENCE_LINK_WORDS = 6


# Verbs of a statement of practice: a sentence with one says what is done with the data, and
# is the better evidence ("we may collect your biometric information" over "biometric data
# such as face geometry").
_PRACTICE_RE = re.compile(
    r"\b(?:collect|use|process|shar|disclos|sell|sold|rent|retain|stor|keep|kept|delet|receiv|"
    r"obtain|provid|transfer|access|train|analy[sz]|infer|combin|link|track|verif|request|"
    r"opt|withdraw|ask|give|gave|send|sent)\w*",
    re.IGNORECASE,
)


def practice_verb(text: str, start: int, end: int) -> int | None:
    """Where the first verb of practice in `text[start:end]` starts, if there is one."""
    found = _PRACTICE_RE.search(text, start, end)
    return found.start() if found is not None else None


def says_practice(text: str, sentence: Sentence) -> bool:
    """Whether a sentence says what is done with data: a statement (`is_statement`: not a
    heading, a label or a question that names the topic) with a verb of practice."""
    found = _PRACTICE_RE.search(text, sentence.start, sentence.end) is not None
    return found and is_statement(text, sentence)


def is_statement(text: str, sentence: Sentence) -> bool:
    """Whether a sentence can state a practice: not a lone link, a heading, a label, or advice
    to the reader."""
    if is_link_only(text, sentence) or is_advice(text, sentence) or _is_question(text, sentence):
        return False
    if is_definition(text, sentence) or _is_rule_item(text, sentence):
        return False
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if _ATX_LINE_RE.match(text, line_start):
        return False
    line_end = text.find("\n", sentence.end)
    if (
        line_end >= 0
        and _UNDERLINE_RE.match(text, line_end + 1)
        and "\n" not in text[line_start : sentence.start]
    ):
        return False  # the one line of a setext heading
    if sentence.end - sentence.start > LABEL_CHARS:
        return True  # too long for a label
    words = _WORD_RE.findall(text, sentence.start, sentence.end)
    if not words or len(words) > LABEL_WORDS:
        return True
    said = _STATEMENT_WORDS & {w.lower() for w in words}
    if not said - _POSSESSIVES and _set_apart(text, sentence, line_start, len(words)):
        # A short phrase that opens its line or a numbered item in bold ("**Minors.** We do
        # not…", "3. **Cookies**. We use…"), or is a line of its own outside a list ("Data
        # retention", "Changes to our privacy policy"): the heading of what follows.
        return False
    if all(w[0].isupper() or w.lower() in _SMALL for w in words):
        # Title Case: a heading-like label, unless it is an item of a list or a table (an
        # inventory: "* Biometric Information").
        return bool(_ITEM_LINE_RE.match(text, line_start))
    # A short phrase in bold or italics that says nothing of anyone: a lead-in label.
    return not _emphasised(text, sentence) or bool(said)


_POSSESSIVES = frozenset({"our", "your", "their"})
# What may open a line before its heading: quote markers, a number kept from being a list's
# ("8\\."), markup.
_LINE_OPENING_RE = re.compile(r"[ \t]*(?:>[ \t]?)*(?:\d{1,9}\\[.)][ \t]+)?[*_# \t]*")
# A bullet's bold lead-in is an inventory's item ("- **Cookies.** Small files that…"): kept.
_BOLD_OPENING_RE = re.compile(r"[ \t]*(?:>[ \t]?)*(?:\d{1,9}[.)][ \t]+)?(\*\*|__)(.+?)\1")


def _set_apart(text: str, sentence: Sentence, line_start: int, words: int) -> bool:
    """Whether the sentence is set apart as a heading: in the bold run that opens its line or a
    numbered item (a closing full stop may follow the bold), or the whole of a line that is not
    a list item but for markup, a number and a closing colon, without a full stop unless it is
    very short (`words`: how many it has)."""
    bold = _BOLD_OPENING_RE.match(text, line_start)
    if bold is not None and bold.start(2) <= sentence.start and sentence.end <= bold.end() + 1:
        return True
    opening = _LINE_OPENING_RE.match(text, line_start)
    if opening is None or opening.end() < sentence.start or _ITEM_LINE_RE.match(text, line_start):
        return False
    line_end = text.find("\n", sentence.end)
    after = text[sentence.end : line_end if line_end >= 0 else len(text)]
    if after.strip(" \t*_:"):
        return False
    # A line with a full stop may be a short order ("Upload your CV to apply."): only a
    # very short one is taken for a heading then ("Minors.", "Data retention.").
    return not text[sentence.start : sentence.end].rstrip(" *_").endswith(".") or words <= 3


def is_advice(text: str, sentence: Sentence) -> bool:
    """Whether the sentence tells the reader what to do with their own data (at its start, or
    after an opening clause)."""
    plain = blank_markup(text[sentence.start : sentence.end])
    return _ADVICE_RE.match(plain) is not None or _RULE_AFTER_CLAUSE_RE.search(plain) is not None


def is_definition(text: str, sentence: Sentence) -> bool:
    """Whether the sentence defines a quoted term ('"Minor" means a person under 18.')."""
    return _DEFINITION_RE.match(text, sentence.start, sentence.end) is not None


def _is_rule_item(text: str, sentence: Sentence) -> bool:
    """Whether the sentence is in an item of a list led in by a rule for users ("You may not:").

    The lead-in is the line above the list, or the line above the blank line above it; a list
    ends at a blank line. (A text is read in parts between blank lines, and a part that ends
    with a colon with the part after it: analysis.sectioned.)"""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    item = _LIST_ITEM_RE.match(text, line_start)
    if item is None:
        return False
    # The nearest colon above must end a line that reads as a rule: most items stop here.
    colon = text.rfind(":", max(0, line_start - LEAD_IN_SPAN), line_start)
    if colon < 0:
        return False
    colon_line_end = text.find("\n", colon)
    if text[colon + 1 : colon_line_end].strip(" \t*_"):
        return False
    if not _RULES_LEAD_RE.search(text, text.rfind("\n", 0, colon) + 1, colon):
        return False
    indent = len(item.group(1).expandtabs(4))
    end = line_start - 1
    for _ in range(LEAD_IN_LINES):
        if end <= 0:
            return False
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        end = start - 1
        if not line.strip():  # the list starts below: its lead-in is the next line up
            while end > 0 and not line.strip():
                start = text.rfind("\n", 0, end) + 1
                line = text[start:end]
                end = start - 1
            return _is_rules_lead_in(line)
        other = _LIST_ITEM_RE.match(line)
        if other is not None and len(other.group(1).expandtabs(4)) >= indent:
            continue  # an item of the same list (or of a list inside it)
        if (
            other is None
            and line[:1] in " \t"
            and len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip()) > indent
        ):
            continue  # the wrapped rest of an item above
        return _is_rules_lead_in(line)
    return False


def ends_with_colon(text: str) -> bool:
    """Whether a text's last line ends with a colon, bold or not ("**You may not:**")."""
    return text.rstrip().rstrip(" \t*_").endswith(":")


def _is_rules_lead_in(line: str) -> bool:
    return (
        ends_with_colon(line)
        and len(line.rstrip(" \t*_")) <= LEAD_IN_CHARS
        and bool(_RULES_LEAD_RE.search(line))
    )


def _is_question(text: str, sentence: Sentence) -> bool:
    """Whether the sentence opens with a question word and is a question or a line of its own
    in bold or italics (a heading: "What data do we keep?", "**How we keep your data.**")."""
    first = _WORD_RE.search(text, sentence.start, sentence.end)
    if first is None or first.group().lower() not in _QUESTION_WORDS:
        return False
    if text[sentence.end - 1] == "?":
        return True
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    alone = not text[line_start : sentence.start].strip(" \t*_#>") and not text[
        sentence.end : line_end if line_end >= 0 else len(text)
    ].strip(" \t*_\\")
    return alone and _emphasised(text, sentence)


def _emphasised(text: str, sentence: Sentence) -> bool:
    """Whether the whole sentence is set in bold or italics."""
    before = text[max(0, sentence.start - 2) : sentence.start]
    after = text[sentence.end : sentence.end + 2]
    if before in ("**", "__"):
        return after.startswith(before)
    return bool(before) and before[-1] in "*_" and after[:1] == before[-1]


def names(piece: str) -> list[Span]:
    """Spans of `piece` (one sentence, markup blanked) that name a document or a programme: a
    run of capitalised words ending in a word such as Policy, Notice or Program."""
    words = list(_WORD_RE.finditer(piece))
    found: list[Span] = []
    at = 0
    while at < len(words):
        if not words[at].group()[0].isupper() or (
            words[at].group().lower() in _DETERMINERS and at + 1 < len(words)
        ):
            at += 1  # "The Data Protection Policy" is the policy named, not part of its name
            continue
        last = at
        for k in range(at + 1, len(words)):
            if piece[words[k - 1].end() : words[k].start()].strip(" -"):
                break  # punctuation ends a name
            word = words[k].group()
            if word[0].isupper():
                last = k
            elif word.lower() not in _JOINERS:
                break
        # The name ends at its last word such as Policy or GmbH ("Acme GmbH in Berlin").
        end = next((k for k in range(last, at, -1) if words[k].group().lower() in _NAME_ENDS), at)
        capitals = sum(1 for m in words[at : end + 1] if m.group()[0].isupper())
        if capitals >= 2 and end > at:
            found.append((words[at].start(), words[end].end()))
        at = last + 1
    return found


def proper_names(piece: str) -> list[Span]:
    """Spans of `piece` (one sentence, markup blanked) holding runs of three or more capitalised
    words in a sentence of ordinary prose: names of products, companies or programmes ("G Suite
    for Education", "Google Nest and Pixel"). A single word in such a run names; it does not
    say: "Education" there is no one's schooling, "Pixel" no tracking pixel."""
    words = list(_WORD_RE.finditer(piece))
    if all(w.group()[0].isupper() or w.group().lower() in _SMALL for w in words):
        return []  # a Title Case line (an item of an inventory): no prose to stand out of
    found: list[Span] = []
    run: list[re.Match[str]] = []
    for match in [*words, None]:
        capital = match is not None and match.group()[0].isupper()
        joiner = match is not None and bool(run) and match.group().lower() in _JOINERS
        touching = match is not None and (
            not run or not piece[run[-1].end() : match.start()].strip(" -")
        )
        if match is not None and (capital or joiner) and touching:
            run.append(match)
            continue
        while run and not run[-1].group()[0].isupper():
            run.pop()
        if sum(1 for m in run if m.group()[0].isupper()) >= PROPER_NAME_WORDS:
            found.append((run[0].start(), run[-1].end()))
        run = [match] if match is not None and match.group()[0].isupper() else []
    return found


def link_texts(text: str, sentence: Sentence) -> list[Span]:
    """Spans of the link texts in a sentence that are titles, such as "[Cookie Policy](…)" or
    "[Biometric Privacy Notice](…)": two to five words, all capitalised. A link on a word of
    the sentence ("we set [cookies](…)") is part of what it says."""
    start, end = sentence.start, sentence.end
    if "](" not in text[start : end + 2]:
        return []
    spans = []
    for match in _LINK_TEXT_RE.finditer(text, max(0, start - 1), end + 2):
        words = _WORD_RE.findall(match.group(1))
        title = all(w[0].isupper() or w.lower() in _JOINERS for w in words)
        if 2 <= len(words) < SENTENCE_LINK_WORDS and title:
            spans.append(match.span(1))
    return spans
