"""Terms types added to a site's document_types.yml: what its owner wrote stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.doctypes import load_document_types
from generator.content.model import DocumentType
from generator.contrib.ota.types_file import TypesFileError, add_types

NEW = [DocumentType("ad-publishing-policy", "Ad Publishing Policy", ())]


@pytest.mark.parametrize(
    "text",
    [
        # indented entries, a comment after the list, another key after it
        "# Types\ntypes:\n  - slug: privacy-policy\n    name: Privacy Policy\n"
        "    aliases:\n      - Privacy Notice\n  # end of list\nother: 1\n",
        # entries at column 0, no final newline
        "types:\n- slug: privacy-policy\n  name: Privacy Policy\n  aliases: [Data Policy]",
    ],
    ids=["indented", "flush"],
)
def test_new_types_go_at_the_end_of_the_list(tmp_path: Path, text: str):
    path = tmp_path / "document_types.yml"
    path.write_text(text, encoding="utf-8")

    add_types(path, [*NEW, DocumentType("odd-name", 'Odd: "quoted" #name', ())], "Added")

    edited = path.read_text(encoding="utf-8")
    types, problems = load_document_types(path)
    assert problems == []
    assert list(types.by_slug) == ["privacy-policy", "ad-publishing-policy", "odd-name"]
    assert types["odd-name"].name == 'Odd: "quoted" #name'
    assert types["privacy-policy"].aliases in (("Privacy Notice",), ("Data Policy",))
    assert edited.startswith(text.split("  # end of list")[0].rstrip("\n"))
    assert "# Added\n" in edited


def test_a_file_with_problems_is_not_edited(tmp_path: Path):
    path = tmp_path / "document_types.yml"
    path.write_text("types:\n  - slug: Bad Slug\n    name: X\n", encoding="utf-8")

    with pytest.raises(TypesFileError, match=r"fix them first\. Add them by hand: `- slug: ad-"):
        add_types(path, NEW, "Added")

    assert path.read_text(encoding="utf-8") == "types:\n  - slug: Bad Slug\n    name: X\n"
