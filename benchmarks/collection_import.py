"""The import part of the collection benchmark: a whole Open Terms Archive collection as a site.

Usage:  .venv/bin/python benchmarks/collection_import.py [--fresh] [--double]

Clones `../shared/corpus/contrib-versions/contrib-versions.bundle` bare into
benchmarks/out/collection/ (once), imports it with `policywatch import-ota` into a new site
folder (mkdocs.yml and site_config/ copied from the repository), runs `policywatch check` on
the result, and prints one table: time and peak memory of the import, versions, documents,
versions skipped by reason, terms types added, services merged or told apart, empty texts,
and check's errors and warnings. `--double` also writes the doubled collection (every
platform a second time under another name) that the build benchmark uses to show growth.

The build benchmark (benchmarks/collection.py) calls `prepare_collection()` and
`double_collection()`. Says so and exits 0 without the bundle (as on a user's machine).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO.parent / "shared" / "corpus" / "contrib-versions" / "contrib-versions.bundle"
OUT = REPO / "benchmarks" / "out" / "collection"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TWIN = "-twin"


@dataclass
class ImportFigures:
    """What one import of the collection did and cost."""

    command: str
    seconds: float
    peak_rss_mb: float
    totals: str  # the import's own totals line
    written: int = 0
    documents: int = 0
    platforms: int = 0
    empty: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unknown_types: int = 0
    types_added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    told_apart: list[str] = field(default_factory=list)
    check_seconds: float = 0.0
    check_summary: str = ""
    check_errors: int = 0
    check_warnings: int = 0


def clone_bundle(out: Path = OUT) -> Path | None:
    """The bundle cloned bare (as `git clone --mirror` would give it); None without a bundle."""
    if not BUNDLE.is_file():
        return None
    repo = out / "contrib-versions.git"
    if not (repo / "HEAD").is_file():
        shutil.rmtree(repo, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "--quiet", "--bare", str(BUNDLE), str(repo)], check=True)
    return repo


def new_site(site: Path) -> Path:
    """An empty site folder like the repository's: mkdocs.yml, site_config/; its content/."""
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copytree(REPO / "site_config", site / "site_config")
    shutil.copy(REPO / "mkdocs.yml", site / "mkdocs.yml")
    return site / "content"


def import_collection(repo: Path, site: Path) -> ImportFigures:
    """Import `repo` into a new site at `site`, then check it; the figures of both."""
    content = new_site(site)
    command = [
        str(BIN / "policywatch"),
        "import-ota",
        str(repo),
        "--into",
        str(content),
        "--config-dir",
        str(site / "site_config"),
    ]
    timed = ["/usr/bin/time", "-f", "TIME %e %M", *command]
    started = time.perf_counter()
    done = subprocess.run(timed, capture_output=True, text=True, env=ENV, check=False)
    elapsed = time.perf_counter() - started
    found = re.findall(r"TIME ([\d.]+) (\d+)", done.stderr)
    seconds, rss = (float(found[-1][0]), int(found[-1][1])) if found else (elapsed, 0)
    lines = done.stdout.splitlines()
    totals = next((line for line in reversed(lines) if line.startswith("total: ")), "")
    if not totals:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-3000:]}")
    figures = ImportFigures(" ".join(command), seconds, rss / 1024, totals)
    _parse_totals(figures, lines)
    _check(figures, site)
    return figures


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match[1]) if match else 0


def _parse_totals(figures: ImportFigures, lines: list[str]) -> None:
    totals = figures.totals
    figures.written = _number(r"total: (\d+) written", totals)
    figures.documents = _number(r"(\d+) documents", totals)
    figures.platforms = _number(r"(\d+) platforms created", totals)
    figures.empty = _number(r"(\d+) empty texts", totals)
    figures.unknown_types = _number(r"(\d+) of an unknown type", totals)
    reasons = re.search(r"\d+ skipped \(([^)]*)\)", totals)
    if reasons:
        for part in reasons[1].split(", "):
            count, _, why = part.partition(" ")
            figures.skipped[why] = int(count)
    for line in lines:
        added = re.search(r": added terms type '([^']+)'", line)
        if added:
            figures.types_added.append(added[1])
        merged = re.fullmatch(r"(\S+): merged (.+)", line)
        if merged:
            figures.merged.append(f"{merged[1]} ({merged[2]})")
        apart = re.fullmatch(r"(\S+): (.+) has the slug of .+; imported as \S+", line)
        if apart:
            figures.told_apart.append(f"{apart[1]} ({apart[2]})")


def _check(figures: ImportFigures, site: Path) -> None:
    command = [str(BIN / "policywatch"), "check", "content", "--config-dir", "site_config"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, env=ENV, check=False)
    figures.check_seconds = time.perf_counter() - started
    figures.check_summary = done.stdout.splitlines()[-1] if done.stdout else done.stderr[-500:]
    figures.check_errors = _number(r"(\d+) errors?", figures.check_summary)
    figures.check_warnings = _number(r"(\d+) warnings?", figures.check_summary)


def prepare_collection(site: Path = OUT / "site", *, fresh: bool = False) -> Path | None:
    """A site folder with the whole collection imported (once; again with `fresh`): for the
    build benchmark. None without the bundle."""
    if not fresh and (site / "content").is_dir() and any((site / "content").iterdir()):
        return site
    repo = clone_bundle()
    if repo is None:
        return None
    import_collection(repo, site)
    return site


def double_collection(site: Path, target: Path) -> Path:
    """A site at `target` whose content holds every platform of `site` twice: as itself and as
    `<slug>-twin` ("<Name> (twin)"). Snapshots are hard links: no text is copied."""
    content = new_site(target)
    shutil.copy(site / "site_config" / "document_types.yml", target / "site_config")
    for platform in sorted(p for p in (site / "content").iterdir() if p.is_dir()):
        for slug in (platform.name, platform.name + TWIN):
            shutil.copytree(platform, content / slug, copy_function=os.link)
        meta = yaml.safe_load((platform / "platform.yml").read_text(encoding="utf-8"))
        meta["name"] = f"{meta['name']} (twin)"
        twin_file = content / (platform.name + TWIN) / "platform.yml"
        twin_file.unlink()
        twin_file.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return target


def print_figures(figures: ImportFigures) -> None:
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(figures.skipped.items())) or "0"
    rows = [
        ("import wall time (target <= 120 s)", f"{figures.seconds:.1f} s"),
        ("import peak RSS", f"{figures.peak_rss_mb:.0f} MB"),
        ("versions written", str(figures.written)),
        ("documents / platforms", f"{figures.documents} / {figures.platforms}"),
        ("versions skipped, by reason", skipped),
        ("documents left out for their type", str(figures.unknown_types)),
        ("terms types added", ", ".join(figures.types_added) or "none"),
        ("services merged", ", ".join(figures.merged) or "none"),
        ("services told apart", ", ".join(figures.told_apart) or "none"),
        ("empty texts (kept as withdrawn)", str(figures.empty)),
        ("check", f"{figures.check_summary} ({figures.check_seconds:.1f} s)"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"command: {figures.command}")
    print(f"| {'what'.ljust(width)} | measured |")
    print(f"|{'-' * (width + 2)}|----------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--double", action="store_true", help="also write the doubled collection")
    args = parser.parse_args(argv)
    repo = clone_bundle()
    if repo is None:
        print(f"collection benchmark: no bundle at {BUNDLE}; nothing measured")
        return 0
    figures = import_collection(repo, OUT / "site")
    print_figures(figures)
    if args.double:
        started = time.perf_counter()
        doubled = double_collection(OUT / "site", OUT / "site-doubled")
        print(f"doubled collection: {doubled} ({time.perf_counter() - started:.1f} s)")
    return 1 if figures.check_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
