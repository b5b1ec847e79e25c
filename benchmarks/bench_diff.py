"""Time diff_texts (and diff_html) on every consecutive pair of versions in the real corpus.

Usage: .venv/bin/python benchmarks/bench_diff.py [--html] [corpus folder]
The corpus (Open Terms Archive histories, read-only) lives at ../shared/corpus/ota beside the
repository; without it the benchmark says so and exits 0.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

from generator.diff import diff_texts
from generator.diff_html import diff_html

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ota"


def _pairs(corpus: Path) -> list[tuple[str, Path, Path]]:
    pairs = []
    for folder in sorted(p for p in corpus.glob("*/*") if p.is_dir()):
        versions = sorted(folder.glob("*.md"))
        name = f"{folder.parent.name}/{folder.name}"
        pairs.extend((name, a, b) for a, b in itertools.pairwise(versions))
    return pairs


def main(argv: list[str]) -> int:
    with_html = "--html" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"skipped: no corpus at {corpus}")
        return 0
    diff_html(diff_texts("warm", "up"))  # builds the Markdown engine once, outside the timings
    diff_times: list[tuple[float, str]] = []
    html_times: list[tuple[float, str]] = []
    html_sizes: list[tuple[int, str]] = []
    both_times: list[tuple[float, str]] = []
    for name, a, b in _pairs(corpus):
        old, new = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
        label = f"{name}: {a.stem} -> {b.stem} ({len(old)} -> {len(new)} chars)"
        start = time.perf_counter()
        diff = diff_texts(old, new)
        diff_times.append((time.perf_counter() - start, label))
        if diff.old_text() != old or diff.new_text() != new:
            print(f"RECONSTRUCTION FAILED: {label}")
            return 1
        if with_html:
            start = time.perf_counter()
            rendered = diff_html(diff)
            html_times.append((time.perf_counter() - start, label))
            both_times.append((diff_times[-1][0] + html_times[-1][0], label))
            html_sizes.append((len(rendered.encode()), label))
    _report("diff_texts", diff_times)
    if with_html:
        _report("diff_html", html_times)
        _report("both", both_times)
        size, label = max(html_sizes)
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
