"""The built demo site in a real browser: Debian's Chromium driven by Playwright.

The demo site (this repository's content/ and mkdocs.yml) is built once into a temporary
folder and served by a threaded http.server on 127.0.0.1. No browser is downloaded: the tests
use /usr/bin/chromium and skip, saying why, only when it is missing. Screenshots of the home
page, a change page and the category matrix go to test-artifacts/ for people to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import chromium, served

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHANGE = "platforms/chirp/privacy-policy/2021-11-02T09-14-05Z/"  # "… the new Nearby feature …"


def serve(config: Path, edit: Callable[[dict[str, Any], str], None] | None = None) -> Iterator[str]:
    """Build the site of `config` into `site/` beside it and serve it on a free port.

    `edit(config, url)` may change the configuration first, knowing the site's URL.
    """
    out = config.parent / "site"
    with served(out) as url:  # the URL first: `edit` may need it; the folder is built next
        if edit is not None:
            settings = yaml.safe_load(config.read_text(encoding="utf-8"))
            edit(settings, url)
            config.write_text(yaml.safe_dump(settings), encoding="utf-8")
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        run = subprocess.run(
            [*command, "-d", str(out)],
            cwd=config.parent,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=False,
        )
        assert run.returncode == 0, run.stderr
        yield url


def demo_copy(folder: Path) -> Path:
    """The demo site's configuration in `folder`, its content and site_config linked."""
    for name in ("content", "site_config"):
        (folder / name).symlink_to(REPO / name)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    return folder / "mkdocs.yml"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site, as the repository configures it."""
    yield from serve(demo_copy(tmp_path_factory.mktemp("demo")))


def _instant(config: dict[str, Any], url: str) -> None:
    config["theme"]["features"].append("navigation.instant")
    # Material follows a link instantly only when the sitemap (site_url) names the server
    # the page came from, port included.
    config["site_url"] = url


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site with Material's instant navigation (pages swapped without reloading)."""
    yield from serve(demo_copy(tmp_path_factory.mktemp("instant")), _instant)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A fresh page (own storage, light scheme) that fails the test on a script error, a
    failed request, or any request that leaves the local server: the site works offline."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    tab.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).hostname not in {"127.0.0.1", None}
            and not request.url.startswith("data:")
            else None
        ),
    )
    yield tab
    context.close()
    assert not errors, errors
    assert not outside, f"requests outside the site: {outside}"


def screenshot(tab: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_opens(page: Page, site_url: str) -> None:
    page.goto(site_url)
    assert page.locator("h1").first.inner_text().startswith("How platforms rewrite")
    assert page.locator(".pw-timeline tbody tr:visible").count() >= 3
    screenshot(page, "home")


def test_search_finds_a_change_by_a_word_of_its_summary(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("Nearby", delay=20)
    result = page.locator(f'.md-search-result__item a[href*="{CHANGE}"]').first
    result.wait_for(timeout=10_000)
    result.click()
    page.wait_for_url(f"**/{CHANGE}**")
    assert "Nearby" in page.locator(".pw-card").inner_text()


def test_change_page_highlights_insertions_and_deletions(page: Page, site_url: str) -> None:
    page.goto(site_url + CHANGE)
    inserted = page.locator(".pw-diff ins.critic").first
    deleted = page.locator(".pw-diff del.critic").first
    assert inserted.is_visible() and deleted.is_visible()
    for mark in (inserted, deleted):
        colour = mark.evaluate("node => getComputedStyle(node).backgroundColor")
        assert colour not in {"rgba(0, 0, 0, 0)", "transparent"}, colour
    screenshot(page, "change-page")


def test_dark_mode_toggles(page: Page, site_url: str) -> None:
    page.goto(site_url + CHANGE)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator('label[title="Switch to dark mode"]').first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    screenshot(page, "change-page-dark")
    page.goto(site_url + "platforms/chirp/privacy-policy/")  # the choice is remembered
    assert body.get_attribute("data-md-color-scheme") == "slate"
    screenshot(page, "document-page-dark")


def test_compare_two_chosen_versions(page: Page, site_url: str) -> None:
    page.goto(site_url + "platforms/chirp/privacy-policy/compare/")
    page.locator('select[name="from"]').select_option("2021-03-15")
    page.locator('select[name="to"]').select_option("2021-11-02T09-14-05Z")
    output = page.locator(".pw-compare__output")
    output.locator("ins.critic").first.wait_for()
    assert "Nearby" in output.locator("ins.critic").all_inner_texts().__str__()
    assert output.locator("del.critic").count() > 0
    assert page.evaluate("location.hash") == "#2021-03-15..2021-11-02T09-14-05Z"
    # The permalink opens the same comparison.
    page.goto(site_url + "platforms/chirp/privacy-policy/compare/#2022-06-20..2024-05-10T08-30-00Z")
    page.locator(".pw-compare__output ins.critic").first.wait_for()
    assert page.locator('select[name="from"]').input_value() == "2022-06-20"
    summary = page.locator(".pw-compare__summary").inner_text()
    assert summary.startswith("+") and "words" in summary
    screenshot(page, "compare")


def test_timeline_filters(page: Page, site_url: str) -> None:
    page.goto(site_url + "changes/")
    rows = page.locator(".pw-timeline tbody tr")
    total = rows.count()
    visible = page.locator(".pw-timeline tbody tr:visible")
    assert 0 < visible.count() < total  # noise hidden by default
    page.locator('select[name="platform"]').select_option("lenscape")
    platforms = {r.get_attribute("data-platform") for r in visible.all()}
    assert platforms == {"lenscape"}
    assert page.evaluate("location.hash") == "#platform=lenscape"  # a shareable address
    page.goto(site_url + "changes/#document=trackers-policy")
    documents = {r.get_attribute("data-document") for r in visible.all()}
    assert documents == {"trackers-policy"}
    page.goto(site_url + "changes/")
    page.locator('select[name="platform"]').select_option("")
    page.locator('select[name="kind"]').select_option("formatting")
    assert {r.get_attribute("data-kind") for r in visible.all()} == {"formatting"}
    page.locator('select[name="kind"]').select_option("")
    page.locator("#pw-show-noise").check()
    assert visible.count() == total


def test_feed_link_resolves(page: Page, site_url: str) -> None:
    page.goto(site_url + "platforms/lenscape/")
    links = page.locator('head link[rel~="alternate"][type="application/atom+xml"]')
    hrefs = [link.get_attribute("href") or "" for link in links.all()]
    assert any(h.endswith("feeds/lenscape.xml") for h in hrefs), hrefs
    for href in hrefs:
        response = page.request.get(page.evaluate("h => new URL(h, location.href).href", href))
        assert response.ok, href
        assert response.text().lstrip().startswith("<?xml")
        assert "<feed" in response.text()


def test_page_weight_of_a_change_page(page: Page, site_url: str) -> None:
    """Bytes a reader downloads for a change page (uncompressed, as this server sends them)."""
    page.goto(site_url + CHANGE)
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(
               performance.getEntriesByType('resource')).map(e => [e.name, e.transferSize])"""
    )
    total = sum(size for _, size in sizes)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(
        json.dumps({"page": CHANGE, "total_bytes": total, "files": sizes}, indent=1)
    )
    assert not any("diff.min.js" in name for name, _ in sizes)  # jsdiff: compare pages only
    assert total < 600_000


def test_scripts_work_with_instant_navigation(page: Page, instant_url: str) -> None:
    page.goto(instant_url)
    page.wait_for_load_state("networkidle")  # Material follows links instantly once it has
    # read the sitemap; a click before that is an ordinary page load
    page.evaluate("window.pwLoaded = true")  # gone if the browser loads a page afresh
    page.locator('.md-nav a[href$="changes/"]').first.click()
    page.wait_for_url("**/changes/")
    form = page.locator(".pw-filters")
    form.wait_for()  # shown by policywatch.js, set up again for the new page
    assert page.evaluate("window.pwLoaded") is True
    page.locator('select[name="platform"]').select_option("chirp")
    visible = page.locator(".pw-timeline tbody tr:visible")
    assert {r.get_attribute("data-platform") for r in visible.all()} == {"chirp"}
    page.locator(".pw-timeline tbody tr:visible a").first.click()  # to a change page
    page.locator('a:has-text("compare with any version")').click()
    page.locator(".pw-compare__output ins.critic, .pw-compare__output del.critic").first.wait_for()
    assert page.evaluate("window.pwLoaded") is True


def test_matrix_links_each_cell_to_the_introducing_change(page: Page, site_url: str) -> None:
    page.goto(site_url + "categories/")
    cells = page.locator(".pw-matrix td.pw-matrix__yes a")
    assert cells.count() > 10
    screenshot(page, "matrix")
    # Platforms are rows, categories columns: a biometric cell says so in its title.
    page.locator('.pw-matrix td.pw-matrix__yes a[title*="Biometric data"]').first.click()
    page.wait_for_url("**/platforms/*/*/*/")
    assert page.locator(".pw-card").count() == 1  # a version page, with its change card
    page.goto(site_url + "categories/biometric/")
    assert "Biometric" in page.locator("h1").inner_text()
    assert page.locator("table a[href*='platforms/']").count() >= 1


def test_without_javascript_pages_degrade_to_plain_tables_and_links(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "changes/")
    assert not tab.locator(".pw-filters").is_visible()  # the filters need the script
    rows = tab.locator(".pw-timeline tbody tr")
    visible = tab.locator(".pw-timeline tbody tr:visible")
    assert 0 < visible.count() < rows.count()  # noise hidden by CSS alone
    tab.locator("label[for=pw-show-noise]").click()
    assert visible.count() == rows.count()
    tab.goto(site_url + "platforms/chirp/privacy-policy/compare/")
    links = tab.locator(".pw-compare__versions a")
    assert links.count() == 6 and tab.locator(".pw-compare__nojs").is_visible()
    assert tab.request.get(links.first.evaluate("a => a.href")).ok
    context.close()
