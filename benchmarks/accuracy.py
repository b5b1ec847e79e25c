"""How well the analysis labels changes it was not tuned on, and how much noise it reports.

    make accuracy                    # = .venv/bin/python benchmarks/accuracy.py
    .venv/bin/python benchmarks/accuracy.py [--shared DIR] [--no-noise] [--json FILE]
                                   [--parts tuning,held-out,ota-wide,fresh,contrib,unseen,unseen2,
                                            unseen3,unseen4,unseen5,unseen6,unseen7]

Labels. Each labelled pair A -> B states the categories B adds and removes (see
`../shared/labels/README.md`; `benchmarks/labels/README.md` for ours). A prediction is the
change the analysis reports for B; every (pair, added|removed, category) is a triple, and
triples whose category the label calls borderline are dropped on both sides. Precision and
recall are given per category and overall, for parts kept apart:

- `tuning`: the half of `../shared/labels/changes.json` whose pair id hashes to an even number
  (SHA-256 of "service/document/from->to"). Rules may be tuned on it;
- `held-out`: the other half. Never read while tuning; reported as the score;
- `ota-wide`: `benchmarks/labels/ota-wide.json`, our labels of `../shared/corpus/ota-wide`,
  held out through the first round of rule changes and reported once (README); since then a
  second tuning set, as the rules had to generalise beyond the 13 documents of the first;
- `fresh`: `benchmarks/labels/fresh.json`, labels of other pairs of `../shared/corpus/ota-wide`
  drawn and labelled blind before the second round: held out through it, reported, then read
  in the third round (one wording);
- `contrib`: `benchmarks/labels/contrib.json`, pairs of 45 documents of the whole collection
  `../shared/corpus/contrib-versions/` (none of a service of the other corpora), drawn and
  labelled blind after the third round's rules were settled: held out through it, read in the
  fourth round (wording classes, each with a test of its own sentences). The collection
  is imported once into `benchmarks/out/collection/` (as the collection benchmark does) and
  the labelled documents analysed;
- `unseen`: `benchmarks/labels/unseen.json`, pairs of 43 more documents of the collection (of
  41 platforms, none of the other sets'), drawn and labelled blind while the fourth round's
  rules were written: held out entirely;
- `unseen2`: `benchmarks/labels/unseen2.json`, pairs of 38 more documents of the collection
  (of 37 platforms, none of the other sets' nor of their companies'), drawn and labelled blind
  while the rules were being tuned on the other parts (`unseen` included): held out until the
  rules of that round were settled, then read;
- `unseen3`: `benchmarks/labels/unseen3.json`, pairs of 28 more documents of the collection
  (of 27 platforms, none of the other sets' nor of their companies'), drawn and labelled blind
  while the rules were being tuned on the other collection parts: held out through that round
  and reported, then read in the seventh round;
- `unseen4`: `benchmarks/labels/unseen4.json`, pairs of 26 more documents of the collection
  (of 26 platforms, none of the other sets' nor of their companies'), drawn and labelled blind
  while the seventh round's rules were written: held out entirely;
- `unseen5`: `benchmarks/labels/unseen5.json`, pairs of 13 more documents of the collection (of
  13 platforms, none of the other sets' nor of their companies'), drawn and labelled blind
  while the eighth round's rules were written (on the parts above, `unseen4` included): held
  out entirely. Few positives (the collection has few long histories left unlabelled): mostly
  a check of false alarms.
- `unseen6`: `benchmarks/labels/unseen6.json`, pairs of 23 more documents of the collection
  (of 22 platforms, none of the other sets' nor of their companies'; documents of 3 usable
  versions or more, where the sets before needed 6), drawn and labelled blind while the twelfth
  round's rules were written (denials): scored blind, then read in the thirteenth. Mostly a
  check of false alarms too.
- `unseen7`: `benchmarks/labels/unseen7.json`, pairs of more documents of the collection (of
  platforms none of the other sets' nor of their companies'), drawn and labelled blind after the
  thirteenth round, while the fourteenth's rules were written from category pages' evidence:
  held out entirely.

Disagreements are listed with the evidence each side gives. Only the tuning parts' are meant
to be read while rules are changed (`--parts tuning,ota-wide,fresh,contrib`).

Noise. On `../shared/corpus/ota` and `../shared/corpus/ota-wide`: changes per kind per
document, changes with no word added or removed that are reported as editorial or
substantive (there must be none), why the noise kinds were chosen (`Change.noise`), and
versions whose text has no words.

The corpora are imported with `policywatch import-ota` into a temporary folder and analysed
without a cache, in worker processes as a build does. Needs `../shared`; says so and exits 0
without it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from collection_import import BUNDLE, prepare_collection  # a sibling script

from generator.analysis.analyse import Analysis, analyse_archive
from generator.analysis.changes import Change, Kind
from generator.analysis.normalise import words
from generator.analysis.taxonomy import load_taxonomy
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.model import Archive

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OUR_LABELS = {
    "ota-wide": REPO / "benchmarks" / "labels" / "ota-wide.json",
    "fresh": REPO / "benchmarks" / "labels" / "fresh.json",
    "contrib": REPO / "benchmarks" / "labels" / "contrib.json",
    "unseen": REPO / "benchmarks" / "labels" / "unseen.json",
    "unseen2": REPO / "benchmarks" / "labels" / "unseen2.json",
    "unseen3": REPO / "benchmarks" / "labels" / "unseen3.json",
    "unseen4": REPO / "benchmarks" / "labels" / "unseen4.json",
    "unseen5": REPO / "benchmarks" / "labels" / "unseen5.json",
    "unseen6": REPO / "benchmarks" / "labels" / "unseen6.json",
    "unseen7": REPO / "benchmarks" / "labels" / "unseen7.json",
}
# Labels of the imported collection, by platform slug.
COLLECTION_PARTS = (
    "contrib",
    "unseen",
    "unseen2",
    "unseen3",
    "unseen4",
    "unseen5",
    "unseen6",
    "unseen7",
)
PARTS = ("tuning", "held-out", "ota-wide", "fresh", *COLLECTION_PARTS)
KINDS = [kind.value for kind in Kind]
ROLES = ("added", "removed")
QUOTE = 200  # characters of evidence shown per disagreement
# The imported snapshot names its source file: "…, <Service>/<Terms Type>/<file>.md; by …".
_ORIGIN_RE = re.compile(r", ([^;]+)/([^/;]+)/([^/;]+\.md);")

Pair = tuple[str, str, str, str]  # service (or platform slug), document, from file, to file
Triple = tuple[Pair, str, str]  # pair, role, category


@dataclass(frozen=True)
class Label:
    """One hand-labelled pair of consecutive versions."""

    pair: Pair
    sampled: str
    added: frozenset[str]
    removed: frozenset[str]
    borderline: frozenset[str]
    evidence: dict[str, list[str]]
    note: str
    scored: frozenset[str]  # the categories the labellers judged

    @property
    def id(self) -> str:
        service, document, old, new = self.pair
        return f"{service}/{document}/{old}->{new}"


def read_labels(path: Path) -> list[Label]:
    """The labelled pairs of a file; only the file's `categories` are scored (others, such as
    extra categories of our taxonomy, were not labelled and so are neither right nor wrong)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    scored = frozenset(raw["categories"])
    return [
        Label(
            (e.get("service") or e["platform"], e["document"], e["from"], e["to"]),
            e.get("sampled", ""),
            frozenset(e.get("categories_added", ())),
            frozenset(e.get("categories_removed", ())),
            frozenset(e.get("borderline", ())),
            # Quotes (a list), or a locator in the labeller's words (a string).
            {
                k: [v] if isinstance(v, str) else list(v)
                for k, v in (e.get("evidence") or {}).items()
            },
            e.get("note", ""),
            scored,
        )
        for e in raw["changes"]
    ]


def is_tuning(label: Label) -> bool:
    """The split of the shared labels, fixed before any rule was changed: by hash of the id."""
    return int(hashlib.sha256(label.id.encode()).hexdigest(), 16) % 2 == 0


def parts(shared: Path) -> dict[str, list[Label]]:
    found: dict[str, list[Label]] = {}
    shared_labels = shared / "labels" / "changes.json"
    if shared_labels.is_file():
        labels = read_labels(shared_labels)
        found["tuning"] = [label for label in labels if is_tuning(label)]
        found["held-out"] = [label for label in labels if not is_tuning(label)]
    for part, path in OUR_LABELS.items():
        if path.is_file():
            found[part] = read_labels(path)
    return found


# --- The corpora, imported and analysed ----------------------------------------------------------


@dataclass
class Corpus:
    name: str
    archive: Archive
    analysis: Analysis
    seconds: float
    changes: dict[Pair, Change] = field(default_factory=dict)  # by the source files' names


def load_corpus(name: str, source: Path, scratch: Path) -> Corpus:
    content = scratch / name / "content"
    command = [str(Path(sys.executable).parent / "policywatch"), "import-ota", str(source)]
    done = subprocess.run(
        [*command, "--into", str(content)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"import of {source} failed:\n{done.stderr[-2000:]}")
    return analyse_corpus(name, content)


def load_collection_part(name: str, labels: list[Label], scratch: Path) -> Corpus | None:
    """The labelled documents of the imported collection (imported first if need be), analysed
    on their own; changes by (platform, document, from file, to file). None without it."""
    site = prepare_collection()
    if site is None:
        return None
    content = scratch / name / "content"
    for platform in sorted({label.pair[0] for label in labels}):
        (content / platform).mkdir(parents=True)
        shutil.copy(site / "content" / platform / "platform.yml", content / platform)
    for platform, slug in sorted({label.pair[:2] for label in labels}):
        source = site / "content" / platform / slug
        shutil.copytree(source, content / platform / slug, copy_function=os.link)
    corpus = analyse_corpus(name, content, site / "site_config")
    # A labelled pair joins versions that are not technical: Open Terms Archive's technical
    # upgrades (a new extraction of an unchanged page) between them are stepped over, and the
    # pair is the change to B, compared by the analysis with the version just before it.
    for document in corpus.archive.documents():
        changes = {c.to_stamp: c for c in corpus.analysis.for_document(document)}
        before: str | None = None
        for version in document.live_versions:
            change = changes.get(version.stamp)
            if change is not None and before is not None and not version.technical:
                pair = (document.platform, document.slug, f"{before}.md", f"{version.stamp}.md")
                corpus.changes[pair] = change
            if not version.technical:
                before = version.stamp
    return corpus


def analyse_corpus(name: str, content: Path, config: Path = REPO / "site_config") -> Corpus:
    """The content folder loaded and analysed (no cache); changes of imported snapshots keyed
    by their Open Terms Archive files."""
    types, _ = load_document_types(config / "document_types.yml")
    taxonomy, problems = load_taxonomy(REPO / "site_config" / "taxonomy.yml")
    if problems:
        raise SystemExit("\n".join(f"{p.path}:{p.line}: {p.message}" for p in problems))
    archive = load_archive(content, types, LoadOptions(provenance=False))
    start = time.perf_counter()
    analysis = analyse_archive(archive, taxonomy)
    corpus = Corpus(name, archive, analysis, time.perf_counter() - start)
    files: dict[str, tuple[str, str, str]] = {}  # version key -> service, type, file
    for document in archive.documents():
        for version in document.versions:
            match = _ORIGIN_RE.search(version.origin or "")
            if match:
                files[version.key] = (match[1], match[2], match[3])
    for change in analysis.all_changes():
        new = files.get(change.key)
        old = files.get(f"{change.platform}/{change.document}/{change.from_stamp}")
        if new and old:
            corpus.changes[(new[0], new[1], old[2], new[2])] = change
    return corpus


# --- Scoring -------------------------------------------------------------------------------------


def triples(label: Label, change: Change | None) -> tuple[set[Triple], set[Triple]]:
    """(labelled, predicted) triples of one pair, borderline categories left out."""
    gold = {(label.pair, "added", c) for c in label.added}
    gold |= {(label.pair, "removed", c) for c in label.removed}
    predicted: set[Triple] = set()
    if change is not None:
        predicted = {(label.pair, "added", c) for c in change.categories_added}
        predicted |= {(label.pair, "removed", c) for c in change.categories_removed}
    keep = {t for t in gold | predicted if t[2] in label.scored - label.borderline}
    return gold & keep, predicted & keep


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "n/a"


@dataclass
class Score:
    gold: set[Triple] = field(default_factory=set)
    predicted: set[Triple] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)  # labelled pairs with no change found

    @property
    def hits(self) -> set[Triple]:
        return self.gold & self.predicted

    def figures(self) -> dict[str, float | int | None]:
        hit, pred, gold = len(self.hits), len(self.predicted), len(self.gold)
        return {
            "precision": round(hit / pred, 3) if pred else None,
            "recall": round(hit / gold, 3) if gold else None,
            "correct": hit,
            "predicted": pred,
            "labelled": gold,
        }


def score(labels: list[Label], corpus: Corpus) -> Score:
    result = Score()
    for label in labels:
        change = corpus.changes.get(label.pair)
        if change is None:
            result.missing.append(label.id)
        gold, predicted = triples(label, change)
        result.gold |= gold
        result.predicted |= predicted
    return result


def score_table(scores: dict[str, Score]) -> str:
    lines = [
        "| part | pairs labelled | precision | recall | correct / predicted / labelled |",
        "|---|---:|---:|---:|---|",
    ]
    for name, found in scores.items():
        hit, pred, gold = len(found.hits), len(found.predicted), len(found.gold)
        lines.append(
            f"| {name} | {len({t[0] for t in found.gold | found.predicted})} with a triple | "
            f"{ratio(hit, pred)} | {ratio(hit, gold)} | {hit} / {pred} / {gold} |"
        )
    return "\n".join(lines)


def category_table(found: Score) -> str:
    categories = sorted({t[2] for t in found.gold | found.predicted})
    lines = [
        "| category | precision | recall | correct / predicted / labelled |",
        "|---|---:|---:|---|",
    ]
    for category in categories:
        gold = {t for t in found.gold if t[2] == category}
        pred = {t for t in found.predicted if t[2] == category}
        hit = len(gold & pred)
        lines.append(
            f"| {category} | {ratio(hit, len(pred))} | {ratio(hit, len(gold))} | "
            f"{hit} / {len(pred)} / {len(gold)} |"
        )
    return "\n".join(lines)


def short(text: str, limit: int = QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def disagreements(found: Score, labels: list[Label], corpus: Corpus) -> list[str]:
    by_pair = {label.pair: label for label in labels}
    lines: list[str] = []
    wrong = sorted((found.predicted - found.gold) | (found.gold - found.predicted))
    for pair, role, category in wrong:
        label = by_pair[pair]
        change = corpus.changes.get(pair)
        if (pair, role, category) in found.predicted:
            quotes = change.evidence.get(category, ()) if change else ()
            said = f"false {role}: analysis quotes “{short(quotes[0]) if quotes else ''}”"
        else:
            quotes = tuple(label.evidence.get(category, ()))
            said = f"missed {role}: label says “{short(quotes[0]) if quotes else label.note}”"
        kind = change.kind.value if change else "no change"
        lines.append(f"- `{label.id}` ({kind}) **{category}** {said}")
    lines.extend(f"- `{pair}`: no change found for this pair" for pair in found.missing)
    return lines


# --- Noise ---------------------------------------------------------------------------------------


def kind_table(analysis: Analysis) -> str:
    lines = ["| document | " + " | ".join(KINDS) + " |", "|---" + "|---:" * len(KINDS) + "|"]
    total: Counter[str] = Counter()
    for (platform, document), items in sorted(analysis.changes.items()):
        counts = Counter(change.kind.value for change in items)
        total.update(counts)
        cells = " | ".join(str(counts.get(kind, 0)) for kind in KINDS)
        lines.append(f"| {platform}/{document} | {cells} |")
    lines.append("| **all** | " + " | ".join(str(total.get(kind, 0)) for kind in KINDS) + " |")
    return "\n".join(lines)


def silent_edits(analysis: Analysis) -> list[Change]:
    """Changes shown as editorial or substantive although no word was added or removed."""
    return [
        change
        for change in analysis.all_changes()
        if change.kind in (Kind.EDITORIAL, Kind.SUBSTANTIVE)
        and change.words_added == 0
        and change.words_removed == 0
    ]


def empty_versions(archive: Archive) -> list[str]:
    return [
        version.key
        for document in archive.documents()
        for version in document.versions
        if not words(version.text)
    ]


def noise_report(corpus: Corpus) -> tuple[list[str], dict[str, object]]:
    analysis = corpus.analysis
    changes = list(analysis.all_changes())
    silent = silent_edits(analysis)
    empty = empty_versions(corpus.archive)
    reasons = Counter(
        getattr(change, "noise", None) or "" for change in changes if change.kind.is_noise
    )
    lines = [
        f"## Noise: {corpus.name} ({len(changes)} changes, analysed in {corpus.seconds:.1f} s)\n",
        kind_table(analysis),
        "",
        f"Changes with 0 words added and 0 removed reported as editorial or substantive: "
        f"**{len(silent)}**",
    ]
    by_document = Counter(f"{c.platform}/{c.document}" for c in silent)
    lines.extend(f"- {name}: {count}" for name, count in by_document.most_common())
    if reasons:
        lines.append("\nNoise changes by reason (`Change.noise`):")
        lines.extend(f"- {reason or '(kind only)'}: {n}" for reason, n in reasons.most_common())
    lines.append(f"\nVersions with no words: **{len(empty)}**")
    lines.extend(f"- {key}" for key in empty[:20])
    figures = {
        "seconds": round(corpus.seconds, 1),
        "kinds": {
            f"{p}/{d}": dict(Counter(c.kind.value for c in items))
            for (p, d), items in sorted(analysis.changes.items())
        },
        "silent_edits": len(silent),
        "empty_versions": len(empty),
    }
    return lines, figures


def _corpus(part: str) -> str:
    """The corpus a part's labels are about."""
    if part in COLLECTION_PARTS:
        return part
    return "ota-wide" if part in OUR_LABELS else "ota"


# --- Main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--parts", default=",".join(PARTS), help="label parts to score")
    parser.add_argument("--no-noise", action="store_true", help="skip the noise figures")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    corpora = {name: args.shared / "corpus" / name for name in ("ota", "ota-wide")}
    if not all(path.is_dir() for path in corpora.values()):
        print(f"{args.shared}: no corpus/ota and corpus/ota-wide here; nothing to measure")
        return 0
    wanted = [p for p in args.parts.split(",") if p]
    unknown = [p for p in wanted if p not in PARTS]
    if unknown:
        parser.error(f"unknown part {unknown[0]!r}: choose among {', '.join(PARTS)}")
    labelled = parts(args.shared)
    out: list[str] = []
    figures: dict[str, object] = {}
    needed = set(corpora) if not args.no_noise else {_corpus(part) for part in wanted}
    with tempfile.TemporaryDirectory(prefix="policywatch-accuracy-") as scratch:
        loaded = {
            name: load_corpus(name, path, Path(scratch))
            for name, path in corpora.items()
            if name in needed
        }
        for part in COLLECTION_PARTS:
            if part not in wanted or part not in labelled:
                continue
            collection = load_collection_part(part, labelled[part], Path(scratch))
            if collection is None:
                print(f"no {BUNDLE}: the {part} part is left out")
                wanted.remove(part)
            else:
                loaded[part] = collection
        scores = {
            part: score(labelled[part], loaded[_corpus(part)])
            for part in wanted
            if part in labelled
        }
        out.append("# Labels: categories added and removed\n")
        out.append(score_table(scores))
        figures["labels"] = {part: found.figures() for part, found in scores.items()}
        for part, found in scores.items():
            corpus = loaded[_corpus(part)]
            out.append(f"\n## {part}: per category\n")
            out.append(category_table(found))
            out.append(f"\n## {part}: disagreements\n")
            out.extend(disagreements(found, labelled[part], corpus) or ["none"])
        if not args.no_noise:
            figures["noise"] = {}
            for name, corpus in loaded.items():
                lines, noise = noise_report(corpus)
                out.append("")
                out.extend(lines)
                figures["noise"][name] = noise  # type: ignore[index]
    print("\n".join(out))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
