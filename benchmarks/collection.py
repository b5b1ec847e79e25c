"""A whole Open Terms Archive collection as one site: import, cold and warm builds, one new
snapshot, memory, search index and page sizes; and the collection doubled, to show growth.

Usage:  .venv/bin/python benchmarks/collection.py [--skip-doubled] [--skip-serve] [--fresh]

Imports `../shared/corpus/contrib-versions/contrib-versions.bundle` once into
benchmarks/out/collection/ (with benchmarks/collection_import.py when it is there; otherwise
with `policywatch import-ota` from a clone, the snapshots without text removed, as the build
refuses them), commits it, then measures:

- cold: `mkdocs build` with no analysis cache and no previous site;
- warm: the same build again;
- one new snapshot: a version added with `policywatch add` and committed, then built;
- peak memory: the resident set of the build's process (sampled from /proc every 0.2 s), and
  the proportional set of its whole process tree (every second; pages a forked copy shares
  with the build counted once);
- the site: pages, the largest pages, `search/search_index.json`;
- `mkdocs serve`: the time from a new snapshot saved to the reload, and a version page's
  first request;
- doubled: every platform a second time under another name, cold-built.

Prints one table. Says so and exits 0 without the bundle (as on a user's machine).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from run import print_table  # benchmarks/ is on the path of a script run from it

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO.parent / "shared" / "corpus" / "contrib-versions" / "contrib-versions.bundle"
OUT = REPO / "benchmarks" / "out" / "collection"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
IDENT = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return result


# -- memory -------------------------------------------------------------------------------


def _kb(pid: int, source: str, field: str) -> int:
    """A size in kB from /proc/<pid>/<source>; 0 for a process that is gone."""
    try:
        text = Path(f"/proc/{pid}/{source}").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+)", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _rss_kb(pid: int) -> int:
    return _kb(pid, "status", "VmRSS")


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared with other processes (a forked copy's) counted
    once across them, not in full in each, as resident sizes are."""
    return _kb(pid, "smaps_rollup", "Pss")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


class Sampler:
    """Peak resident memory of a process (every 0.2 s), and of its whole tree (every second;
    shared pages counted once), sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_process = 0
        self.peak_tree = 0
        self.peak_tree_at = 0.0  # seconds after the start: in which step of the build
        self._start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        ticks = 0
        while not self._stop.wait(0.2):
            self.peak_process = max(self.peak_process, _rss_kb(self.pid))
            ticks += 1
            if ticks % 5:
                continue
            tree, todo = [self.pid], [self.pid]
            while todo:
                kids = _children(todo.pop())
                tree += kids
                todo += kids
            size = sum(_pss_kb(p) for p in tree)
            if size > self.peak_tree:
                self.peak_tree, self.peak_tree_at = size, time.perf_counter() - self._start

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Build:
    seconds: float
    process_mb: float
    tree_mb: float
    log: str
    rendered: str = ""
    analysed: str = ""


def build(site: Path, *, cold: bool = False) -> Build:
    """One `mkdocs build` of `site`: seconds, peak memory and what it said it did."""
    if cold:
        shutil.rmtree(site / ".cache", ignore_errors=True)
        shutil.rmtree(site / "site", ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "build", "-d", "site"],
        cwd=site,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sampler = Sampler(process.pid)
    log, _ = process.communicate()
    seconds = time.perf_counter() - start
    sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"build failed in {site}:\n{log[-3000:]}")
    rendered = re.findall(r"policywatch: (\d+ pages rendered, \d+ unchanged .*)", log)
    analysed = re.findall(r"policywatch: (\d+ changes: .*)", log)
    print(
        f"  built {site.name}: {seconds:.1f} s, peak {sampler.peak_process / 1024:.0f} MB "
        f"(tree {sampler.peak_tree / 1024:.0f} MB at {sampler.peak_tree_at:.0f} s); "
        f"{analysed[-1:]} {rendered[-1:]}",
        file=sys.stderr,
        flush=True,
    )
    return Build(
        seconds,
        sampler.peak_process / 1024,
        sampler.peak_tree / 1024,
        log,
        rendered[-1] if rendered else "",
        analysed[-1] if analysed else "",
    )


# -- the collection -----------------------------------------------------------------------


def _commit(site: Path, message: str) -> None:
    if not (site / ".git").is_dir():
        run(["git", "init", "-q"], site)
    run(["git", "add", "-A", "content"], site)
    run(["git", *IDENT, "commit", "-q", "-m", message], site)


def _config(site: Path) -> None:
    """The repository's mkdocs.yml and site_config/, except the site's own document types:
    the import adds the collection's types missing from the repository's list to them."""
    types = site / "site_config" / "document_types.yml"
    kept = types.read_bytes() if types.is_file() else None
    shutil.rmtree(site / "site_config", ignore_errors=True)
    shutil.copytree(REPO / "site_config", site / "site_config")
    if kept is not None:
        types.write_bytes(kept)
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")


@dataclass
class Imported:
    site: Path
    seconds: float | None  # None: imported by an earlier run
    how: str


def prepare(fresh: bool) -> Imported | None:
    """The collection imported into a committed site folder (once; `fresh` imports again)."""
    site = OUT / "site"
    if fresh:
        shutil.rmtree(OUT, ignore_errors=True)
    if (site / "content").is_dir() and (site / ".git").is_dir():
        _config(site)
        return Imported(site, None, "imported by an earlier run")
    sys.path.insert(0, str(REPO / "benchmarks"))
    start = time.perf_counter()
    try:
        from collection_import import prepare_collection  # the importer's own benchmark

        found = prepare_collection(site, fresh=True)
        if found is None:
            return None
        how = "benchmarks/collection_import.py (bare repository)"
    except ImportError:
        found = _import_from_clone(site)
        if found is None:
            return None
        how = "today's import-ota from a clone; snapshots without text removed"
    seconds = time.perf_counter() - start
    _config(found)
    if not (found / ".git").is_dir() or run(["git", "status", "--porcelain"], found).stdout:
        _commit(found, "collection")
    return Imported(found, seconds, how)


def _import_from_clone(site: Path) -> Path | None:
    if not BUNDLE.is_file():
        return None
    clone = OUT / "clone"
    shutil.rmtree(clone, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    run(["git", "clone", "-q", str(BUNDLE), str(clone)], OUT.parent)
    site.mkdir(parents=True)
    content = site / "content"
    import_ota = [str(BIN / "policywatch"), "import-ota", str(clone), "--into", str(content)]
    subprocess.run(import_ota, cwd=REPO, env=ENV, capture_output=True, check=False)
    _config(site)
    checked = subprocess.run(
        [str(BIN / "policywatch"), "check", "content"],
        cwd=site,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in checked.stdout.splitlines() + checked.stderr.splitlines():
        if "no policy text after the front matter" in line:
            (site / line.split(":", 1)[0]).unlink(missing_ok=True)
    shutil.rmtree(clone, ignore_errors=True)
    return site


def double(site: Path) -> Path:
    """The collection with every platform a second time under another name, committed."""
    target = OUT / "doubled"
    if (target / "content").is_dir():
        _config(target)
        return target
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from collection_import import double_collection

        doubled = double_collection(site, target)
    except ImportError:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        shutil.copytree(site / "content", target / "content")
        for platform in sorted((site / "content").iterdir()):
            if not platform.is_dir():
                continue
            twin = target / "content" / f"{platform.name}-twin"
            shutil.copytree(platform, twin)
            meta = yaml.safe_load((twin / "platform.yml").read_text(encoding="utf-8"))
            meta["name"] = f"{meta['name']} (twin)"
            meta.pop("aliases", None)
            (twin / "platform.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
        doubled = target
    _config(doubled)
    if not (doubled / ".git").is_dir():
        _commit(doubled, "doubled collection")
    return doubled


def add_snapshot(site: Path) -> tuple[str, str]:
    """A new version of the platform with the most versions, added with `policywatch add` and
    committed; returns (document, stamp)."""
    content = site / "content"
    counts = {
        doc: sum(1 for _ in doc.glob("*.md"))
        for platform in content.iterdir()
        if platform.is_dir()
        for doc in platform.iterdir()
        if doc.is_dir()
    }
    document = max(counts, key=lambda d: (counts[d], d.name))
    newest = max(document.glob("*.md"))
    text = newest.read_text(encoding="utf-8").split("---", 2)[2]
    stamp = time.strftime("%Y-%m-%dT%H-%M-%SZ", time.gmtime())
    # A sentence never seen before, so that the new pair is analysed, not found in the cache.
    new = OUT / "new-snapshot.md"
    new.write_text(text + f"\nSince {stamp} we may share your biometric data with partners.\n")
    run(
        [
            str(BIN / "policywatch"),
            "add",
            document.parent.name,
            document.name,
            str(new),
            "--source",
            "https://example.invalid/benchmark",
            "--stamp",
            stamp,
        ],
        site,
    )
    _commit(site, "benchmark: one new snapshot")
    return f"{document.parent.name}/{document.name}", stamp


def remove_snapshot(site: Path) -> None:
    """Take the benchmark's snapshot out again (the collection stays as imported)."""
    run(["git", "reset", "-q", "--hard", "HEAD~1"], site)


# -- the site -----------------------------------------------------------------------------


@dataclass
class Weight:
    pages: int = 0
    texts: int = 0
    megabytes: float = 0.0
    largest: list[tuple[int, str]] = field(default_factory=list)
    index_mb: float = 0.0
    index_docs: int = 0


def weigh(site: Path) -> Weight:
    built = site / "site"
    weight = Weight()
    sizes: list[tuple[int, str]] = []
    for path in built.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        weight.megabytes += size / 1e6
        if path.suffix == ".html":
            sizes.append((size, str(path.relative_to(built))))
        elif path.suffix == ".txt":
            weight.texts += 1
    weight.pages = len(sizes)
    weight.largest = sorted(sizes, reverse=True)[:5]
    index = built / "search" / "search_index.json"
    if index.is_file():
        weight.index_mb = index.stat().st_size / 1e6
        weight.index_docs = index.read_text(encoding="utf-8").count('"location":')
    return weight


# -- mkdocs serve -------------------------------------------------------------------------


def bench_serve(site: Path, port: int = 8791) -> tuple[float, float, float]:
    """Seconds to the first site served, from a new snapshot saved to the browsers reloaded,
    and for the first request of a version page."""
    start = time.perf_counter()
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    seen = threading.Condition()

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            with seen:
                lines.append(line)
                seen.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(text: str, after: int) -> int:
        with seen:
            seen.wait_for(lambda: any(text in line for line in lines[after:]), timeout=1800)
            return len(lines)

    try:
        wait_for("Serving on", 0)
        first = time.perf_counter() - start
        document, _ = add_snapshot_file(site)
        mark = len(lines)
        start = time.perf_counter()
        document.write_text(document.read_text(encoding="utf-8") + "\nOne more sentence.\n")
        wait_for("Reloading browsers", mark)
        reload = time.perf_counter() - start
        stamp = document.stem
        url = f"http://127.0.0.1:{port}/platforms/{document.parent.parent.name}/"
        url += f"{document.parent.name}/{stamp}/"
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=300) as response:
            response.read()
        request = time.perf_counter() - start
        document.unlink()
        return first, reload, request
    finally:
        server.terminate()
        server.wait(timeout=60)


def add_snapshot_file(site: Path) -> tuple[Path, str]:
    """The newest snapshot of the largest document, copied under a new stamp (not committed)."""
    content = site / "content"
    documents = [d for p in content.iterdir() if p.is_dir() for d in p.iterdir() if d.is_dir()]
    document = max(documents, key=lambda d: (sum(1 for _ in d.glob("*.md")), d.name))
    newest = max(document.glob("*.md"))
    stamp = time.strftime("%Y-%m-%dT%H-%M-%SZ", time.gmtime(time.time() + 86400))
    target = document / f"{stamp}.md"
    shutil.copy(newest, target)
    return target, stamp


# -- the table ----------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-doubled", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="import the collection again")
    args = parser.parse_args(argv)
    imported = prepare(args.fresh)
    if imported is None:
        print(f"skipped: no collection bundle at {BUNDLE}")
        return 0
    site = imported.site
    versions = sum(1 for _ in (site / "content").glob("*/*/*.md"))
    cold = build(site, cold=True)
    weight = weigh(site)
    warm = build(site)
    document, stamp = add_snapshot(site)
    try:
        one = build(site)
    finally:
        remove_snapshot(site)
    serve = None if args.skip_serve else bench_serve(site)
    doubled = None
    if not args.skip_doubled:
        twice = double(site)
        doubled = build(twice, cold=True)
        shutil.rmtree(twice / "site", ignore_errors=True)
    largest = ", ".join(f"{path} {size / 1e6:.2f} MB" for size, path in weight.largest[:3])
    imported_how = f"{imported.seconds:.0f} s" if imported.seconds is not None else "earlier run"
    rows = [
        ("collection", f"{versions:,} versions", imported.how),
        ("import", imported_how, ""),
        (
            "cold build (<= 600 s)",
            f"{cold.seconds:.0f} s",
            f"{cold.analysed}; {cold.rendered}",
        ),
        (
            "peak memory, cold (<= 1.5 GB)",
            f"{cold.process_mb:,.0f} MB",
            f"the build's own process; whole process tree {cold.tree_mb:,.0f} MB (proportional)",
        ),
        ("warm build", f"{warm.seconds:.0f} s", f"{warm.rendered}; peak {warm.process_mb:,.0f} MB"),
        (
            "one new snapshot -> rebuilt (<= 30 s)",
            f"{one.seconds:.1f} s",
            f"{document} {stamp}: {one.analysed}; {one.rendered}",
        ),
        (
            "search_index.json (<= 15 MB)",
            f"{weight.index_mb:.1f} MB",
            f"{weight.index_docs:,} entries",
        ),
        ("largest pages (<= 1 MB)", f"{weight.largest[0][0] / 1e6:.2f} MB", largest),
        (
            "site",
            f"{weight.pages:,} pages",
            f"{weight.texts:,} plain texts; {weight.megabytes / 1000:.1f} GB",
        ),
    ]
    if serve is not None:
        rows.append(
            (
                "serve: snapshot saved -> reloaded",
                f"{serve[1]:.1f} s",
                f"first site served after {serve[0]:.0f} s; a version page's first "
                f"request {serve[2]:.2f} s",
            )
        )
    if doubled is not None:
        rows.append(
            (
                "doubled: cold build / 1x",
                f"{doubled.seconds:.0f} s",
                f"{doubled.seconds / cold.seconds:.2f}x",
            )
        )
        rows.append(
            (
                "doubled: peak memory / 1x (<= 1.2)",
                f"{doubled.process_mb:,.0f} MB",
                f"{doubled.process_mb / cold.process_mb:.2f}x; whole tree "
                f"{doubled.tree_mb:,.0f} MB ({doubled.tree_mb / cold.tree_mb:.2f}x)",
            )
        )
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
