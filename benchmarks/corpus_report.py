"""Change analysis over a whole content folder: kinds per document, the changes with the most
categories added, announcements, flips, and timings.

    policywatch import-ota ../shared/corpus/ota --into /tmp/ota/content
    .venv/bin/python benchmarks/corpus_report.py /tmp/ota/content [--sample FILE]
        [--summaries N] [--seed S]

`--sample FILE` writes every substantive change's labels with their evidence to FILE, for
reading by hand (precision of the labels). `--summaries N` prints N automatic summaries picked
at random (`--seed`, default 13) among the changes that are not noise, with the facts they
were written from, for reading by hand; the report always counts the changes that have
sections and a summary.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from generator.analysis.analyse import analyse_archive
from generator.analysis.changes import Change, Kind
from generator.analysis.diff import diff_texts
from generator.analysis.labels import change_labels, scan
from generator.analysis.metrics import text_metrics
from generator.analysis.taxonomy import SentenceCache, Taxonomy, load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import Version

REPO = Path(__file__).resolve().parents[1]
KINDS = [kind.value for kind in Kind]


def kind_table(changes: dict[tuple[str, str], tuple[Change, ...]]) -> str:
    lines = ["| document | " + " | ".join(KINDS) + " |", "|---" * (len(KINDS) + 1) + "|"]
    total: Counter[str] = Counter()
    for (platform, document), items in sorted(changes.items()):
        counts = Counter(change.kind.value for change in items)
        total.update(counts)
        cells = " | ".join(str(counts.get(kind, 0)) for kind in KINDS)
        lines.append(f"| {platform}/{document} | {cells} |")
    lines.append("| **all** | " + " | ".join(str(total.get(kind, 0)) for kind in KINDS) + " |")
    return "\n".join(lines)


def short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(change: Change, *, quotes: int = 1) -> list[str]:
    lines = [
        f"{change.key} [{change.kind.value}] +{change.words_added} -{change.words_removed} "
        f"added={','.join(change.categories_added) or '-'} "
        f"removed={','.join(change.categories_removed) or '-'} "
        f"touched={','.join(change.categories_touched) or '-'}"
    ]
    for flip in change.flips:
        lines.append(f"    flip {flip.category}: {flip.before!r} -> {flip.after!r}")
    for category in (*change.categories_added, *change.categories_removed):
        for quote in change.evidence.get(category, ())[:quotes]:
            lines.append(f"    {category}: {short(quote)}")
    return lines


def worst_pairs(
    pairs: list[tuple[Version, Version]], taxonomy: Taxonomy, count: int = 3
) -> list[tuple[float, str]]:
    """Seconds to analyse the largest consecutive pairs from scratch (diff, labels, metrics)."""
    largest = sorted(pairs, key=lambda pair: -(len(pair[0].text) + len(pair[1].text)))
    out = []
    for old, new in largest[:count]:
        start = time.perf_counter()
        diff = diff_texts(old.text, new.text)
        cache: SentenceCache = {}  # as in analyse_archive: sentences met once are looked up
        old_scan, new_scan = scan(taxonomy, old.text, cache), scan(taxonomy, new.text, cache)
        change_labels(taxonomy, old_scan, new_scan, diff)
        text_metrics(old_scan.prose), text_metrics(new_scan.prose)
        size = len(old.text) + len(new.text)
        out.append((time.perf_counter() - start, f"{new.key} ({size:,} characters)"))
    return out


def print_summaries(changes: list[Change], count: int, seed: int) -> None:
    """Coverage of sections and summaries, and `count` automatic summaries picked at random."""
    real = [c for c in changes if not c.kind.is_noise]
    sections = sum(bool(c.sections) for c in real)
    summaries = sum(bool(c.summary or c.auto_summary) for c in real)
    human = sum(bool(c.summary) for c in real)
    print("\n## What changed, in words\n")
    print(
        f"{len(real)} changes that are not noise: {sections} with sections, {summaries} with "
        f"a summary ({human} by a person, the others automatic)"
    )
    pool = sorted((c for c in real if c.auto_summary), key=lambda c: c.key)
    for change in random.Random(seed).sample(pool, min(count, len(pool))):
        print(f"\n{change.key} [{change.kind.value}] +{change.words_added} -{change.words_removed}")
        print(f"    auto: {change.auto_summary}")
        if change.summary:
            print(f"    human: {change.summary}")
        for section in change.sections[:3]:
            kind = f"{section.change}{', page furniture' if section.furniture else ''}"
            print(
                f"    section: {short(section.name, 100)} "
                f"+{section.words_added} -{section.words_removed} ({kind})"
            )
        for number in change.numbers:
            print(f"    number: {number.topic}: {number.before} -> {number.after}")
        for key in change.key_sentences:
            print(f"    key ({key.change}; {', '.join(key.reasons) or '-'}): {short(key.text)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("--config", type=Path, default=REPO / "site_config")
    parser.add_argument("--sample", type=Path, help="write substantive changes' labels here")
    parser.add_argument("--summaries", type=int, default=0, help="automatic summaries to show")
    parser.add_argument("--seed", type=int, default=13, help="seed of the summaries' pick")
    args = parser.parse_args()
    types, _ = load_document_types(args.config / "document_types.yml")
    taxonomy, problems = load_taxonomy(args.config / "taxonomy.yml")
    assert not problems, problems
    archive = load_archive(args.content, types, LoadOptions())
    text_metrics(scan(taxonomy, "Warm up the syllable dictionary.").prose)  # loads once, ~1 s
    start = time.perf_counter()
    analysis = analyse_archive(archive, taxonomy)
    elapsed = time.perf_counter() - start
    changes = list(analysis.all_changes())
    print(f"## Kinds per document ({len(changes)} changes, analysed in {elapsed:.1f} s)\n")
    print(kind_table(analysis.changes))
    print("\n## Most categories added (noise kinds left out)\n")
    meaningful = [c for c in changes if not c.kind.is_noise and c.kind is not Kind.FIRST]
    ranked = sorted(meaningful, key=lambda c: (-len(c.categories_added), c.key))
    for change in ranked[:5]:
        print("\n".join(describe(change)))
    print("\n## Announcements (upcoming + current)\n")
    for change in changes:
        if change.announces is not None or change.announced_in is not None:
            if change.announces is not None:
                what = f"announces {change.announces or '(no date)'}"
            else:
                what = f"takes effect (announced {change.announced_in})"
            print(f"{change.key} [{change.kind.value}] {what}")
    flips = [c for c in changes if c.flips]
    print(f"\n## Flips ({len(flips)} changes)\n")
    for change in flips[:15]:
        print("\n".join(describe(change, quotes=0)))
    print("\n## Worst pairs, analysed from scratch\n")
    pairs = [
        pair
        for document in archive.documents()
        for pair in zip(document.live_versions, document.live_versions[1:], strict=False)
    ]
    for seconds, what in worst_pairs(pairs, taxonomy):
        print(f"{seconds * 1000:.0f} ms  {what}")
    print_summaries(changes, args.summaries, args.seed)
    if args.sample:
        substantive = [c for c in changes if c.kind is Kind.SUBSTANTIVE]
        random.Random(3).shuffle(substantive)
        lines: list[str] = []
        for change in substantive:
            lines.extend(describe(change, quotes=2))
            lines.append("")
        args.sample.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
