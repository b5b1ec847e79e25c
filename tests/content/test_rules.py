from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from generator.content.rules import (
    FieldError,
    check_day,
    check_language,
    check_moment,
    check_source,
    check_url,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2023, 9, 29), datetime(2023, 9, 29, tzinfo=UTC)),
        (datetime(2023, 9, 29, 14, 30), datetime(2023, 9, 29, 14, 30, tzinfo=UTC)),
        ("2023-09-29T14:30:00Z", datetime(2023, 9, 29, 14, 30, tzinfo=UTC)),
        ("2023-09-29T16:30:00+02:00", datetime(2023, 9, 29, 14, 30, tzinfo=UTC)),
        ("2023-09-29T14-30-00Z", datetime(2023, 9, 29, 14, 30, tzinfo=UTC)),
        ("2023-09-29", datetime(2023, 9, 29, tzinfo=UTC)),
    ],
)
def test_moments_become_utc(value: object, expected: datetime) -> None:
    assert check_moment(value) == expected


@pytest.mark.parametrize("value", ["2023-02-29", "yesterday", 20230929, True])
def test_bad_moments(value: object) -> None:
    with pytest.raises(FieldError):
        check_moment(value)


def test_day_refuses_date_times() -> None:
    assert check_day("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(FieldError, match="must be a date"):
        check_day(datetime(2023, 1, 1))


@pytest.mark.parametrize("url", ["https://x.com/a?b=c", "http://[::1]:8080/", "HTTPS://X.COM"])
def test_good_urls(url: str) -> None:
    assert check_url(url) == url


@pytest.mark.parametrize(
    "url", ["x.com", "javascript:alert(1)", "https://", "https://x.com:99999/", "https://a b"]
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(FieldError):
        check_url(url)


def test_source_may_be_unknown_but_not_unknown_ish() -> None:
    assert check_source("unknown") == "unknown"
    with pytest.raises(FieldError):
        check_source("Unknown source")


@pytest.mark.parametrize("tag", ["en", "fr", "pt-BR", "zh-Hant-TW", "es-419"])
def test_language_tags(tag: str) -> None:
    assert check_language(tag) == tag


@pytest.mark.parametrize("tag", ["e", "english language", "en_US", "-en"])
def test_bad_language_tags(tag: str) -> None:
    with pytest.raises(FieldError):
        check_language(tag)
