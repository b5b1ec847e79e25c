"""Category pages and the matrix, from which versions mention which categories."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from reader_site import build, write_archive

from generator.site.categories import category_page, grid, presence, presences
from generator.site.matrix import categories_pages, matrix, teaser
from generator.site.timeline import Context

if TYPE_CHECKING:
    from generator.analysis.analyse import Analysis
    from generator.content.model import Archive

PP = "acme/privacy-policy/"


@dataclass(frozen=True)
class Cat:
    id: str
    label: str
    description: str = "What it means."


CATEGORIES = (
    Cat("ai-training", "AI training"),
    Cat("biometric", "Biometric <data>"),
    Cat("children", "Children"),
    Cat("tracking", "Tracking"),
)
# Which versions mention what: AI training comes, goes (the blink back to the first text,
# whose dates it restores) and comes back with biometric data, when tracking is dropped;
# nobody mentions children.
MENTIONS = {
    PP + "2022-01-01": ("tracking",),
    PP + "2023-03-01T10-00-00Z": ("ai-training", "tracking"),
    PP + "2023-04-01": (),
    PP + "2024-05-01": ("ai-training", "biometric"),
    "zed/terms-of-service/2021-01-01": ("ai-training",),
    "zed/terms-of-service/2021-06-01": ("ai-training",),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Analysis]:
    content = tmp_path_factory.mktemp("content")
    write_archive(content)
    result = build(content)
    assert result.filler is not None
    return result.filler.archive, result.filler.analysis


def document(archive: Archive, platform: str, slug: str):  # type: ignore[no-untyped-def]
    return next(d for d in archive.documents() if (d.platform, d.slug) == (platform, slug))


def test_since_is_the_start_of_the_current_run(site: tuple[Archive, Analysis]) -> None:
    archive, analysis = site
    policy = document(archive, "acme", "privacy-policy")
    changes = analysis.for_document(policy)
    ai = presence(policy, changes, MENTIONS, "ai-training")
    assert ai is not None and (ai.since, ai.dropped) == ("2024-05-01", None)
    assert ai.change is not None and ai.change.to_stamp == "2024-05-01"
    tracking = presence(policy, changes, MENTIONS, "tracking")
    assert tracking is not None
    assert (tracking.since, tracking.dropped) == ("2022-01-01", "2024-05-01")
    assert tracking.change is not None and tracking.change.kind.value == "first"
    assert presence(policy, changes, MENTIONS, "children") is None


def test_matrix_cells_date_and_link_the_introducing_change(
    site: tuple[Archive, Analysis],
) -> None:
    archive, analysis = site
    cells = grid(archive, analysis.changes, MENTIONS, CATEGORIES)
    html = matrix("categories/", archive, cells, CATEGORIES)
    # One row per platform, one column per category (in taxonomy order).
    rows = dict(re.findall(r'<tr data-platform="([a-z0-9-]+)">(.*?)</tr>', html))
    assert set(rows) == {"acme", "zed"}
    header = re.search(r"<thead>.*?</thead>", html).group()  # type: ignore[union-attr]
    assert re.findall(r'href="([a-z-]+)/"', header) == [c.id for c in CATEGORIES]
    assert "Biometric &#60;data&#62;" in header  # labels are escaped
    acme = re.findall(r"<td[^>]*>.*?</td>", rows["acme"])
    zed = re.findall(r"<td[^>]*>.*?</td>", rows["zed"])
    assert len(acme) == len(zed) == len(CATEGORIES)
    ai, biometric, children, tracking = acme
    assert ">2024</a>" in biometric and "pw-matrix__yes" in biometric
    assert '<a href="../platforms/acme/privacy-policy/2024-05-01/"' in ai and ">2024</a>" in ai
    assert "pw-matrix__early" not in ai
    assert '<a href="../platforms/zed/terms-of-service/2021-01-01/"' in zed[0]
    assert ">\N{LESS-THAN OR EQUAL TO}2021</a>" in zed[0]  # already in the first record
    assert "first recorded version (2021-01-01)" in zed[0]  # the exact date, in the title
    assert "pw-matrix__none" in children and "pw-matrix__none" in zed[2]
    assert "<s>2024</s>" in tracking and "dropped on 2024-05-01" in tracking
    assert "Acme &#60;Social&#62;" in rows["acme"] and "Zed" in rows["zed"]
    # The number of platforms mentioning each category now, in its head.
    counts = re.findall(r'pw-matrix__count"[^>]*>([0-9]+)<', header)
    assert counts == ["2", "1", "0", "0"]
    assert "pw-matrix--filterable" not in html  # two rows need no filter


def test_matrix_offers_a_filter_from_many_rows(site: tuple[Archive, Analysis]) -> None:
    archive, analysis = site
    cells = grid(archive, analysis.changes, MENTIONS, CATEGORIES)
    many = list(archive.platforms) * 7  # fourteen rows
    html = matrix("categories/", archive, cells, CATEGORIES, many)
    assert html.count("<tr data-platform=") == 14
    assert "pw-matrix--filterable" in html


def test_category_page_lists_who_since_when_and_the_changes(
    site: tuple[Archive, Analysis],
) -> None:
    archive, analysis = site
    cells = grid(archive, analysis.changes, MENTIONS, CATEGORIES)
    context = Context(labels={c.id: c.label for c in CATEGORIES}, feeds=True)
    page = category_page(archive, cells, CATEGORIES[0], list(analysis.all_changes()), context)
    assert page.startswith("---\nfeeds:")
    assert "# AI training\n" in page and "What it means" in page
    who = page.split("## Who mentions it now")[1].split("##")[0]
    assert who.index("Zed Terms of Service") < who.index("Acme")  # oldest first
    assert "[Atom feed](../../feeds/categories/ai-training.xml)" in page
    # Evidence: the change's own quotes first, else the sentences of the version itself.
    said = {"zed/terms-of-service/2021-01-01": {"ai-training": ("We train (models).",)}}
    quoted = category_page(
        archive, cells, CATEGORIES[0], [], context, lambda key: said.get(key, {})
    )
    assert "“We train &#40;models&#41;&#46;”" in quoted
    tracking = category_page(archive, cells, CATEGORIES[3], [], context)
    assert "No current document mentions it." in tracking
    assert "## No longer mentioned" in tracking and "2022-01-01 to" in tracking


def test_teaser_shows_the_most_recent_categories(site: tuple[Archive, Analysis]) -> None:
    archive, analysis = site
    cells = grid(archive, analysis.changes, MENTIONS, CATEGORIES)
    short = teaser(archive, cells, CATEGORIES)
    assert "AI training" in short and "Biometric" in short
    assert "Children" not in short and "Tracking" not in short  # nobody mentions them now
    # The platforms that took them up last: Acme (2024); Zed had AI training from the start.
    assert re.findall(r'<tr data-platform="([a-z]+)"', short) == ["acme"]
    assert "(categories/index.md)" in short
    assert teaser(archive, grid(archive, analysis.changes, {}, CATEGORIES), CATEGORIES) == ""


def test_categories_page_is_the_matrix(site: tuple[Archive, Analysis]) -> None:
    archive, analysis = site
    cells = grid(archive, analysis.changes, MENTIONS, CATEGORIES)
    [(url, page)] = categories_pages(archive, cells, CATEGORIES)
    assert (
        url == "categories/"
        and "# Data practices across platforms" in page
        and '<div class="pw-matrix">' in page
    )


def test_failed_captures_and_noise_leave_the_dates_alone(tmp_path: Path) -> None:
    """Amazon's terms were captured as a short error page three times: the dates of what
    the terms say must not restart after each."""
    from conftest import CONFIG_DIR, long_text, write_snapshot

    from generator.analysis.analyse import analyse_archive
    from generator.analysis.taxonomy import load_taxonomy
    from generator.content.doctypes import load_document_types
    from generator.content.load import LoadOptions, load_archive

    full = long_text("account", 6) + "\nWe use cookies to remember you.\n"
    error = "# We're Sorry\n\nThe page you requested cannot be found.\n"
    bodies = {
        "2020-01-01": full,
        "2021-01-01": error,  # failed capture: technical
        "2021-01-02": full,
        "2022-01-01": error,
        "2022-01-02": full.replace("remember you", "remember  you"),  # formatting
        "2023-01-01": full + "\nWe describe it again.\n",  # an edit
    }
    for stamp, body in bodies.items():
        write_snapshot(tmp_path, "acme", "terms-of-service", stamp, body)
    types, _ = load_document_types(CONFIG_DIR / "document_types.yml")
    archive = load_archive(tmp_path, types, LoadOptions())
    taxonomy, _ = load_taxonomy(CONFIG_DIR / "taxonomy.yml")
    analysis = analyse_archive(archive, taxonomy)
    (terms,) = archive.documents()
    kinds = [c.kind.value for c in analysis.for_document(terms)]
    assert kinds[1] == kinds[3] == "technical"
    found = presences(terms, analysis.for_document(terms), analysis.mentions)
    assert (found["tracking"].since, found["tracking"].dropped) == ("2020-01-01", None)
    assert found["tracking"].from_first
