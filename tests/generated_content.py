"""Policy histories made up for tests that need an archive with real work in it (every version
edits a few paragraphs; data-practice phrases come and go), the same for a given seed."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from conftest import write_platform, write_snapshot

if TYPE_CHECKING:
    from pathlib import Path

PHRASES = (
    "We collect biometric information such as face geometry to verify your account.",
    "We use your precise location, including GPS coordinates, to show nearby content.",
    "We may use the data we collect to train our artificial intelligence models.",
    "We share information with third parties and partners for advertising.",
    "We retain your data for as long as your account is active.",
    "We respond to law enforcement requests and government subpoenas.",
    "We do not knowingly collect information from children under 13.",
    "We use cookies, pixels and device identifiers to measure activity.",
)
WORDS = [
    "account",
    "service",
    "information",
    "settings",
    "content",
    "people",
    "features",
    "choices",
    "request",
    "security",
    "products",
    "updates",
    "messages",
    "contact",
    "services",
    "community",
    "review",
    "partners",
    "purposes",
    "legal",
    "rights",
    "notice",
    "period",
    "country",
    "access",
    "delete",
    "download",
]


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        words = rng.choices(WORDS, k=rng.randint(8, 16))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def write_histories(
    content: Path,
    *,
    platforms: int = 3,
    documents: tuple[str, ...] = ("privacy-policy", "terms-of-service"),
    versions: int = 20,
    paragraphs: int = 12,
    seed: int = 7,
) -> int:
    """Write `platforms` x `documents` histories of `versions` versions; the number written."""
    rng = random.Random(seed)
    written = 0
    for p in range(platforms):
        slug = f"platform-{p + 1}"
        write_platform(content, slug, name=f"Platform {p + 1}")
        for document in documents:
            body = [_paragraph(rng) for _ in range(paragraphs)]
            for v in range(versions):
                for _ in range(rng.randint(1, 3)):
                    body[rng.randrange(len(body))] = _paragraph(rng)
                if rng.random() < 0.4:
                    body[rng.randrange(len(body))] = rng.choice(PHRASES)
                sections = [f"## Section {i + 1}\n\n{text}" for i, text in enumerate(body)]
                stamp = f"{2020 + v // 12}-{v % 12 + 1:02d}-{p + 1:02d}"
                text = f"# {document.replace('-', ' ').title()}\n\n" + "\n\n".join(sections)
                write_snapshot(content, slug, document, stamp, text + "\n")
                written += 1
    return written
