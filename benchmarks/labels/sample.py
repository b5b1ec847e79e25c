"""Draw the pairs labelled in `ota-wide.json`, `fresh.json`, `contrib.json`, `unseen.json`,
`unseen2.json`, `unseen3.json`, `unseen4.json`, `unseen5.json`, `unseen6.json` and `unseen7.json`
(see README.md).

    python3 benchmarks/labels/sample.py                       # ota-wide: random pairs, JSON lines
    python3 benchmarks/labels/sample.py --search              # ota-wide: positive-search candidates
    python3 benchmarks/labels/sample.py --set fresh           # fresh: random pairs
    python3 benchmarks/labels/sample.py --set fresh --search  # fresh: positive-search candidates
    python3 benchmarks/labels/sample.py --set contrib --corpus CONTENT            # contrib: random
    python3 benchmarks/labels/sample.py --set contrib --corpus CONTENT --search   # contrib: search
    python3 benchmarks/labels/sample.py --set unseen --corpus CONTENT             # unseen: random
    python3 benchmarks/labels/sample.py --set unseen --corpus CONTENT --search    # unseen: search
    python3 benchmarks/labels/sample.py --set unseen2 --corpus CONTENT            # unseen2: random
    python3 benchmarks/labels/sample.py --set unseen2 --corpus CONTENT --search   # unseen2: search
    python3 benchmarks/labels/sample.py --set unseen3 --corpus CONTENT            # unseen3: random
    python3 benchmarks/labels/sample.py --set unseen3 --corpus CONTENT --search   # unseen3: search
    python3 benchmarks/labels/sample.py --set unseen4 --corpus CONTENT            # unseen4: random
    python3 benchmarks/labels/sample.py --set unseen4 --corpus CONTENT --search   # unseen4: search
    python3 benchmarks/labels/sample.py --set unseen5 --corpus CONTENT            # unseen5: random
    python3 benchmarks/labels/sample.py --set unseen5 --corpus CONTENT --search   # unseen5: search
    python3 benchmarks/labels/sample.py --set unseen6 --corpus CONTENT            # unseen6: random
    python3 benchmarks/labels/sample.py --set unseen6 --corpus CONTENT --search   # unseen6: search
    python3 benchmarks/labels/sample.py --set unseen7 --corpus CONTENT            # unseen7: random
    python3 benchmarks/labels/sample.py --set unseen7 --corpus CONTENT --search   # unseen7: search

A corpus folder may be given as the first argument or with --corpus (default:
../shared/corpus/ota-wide). The fresh set has its own seed and counts and leaves out every
pair already in `ota-wide.json`. The contrib set reads a PolicyWatch `content/` folder (the
Open Terms Archive collection contrib-versions imported by `policywatch`), leaves out the
platforms of the corpora the analysis was tuned on, and names pairs by platform and document
slugs. The unseen set is drawn the same way with its own seed and counts, and also leaves out
every platform of `contrib.json`; the unseen2 set, with its own seed, leaves out every
platform of `contrib.json` and `unseen.json` and the other platforms of their companies; the
unseen3 set, with its own seed, leaves out every platform of `contrib.json`, `unseen.json` and
`unseen2.json` and the other platforms of their companies; the unseen4 set, with its own seed,
leaves out every platform of those three files and `unseen3.json` and the other platforms of
their companies; the unseen5 set, with its own seed, leaves out every platform of those four
files and `unseen4.json` and the other platforms of their companies; the unseen6 set, with its
own seed, leaves out every platform of those five files and `unseen5.json` and the other
platforms of their companies, and takes documents with at least 3 usable versions (the others
need CONTRIB_MIN_VERSIONS); the unseen7 set, with its own seed, leaves out every platform of
those six files and `unseen6.json` and the other platforms of their companies, and takes
documents with at least 2 usable versions.

Independent of the analysis code (only the standard library), so a sample does not move
when the analysis changes.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

MIN_CHANGED_WORDS = 15
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "ota-wide"
LABELS = Path(__file__).resolve().parent

Key = tuple[str, str, str, str]  # service, document, from, to


@dataclass(frozen=True)
class Plan:
    """How one label set is drawn."""

    seed: int
    per_document: int  # drawn from every document first (fewer where a document has fewer)
    total: int  # then topped up, one more per document in a shuffled order, up to this many
    exclude_labels: tuple[str, ...] = ()  # label files whose pairs may not be drawn again


PLANS = {
    "ota-wide": Plan(seed=20261204, per_document=3, total=64),
    "fresh": Plan(seed=20261205, per_document=2, total=40, exclude_labels=("ota-wide.json",)),
}

# Wordings searched in both texts of every eligible pair, for positive search: a category
# whose wording appears on one side only is a candidate, then read by a person.
RARE = {
    "biometric": r"biometric|face ?print|facial (?:recognition|geometry|scan)|voice ?print|"
    r"iris|retina|finger ?print(?!ing)",
    "employment-education": r"employment|education(?:al)?|resume|résumé|\bCV\b"
    r"|job (?:title|history)|work history|professional (?:experience|background)",
    "ai-training": r"machine[- ]learning|artificial intelligence|\bAI\b|generative|language model"
    r"|\btrain(?:ing|ed)?\b",
    "precise-location": r"precise (?:geo)?location|\bGPS\b|latitude|longitude|location history"
    r"|exact location|geolocation",
    "health": r"health|medical|genetic|sexual orientation|religio|ethnic|disabilit",
    "financial": r"credit card|debit card|payment card|bank account|passport|government[- ]issued"
    r"|social security|driver'?s licen",
    "sale-of-data": r"\bsell\b|\bsale of (?:your|personal)|\bsold\b|data broker|do not sell",
}


def changed_words(old: str, new: str) -> int:
    """Words inserted plus words deleted between two texts, on whitespace-split words."""
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return sum(
        (i2 - i1) + (j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )


def labelled(names: tuple[str, ...]) -> set[Key]:
    """The pairs of the label files `names` (in this folder)."""
    keys: set[Key] = set()
    for name in names:
        data = json.loads((LABELS / name).read_text(encoding="utf-8"))
        keys |= {(c["service"], c["document"], c["from"], c["to"]) for c in data["changes"]}
    return keys


def key_of(pair: dict[str, str]) -> Key:
    """The pair's (service, document, from, to), as in the label files."""
    return (pair["service"], pair["document"], pair["from"], pair["to"])


def eligible(
    corpus: Path, exclude: set[Key] | None = None
) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Per document, every consecutive pair (file-name order) whose new text is new: not a
    technical upgrade, and not equal to the old text or any earlier one. Pairs in `exclude`
    are left out."""
    skip = exclude or set()
    found: dict[tuple[str, str], list[dict[str, str]]] = {}
    for meta_file in sorted(corpus.glob("*/*/versions.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        versions = sorted(meta["versions"], key=lambda v: v["file"])
        seen: set[str] = set()
        pairs = []
        for old, new in itertools.pairwise(versions):
            seen.add(old["blob"])
            if new["kind"] == "technical_upgrade" or new["blob"] in seen:
                continue
            pairs.append(
                {
                    "service": meta["service"],
                    "document": meta["terms_type"],
                    "from": old["file"],
                    "to": new["file"],
                    "folder": str(meta_file.parent),
                }
            )
        found[(meta["service"], meta["terms_type"])] = [p for p in pairs if key_of(p) not in skip]
    return found


def texts(pair: dict[str, str]) -> tuple[str, str]:
    """The pair's old and new texts (a content file's text without its front matter)."""
    folder = Path(pair["folder"])
    if "platform" in pair:
        return read_version(folder / pair["from"])[0], read_version(folder / pair["to"])[0]
    return (
        (folder / pair["from"]).read_text(encoding="utf-8"),
        (folder / pair["to"]).read_text(encoding="utf-8"),
    )


def big_enough(pair: dict[str, str]) -> bool:
    return changed_words(*texts(pair)) >= MIN_CHANGED_WORDS


def draw(corpus: Path, plan: Plan) -> list[dict[str, str]]:
    """`plan.per_document` random pairs of at least MIN_CHANGED_WORDS from each document, then
    one more from documents taken in a shuffled order until `plan.total`. Candidates are
    shuffled and measured in that order, so a long history costs only the pairs it takes to
    find enough."""
    rng = random.Random(plan.seed)
    queues: dict[tuple[str, str], list[dict[str, str]]] = {}
    for key, pairs in sorted(eligible(corpus, labelled(plan.exclude_labels)).items()):
        queue = list(pairs)
        rng.shuffle(queue)
        queues[key] = queue
    chosen: list[dict[str, str]] = []

    def take(key: tuple[str, str]) -> bool:
        while queues[key]:
            pair = queues[key].pop(0)
            if big_enough(pair):
                chosen.append(pair)
                return True
        return False

    for key in queues:
        for _ in range(plan.per_document):
            if not take(key):
                break
    order = list(queues)
    rng.shuffle(order)
    while len(chosen) < plan.total and any(queues.values()):
        for key in order:
            if len(chosen) >= plan.total:
                break
            take(key)
    return sorted(chosen, key=lambda p: (p["service"], p["document"], p["from"]))


def search(corpus: Path, plan: Plan) -> list[dict[str, object]]:
    """Eligible pairs (not in the plan's excluded label files) where a rare category's wording
    is found in one text and not the other."""
    out: list[dict[str, object]] = []
    patterns = {cid: re.compile(p, re.IGNORECASE) for cid, p in RARE.items()}
    for pairs in eligible(corpus, labelled(plan.exclude_labels)).values():
        for pair in pairs:
            old, new = texts(pair)
            gained = [c for c, p in patterns.items() if p.search(new) and not p.search(old)]
            lost = [c for c, p in patterns.items() if p.search(old) and not p.search(new)]
            if gained or lost:
                out.append({**pair, "gained": gained, "lost": lost})
    return out


# --- The contrib, unseen and unseen2 to unseen7 sets: a PolicyWatch content folder,
# content/<platform>/<type>

CONTRIB_TYPES = ("privacy-policy", "terms-of-service", "trackers-policy")
CONTRIB_MIN_VERSIONS = 6  # usable versions a document needs to be drawn (unless a plan says)


@dataclass(frozen=True)
class ContentPlan:
    """How one label set is drawn from a content folder."""

    seed: int
    total: int  # random pairs drawn in all
    documents: int = 25  # documents drawn, each from a different platform
    per_document: int = 2  # rounds over the documents, one pair from each per round
    exclude_platforms: tuple[str, ...] = ()  # label files whose platforms are never drawn
    exclude_related: frozenset[str] = frozenset()  # and the platforms of the same companies
    min_versions: int = CONTRIB_MIN_VERSIONS  # usable versions a document needs to be drawn


# Platforms run by the company of a platform in contrib.json or unseen.json (its other
# products, or the company itself), or products of a company of `ota` that TUNED_ON does not
# catch (Amazon's IMDb and Goodreads). Left out of the unseen2, unseen3, unseen4 and unseen5
# draws only, so that the earlier draws do not move.
RELATED_TO_LABELLED = frozenset(
    {
        "bing", "microsoft", "msn", "skype",  # Microsoft (microsoft-store, unseen)
        "bolt-drivers",  # Bolt (bolt, unseen)
        "xfinity-residential-services",  # Comcast (xfinity, unseen)
        "hearst-com",  # Hearst (womans-day, unseen)
        "ikea-family",  # IKEA (ikea, contrib)
        "wikimedia-foundation",  # Wikipedia's (wikipedia, contrib)
        "wolframalpha",  # Wolfram (wolfram, contrib)
        # Mozilla (thunderbird, contrib)
        "firefox", "firefox-monitor", "firefox-private-network", "mdn-plus", "mozilla",
        "goodreads", "imdb",  # Amazon (ota)
    }
)  # fmt: skip

# Platforms run by the company of a platform in unseen2.json (its other products, or the
# company itself), and products or parent companies of a service of `ota-wide` that TUNED_ON
# does not catch, besides those above. Left out of the unseen3, unseen4 and unseen5 draws only,
# so that the earlier draws do not move.
RELATED_TO_LABELLED_3 = RELATED_TO_LABELLED | frozenset(
    {
        "verizon",  # Verizon (visible, unseen2)
        "okcupid",  # Match Group (match, tinder: ota-wide)
        "tencent",  # Tencent (wechat: ota-wide)
        "rakuten",  # Rakuten (viber: ota-wide)
        "guilded",  # Roblox (roblox: ota-wide)
        "blizzard", "blizzard-entertainment",  # Microsoft since 2023 (github, microsoft-store)
    }
)  # fmt: skip

# Platforms run by the company of a platform in unseen3.json (its other products, or the
# company itself), besides those above. Left out of the unseen4 and unseen5 draws only, so that
# the earlier draws do not move.
RELATED_TO_LABELLED_4 = RELATED_TO_LABELLED_3 | frozenset(
    {
        "protonmail", "protonvpn",  # Proton (proton-mail, unseen3)
        "crunchyroll", "playstation-network",  # Sony (sony-com, unseen3)
        "deviantart",  # Wix since 2017 (wix, unseen3)
        "tumblr",  # Automattic (wordpress-com, unseen3)
        "wordpress-org", "wordpress-foundation",  # the WordPress project (wordpress-com, unseen3)
        "allrecipes",  # Dotdash Meredith (time, unseen3: pages switched to Meredith's policies)
    }
)  # fmt: skip

# Platforms run by the company of a platform in unseen4.json (its other products, or the
# company itself), and platforms of the company of an earlier set's platform or of a corpus
# tuned on that the lists above missed, besides those above. Left out of the unseen5 draw
# only, so that the earlier draws do not move. The other unseen4 platforms (Arc and Atlassian,
# one company since 2025; Bandcamp, Songtradr's since 2023; Coolmath4Kids, Flickr, Instacart,
# ironSource, LibraryThing, OPay, Philip Morris International, Revcontent, Scalingo,
# Shockwave.com, SNCF Pro, Sonic.net, Taboola, Thomson Reuters, Ulster University,
# ValueImpression, Viaplay, Wargaming, Watch.Hockey, WebProNews, Windstream, Yuka) have no
# other platform in the content folder. (Jitsi Meet was Atlassian's from 2015 to 2018 only, and
# is 8x8's since; it is not listed.)
RELATED_TO_LABELLED_5 = RELATED_TO_LABELLED_4 | frozenset(
    {
        "artstation",  # Epic Games (sketchfab, unseen4; bandcamp until 2023); also in unseen
        "glass",  # Google Glass (google: ota-wide), not caught by the google- prefix
        "base",  # Coinbase's Base network (coinbase, unseen2)
        "teads",  # one company with Outbrain since 2025 (outbrain, unseen)
        "limitless",  # Meta since December 2025 (facebook, instagram, whatsapp: ota)
    }
)  # fmt: skip

# Platforms run by the company of a platform in unseen5.json (its other products, or the
# company itself), besides those above: Tresorit, majority-owned by Swiss Post since 2021
# (swiss-post, unseen5). Left out of the unseen6 draw and the later ones, so that the earlier
# draws do not move. The other unseen5 platforms (Booking.com, Dune, Energia, Finnair, Kick,
# Jitsi Meet, OKX, PubMatic, Solana, Telegram, Wise, Y Combinator) have no other platform in the
# content folder (The Reach Group is a German company, not Reach plc of the Mirror).
RELATED_TO_LABELLED_6 = RELATED_TO_LABELLED_5 | frozenset({"tresorit"})

# Platforms run by the company of a platform in unseen6.json (its other products, or the
# company itself), besides those above: Mattermost beta.gouv.fr, run like Tchap (tchap,
# unseen6) by the French state's digital agency (DINUM). Left out of the unseen7 draw only, so
# that the earlier draws do not move. The other unseen6 platforms (AdSupply, ASKfm, Blockworks,
# CafeMom, Chayn, FedEx, Flutterwave, Freja eID, Gofile, HackerOne, MouthShut, Nissan,
# Overleaf, Polyfill.io, Savetz Publishing, SoundCloud, timeanddate.com, UCLA, Vanco,
# WinEveryGame, Yelp) have no other platform in the content folder.
RELATED_TO_LABELLED_7 = RELATED_TO_LABELLED_6 | frozenset({"mattermost-beta-gouv-fr"})

# The label files of the collection in the order they were drawn: each set leaves out the
# platforms of those before it.
_DRAWN = (
    "contrib.json",
    "unseen.json",
    "unseen2.json",
    "unseen3.json",
    "unseen4.json",
    "unseen5.json",
    "unseen6.json",
)

CONTENT_PLANS = {
    "contrib": ContentPlan(seed=20261206, total=45),
    "unseen": ContentPlan(seed=20261207, total=40, exclude_platforms=_DRAWN[:1]),
    "unseen2": ContentPlan(
        seed=20261208, total=40, exclude_platforms=_DRAWN[:2], exclude_related=RELATED_TO_LABELLED
    ),
    "unseen3": ContentPlan(
        seed=20261209, total=40, exclude_platforms=_DRAWN[:3], exclude_related=RELATED_TO_LABELLED_3
    ),
    "unseen4": ContentPlan(
        seed=20261210, total=40, exclude_platforms=_DRAWN[:4], exclude_related=RELATED_TO_LABELLED_4
    ),
    "unseen5": ContentPlan(
        seed=20261211, total=40, exclude_platforms=_DRAWN[:5], exclude_related=RELATED_TO_LABELLED_5
    ),
    # The collection is nearly used up for documents with 6 usable versions (see README.md),
    # so this set takes documents with at least 3.
    "unseen6": ContentPlan(
        seed=20261212,
        total=40,
        exclude_platforms=_DRAWN[:6],
        exclude_related=RELATED_TO_LABELLED_6,
        min_versions=3,
    ),
    # With 3 usable versions only 9 documents of 6 platforms are left after the exclusions
    # (see README.md), so this set takes documents with at least 2.
    "unseen7": ContentPlan(
        seed=20261213,
        total=40,
        exclude_platforms=_DRAWN[:7],
        exclude_related=RELATED_TO_LABELLED_7,
        min_versions=2,
    ),
}

# Platforms whose service is in a corpus the analysis was built or tuned on (`ota`:
# Amazon, Apple, Discord, Facebook, Instagram, LinkedIn, Pinterest, Reddit, Snapchat, TikTok,
# WhatsApp, YouTube, X; `ota-wide`: Airbnb, Bumble, DuckDuckGo, GitHub, Google, Match,
# OnlyFans, PayPal, Roblox, Tinder, Twitch, Viber, Vimeo, WeChat, Xanga, Yahoo, Zoom), with
# the platforms of their products (Google's, Amazon's, Apple's, Meta's). Never drawn.
TUNED_ON_PREFIXES = ("amazon-", "apple", "facebook", "google-", "wechat", "youtube")
TUNED_ON = frozenset(
    {
        # ota and its products
        "alexa", "app-store", "crowdtangle", "discord", "icloud", "instagram", "linkedin",
        "pinterest", "reddit", "snapchat", "tiktok", "twitter", "whatsapp", "x",
        # ota-wide and its products
        "admob", "adsense", "airbnb", "blogger", "bumble", "chrome-and-chrome-os", "duckduckgo",
        "github", "gmail", "google", "local-guides", "match", "onlyfans", "optimize", "paypal",
        "play", "reserve-with-google", "roblox", "stadia", "tinder", "twitch", "viber", "vimeo",
        "waze", "xanga", "yahoo", "zoom",
    }
)  # fmt: skip

Doc = tuple[str, str]  # platform slug, document-type slug


def tuned_on(platform: str) -> bool:
    return platform in TUNED_ON or platform.startswith(TUNED_ON_PREFIXES)


def read_version(path: Path) -> tuple[str, bool]:
    """A content file's Markdown text, and whether it may be a pair's end: not when its front
    matter says `technical` (only the extraction changed) or carries a `withdrawn` or `note`
    key (an empty or failed capture)."""
    raw = path.read_text(encoding="utf-8")
    front, _, body = raw.removeprefix("---\n").partition("\n---\n")
    keys = {line.split(":", 1)[0] for line in front.splitlines() if ":" in line}
    technical = re.search(r"^technical:\s*true\s*$", front, re.MULTILINE) is not None
    return body, not (technical or keys & {"withdrawn", "note"})


def labelled_platforms(names: tuple[str, ...]) -> frozenset[str]:
    """The platforms of the content label files `names` (in this folder)."""
    platforms: set[str] = set()
    for name in names:
        data = json.loads((LABELS / name).read_text(encoding="utf-8"))
        platforms |= {c["platform"] for c in data["changes"]}
    return frozenset(platforms)


def contrib_pairs(content: Path, plan: ContentPlan) -> dict[Doc, list[dict[str, str]]]:
    """Per document of an allowed platform and type with at least `plan.min_versions`
    usable versions: every pair A -> B of consecutive usable versions (stamp order) whose B
    text differs from A's and from every earlier version's (usable or not). Platforms tuned
    on, of the plan's excluded label files or related to them are left out."""
    excluded = labelled_platforms(plan.exclude_platforms) | plan.exclude_related
    found: dict[Doc, list[dict[str, str]]] = {}
    for folder in sorted(content.glob("*/*/")):
        platform, document = folder.parent.name, folder.name
        if tuned_on(platform) or platform in excluded or document not in CONTRIB_TYPES:
            continue
        versions = [(f.name, *read_version(f)) for f in sorted(folder.glob("*.md"))]
        if sum(usable for _, _, usable in versions) < plan.min_versions:
            continue
        seen: set[str] = set()
        last: tuple[str, str] | None = None  # the latest usable version: file, text
        pairs = []
        for name, text, usable in versions:
            if usable and last is not None and text != last[1] and text not in seen:
                pairs.append(
                    {"platform": platform, "document": document, "from": last[0], "to": name}
                    | {"folder": str(folder)}
                )
            seen.add(text)
            if usable:
                last = (name, text)
        found[(platform, document)] = pairs
    return found


def draw_contrib(content: Path, plan: ContentPlan) -> list[dict[str, str]]:
    """Documents shuffled with the plan's seed and taken in that order, one per platform, up
    to `plan.documents`; each document's pairs shuffled; then rounds over the documents (in
    their drawn order) take the next pair of at least MIN_CHANGED_WORDS from each, up to
    `plan.per_document` per document and `plan.total` in all."""
    rng = random.Random(plan.seed)
    by_doc = contrib_pairs(content, plan)
    docs = sorted(by_doc)
    rng.shuffle(docs)
    platforms: set[str] = set()
    queues: dict[Doc, list[dict[str, str]]] = {}
    for doc in docs:
        if len(queues) < plan.documents and doc[0] not in platforms:
            platforms.add(doc[0])
            queue = list(by_doc[doc])
            rng.shuffle(queue)
            queues[doc] = queue
    chosen: list[dict[str, str]] = []
    for _ in range(plan.per_document):
        for queue in queues.values():
            while queue and len(chosen) < plan.total:
                pair = queue.pop(0)
                if big_enough(pair):
                    chosen.append(pair)
                    break
    return sorted(chosen, key=lambda p: (p["platform"], p["document"], p["from"]))


# The contrib search also looks for children's wording (age limits, parental consent).
CONTRIB_RARE = RARE | {
    "children": r"\bchild(?:ren)?\b|\bminors?\b|parental consent|under (?:the age of )?1[3-8]\b"
    r"|\bCOPPA\b|years of age|years old",
}


def search_contrib(content: Path, plan: ContentPlan) -> list[dict[str, object]]:
    """Pairs of every eligible document of the plan (its random draw left out) where a rare
    category's wording (CONTRIB_RARE) is found in one text and not the other."""
    drawn = {(p["platform"], p["document"], p["from"]) for p in draw_contrib(content, plan)}
    patterns = {cid: re.compile(p, re.IGNORECASE) for cid, p in CONTRIB_RARE.items()}
    found: dict[Path, list[str]] = {}  # a version is the new text of one pair, the old of the next

    def rare_in(path: Path) -> list[str]:
        if path not in found:
            text = read_version(path)[0]
            found[path] = [cid for cid, pattern in patterns.items() if pattern.search(text)]
        return found[path]

    out: list[dict[str, object]] = []
    for pairs in contrib_pairs(content, plan).values():
        found.clear()
        for pair in pairs:
            if (pair["platform"], pair["document"], pair["from"]) in drawn:
                continue
            folder = Path(pair["folder"])
            old, new = rare_in(folder / pair["from"]), rare_in(folder / pair["to"])
            gained = [c for c in new if c not in old]
            lost = [c for c in old if c not in new]
            if gained or lost:
                out.append({**pair, "gained": gained, "lost": lost})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, nargs="?", default=None)
    parser.add_argument("--corpus", dest="corpus_option", type=Path, help="corpus folder")
    parser.add_argument("--search", action="store_true", help="list positive-search candidates")
    parser.add_argument(
        "--set",
        dest="label_set",
        choices=[*sorted(PLANS), *sorted(CONTENT_PLANS)],
        default="ota-wide",
        help="label set",
    )
    args = parser.parse_args()
    corpus = args.corpus_option or args.corpus
    rows: list[dict[str, object]] | list[dict[str, str]]
    if args.label_set in CONTENT_PLANS:
        if corpus is None:
            parser.error(
                f"--set {args.label_set} needs --corpus CONTENT (a PolicyWatch content folder)"
            )
        content_plan = CONTENT_PLANS[args.label_set]
        rows = (
            search_contrib(corpus, content_plan)
            if args.search
            else draw_contrib(corpus, content_plan)
        )
    else:
        plan = PLANS[args.label_set]
        corpus = corpus or CORPUS
        rows = search(corpus, plan) if args.search else draw(corpus, plan)
    for row in rows:
        row.pop("folder", None)
        print(json.dumps(row, ensure_ascii=False))
    print(f"{len(rows)} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
