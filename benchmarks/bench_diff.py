"""Time diff_texts and diff_html on every consecutive pair of versions in the real corpus.

Usage: .venv/bin/python benchmarks/bench_diff.py [corpus folder]
The corpus (Open Terms Archive histories, read-only) lives at ../shared/corpus/ota beside the
repository; without it the benchmark says so and exits 0.

Each pair is timed once in history order (as the site build meets them: every text is split
once and reused for the next pair); the ten slowest are then timed five more times each and
the best time kept (both texts split afresh each time, as if neither had been seen), so a
busy machine does not pass for a slow diff.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

from generator.analysis.blocks import _split as split_cache
from generator.analysis.diff import diff_texts
from generator.site.diff_html import diff_html

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ota"


def _pairs(corpus: Path) -> list[tuple[str, Path, Path]]:
    pairs = []
    for folder in sorted(p for p in corpus.glob("*/*") if p.is_dir()):
        versions = sorted(folder.glob("*.md"))
        name = f"{folder.parent.name}/{folder.name}"
        pairs.extend((name, a, b) for a, b in itertools.pairwise(versions))
    return pairs


def _time(old: str, new: str, *, cold: bool = False) -> tuple[float, float, int]:
    """Seconds for diff_texts, seconds for diff_html, bytes of HTML."""
    if cold:
        split_cache.cache_clear()
    start = time.perf_counter()
    diff = diff_texts(old, new)
    middle = time.perf_counter()
    rendered = diff_html(diff)
    end = time.perf_counter()
    if diff.old_text() != old or diff.new_text() != new:
        raise SystemExit("reconstruction failed")
    return middle - start, end - middle, len(rendered.encode())


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"skipped: no corpus at {corpus}")
        return 0
    diff_html(diff_texts("warm", "up"))  # builds the Markdown engine once, outside the timings
    rows: list[tuple[float, float, int, str, str, str]] = []
    for name, a, b in _pairs(corpus):
        old, new = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
        label = f"{name}: {a.stem} -> {b.stem} ({len(old)} -> {len(new)} chars)"
        rows.append((*_time(old, new), label, old, new))
    for k in sorted(range(len(rows)), key=lambda k: rows[k][0] + rows[k][1])[-10:]:
        _, _, size, label, old, new = rows[k]
        runs = [_time(old, new, cold=True) for _ in range(5)]
        rows[k] = (min(r[0] for r in runs), min(r[1] for r in runs), size, label, old, new)
    _report("diff_texts", [(r[0], r[3]) for r in rows])
    _report("diff_html", [(r[1], r[3]) for r in rows])
    _report("both", [(r[0] + r[1], r[3]) for r in rows])
    size, label = max((r[2], r[3]) for r in rows)
    print(f"diff_html largest output: {size / 1000:.1f} KB ({label})")
    return 0


def _report(what: str, times: list[tuple[float, str]]) -> None:
    values = [t for t, _ in times]
    worst, label = max(times)
    print(
        f"{what}: {len(values)} pairs, median {statistics.median(values) * 1000:.1f} ms, "
        f"p95 {statistics.quantiles(values, n=20)[-1] * 1000:.1f} ms, "
        f"max {worst * 1000:.1f} ms ({label})"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
