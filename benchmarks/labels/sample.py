"""Draw the pairs of `../shared/corpus/ota-wide` labelled in `ota-wide.json` (see README.md).

    python3 benchmarks/labels/sample.py [CORPUS]            # the random pairs, one JSON line each
    python3 benchmarks/labels/sample.py [CORPUS] --search   # candidates for positive search

Independent of the analysis code (only the standard library), so the sample does not move
when the analysis changes.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import random
import re
import sys
from pathlib import Path

SEED = 20261204
PER_DOCUMENT = 3  # drawn from every document first (fewer where a document has fewer)
TOTAL = 64  # then topped up, one more per document in a shuffled order, up to this many
MIN_CHANGED_WORDS = 15
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ota-wide"

# Wordings searched in both texts of every eligible pair, for positive search: a category
# whose wording appears on one side only is a candidate, then read by a person.
RARE = {
    "biometric": r"biometric|face ?print|facial (?:recognition|geometry|scan)|voice ?print|"
    r"iris|retina|finger ?print(?!ing)",
    "employment-education": r"employment|education(?:al)?|resume|résumé|\bCV\b"
    r"|job (?:title|history)|work history|professional (?:experience|background)",
    "ai-training": r"machine[- ]learning|artificial intelligence|\bAI\b|generative|language model"
    r"|\btrain(?:ing|ed)?\b",
    "precise-location": r"precise (?:geo)?location|\bGPS\b|latitude|longitude|location history"
    r"|exact location|geolocation",
    "health": r"health|medical|genetic|sexual orientation|religio|ethnic|disabilit",
    "financial": r"credit card|debit card|payment card|bank account|passport|government[- ]issued"
    r"|social security|driver'?s licen",
    "sale-of-data": r"\bsell\b|\bsale of (?:your|personal)|\bsold\b|data broker|do not sell",
}


def changed_words(old: str, new: str) -> int:
    """Words inserted plus words deleted between two texts, on whitespace-split words."""
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return sum(
        (i2 - i1) + (j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )


def eligible(corpus: Path) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Per document, every consecutive pair (file-name order) whose new text is new: not a
    technical upgrade, and not equal to the old text or any earlier one."""
    found: dict[tuple[str, str], list[dict[str, str]]] = {}
    for meta_file in sorted(corpus.glob("*/*/versions.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        versions = sorted(meta["versions"], key=lambda v: v["file"])
        seen: set[str] = set()
        pairs = []
        for old, new in itertools.pairwise(versions):
            seen.add(old["blob"])
            if new["kind"] == "technical_upgrade" or new["blob"] in seen:
                continue
            pairs.append(
                {
                    "service": meta["service"],
                    "document": meta["terms_type"],
                    "from": old["file"],
                    "to": new["file"],
                    "folder": str(meta_file.parent),
                }
            )
        found[(meta["service"], meta["terms_type"])] = pairs
    return found


def texts(pair: dict[str, str]) -> tuple[str, str]:
    folder = Path(pair["folder"])
    return (
        (folder / pair["from"]).read_text(encoding="utf-8"),
        (folder / pair["to"]).read_text(encoding="utf-8"),
    )


def big_enough(pair: dict[str, str]) -> bool:
    return changed_words(*texts(pair)) >= MIN_CHANGED_WORDS


def draw(corpus: Path) -> list[dict[str, str]]:
    """PER_DOCUMENT random pairs of at least MIN_CHANGED_WORDS from each document, then one
    more from documents taken in a shuffled order until TOTAL. Candidates are shuffled and
    measured in that order, so a long history costs only the pairs it takes to find enough."""
    rng = random.Random(SEED)
    queues: dict[tuple[str, str], list[dict[str, str]]] = {}
    for key, pairs in sorted(eligible(corpus).items()):
        queue = list(pairs)
        rng.shuffle(queue)
        queues[key] = queue
    chosen: list[dict[str, str]] = []

    def take(key: tuple[str, str]) -> bool:
        while queues[key]:
            pair = queues[key].pop(0)
            if big_enough(pair):
                chosen.append(pair)
                return True
        return False

    for key in queues:
        for _ in range(PER_DOCUMENT):
            if not take(key):
                break
    order = list(queues)
    rng.shuffle(order)
    while len(chosen) < TOTAL and any(queues.values()):
        for key in order:
            if len(chosen) >= TOTAL:
                break
            take(key)
    return sorted(chosen, key=lambda p: (p["service"], p["document"], p["from"]))


def search(corpus: Path) -> list[dict[str, object]]:
    """Eligible pairs where a rare category's wording is found in one text and not the other."""
    out: list[dict[str, object]] = []
    patterns = {cid: re.compile(p, re.IGNORECASE) for cid, p in RARE.items()}
    for pairs in eligible(corpus).values():
        for pair in pairs:
            old, new = texts(pair)
            gained = [c for c, p in patterns.items() if p.search(new) and not p.search(old)]
            lost = [c for c, p in patterns.items() if p.search(old) and not p.search(new)]
            if gained or lost:
                out.append({**pair, "gained": gained, "lost": lost})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, nargs="?", default=CORPUS)
    parser.add_argument("--search", action="store_true", help="list positive-search candidates")
    args = parser.parse_args()
    rows = search(args.corpus) if args.search else draw(args.corpus)
    for row in rows:
        row.pop("folder", None)
        print(json.dumps(row, ensure_ascii=False))
    print(f"{len(rows)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
