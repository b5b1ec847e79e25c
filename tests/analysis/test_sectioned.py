"""A text read part by part reads as the whole text does (generator.analysis.sectioned)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONFIG_DIR

from generator.analysis.labels import scan
from generator.analysis.metrics import text_metrics
from generator.analysis.normalise import comparison_key
from generator.analysis.sectioned import Parts
from generator.analysis.taxonomy import Taxonomy, load_taxonomy

DEMO = Path(__file__).resolve().parents[2] / "content"

# What could reach across a blank line, each at a part's edge.
EDGES = {
    "lists and headings": (
        "# Privacy\n\n- We collect your **location**.\n- We share it.\n\n"
        "1. We keep logs.\n\n2. We sell nothing.\n\nHeading\n=======\n\nWe use cookies.\n"
    ),
    "labels and lead-ins": (
        "**Biometric Information.**\n\nWe collect face geometry to verify you.\n\n"
        "_Precise location_\n\nWe use GPS signals.\n"
    ),
    "links and names": (
        "See the [Cookie Policy](https://a.example/c) for more.\n\n"
        "[Learn more](https://a.example/l)\n\n"
        "We share data with Google Nest and Pixel devices to train AI models.\n"
    ),
    "advice and abbreviations": (
        "Do not upload health records.\n\nWe keep data for 3 yrs. etc.\n\n"
        "We process it, e.g.\n\nWe retain it.\n"
    ),
    "entities, escapes and underscores": (
        "We collect &quot;usage&quot; data&#10;\n\n_emphasis_ and snake_case\\_name.\n\n"
        "\u201cQuoted\u201d \u2014 we share \u2026\n"
    ),
    "blank runs and spaces": "\n\n\nWe collect email.\n\n\n\n   \n\nWe sell data.  \n\n\n",
    "tables and quotes": (
        "| Data | Use |\n|---|---|\n| Email | Marketing |\n\n> We may share your contacts.\n\n"
        "> With partners.\n"
    ),
    "rules for users": (
        "The User may not:\n\n- collect other users' location data;\n\n"
        "- sell their personal data.\n\nYou agree not to:\n- scrape email addresses.\n\n"
        "We share your data with partners:\n\n"
        "- advertisers, who use it to show you ads.\n"
    ),
    "carriage returns": "We collect email.\r\n\r\nWe share it.\r\n",
    "empty": "",
}


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(CONFIG_DIR / "taxonomy.yml")[0]


def demo_texts() -> list[str]:
    texts = []
    for path in sorted(DEMO.rglob("*.md")):
        raw = path.read_text(encoding="utf-8")
        texts.append(raw.split("\n---\n", 1)[1] if raw.startswith("---\n") else raw)
    return texts


@pytest.mark.parametrize("text", [*EDGES.values(), *demo_texts()])
def test_a_text_read_part_by_part_reads_as_the_whole_text(taxonomy: Taxonomy, text: str) -> None:
    parts = Parts(taxonomy)
    for _ in range(2):  # read, then read again from the parts kept
        reading = parts.read(text)
        whole = scan(taxonomy, text)
        assert reading.scan == whole
        assert reading.key == comparison_key(text)
        assert reading.metrics == text_metrics(whole.prose)


def test_a_new_version_reads_only_its_new_parts(taxonomy: Taxonomy) -> None:
    paragraphs = [f"We keep your location for {n} days." for n in range(30)]
    parts = Parts(taxonomy)
    parts.read("\n\n".join(paragraphs))
    assert len(parts) == 30
    paragraphs[12] = "We keep your location for a year and share it with partners."
    reading = parts.read("\n\n".join(paragraphs))
    assert len(parts) == 31
    assert "third-party-sharing" in reading.scan.ids
    parts.forget()
    assert len(parts) == 0


def test_a_blank_line_with_spaces_parts_a_nested_list(taxonomy: Taxonomy) -> None:
    """The items of a nested list are often apart by lines of spaces: one new item is one new
    part, not the whole list read again."""
    lead_in = "1. **Attributions.** Data comes from:\n    \n"
    items = [f"    * Provider {n}, who receives your location." for n in range(40)]
    parts = Parts(taxonomy)
    parts.read(lead_in + "\n    \n".join(items))
    known = len(parts)
    assert known > 30
    items.insert(20, "    * A new provider, who keeps your contacts.")
    text = lead_in + "\n    \n".join(items)
    reading = parts.read(text)
    assert len(parts) == known + 1
    assert reading.scan == scan(taxonomy, text)
    assert reading.key == comparison_key(text)
