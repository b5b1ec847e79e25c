"""XSS: a real `mkdocs build` of hostile content is inert in every page, index, feed and export.

The corpus is tests/fixtures/hostile/payloads.py: every snapshot-body payload is shown as full
text and in diffs (inserted, changed, deleted, withdrawn); every one-line payload is a platform
name, description, alias, summary, origin, withdrawal reason and git author; every URL payload a
`source`, `archive` and platform `url`. The site enables more Markdown extensions than the demo
(snippets, CriticMarkup, magiclink, footnotes, abbreviations, …) and Material's breadcrumbs,
tabs and footer, so that escaping is tested against everything a site owner might turn on.
Secret files are planted where those extensions look; the build must never open them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import git
import html5lib
import pytest
import yaml
from browser_support import Watched, chromium, served
from conftest import MKDOCS_ENV, long_text, mkdocs, write_platform, write_site, write_snapshot
from fixtures.hostile import inert, payloads

from generator.analysis.diff import diff_texts
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.problems import Problem
from generator.site import markup
from generator.site.diff_html import diff_html
from generator.site.fulltext import snapshot_html

EXTENSIONS = [
    {"pymdownx.snippets": {"base_path": [".", "tmp"], "check_paths": False}},
    "pymdownx.critic",
    "pymdownx.magiclink",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.keys",
    "pymdownx.smartsymbols",
    "pymdownx.tasklist",
    "pymdownx.inlinehilite",
    "pymdownx.highlight",
    {"pymdownx.arithmatex": {"generic": True}},
    "abbr",
    "def_list",
    "footnotes",
]
FEATURES = ["navigation.path", "navigation.tabs", "navigation.sections", "navigation.footer"]
SECRET_FILES = {
    "tmp/.env": "PWSECRET-TMP-ENV-4f1d",
    ".env": "PWSECRET-DOT-ENV-9a2c",
    "secret.txt": "PWSECRET-TXT-77e0",
    "../outside.txt": "PWSECRET-OUTSIDE-3b5e",
    "../absolute.txt": "PWSECRET-ABSOLUTE-c81a",
}
EVIDENCE = "changed: we sell your biometric data and precise location to advertising partners."
AUTHORS = [
    '"onmouseover="alert(1) {{ 7*7 }} {% include "tmp/.env" %}',
    "[x](javascript:alert(1)) {: onclick=alert(1) } &amp; &#60;",
]

# Runs `mkdocs build` recording every file the Python process opens (PEP 578 audit hook).
_AUDITED_BUILD = """
import atexit, os, sys
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        opened.append(os.fsdecode(args[0]))
sys.addaudithook(hook)
def save():
    with open(os.environ["PW_OPENED"], "w", encoding="utf-8") as out:
        out.write("\\n".join(opened[:]))
atexit.register(save)
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
cli()
"""


Built = tuple[Path, subprocess.CompletedProcess[str], list[str]]  # site root, result, files opened


def run_build(site: Path, opened_log: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(MKDOCS_ENV)
    if opened_log is not None:
        env["PW_OPENED"] = str(opened_log)
        command = [sys.executable, "-c", _AUDITED_BUILD]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=site, capture_output=True, text=True, env=env, check=False)


def configure(site: Path) -> None:
    """The fixture site's mkdocs.yml with more extensions and Material features turned on."""
    path = site / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["markdown_extensions"] += EXTENSIONS
    config["theme"]["features"] += FEATURES
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def plant_secrets(site: Path) -> None:
    for name, token in SECRET_FILES.items():
        path = (site / name).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{token}\n", encoding="utf-8")


def body_payloads(site: Path) -> list[str]:
    """The body payloads for files: NUL bytes make a file binary (refused; see test_malformed)."""
    absolute = str((site / "../absolute.txt").resolve())
    return [p.replace("{SECRET}", absolute) for p in payloads.BODY if "\x00" not in p]


def name_groups(limit: int = 200) -> list[list[str]]:
    """The one-line payloads in groups of up to three whose joined length fits a platform name."""
    groups: list[list[str]] = [[]]
    for line in payloads.LINE:
        if len(groups[-1]) == 3 or len(" ".join([*groups[-1], line])) > limit:
            groups.append([])
        groups[-1].append(line)
    return groups


def write_hostile_content(site: Path, content: Path) -> None:
    """One platform per group of one-line payloads; the body payloads dealt out among them."""
    body, urls, groups = body_payloads(site), payloads.URL, name_groups()
    count = len(groups)
    for k, group in enumerate(groups):
        slug = f"p{k:02d}"
        joined = " ".join(group)
        mine = "\n\n".join(body[k::count])
        theirs = "\n\n".join(body[(k + 1) % count :: count])
        # Words that label the change (sale of data, biometric, location…): the payloads
        # become evidence quotes on change pages, category pages and in feeds.
        changed = "\n\n".join(f"{p} {EVIDENCE}" for p in body[k::count])
        write_platform(
            content,
            slug,
            name=joined,
            description=" ".join(payloads.LINE),
            aliases=list(payloads.LINE),
            url=urls[k % len(urls)],
        )
        summaries = (group * 3)[:3]
        versions: list[tuple[str, str, dict[str, object]]] = [
            ("2023-01-01", f"Intro.\n\n{mine}\n", {"summary": summaries[2]}),
            (
                "2023-02-01",
                f"Intro, edited.\n\n{changed}\n\n{theirs}\n",
                {"summary": summaries[0], "origin": joined, "archive": urls[(k + 3) % len(urls)]},
            ),
            ("2023-03-01", "Intro, edited.\n", {"summary": summaries[1]}),
            ("2023-04-01", f"{mine}\n", {"withdrawn": joined}),
        ]
        for n, (stamp, text, front) in enumerate(versions):
            source = urls[(k + n) % len(urls)]
            write_snapshot(content, slug, "privacy-policy", stamp, text, source=source, **front)


def commit(site: Path) -> None:
    """The content in git, by hostile authors (git itself refuses `<`, `>` in names)."""
    repo = git.Repo.init(site)
    platforms = sorted((site / "content").iterdir())
    half = len(platforms) // 2
    for author, group in zip(AUTHORS, (platforms[:half], platforms[half:]), strict=True):
        repo.index.add([str(p.relative_to(site)) for p in group])
        actor = git.Actor(author, "x@example.com")
        repo.index.commit("Add snapshots", author=actor, committer=actor)
    repo.close()


@pytest.fixture(scope="module")
def control(tmp_path_factory: pytest.TempPathFactory) -> inert.Allowlist:
    """Material's own scripts and styles, from a benign site with the same configuration."""
    site = tmp_path_factory.mktemp("control")
    content = write_site(site)
    configure(site)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(content, "acme", "privacy-policy", "2023-02-01", long_text("b"))
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    allow = inert.Allowlist.from_site(site / "site")
    assert allow.script_srcs and allow.inline_scripts and allow.config
    return allow


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory,
) -> Built:
    """The hostile site, built: (site root, the build's result, every file the build opened)."""
    site = tmp_path_factory.mktemp("hostile") / "site-root"
    site.mkdir()
    content = write_site(site)
    configure(site)
    plant_secrets(site)
    write_hostile_content(site, content)
    commit(site)
    log = site.parent / "opened.txt"
    result = run_build(site, log)
    opened = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return site, result, opened


def test_hostile_site_builds(
    hostile: Built,
) -> None:
    site, result, _ = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    pages = list((site / "site" / "platforms").rglob("index.html"))
    # Per platform: its page, the document's history and compare pages, four version pages.
    assert len(pages) >= len(name_groups()) * 6


def test_every_output_file_is_inert(hostile: Built, control: inert.Allowlist) -> None:
    site, result, _ = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    found, counts = inert.check_site(site / "site", control)
    assert not found, "\n".join(found[:40]) + f"\n… {len(found)} findings"
    assert counts["html"] > 50 and counts["search"] == 1 and counts["json"] >= 2
    assert counts["xml"] >= 2  # the sitemap, plain and gzipped (and feeds, once written)


def test_nothing_outside_content_is_read_or_published(
    hostile: Built,
) -> None:
    site, result, opened = hostile
    assert opened, "the audit hook recorded nothing"
    secrets = {(site / name).resolve(): token for name, token in SECRET_FILES.items()}
    assert not [path for path in opened if Path(path).resolve() in secrets]
    # Under the site root, only the configuration, the content, git, the build's own cache and
    # the output are opened.
    allowed = ("content", "site_config", "mkdocs.yml", "site", ".site.", ".git", ".cache")
    for path in opened:
        resolved = Path(path).resolve()
        if resolved.is_relative_to(site.resolve()):
            first = resolved.relative_to(site.resolve()).parts[0]
            assert first.startswith(allowed), path
    for where, data in inert.all_bytes(site / "site"):
        for token in secrets.values():
            assert token.encode() not in data, where
    for token in secrets.values():
        assert token not in result.stdout + result.stderr


def _title_and_h1(page: Path) -> tuple[str, str]:
    tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    title = tree.find(".//title")
    h1 = tree.find(".//article//h1")
    assert title is not None and h1 is not None
    return "".join(title.itertext()), " ".join("".join(h1.itertext()).split())


def test_names_are_shown_literally_in_title_and_heading(
    hostile: Built,
) -> None:
    site, _, _ = hostile
    for k, group in enumerate(name_groups()):
        name = " ".join(group)
        title, h1 = _title_and_h1(site / "site" / "platforms" / f"p{k:02d}" / "index.html")
        shown = " ".join(name.split())
        assert title == f"{shown} - PolicyWatch", name
        assert h1.rstrip("¶").strip() == shown, name


def test_exports_keep_raw_strings_as_data(
    hostile: Built,
) -> None:
    site, _, _ = hostile
    documents = json.loads((site / "site/api/documents.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in documents["platforms"]] == [" ".join(g) for g in name_groups()]
    changes = json.loads((site / "site/api/changes.json").read_text(encoding="utf-8"))
    summaries = {c["summary"] for c in changes["changes"]} - {None}
    assert summaries == set(payloads.LINE)
    authors = {
        v["provenance"]["author"]
        for p in documents["platforms"]
        for d in p["documents"]
        for v in d["versions"]
    }
    assert authors == set(AUTHORS)


def test_plain_texts_are_the_snapshots_byte_for_byte(
    hostile: Built,
) -> None:
    site, _, _ = hostile
    for path in sorted((site / "content").glob("*/privacy-policy/*.md")):
        published = (
            site / "site" / "platforms" / path.parts[-3] / path.parts[-2] / f"{path.stem}.txt"
        )
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2].lstrip("\n")
        assert published.read_text(encoding="utf-8") == body.rstrip() + "\n"


# --- A cache written by someone else -----------------------------------------------------------

POISON_HTML = '<p>PWPOISON</p><script>alert("cache")</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a><svg onload=alert(1)></svg><iframe src=https://evil.example/></iframe>'  # noqa: E501
POISON_TEXT = "PWPOISON <script>alert(1)</script> [x](javascript:alert(1)) {: onclick=alert(1) }"


def poisoned(value: object) -> object:
    """A cache entry with its structure kept (so that it still loads) and its text hostile."""
    if isinstance(value, str):
        return POISON_HTML if "<" in value else POISON_TEXT if " " in value else value
    if isinstance(value, list):
        return [poisoned(v) for v in value]
    if isinstance(value, dict):
        return {k: poisoned(v) for k, v in value.items()}
    return value


def test_a_poisoned_cache_cannot_inject_script(control: inert.Allowlist, tmp_path: Path) -> None:
    """A committed `.cache` folder or a restored CI cache is not trusted: what the build takes
    from it is inert, whatever the entries hold."""
    content = write_site(tmp_path)
    configure(tmp_path)
    write_snapshot(content, "acme", "privacy-policy", "2023-01-01", long_text("a"))
    write_snapshot(
        content, "acme", "privacy-policy", "2023-02-01", long_text("b") + "We sell data.\n"
    )
    assert run_build(tmp_path).returncode == 0
    entries = sorted((tmp_path / ".cache").rglob("*.json"))
    assert len(entries) >= 3, "the build keeps no cache"
    for entry in entries:
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(poisoned(data)), encoding="utf-8")
    result = run_build(tmp_path)
    assert result.returncode == 0, result.stderr
    found, _ = inert.check_site(tmp_path / "site", control)
    assert not found, "\n".join(found[:20])

    # Committed to the repository (a pull request can add any file), the cache is not used at
    # all: nothing from it reaches the pages, and a warning (fatal with --strict) says why.
    repo = git.Repo.init(tmp_path)
    repo.git.add("--force", "content", "mkdocs.yml", "site_config", ".cache")
    actor = git.Actor("Mallory", "m@example.com")
    repo.index.commit("Snapshots, and a cache", author=actor, committer=actor)
    lenient = mkdocs(tmp_path, strict=False)
    assert "WARNING" in lenient.stderr and "is committed to git" in lenient.stderr  # strict: fails
    assert lenient.returncode == 0, lenient.stderr
    for where, data in inert.all_bytes(tmp_path / "site"):
        assert b"PWPOISON" not in data, where


# --- The checker itself finds what it looks for -------------------------------------------------

ACTIVE = [
    "<script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    "<img src=x onerror=alert(1)>",
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "<a href=' &#1;javascript:alert(1)'>x</a>",
    "<a href='JAVASCRIPT:alert(1)'>x</a>",
    "<img srcset='https://a.example/a.png 1x, data:image/svg+xml,x 2x'>",
    "<form><button formaction=vbscript:x>go</button></form>",
    "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    "<svg><animate attributeName=href values='javascript:alert(1)'/></svg>",
    "<div style='background:url(\"javascript:alert(1)\")'>x</div>",
    "<meta http-equiv=refresh content='0;url=https://a.example/'>",
    "<iframe src=https://a.example/></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("html", ACTIVE)
def test_the_checker_finds_active_content(html: str) -> None:
    assert inert.check_fragment(html, "x")


def test_the_checker_allows_only_the_control_builds_scripts(
    control: inert.Allowlist, tmp_path: Path
) -> None:
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    src = sorted(control.script_srcs)[0]
    assert control.config is not None
    config = json.dumps(
        {**control.config, "base": "..", "search": f"../{control.config['search']}"}
    )
    good = (
        f'<html><head><script id="__config" type="application/json">{config}</script></head>'
        f'<body><script src="../{src}"></script>'
        f"<script>{sorted(control.inline_scripts)[0]}</script></body></html>"
    )
    page.write_text(good, encoding="utf-8")
    assert inert.check_html_page(page, tmp_path, control) == []
    for extra in ['<script src="../evil.js"></script>', "<script>alert(1)</script>",
                  '<script id="__config" type="application/json">{}</script>']:  # fmt: skip
        page.write_text(good.replace("</body>", extra + "</body>"), encoding="utf-8")
        assert inert.check_html_page(page, tmp_path, control), extra


# --- The compare page: hostile texts rendered in the reader's browser -------------------------

# Every pair of the four versions in turn: changed blocks, wholly inserted, wholly deleted.
COMPARED = ["2023-01-01..2023-02-01", "2023-02-01..2023-03-01", "2023-03-01..2023-04-01",
            "2023-04-01..2023-01-01"]  # fmt: skip
# What the compare page may build: the tags its sanitiser keeps, and its own wrappers.
COMPARE_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "em", "strong", "a", "table", "thead", "tbody", "tr", "th", "td", "span", "ins", "del", "div",
}  # fmt: skip
_TRAPS = """for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = function () { (window.pwCalled = window.pwCalled || []).push(name); };
}"""


@pytest.mark.browser
def test_compare_pages_render_hostile_texts_inert_in_chromium(hostile: Built) -> None:
    """The compare page renders the published plain texts (every body payload) with marked
    and DOMPurify in Chromium: nothing runs, nothing loads from outside, nothing but the
    listed tags and http(s)/mailto links is built, and the payloads are shown as text."""
    site, result, _ = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted((site / "site" / "platforms").glob("*/privacy-policy/compare/index.html"))
    assert len(pages) == len(name_groups())
    shown = []
    with served(site / "site") as url, chromium() as browser:
        context = browser.new_context()
        context.add_init_script(_TRAPS)
        page = context.new_page()
        watched = Watched(page)
        for compare in pages:
            platform = compare.parents[2].name
            for pair in COMPARED:
                page.goto(f"{url}platforms/{platform}/privacy-policy/compare/#{pair}")
                output = page.locator(f'.pw-compare__output[data-shown="{pair}"]')
                output.wait_for(state="attached", timeout=20_000)
                html = output.inner_html()
                assert not inert.check_fragment(html, f"{platform} {pair}"), html[:2000]
                tags = set(output.evaluate(
                    "n => Array.from(n.querySelectorAll('*'), e => e.localName)"
                ))  # fmt: skip
                assert tags <= COMPARE_TAGS, tags - COMPARE_TAGS
                hrefs = output.evaluate(
                    "n => Array.from(n.querySelectorAll('[href]'), e => e.getAttribute('href'))"
                )
                assert all(re.match(r"(?:https?:|mailto:)", h, re.IGNORECASE) for h in hrefs)
                shown.append(output.inner_text())
        page.wait_for_timeout(500)  # time for anything that would fire late (onerror, timers)
        assert page.evaluate("window.pwCalled || []") == []
        context.close()
    watched.assert_clean()
    text = "\n".join(shown)
    assert "<script>alert(1)</script>" in text  # shown as text, not run, not dropped
    assert "javascript:alert(1)" in text


# --- Each payload on its own, through the renderers (fast, and isolates a failure) -------------


def _hostile_text(payload: str) -> str:
    return payload.replace("{SECRET}", "/nonexistent/secret")


@pytest.mark.parametrize("payload", payloads.BODY)
def test_body_payload_alone_is_inert_as_text_and_in_every_diff(payload: str) -> None:
    text = _hostile_text(payload)
    outputs = {
        "text": snapshot_html(text),
        "inserted": diff_html(diff_texts("Intro.\n", f"Intro.\n\n{text}\n")),
        "deleted": diff_html(diff_texts(f"Intro.\n\n{text}\n", "Intro.\n")),
        "changed": diff_html(diff_texts(f"A {text}\n", f"B {text} changed\n")),
        "list": snapshot_html(f"* {text}\n\n> {text}\n"),
    }
    for where, html in outputs.items():
        assert not inert.check_fragment(html, where), html


@pytest.mark.parametrize("payload", payloads.LINE + payloads.URL)
def test_line_payload_is_inert_in_generated_markdown(payload: str) -> None:
    import markdown

    extensions = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.critic",
                  "pymdownx.magiclink", "pymdownx.mark", "pymdownx.caret", "pymdownx.tilde",
                  "footnotes", "abbr", "def_list"]  # fmt: skip
    source = "\n\n".join(
        [
            markup.text(payload),
            markup.link(payload, payload),
            markup.table(["a"], [[markup.text(payload)]]),
            markup.internal_link(payload, "../x/"),
        ]
    )
    html = markdown.markdown(source, extensions=extensions)
    assert not inert.check_fragment(html, "markup"), html
    assert not re.search(r"<(script|svg|math|img|iframe)\b", html, re.IGNORECASE), html


# --- Shapes that make Markdown slow ---------------------------------------------------------

GIANT = {
    "links": "[a](https://a.example/) " * 50_000,  # 1.2 MB: 65 s to render and diff, before
    "entities": "&amp;" * 50_000,  # 250 KB: 9 s
    "references": "".join(f"[r{n}]: https://a.example/{n}\n" for n in range(20_000)),
    "escapes": "\\*" * 100_000,
}


@pytest.mark.parametrize("shape", GIANT)
def test_giant_blocks_render_fast_as_plain_text(shape: str) -> None:
    """One hostile paragraph must not hold the build for minutes (the inline pass of
    Python-Markdown is quadratic in a block's size): it is shown as its plain text."""
    text = f"Intro.\n\n{GIANT[shape]}\n\nOutro with [a link](https://ok.example/).\n"
    start = time.perf_counter()
    page = snapshot_html(text)
    diff = diff_html(diff_texts(text, text.replace("Intro", "Preamble")))
    assert time.perf_counter() - start < 10  # about 1 s; minutes before the limit
    assert not inert.check_fragment(page, shape) and not inert.check_fragment(diff, shape)
    assert page.count("<a ") == 1  # the outro's link; none of the giant block's
    assert '<a href="https://ok.example/"' in page


# --- Names the loader refuses: a clear problem each, never a crash ------------------------------


def _names_problems(tmp_path: Path) -> tuple[Problem, ...]:
    content = tmp_path / "content"
    for name in payloads.PLATFORM_FOLDERS:
        write_snapshot(content, name, "privacy-policy", "2023-01-01", long_text())
    for name in payloads.DOCUMENT_FOLDERS:
        write_snapshot(content, "ok", name, "2023-01-01", long_text())
    for name in payloads.SNAPSHOT_FILES:
        folder = content / "ok" / "privacy-policy"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("---\nsource: https://a.example/\n---\n\nText.\n")
    types, _ = load_document_types(Path(__file__).parents[1] / "site_config/document_types.yml")
    return load_archive(content, types, LoadOptions(provenance=False)).errors


def test_hostile_names_are_refused_with_one_clear_problem_each(tmp_path: Path) -> None:
    errors = _names_problems(tmp_path)
    names = payloads.PLATFORM_FOLDERS + payloads.DOCUMENT_FOLDERS + payloads.SNAPSHOT_FILES
    for name in names:
        mine = [e for e in errors if name in Path(e.path).parts]
        assert mine, f"{name!r} was not refused"
    assert all(len(str(e).splitlines()) == 1 and "\x1b" not in str(e) for e in errors)


def test_hostile_names_refuse_the_build_without_a_traceback(tmp_path: Path) -> None:
    content = write_site(tmp_path)
    write_snapshot(content, "ok", "privacy-policy", "2023-01-01", long_text())
    write_snapshot(content, "x onload=alert(1)", "privacy-policy", "2023-01-01", long_text())
    folder = content / "ok" / "privacy-policy"
    (folder / "2023-01-01<script>.md").write_text("---\nsource: https://a.example/\n---\n\nx\n")
    result = run_build(tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "x onload=alert(1)" in result.stderr and "2023-01-01<script>.md" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("value", payloads.REFUSED_URL)
@pytest.mark.parametrize("field", ["source", "archive"])
def test_script_urls_in_url_fields_are_refused(tmp_path: Path, field: str, value: str) -> None:
    write_snapshot(tmp_path, "ok", "privacy-policy", "2023-01-01", long_text(), **{field: value})
    types, _ = load_document_types(Path(__file__).parents[1] / "site_config/document_types.yml")
    archive = load_archive(tmp_path, types, LoadOptions(provenance=False))
    (error,) = archive.errors
    assert f"`{field}`" in error.message and error.line > 0
    assert not list(archive.versions())


def test_payload_counts() -> None:
    """The corpus size the issue note reports."""
    assert len(payloads.BODY) >= 120
    assert len(payloads.LINE) >= 25 and len(payloads.URL) >= 10
