"""PolicyWatch build benchmarks: the issue-6 targets, measured side by side with MkDocs itself.

Usage:  .venv/bin/python benchmarks/run.py [--rounds N] [--skip-linear] [--skip-serve]

Prepares (once, in benchmarks/out/) the whole Open Terms Archive corpus imported into a scratch
content folder committed to a git repository, then measures:

- floor: plain `mkdocs build` (same theme, extensions and nav rules, no policywatch plugin) of
  the very pages our generator produced, written to disk as ordinary Markdown (each version's
  full text as its Markdown, each diff as the HTML we generated);
- cold: our build with no analysis cache; warm: our build again with the cache kept;
- one changed snapshot: the newest version of one document edited, and how many changes the
  build re-analysed;
- worst pair and whole-corpus analysis times, in process;
- peak memory of the cold build (`/usr/bin/time`);
- linear growth: the corpus replicated 10x under other platform names;
- `mkdocs serve`: the time from saving a demo snapshot to the browser showing the new text;
- site weight: change-page HTML sizes, and search_index.json against the text it indexes.

Times are medians over the rounds. Needs ../shared/corpus/ota; says so and exits 0 without it.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "ota"
OUT = REPO / "benchmarks" / "out"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return result


def timed_build(site: Path, *, clean_cache: bool = False) -> tuple[float, int, str]:
    """Seconds, peak RSS (KB) and log of one `mkdocs build` in `site`."""
    if clean_cache:
        shutil.rmtree(site / ".cache", ignore_errors=True)
    cmd = ["/usr/bin/time", "-f", "TIME %e %M", str(BIN / "mkdocs"), "build", "-d", "site"]
    result = run(cmd, site)
    seconds, rss = re.findall(r"TIME ([\d.]+) (\d+)", result.stderr)[-1]
    return float(seconds), int(rss), result.stderr


def git_commit_all(folder: Path) -> None:
    run(["git", "init", "-q"], folder)
    run(["git", "add", "-A"], folder)
    ident = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    run(["git", *ident, "commit", "-q", "-m", "corpus"], folder)


def prepare_corpus(target: Path, copies: int = 1) -> Path:
    """A site folder: the corpus imported (replicated `copies` times), site_config, mkdocs.yml.

    The content is imported once and kept; the configuration is the repository's, every run.
    """
    if (target / "content").is_dir():
        _copy_config(target)
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    _copy_config(target)
    content = target / "content"
    run([str(BIN / "policywatch"), "import-ota", str(CORPUS), "--into", str(content)], REPO)
    originals = sorted(p for p in content.iterdir() if p.is_dir())
    for copy in range(1, copies):
        for platform in originals:
            shutil.copytree(platform, content / f"{platform.name}-r{copy}")
    git_commit_all(target)
    return target


def _copy_config(target: Path) -> None:
    shutil.rmtree(target / "site_config", ignore_errors=True)
    shutil.copytree(REPO / "site_config", target / "site_config")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")


def write_floor(site: Path, floor: Path) -> None:
    """Our generated pages as ordinary Markdown files, and a plain MkDocs config for them."""
    sys.path.insert(0, str(REPO))
    from generator.build import build_site
    from generator.site.markup import SLOT_RE

    shutil.rmtree(floor, ignore_errors=True)
    docs = floor / "docs"
    result = build_site(site / "content", site / "site_config")
    assert result.filler is not None
    texts = {v.key: v.text for v in result.filler.archive.versions()}
    for page in result.pages:
        markdown = page.markdown
        for name, slot in page.slots.items():
            if slot.kind == "text":  # the full text as Markdown, for MkDocs to render itself
                body = texts[slot.key]
                block = f'<div data-search-exclude markdown="1">\n\n{body}\n\n</div>'
            else:
                block = result.filler.html(slot)
            match = re.search(rf"^( *)PW:SLOT:{name}$", markdown, re.MULTILINE)
            assert match is not None
            indented = block.replace("\n", "\n" + match.group(1))
            markdown = markdown[: match.end(1)] + indented + markdown[match.end() :]
        assert not SLOT_RE.search(markdown)
        path = docs / page.source_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    for static in result.static_files:
        path = docs / static.url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(static.content, encoding="utf-8")
    for hand_written in (REPO / "site_config" / "pages").rglob("*"):
        if hand_written.is_file():
            target = docs / hand_written.relative_to(REPO / "site_config" / "pages")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(hand_written, target)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = "docs"
    config["plugins"] = ["search"]
    config["theme"].pop("custom_dir", None)
    config["not_in_nav"] = "/platforms/*/*/*/\n"  # version pages, as our plugin does
    (floor / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_builds(site: Path, floor: Path, rounds: int) -> dict[str, float]:
    floor_times, cold_times, warm_times, rss, floor_rss = [], [], [], [], []
    for _ in range(rounds):  # interleaved so load on the machine hits all three alike
        seconds, peak, _ = timed_build(floor)
        floor_times.append(seconds)
        floor_rss.append(peak)
        seconds, peak, _ = timed_build(site, clean_cache=True)
        cold_times.append(seconds)
        rss.append(peak)
        warm_times.append(timed_build(site)[0])
    return {
        "floor": median(floor_times),
        "cold": median(cold_times),
        "warm": median(warm_times),
        "peak_mb": max(rss) / 1024,
        "floor_peak_mb": max(floor_rss) / 1024,
    }


def bench_one_change(site: Path) -> tuple[float, str]:
    """Edit the newest version of one document; seconds, and what the build said it analysed."""
    newest = max((site / "content" / "reddit" / "privacy-policy").glob("*.md"))
    original = newest.read_text(encoding="utf-8")
    try:
        newest.write_text(original + "\nWe may change this policy.\n", encoding="utf-8")
        seconds, _, log = timed_build(site)
    finally:
        newest.write_text(original, encoding="utf-8")
    said = re.findall(r"policywatch: (\d+ changes: .*)", log)
    return seconds, said[-1] if said else "(no analysis line in the log)"


def bench_analysis(site: Path) -> dict[str, float | str]:
    """Every consecutive pair analysed from scratch, by stage, and the whole corpus."""
    sys.path.insert(0, str(REPO))
    from generator.analysis.analyse import analyse_archive
    from generator.analysis.diff import diff_texts
    from generator.analysis.labels import change_labels, scan
    from generator.analysis.metrics import text_metrics
    from generator.analysis.normalise import comparison_key
    from generator.analysis.taxonomy import load_taxonomy
    from generator.analysis.upcoming import split_announcement
    from generator.content.doctypes import load_document_types
    from generator.content.load import LoadOptions, load_archive
    from generator.site.diff_html import diff_html

    types, _ = load_document_types(site / "site_config" / "document_types.yml")
    taxonomy, _ = load_taxonomy(site / "site_config" / "taxonomy.yml")
    archive = load_archive(site / "content", types, LoadOptions(provenance=False))

    def analysed(old: str, new: str) -> tuple[float, float, float]:
        """Seconds to read both texts (sentences, mentions, readability), to compare them
        (diff, labels), and to render the diff."""
        gc.collect()  # as timeit does: the pair's own cost, not a collection it happens to hit
        gc.disable()
        begin = time.perf_counter()
        scans = [scan(taxonomy, text) for text in (old, new)]
        for text, parsed in zip((old, new), scans, strict=True):
            comparison_key(text)
            text_metrics(parsed.prose)
        start = time.perf_counter()
        diff = diff_texts(old, new)
        change_labels(taxonomy, scans[0], scans[1], diff)
        split_announcement(diff, "", len(old.split()))
        middle = time.perf_counter()
        diff_html(diff)
        end = time.perf_counter()
        gc.enable()
        return start - begin, middle - start, end - middle

    first = next(archive.documents()).live_versions
    analysed(first[0].text, first[1].text)  # loads textstat's dictionary, once
    timings: list[tuple[float, float, float, str]] = []  # compare, read texts, render, which
    for document in archive.documents():
        for old, new in itertools.pairwise(document.live_versions):
            read, compare, render = analysed(old.text, new.text)
            timings.append((compare, read, render, f"{new.key} ({len(new.text):,} chars)"))
    whole = []
    for workers in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        analyse_archive(archive, taxonomy, cache=None, workers=workers, present=diff_html)
        whole.append(time.perf_counter() - start)
    worst, _, _, which = max(timings)
    return {
        "worst_pair_ms": worst * 1000,
        "worst_pair": which,
        "median_pair_ms": statistics.median(t for t, _, _, _ in timings) * 1000,
        "max_scratch_ms": max(c + r for c, r, _, _ in timings) * 1000,
        "max_render_ms": max(r for _, _, r, _ in timings) * 1000,
        "corpus_serial_s": whole[0],
        "corpus_parallel_s": whole[1],
    }


def bench_linear(rounds: int, one_x: float) -> tuple[float, float, float]:
    """Cold build of the corpus replicated 10x under other platform names: seconds, the
    ratio to 1x, and peak memory (MB)."""
    site = prepare_corpus(OUT / "corpus10", copies=10)
    runs = [timed_build(site, clean_cache=True) for _ in range(max(1, rounds // 3))]
    ten_x = median([seconds for seconds, _, _ in runs])
    return ten_x, ten_x / one_x, max(rss for _, rss, _ in runs) / 1024


def bench_serve(rounds: int = 3) -> list[float]:
    """Seconds from saving a demo snapshot to the browser showing its new text."""
    from playwright.sync_api import sync_playwright

    demo = OUT / "demo"
    shutil.rmtree(demo, ignore_errors=True)
    demo.mkdir(parents=True)
    for name in ("content", "site_config"):
        shutil.copytree(REPO / name, demo / name)
    shutil.copy(REPO / "mkdocs.yml", demo / "mkdocs.yml")
    port = 8765
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=demo,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        for line in server.stderr:
            if "Serving on" in line:
                break
        snapshot = max((demo / "content" / "chirp" / "privacy-policy").glob("*.md"))
        page = f"http://127.0.0.1:{port}/platforms/chirp/privacy-policy/{snapshot.stem}/"
        seconds = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            tab = browser.new_page()
            tab.goto(page)
            for round_ in range(rounds):
                marker = f"Benchmark sentence number {round_} {time.time_ns()}."
                text = snapshot.read_text(encoding="utf-8")
                start = time.perf_counter()
                snapshot.write_text(text + f"\n{marker}\n", encoding="utf-8")
                tab.wait_for_function(
                    "m => document.body.innerText.includes(m)", arg=marker, timeout=30_000
                )
                seconds.append(time.perf_counter() - start)
            browser.close()
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=10)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def site_weight(site: Path) -> dict[str, float]:
    built = site / "site"
    pages = [
        p for p in built.glob("platforms/*/*/*/index.html") if p.parent.name not in ("compare",)
    ]
    sizes = sorted(p.stat().st_size for p in pages)
    apart = [p.stat().st_size for p in built.glob("platforms/*/*/*/text/index.html")]
    index = built / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    indexed_text = sum(len(d["text"]) + len(d["title"]) for d in docs)
    return {
        "change_pages": len(sizes),
        "median_kb": statistics.median(sizes) / 1024,
        "p90_kb": sizes[int(len(sizes) * 0.9)] / 1024,
        "max_kb": sizes[-1] / 1024,
        "over_150kb": sum(s > 150 * 1024 for s in sizes),
        "text_pages": len(apart),
        "text_page_max_kb": max(apart, default=0) / 1024,
        "search_index_kb": index.stat().st_size / 1024,
        "indexed_text_kb": indexed_text / 1024,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-linear", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    site = prepare_corpus(OUT / "corpus")
    write_floor(site, OUT / "floor")
    builds = bench_builds(site, OUT / "floor", args.rounds)
    one_change = bench_one_change(site)
    weight = site_weight(site)
    analysis = bench_analysis(site)
    linear = None if args.skip_linear else bench_linear(args.rounds, builds["cold"])
    serve = None if args.skip_serve else bench_serve()
    floor, cold, warm = builds["floor"], builds["cold"], builds["warm"]
    sizes = f"{weight['median_kb']:.0f} / {weight['p90_kb']:.0f} / {weight['max_kb']:.0f}"
    heavy = (
        f"{weight['over_150kb']} of {weight['change_pages']} over 150 KB; "
        f"{weight['text_pages']} long texts on pages of their own "
        f"(largest {weight['text_page_max_kb']:.0f} KB)"
    )
    index_kb, text_kb = weight["search_index_kb"], weight["indexed_text_kb"]
    rows = [
        ("floor: plain mkdocs build of our pages", f"{floor:.1f} s", ""),
        ("1 cold build / floor  (<= 1.3)", f"{cold:.1f} s", f"{cold / floor:.2f}x"),
        ("2 warm build / floor  (<= 1.05)", f"{warm:.1f} s", f"{warm / floor:.2f}x"),
        ("2 one snapshot changed", f"{one_change[0]:.1f} s", one_change[1]),
        (
            "3 worst pair: diff + labels (<= 100 ms)",
            f"{analysis['worst_pair_ms']:.0f} ms",
            f"{analysis['worst_pair']}; median {analysis['median_pair_ms']:.1f} ms; "
            f"from scratch (both texts read too) at most {analysis['max_scratch_ms']:.0f} ms; "
            f"diff HTML at most {analysis['max_render_ms']:.0f} ms",
        ),
        (
            "3 whole corpus analysed (<= 10 s)",
            f"{analysis['corpus_parallel_s']:.1f} s",
            f"{os.cpu_count()} processes; {analysis['corpus_serial_s']:.1f} s in one",
        ),
        (
            "4 peak memory, cold build (<= 500 MB)",
            f"{builds['peak_mb']:.0f} MB",
            f"floor: {builds['floor_peak_mb']:.0f} MB",
        ),
        (
            "5 10x corpus cold build / 1x  (<= 11)",
            f"{linear[0]:.1f} s" if linear else "skipped",
            f"{linear[1]:.2f}x; peak memory {linear[2]:.0f} MB" if linear else "",
        ),
        (
            "6 serve: snapshot saved -> browser shows it (<= 1 s)",
            f"{median(serve):.2f} s" if serve else "skipped",
            ", ".join(f"{s:.2f}" for s in serve) if serve else "",
        ),
        ("7 change pages: median / p90 / max KB", sizes, heavy),
        (
            "7 search_index.json / indexed text  (<= 1.5)",
            f"{index_kb:.0f} KB / {text_kb:.0f} KB",
            f"{index_kb / text_kb:.2f}x",
        ),
    ]
    print_table(rows)
    return 0


def print_table(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>18}  {note}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
