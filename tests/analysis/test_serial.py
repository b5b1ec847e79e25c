from __future__ import annotations

import json

import pytest

from generator.analysis.changes import Change, Flip, Kind, Quote, TextMetrics
from generator.analysis.serial import decode, encode


def sample() -> Change:
    return Change(
        "acme",
        "privacy-policy",
        "2023-01-01",
        "2023-06-01T10-00-00Z",
        Kind.SUBSTANTIVE,
        TextMetrics(1200, 4.8, 41.5, 13.2, 0.6),
        before=TextMetrics(1000, 4.0),
        categories_added=("biometric", "ai-training"),
        evidence={"biometric": ("We collect faceprints.",)},
        words_added=12,
        summary=None,
        quotes={"biometric": (Quote("We collect faceprints.", ((11, 21),), "new"),)},
        flips=(Flip("sale-of-data", "will not", "may"),),
    )


def test_round_trip_through_json() -> None:
    change = sample()
    assert decode(Change, encode(change)) == change
    data = json.loads(encode(change))
    assert data["kind"] == "substantive" and data["categories_added"] == [
        "biometric",
        "ai-training",
    ]


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("platform"),
        lambda d: d.update(kind="nonsense"),
        lambda d: d.update(words_added="many"),
        lambda d: d["quotes"]["biometric"][0].update(marks=[[1, 2, 3]]),
    ],
)
def test_damaged_data_is_a_value_error(damage: object) -> None:
    data = json.loads(encode(sample()))
    damage(data)  # type: ignore[operator]
    with pytest.raises(ValueError):
        decode(Change, json.dumps(data).encode())


def test_text_that_is_not_json_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        decode(Change, b'{"platform": "acme", ')
