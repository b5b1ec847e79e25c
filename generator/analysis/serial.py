"""Frozen dataclasses to JSON values and back, by their type hints (for the analysis cache).

JSON rather than pickle: a cache folder is data anyone could commit to a pull request, and
reading it must never run code.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
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
    hashable: Any = kind  # types are hashable; typing's generic aliases too
    try:
        return typing.cast("T", _loader(hashable)(data))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"cannot read {kind!r} from cached data: {exc}") from exc


Loader = Callable[[Any], Any]


@cache
def _loader(kind: Any) -> Loader:
    """A function that reads values of `kind`, made once per type: a warm build reads a
    collection's whole analysis back (hundreds of thousands of values) and asking the typing
    module about each value's type cost more than the reading."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        (real,) = [option for option in options if option is not type(None)]
        return _optional(_loader(real)) if type(None) in options else _loader(real)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(_loader(args[0]))
        return _fixed(tuple(_loader(arg) for arg in args))
    if origin is dict:
        key_type, value_type = typing.get_args(kind)
        return _mapping(_loader(key_type), _loader(value_type))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind is float:
        return _float
    if kind in (str, int, bool):
        return _scalar(kind)
    return _same


def _optional(inner: Loader) -> Loader:
    return lambda data: None if data is None else inner(data)


def _sequence(item: Loader) -> Loader:
    return lambda data: tuple(item(element) for element in data)


def _fixed(items: tuple[Loader, ...]) -> Loader:
    def load_fixed(data: Any) -> tuple[Any, ...]:
        if len(items) != len(data):
            raise TypeError(f"expected {len(items)} items, got {len(data)}")
        return tuple(item(element) for item, element in zip(items, data, strict=True))

    return load_fixed


def _mapping(key: Loader, value: Loader) -> Loader:
    return lambda data: {key(k): value(v) for k, v in data.items()}


def _dataclass(kind: type) -> Loader:
    fields: list[tuple[str, Loader]] = []  # filled at the first read: a type may refer to itself

    def load_dataclass(data: Any) -> Any:
        if not fields:
            hints = typing.get_type_hints(kind)
            init = [f.name for f in dataclasses.fields(kind) if f.init]
            fields.extend((name, _loader(hints[name])) for name in init)
        return kind(**{name: read(data[name]) for name, read in fields if name in data})

    return load_dataclass


def _float(data: Any) -> float:
    if isinstance(data, int):
        return float(data)
    if not isinstance(data, float):
        raise TypeError(f"expected float, got {type(data).__name__}")
    return data


def _scalar(kind: type) -> Loader:
    def load_scalar(data: Any) -> Any:
        if not isinstance(data, kind):
            raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
        return data

    return load_scalar


def _same(data: Any) -> Any:
    return data
