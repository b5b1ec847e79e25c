"""Frozen dataclasses to JSON and back, by their type hints (for the analysis cache).

JSON rather than pickle: a cache folder is data anyone could commit to a pull request, and
reading it must never run code. msgspec reads a value straight into its types, checking
them: a warm build reads a whole collection's analysis back, hundreds of thousands of values.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def encode(value: Any) -> bytes:
    """JSON for a value made of dataclasses, enums (by value), tuples, dicts and scalars."""
    return msgspec.json.encode(value)


def decode(kind: type[T], data: bytes) -> T:
    """The value of type `kind` that `encode` wrote; ValueError if `data` does not fit."""
    try:
        return msgspec.json.decode(data, type=kind)
    except msgspec.MsgspecError as exc:
        raise ValueError(f"cannot read {kind!r} from cached data: {exc}") from exc
