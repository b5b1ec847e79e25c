"""Reading burden: words, reading time, readability on the text a reader reads."""

from __future__ import annotations

import subprocess
import sys

from generator.analysis.metrics import readability, syllables, text_metrics
from generator.analysis.sentences import prose


def test_plain_sentences_score_like_the_flesch_formulas() -> None:
    # 2 sentences, 9 words of one syllable: 206.835 - 1.015 * 4.5 - 84.6 * 1 = 117.7
    ease, grade = readability(prose("The cat sat. The dog ran to me now."))
    assert ease == 117.7
    assert grade == round(0.39 * 4.5 + 11.8 * 1 - 15.59, 1)
    # Longer words and sentences read harder.
    hard, _ = readability(prose("Organisational accountability necessitates documentation."))
    assert hard is not None and hard < 0


def test_list_items_and_headings_are_sentences() -> None:
    # Without punctuation a naive counter would see one long sentence (grade 20+).
    text = "## What we collect\n\n" + "\n".join(f"- your {w} data" for w in "abcdefghij") + "\n"
    ease, grade = readability(prose(text))
    assert grade is not None and grade < 5
    assert ease is not None and ease > 80


def test_markup_and_links_do_not_count() -> None:
    plain = text_metrics(prose("We keep your data for a year."))
    marked = text_metrics(prose("We **keep** your [data](https://x.example/a-b-c) for _a year_."))
    assert plain == marked
    assert plain.words == 7 and plain.reading_minutes == 0.0


def test_reading_time_at_250_words_a_minute() -> None:
    assert text_metrics(prose("word " * 500)).reading_minutes == 2.0


def test_text_without_sentences_has_no_readability() -> None:
    assert readability(prose("---\n\n123 456\n")) == (None, None)


def test_syllables_come_from_the_dictionary() -> None:
    assert syllables("information") == 4
    assert syllables("a") == 1


def test_textstat_needs_no_network_and_warns_nothing() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "import textstat\n"
        "assert textstat.syllable_count('biometric') == 4\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
