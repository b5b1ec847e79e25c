from __future__ import annotations

from pathlib import Path

import pytest

from generator.contrib.html_to_markdown import html_to_markdown, looks_like_html

FIXTURES = Path(__file__).parent / "fixtures" / "add"
PEBBLEPOST = "https://pebblepost.example/legal/privacy"


@pytest.fixture(scope="module")
def pebblepost() -> str:
    return html_to_markdown((FIXTURES / "privacy-saved.html").read_bytes(), PEBBLEPOST)


def page(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_saved_page_becomes_the_expected_markdown(pebblepost: str):
    assert pebblepost == (FIXTURES / "privacy-saved.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "boilerplate",
    [
        "cookies to improve your experience",  # cookie banner
        "Accept all cookies",
        "Manage preferences",
        "Sign up free",  # header navigation
        "Pricing",
        "Community Rules",  # sidebar navigation
        "Careers",  # footer
        "All rights reserved",
        "Deutsch",  # language selector
        "Was this page helpful",  # feedback form
        "Skip to main content",
        "Back to top",
        "dataLayer",  # scripts
        "schema.org",
        "font-family",  # styles
        "tracker.example",  # noscript pixel
        "javascript:",
    ],
)
def test_page_furniture_is_left_out(pebblepost: str, boilerplate: str):
    assert boilerplate not in pebblepost


def test_structure_survives(pebblepost: str):
    markdown = pebblepost

    assert markdown.startswith("# Pebblepost Privacy Policy\n")
    assert "\n## 2. How we use information\n" in markdown
    assert "\n### 2.1 Legal bases\n" in markdown
    assert "\n- **Account information**, such as" in markdown
    assert "\n  - You can reset them in your device settings.\n" in markdown  # nested list
    assert "\n2. Keep accounts secure and prevent abuse.\n" in markdown
    assert "| Security and fraud prevention | Legitimate interests | Up to 12 months |" in markdown
    assert "[device identifiers](https://pebblepost.example/help/device-ids)" in markdown
    assert "(mailto:privacy@pebblepost.example)" in markdown
    assert "*Effective date: 14 March 2024*" in markdown
    assert "Click here to read the list of providers." in markdown  # script link: text only


def test_page_without_landmarks_in_its_declared_encoding():
    raw = (FIXTURES / "help-centre-saved.html").read_bytes()

    markdown = html_to_markdown(raw, "https://help.lumen.example/hc/en/legal/terms")

    assert markdown.startswith("# Lumen Terms of Use\n")
    assert "You keep ownership (it\u2019s yours)" in markdown  # windows-1252, as the page says
    assert "euros (\u20ac)" in markdown
    assert "Caf\u00e9 partners" in markdown
    assert "[Privacy Notice](https://help.lumen.example/hc/en/privacy)" in markdown
    for furniture in ("We value your privacy", "I Accept", "Search articles", "Legal",
                      "Lumen Help Centre", "helpful", "Example Road"):  # fmt: skip
        assert furniture not in markdown


def test_a_cookie_policy_is_not_mistaken_for_a_cookie_banner():
    raw = page(
        '<div class="cookie-notice"><p>We use cookies.</p><button>OK</button></div>'
        '<main id="cookie-policy"><h1>Cookie Policy</h1>'
        '<section class="cookie-table"><h2>Cookies we use</h2><p>Session cookies keep you '
        "signed in.</p></section></main>"
    )

    markdown = html_to_markdown(raw)

    assert markdown == (
        "# Cookie Policy\n\n## Cookies we use\n\nSession cookies keep you signed in.\n"
    )


def test_headers_and_footers_of_an_article_are_kept():
    raw = page(
        "<header><a href='/'>Site</a></header>"
        "<article><header><h1>Privacy</h1><p>Updated 1 May 2024</p></header>"
        "<p>We collect your email address.</p>"
        "<footer><p>Questions? Write to dpo@example.com.</p></footer></article>"
        "<footer>© Example</footer>"
    )

    markdown = html_to_markdown(raw)

    assert markdown == (
        "# Privacy\n\nUpdated 1 May 2024\n\nWe collect your email address.\n\n"
        "Questions? Write to dpo@example.com.\n"
    )


def test_a_main_element_holding_little_of_the_text_is_not_trusted():
    policy = "<p>" + "We keep your data for 30 days. " * 20 + "</p>"
    raw = page(f"<main><p>Loading…</p></main><div id='policy'>{policy}</div>")

    markdown = html_to_markdown(raw)

    assert "We keep your data for 30 days." in markdown


def test_links_resolve_against_base_or_become_text():
    body = (
        '<p><a href="terms">Terms</a> <a href="#s2">section 2</a> '
        '<a href="data:text/html,x">data</a> <a href="https://other.example/x">other</a></p>'
    )

    with_base = html_to_markdown(page(body, '<base href="https://site.example/legal/">'))
    without_base = html_to_markdown(page(body))

    assert with_base == (
        "[Terms](https://site.example/legal/terms) section 2 data "
        "[other](https://other.example/x)\n"
    )
    assert without_base == "Terms section 2 data [other](https://other.example/x)\n"


def test_markdown_characters_in_the_text_stay_literal():
    raw = page("<p>Use *stars* and _underscores_ as you like.</p>")

    assert html_to_markdown(raw) == r"Use \*stars\* and \_underscores\_ as you like." + "\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", True),
        (b"\xef\xbb\xbf<!doctype HTML>\n<html>", True),
        (b"<!-- saved from url=(0042)https://x.example/ -->\n<html lang='en'>", True),
        (b"\n  <html>\n<head><title>x</title></head>", True),
        (b"<body><p>Just a body</p></body>", True),
        (b"# Privacy Policy\n\nWe use <b>bold</b> words.\n", False),
        (b"PRIVACY POLICY\n\nLast updated 2019.\n", False),
        (b"<p>A fragment is not a saved page</p>", False),
    ],
)
def test_looks_like_html(raw: bytes, expected: bool):
    assert looks_like_html(raw) is expected
