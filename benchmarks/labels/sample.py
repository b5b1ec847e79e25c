"""Draw the pairs labelled in `ota-wide.json` and `fresh.json` (see README.md).

    python3 benchmarks/labels/sample.py                       # ota-wide: random pairs, JSON lines
    python3 benchmarks/labels/sample.py --search              # ota-wide: positive-search candidates
    python3 benchmarks/labels/sample.py --set fresh           # fresh: random pairs
    python3 benchmarks/labels/sample.py --set fresh --search  # fresh: positive-search candidates

A corpus folder may be given as the first argument (default: ../shared/corpus/ota-wide).
The fresh set has its own seed and counts and leaves out every pair already in `ota-wide.json`.

Independent of the analysis code (only the standard library), so a sample does not move
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
from dataclasses import dataclass
from pathlib import Path

MIN_CHANGED_WORDS = 15
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ota-wide"
LABELS = Path(__file__).resolve().parent

Key = tuple[str, str, str, str]  # service, document, from, to


@dataclass(frozen=True)
class Plan:
    """How one label set is drawn."""

    seed: int
    per_document: int  # drawn from every document first (fewer where a document has fewer)
    total: int  # then topped up, one more per document in a shuffled order, up to this many
    exclude_labels: tuple[str, ...] = ()  # label files whose pairs may not be drawn again


PLANS = {
    "ota-wide": Plan(seed=20261204, per_document=3, total=64),
    "fresh": Plan(seed=20261205, per_document=2, total=40, exclude_labels=("ota-wide.json",)),
}

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


def labelled(names: tuple[str, ...]) -> set[Key]:
    """The pairs of the label files `names` (in this folder)."""
    keys: set[Key] = set()
    for name in names:
        data = json.loads((LABELS / name).read_text(encoding="utf-8"))
        keys |= {(c["service"], c["document"], c["from"], c["to"]) for c in data["changes"]}
    return keys


def key_of(pair: dict[str, str]) -> Key:
    """The pair's (service, document, from, to), as in the label files."""
    return (pair["service"], pair["document"], pair["from"], pair["to"])


def eligible(
    corpus: Path, exclude: set[Key] | None = None
) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Per document, every consecutive pair (file-name order) whose new text is new: not a
    technical upgrade, and not equal to the old text or any earlier one. Pairs in `exclude`
    are left out."""
    skip = exclude or set()
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
        found[(meta["service"], meta["terms_type"])] = [p for p in pairs if key_of(p) not in skip]
    return found


def texts(pair: dict[str, str]) -> tuple[str, str]:
    folder = Path(pair["folder"])
    return (
        (folder / pair["from"]).read_text(encoding="utf-8"),
        (folder / pair["to"]).read_text(encoding="utf-8"),
    )


def big_enough(pair: dict[str, str]) -> bool:
    return changed_words(*texts(pair)) >= MIN_CHANGED_WORDS


def draw(corpus: Path, plan: Plan) -> list[dict[str, str]]:
    """`plan.per_document` random pairs of at least MIN_CHANGED_WORDS from each document, then
    one more from documents taken in a shuffled order until `plan.total`. Candidates are
    shuffled and measured in that order, so a long history costs only the pairs it takes to
    find enough."""
    rng = random.Random(plan.seed)
    queues: dict[tuple[str, str], list[dict[str, str]]] = {}
    for key, pairs in sorted(eligible(corpus, labelled(plan.exclude_labels)).items()):
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
        for _ in range(plan.per_document):
            if not take(key):
                break
    order = list(queues)
    rng.shuffle(order)
    while len(chosen) < plan.total and any(queues.values()):
        for key in order:
            if len(chosen) >= plan.total:
                break
            take(key)
    return sorted(chosen, key=lambda p: (p["service"], p["document"], p["from"]))


def search(corpus: Path, plan: Plan) -> list[dict[str, object]]:
    """Eligible pairs (not in the plan's excluded label files) where a rare category's wording
    is found in one text and not the other."""
    out: list[dict[str, object]] = []
    patterns = {cid: re.compile(p, re.IGNORECASE) for cid, p in RARE.items()}
    for pairs in eligible(corpus, labelled(plan.exclude_labels)).values():
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
    parser.add_argument(
        "--set", dest="label_set", choices=sorted(PLANS), default="ota-wide", help="label set"
    )
    args = parser.parse_args()
    plan = PLANS[args.label_set]
    rows = search(args.corpus, plan) if args.search else draw(args.corpus, plan)
    for row in rows:
        row.pop("folder", None)
        print(json.dumps(row, ensure_ascii=False))
    print(f"{len(rows)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
