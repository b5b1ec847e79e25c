"""Mark a change's evidence words in its diff HTML: `<mark class="pw-evidence" title=label>`.

Only words inside `<ins>`/`<del>` are marked: they are the changed text a label rests on.
The HTML comes from `diff_html` (already sanitised); everything but the marked words is left
as it is (entities untouched), and the only markup added is the `mark` element with an escaped
title. Only the text between tags and references is searched, each stretch on its own.
"""

from __future__ import annotations

import html
import re


def _phrase_re(phrases: dict[str, str]) -> re.Pattern[str]:
    """Longest phrases first; whitespace in a phrase matches any whitespace. Words are escaped
    as the sanitiser writes text: `&`, `<` and `>` as references (which a phrase cannot span,
    the text being searched between them), quotes as they are ("children's data")."""
    parts = [
        r"\s+".join(re.escape(html.escape(word, quote=False)) for word in phrase.split())
        for phrase in sorted(phrases, key=lambda p: (-len(p), p))
        if phrase.strip()
    ]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


# Tags and character references of the (sanitised) diff HTML: the text between them is what a
# phrase may be found in. The sanitiser escapes every `<` and `>` of text and attribute values
# and writes every `&` as a reference, so a tag is `<` to the next `>`.
_MARKUP_RE = re.compile(r"(<[^>]*>|&#?[0-9A-Za-z]+;)")
_CHANGED_RE = re.compile(r"<(/?)(?:ins|del)[\s>]")


def mark_evidence(fragment: str, phrases: dict[str, str]) -> str:
    """`fragment` with each phrase (lower-case) found in changed text marked with its label."""
    if not phrases:
        return fragment
    labels = {" ".join(p.lower().split()): label for p, label in phrases.items()}
    pattern = _phrase_re(phrases)

    def mark(match: re.Match[str]) -> str:
        label = labels.get(" ".join(html.unescape(match.group()).lower().split()), "")
        return f'<mark class="pw-evidence" title="{html.escape(label)}">{match.group()}</mark>'

    pieces = _MARKUP_RE.split(fragment)  # text, markup, text, ... markup, text
    changed = 0  # depth of open ins/del elements
    for k in range(0, len(pieces), 2):
        if changed and pieces[k]:
            pieces[k] = pattern.sub(mark, pieces[k])
        if k + 1 < len(pieces) and (tag := _CHANGED_RE.match(pieces[k + 1])) is not None:
            changed = max(changed - 1, 0) if tag.group(1) else changed + 1
    return "".join(pieces)
