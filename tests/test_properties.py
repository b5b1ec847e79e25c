"""Property-based tests over arbitrary input: the loader, the diff and the renderers never crash,
every problem is one line that names a file, and a diff always gives back both versions.

These add to the example-based properties of test_diff.py (Markdown-like edits) and
test_load.py (arbitrary bytes in one file): here the text is any Unicode, the front matter any
YAML value, the names any string, and whole sites are rendered from them.
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import markdown
import yaml
from conftest import CONFIG_DIR
from fixtures.hostile import inert, payloads
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from strategies_markdown import documents
from test_diff import check_accounts_for_everything
from test_markup import SITE_EXTENSIONS

from generator.analysis.diff import diff_texts
from generator.build import build_site
from generator.content.doctypes import load_document_types
from generator.content.load import LoadOptions, load_archive
from generator.content.rules import PLATFORM_FIELDS, SNAPSHOT_FIELDS
from generator.site import markup
from generator.site.diff_html import diff_html
from generator.site.fulltext import snapshot_html

NOW = datetime(2024, 1, 1, tzinfo=UTC)
TYPES, _ = load_document_types(CONFIG_DIR / "document_types.yml")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any Unicode a file can hold (no lone surrogates: a UTF-8 file cannot encode them).
any_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
hostile_text = st.one_of(
    any_text,
    st.sampled_from(payloads.BODY),
    st.lists(st.sampled_from(payloads.BODY + payloads.LINE), max_size=6).map("\n\n".join),
    documents(),
)
# Aware date-times, the ends of the calendar included: out of range once converted to UTC.
# (`st.datetimes(timezones=…)` never generates those, so offsets are attached afterwards.)
_OFFSETS = [UTC, timezone(timedelta(hours=23, minutes=59)), timezone(-timedelta(hours=23))]
moments = st.one_of(
    st.dates(),
    st.tuples(
        st.one_of(st.datetimes(), st.sampled_from([datetime.min, datetime.max])),
        st.sampled_from(_OFFSETS),
    ).map(lambda pair: pair[0].replace(tzinfo=pair[1])),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.datetimes(),
    moments,
    any_text,
    st.sampled_from(payloads.LINE + payloads.URL + payloads.REFUSED_URL),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
keys = st.one_of(st.sampled_from([*SNAPSHOT_FIELDS, *PLATFORM_FIELDS]), any_text)
front_matter = st.dictionaries(keys, yaml_values, max_size=6)
names = st.one_of(
    st.sampled_from(["x", "acme", "privacy-policy", "terms-of-service", "2023-01-01.md"]),
    st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(payloads.PLATFORM_FOLDERS + payloads.SNAPSHOT_FILES),
)


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)


@st.composite
def snapshot_files(draw: st.DrawFn) -> bytes:
    """A snapshot file: usually front matter and a body, sometimes raw text."""
    body = draw(hostile_text)
    if draw(st.integers(0, 9)) == 0:
        return body.encode("utf-8")
    front = draw(front_matter)
    if draw(st.booleans()):
        front = {"source": draw(st.sampled_from(payloads.URL)), **front}
    for field in ("captured", "effective"):
        if draw(st.booleans()):
            front[field] = draw(moments)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = f"---\n{_yaml(front)}---\n\n{body}".replace("\n", newline)
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


@st.composite
def content_trees(draw: st.DrawFn) -> dict[str, bytes]:
    """Relative path -> bytes of a small content folder."""
    tree: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 2))):
        platform = draw(st.one_of(st.just("acme"), names))
        platform_yml = {
            "name": draw(scalars),
            **draw(st.dictionaries(keys, yaml_values, max_size=3)),
        }
        tree[f"{platform}/platform.yml"] = _yaml(platform_yml).encode()
        document = draw(st.one_of(st.just("privacy-policy"), names))
        for _ in range(draw(st.integers(1, 3))):
            dates = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}.md")
            stamp = draw(st.one_of(dates, names))
            tree[f"{platform}/{document}/{stamp}"] = draw(snapshot_files())
    return tree


def _write(root: Path, tree: dict[str, bytes]) -> Path:
    content = root / "content"
    content.mkdir()
    for relative, data in tree.items():
        path = content / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_dir():
                path.write_bytes(data)
        except OSError:
            continue  # a name the file system refuses (too long, a file where a folder is)
    return content


# Found by these properties (or by hand, then kept here): each crashed the loader once.
REGRESSIONS = [
    {"a/b/2023-01-01.md": b"---\ncaptured: 0001-01-01 00:00:00+23:59\n---\n\nx\n"},
    {"a/b/2023-01-01.md": b"---\ncaptured: 9999-12-31 23:59:59-23:00\n---\n\nx\n"},
    {"a/b/0001-01-01.md": b"---\nsource: https://a.example/\ncaptured: 0001-01-01\n---\n\nx\n"},
    {"a/b/2023-01-01.md": b"---\nsummary:\n" + b"".join(b"  " * n + b"-\n" for n in range(1, 400))},
]


@FAST
@given(content_trees())
@example(REGRESSIONS[0])
@example(REGRESSIONS[1])
@example(REGRESSIONS[2])
@example(REGRESSIONS[3])
def test_loader_never_raises_and_every_problem_is_one_line(tree: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = _write(Path(tmp), tree)
        archive = load_archive(content, TYPES, LoadOptions(provenance=False, now=NOW))
        for problem in archive.problems:
            assert len(str(problem).splitlines()) == 1
            assert Path(problem.path).is_relative_to(content)
            assert problem.line >= 0
        for version in archive.versions():
            assert "\r" not in version.text and not version.text.startswith("\ufeff")
            assert version.sha256 == hashlib.sha256(version.text.encode()).hexdigest()
            assert version.text.endswith("\n") and version.text.strip()


@st.composite
def valid_trees(draw: st.DrawFn) -> dict[str, bytes]:
    """A content folder that loads (hostile names, summaries and texts), so pages render."""
    name = draw(st.sampled_from(payloads.LINE))
    tree = {"acme/platform.yml": _yaml({"name": name, "description": name}).encode()}
    days = draw(st.lists(st.integers(1, 28), min_size=2, max_size=3, unique=True))
    for day in sorted(days):
        front = {
            "source": draw(st.sampled_from(payloads.URL)),
            "summary": draw(st.sampled_from(payloads.LINE)),
        }
        body = draw(hostile_text).replace("\x00", "")  # NUL bytes are refused, rightly
        body += "\n\nWe keep your data for a while.\n"
        tree[f"acme/privacy-policy/2023-01-{day:02d}.md"] = (
            f"---\n{_yaml(front)}---\n\n{body}".encode()
        )
    return tree


def _rendered_pages_are_inert(tree: dict[str, bytes]) -> bool:
    """Build the site from `tree`; False when the content does not load."""
    with tempfile.TemporaryDirectory() as tmp:
        content = _write(Path(tmp), tree)
        result = build_site(content, CONFIG_DIR, options=LoadOptions(provenance=False, now=NOW))
        if result.errors:
            assert not result.pages
            return False
        assert result.pages and result.filler is not None
        for page in result.pages:
            body, meta = get_data(page.markdown)
            assert set(meta) >= {"title"}
            # The generated Markdown is inert on its own, before the plugin's sanitiser.
            rendered = markdown.markdown(body, extensions=SITE_EXTENSIONS)
            assert not inert.check_fragment(rendered, page.url)
            for slot in page.slots.values():
                assert not inert.check_fragment(result.filler.html(slot), page.url)
        return True


@FAST
@given(content_trees())
def test_whole_site_renders_from_any_content(tree: dict[str, bytes]) -> None:
    _rendered_pages_are_inert(tree)


@FAST
@given(valid_trees())
def test_whole_site_renders_inert_from_hostile_content_that_loads(
    tree: dict[str, bytes],
) -> None:
    assert _rendered_pages_are_inert(tree)


@settings(max_examples=200, deadline=None)
@given(any_text, any_text)
def test_diff_of_any_two_texts_gives_both_back(old: str, new: str) -> None:
    check_accounts_for_everything(diff_texts(old, new), old, new)


@st.composite
def spliced_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A hostile text and a copy with a few arbitrary splices."""
    old = draw(hostile_text)
    new = old
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(new)))
        cut = draw(st.integers(0, min(20, len(new) - at)))
        new = new[:at] + draw(st.one_of(any_text, st.sampled_from(payloads.BODY))) + new[at + cut :]
    return old, new


@settings(max_examples=150, deadline=None)
@given(spliced_pairs())
def test_spliced_hostile_texts_diff_back_and_render_inert(pair: tuple[str, str]) -> None:
    old, new = pair
    diff = diff_texts(old, new)
    check_accounts_for_everything(diff, old, new)
    assert not inert.check_fragment(diff_html(diff), "diff")


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_any_snapshot_text_renders_inert(text: str) -> None:
    assert not inert.check_fragment(snapshot_html(text), "snapshot")


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_front_matter_survives_any_title(title: str) -> None:
    """MkDocs reads back exactly the escaped title, whatever it holds (`---`, newlines, YAML)."""
    body, meta = get_data(markup.front_matter(title, search={"exclude": True}) + "# Body\n")
    shown = html.escape(" ".join(title.split()), quote=True)
    assert meta == {"title": shown, "search": {"exclude": True}}
    assert body == "# Body\n"


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_markup_text_leaves_no_punctuation_for_markdown(value: str) -> None:
    """Every punctuation character becomes a numeric reference: no syntax of any extension."""
    out = markup.text(value)
    assert "\n" not in out
    assert not re.search(r"[^\w\s]|_", re.sub(r"&#\d+;", "", out))
