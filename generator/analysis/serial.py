"""Frozen dataclasses to JSON values and back, by their type hints (for the analysis cache).

JSON rather than pickle: a cache folder is data anyone could commit to a pull request, and
reading it must never run code.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def dump(value: Any) -> Any:
    """A JSON-ready form of a value made of dataclasses, tuples, dicts and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    return value


def load(kind: type[T], data: Any) -> T:
    """The value of type `kind` that `dump` turned into `data`; ValueError if it does not fit."""
    try:
        return typing.cast("T", _load(kind, data))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"cannot read {kind!r} from cached data: {exc}") from exc


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _load(kind: Any, data: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        (real,) = [option for option in options if option is not type(None)]
        return _load(real, data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], element) for element in data)
        if len(args) != len(data):
            raise TypeError(f"expected {len(args)} items, got {len(data)}")
        return tuple(_load(arg, element) for arg, element in zip(args, data, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(kind)
        return {_load(key_type, k): _load(value_type, v) for k, v in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        fields = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{name: _load(hints[name], data[name]) for name in fields if name in data})
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(data)
    if kind is float and isinstance(data, int):
        return float(data)
    if kind in (str, int, float, bool) and not isinstance(data, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
    return data
