"""What a reader sees of "what changed, in words", in Chromium: the change card's sections,
numbers and key sentences (and their jumps into the diff), the automatic summary and its mark,
touched categories in timelines, the compare page rendered like a change page, and the
platform-by-category matrix on a laptop and a phone with many platforms.

The demo site is built once; a second site with 40 platforms tests the matrix at scale.
Screenshots go to test-artifacts/ for people to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_support import Watched, chromium, served
from conftest import MKDOCS_ENV, REPO, write_platform, write_site, write_snapshot

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
# An editorial change without a human summary: a retention period goes from 30 to 90 days.
RETENTION = "platforms/lenscape/privacy-policy/2022-03-14T14-02-11Z/"
PLATFORMS = 40


def build(site: Path) -> Path:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=site,
        capture_output=True,
        text=True,
        env=MKDOCS_ENV,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return site / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("demo")
    for name in ("content", "site_config"):
        (folder / name).symlink_to(REPO / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    with served(build(folder)) as url:
        yield url


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with PLATFORMS platforms, each mentioning a few data practices."""
    folder = tmp_path_factory.mktemp("many")
    content = write_site(folder)
    practices = [
        "We collect your precise location from GPS.",
        "We share information with third parties.",
        "We use cookies and pixels.",
        "Children under 13 may not use the service.",
        "We retain your data for 12 months.",
        "We may use your posts to train machine learning models.",
    ]
    for k in range(PLATFORMS):
        slug = f"platform-{k:02d}"
        write_platform(content, slug, name=f"Platform {k:02d}", aliases=[f"Alias{k:02d}"])
        said = " ".join(practices[: 1 + k % len(practices)])
        first = f"# Privacy\n\n## What we do\n\n{said}\n"
        write_snapshot(content, slug, "privacy-policy", "2023-01-01", first)
        more = practices[(k + 2) % len(practices)]
        write_snapshot(
            content, slug, "privacy-policy", "2024-01-01", first + f"\n## New\n\n{more}\n"
        )
    with served(build(folder)) as url:
        yield url


def open_page(browser: Browser, width: int = 1280, scheme: str = "light") -> tuple[Page, Watched]:
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 600 else 844}, color_scheme=scheme
    )
    page = context.new_page()
    return page, Watched(page)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_card_says_what_changed_and_jumps_into_the_diff(browser: Browser, demo: str) -> None:
    page, watched = open_page(browser)
    page.goto(demo + RETENTION)
    card = page.locator(".pw-card")
    summary = card.locator(".pw-card__summary")
    assert summary.locator(".pw-auto").inner_text().strip().lower() == "auto"
    assert "retention 30 \N{RIGHTWARDS ARROW} 90 days" in summary.inner_text()
    numbers = card.locator(".pw-card__numbers li")
    assert numbers.count() == 1 and "30 days \N{RIGHTWARDS ARROW} 90 days" in numbers.inner_text()
    keys = card.locator(".pw-card__keys li")
    assert keys.count() >= 1 and "was:" in keys.first.inner_text()
    shot(page, "change-card-auto")
    # From the full-text tab, a section link opens the diff's tab at the changed block.
    page.locator(".tabbed-labels label").nth(1).click()
    link = card.locator(".pw-card__sections a").first
    target = (link.get_attribute("href") or "").lstrip("#")
    assert target.startswith("pw-change-")
    link.click()
    block = page.locator(f"#{target}")
    block.wait_for(state="visible")
    assert block.evaluate("node => node.matches(':target')")
    assert block.evaluate("node => !!node.closest('.pw-diff')")
    box = block.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    # The number's own link lands on the same rewritten sentence.
    assert numbers.locator("a.pw-jump").get_attribute("href") == f"#{target}"
    page.context.close()
    watched.assert_clean()


def test_a_human_summary_wins_over_the_automatic_one(browser: Browser, demo: str) -> None:
    page, watched = open_page(browser)
    page.goto(demo + "platforms/chirp/privacy-policy/2021-11-02T09-14-05Z/")
    summary = page.locator(".pw-card__summary")
    assert "Nearby" in summary.inner_text() and summary.locator(".pw-auto").count() == 0
    assert page.locator(".pw-card__sections li").count() >= 2
    page.context.close()
    watched.assert_clean()


def test_timeline_rows_show_touched_categories_beside_added_ones(
    browser: Browser, demo: str
) -> None:
    page, watched = open_page(browser)
    page.goto(demo + "changes/")
    touched = page.locator(".pw-timeline tr:visible .pw-cat--touched")
    added = page.locator(".pw-timeline tr:visible .pw-cat--added")
    assert touched.count() > 0 and added.count() > 0
    # Secondary: no fill, unlike an added category's badge.
    assert touched.first.evaluate("n => getComputedStyle(n).backgroundColor") in {
        "rgba(0, 0, 0, 0)",
        "transparent",
    }
    assert added.first.evaluate("n => getComputedStyle(n).backgroundColor") not in {
        "rgba(0, 0, 0, 0)",
        "transparent",
    }
    auto = page.locator(".pw-timeline tr:visible .pw-auto")
    assert auto.count() > 0  # changes without a human summary get the automatic one, marked
    shot(page, "timeline")
    page.context.close()
    watched.assert_clean()


def test_the_compare_page_shows_rendered_text(browser: Browser, demo: str) -> None:
    page, watched = open_page(browser)
    page.goto(demo + "platforms/chirp/privacy-policy/compare/#2023-09-29..2024-05-10T08-30-00Z")
    output = page.locator(".pw-compare__output")
    output.locator("ins.critic").first.wait_for()
    text = output.inner_text()
    assert "](" not in text and "**" not in text and "\n#" not in text  # no raw Markdown
    assert output.locator("h2, h3").count() >= 2  # headings, demoted below the page's h1
    assert output.locator("li").count() >= 3
    link = output.locator("a[href^='https://']").first
    assert link.get_attribute("rel") == "nofollow noreferrer"
    assert output.locator(".pw-block-change ins.critic, .pw-block-change del.critic").count() > 0
    assert output.locator(".pw-block-insert, .pw-block-delete").count() > 0
    # A numbered item keeps its number, as in the policy.
    assert output.locator("ol[start]").count() > 0
    summary = output.locator(".pw-compare__summary").inner_text()
    assert summary.startswith("+") and not summary.startswith("+0 \N{MINUS SIGN}0")
    shot(page, "compare-rendered")
    page.context.close()
    watched.assert_clean()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (390, "light")])
def test_the_matrix_fits_a_laptop_and_scrolls_in_its_box_on_a_phone(
    browser: Browser, many: str, width: int, scheme: str
) -> None:
    page, watched = open_page(browser, width, scheme)
    page.goto(many + "categories/")
    box = page.locator(".pw-matrix__scroll")
    rows = page.locator(".pw-matrix tbody tr")
    assert rows.count() == PLATFORMS
    # The page itself never scrolls sideways; the matrix box does, when it must.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wide = box.evaluate("n => n.scrollWidth > n.clientWidth")
    assert wide == (width < 600)  # every category fits a laptop's width
    shot(page, f"matrix-{width}-{scheme}")
    # Heads stay in view while the box scrolls down; names while it scrolls sideways.
    box.evaluate("n => { n.scrollTop = 400; n.scrollLeft = 300; }")
    top = box.bounding_box()
    head = page.locator(".pw-matrix thead th").nth(3).bounding_box()
    name = page.locator(".pw-matrix tbody tr:nth-child(20) th").bounding_box()
    assert top is not None and head is not None and name is not None
    assert abs(head["y"] - top["y"]) < 3
    assert abs(name["x"] - top["x"]) < 3
    # A filter finds a platform by name or alias.
    page.locator(".pw-matrix__filter input").fill("alias07")
    assert page.locator(".pw-matrix tbody tr:visible").count() == 1
    assert "1 of 40" in page.locator(".pw-matrix__shown").inner_text()
    page.context.close()
    watched.assert_clean()


def test_navigation_names_pages_and_platforms_as_they_are_called(
    browser: Browser, demo: str
) -> None:
    page, watched = open_page(browser)
    page.goto(demo + "platforms/chirp/privacy-policy/")
    nav = page.locator(".md-nav--primary").inner_text()
    assert "None" not in nav
    assert "Home" in nav.split("\n")[:4]
    page.goto(demo + "changes/")
    assert "None" not in page.locator(".md-nav--primary").inner_text()
    page.context.close()
    watched.assert_clean()
