"""Argument checks shared by the public functions of the core.

Every public function validates its input and raises :class:`TypeError` or
:class:`ValueError` with a message that names the parameter and the bad
value, so that a widget can show the message beside the input it came from.

Examples
--------
>>> check_int("duration", 5, minimum=0)
5
>>> check_int("duration", -2, minimum=0)
Traceback (most recent call last):
...
ValueError: duration must be >= 0, got -2
>>> check_int("duration", "5")
Traceback (most recent call last):
...
TypeError: duration must be an integer, got str '5'
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable


#: The longest text shown back in a message; longer values are cut, so a
#: message stays readable when a learner pastes a whole document.
_SHOWN = 80


def _describe(value: object) -> str:
    return f"{type(value).__name__} {shown(value)}"


def shown(value: object) -> str:
    """``repr(value)`` for a message, cut to a readable length.

    Huge integers are described by their number of digits (Python refuses
    to print integers of more than 4,300 digits), and any ``repr`` that
    fails or is very long is shortened.

    Examples
    --------
    >>> shown(2.5)
    '2.5'
    >>> shown(10 ** 500)
    'an integer of 501 digits'
    >>> shown("x" * 200)[-21:]
    'x... (200 characters)'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        digits = len(str(abs(value))) if value.bit_length() < 14_000 else int(
            value.bit_length() * 0.30103) + 1
        return f"an integer of {digits} digits"
    try:
        text = repr(value)
    except Exception:  # a hostile object whose repr fails
        return f"a {type(value).__name__} object"
    if len(text) > _SHOWN:
        size = f"{len(value)} characters" if isinstance(value, str) else f"{len(text)} characters shown"
        text = f"{text[:_SHOWN - 20]}... ({size})"
    return text


def check_int(name: str, value: object, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is an integer within the bounds.

    Booleans are refused: ``True`` is an ``int`` to Python but never a count.

    Examples
    --------
    >>> check_int("n", 3, minimum=1, maximum=5)
    3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_describe(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_number(name: str, value: object, *, minimum: float | None = None,
                 maximum: float | None = None) -> float:
    """Return ``value`` as a finite ``float`` within the (inclusive) bounds.

    Examples
    --------
    >>> check_number("threshold", 0.8, minimum=0, maximum=1)
    0.8
    >>> check_number("threshold", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: threshold must be a finite number, got nan
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {_describe(value)}")
    try:
        number = float(value)
    except (OverflowError, ValueError):  # an integer too large for a float
        raise ValueError(f"{name} must be a finite number, got {shown(value)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}")
    value = number
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def to_float(value: numbers.Real) -> float:
    """``float(value)`` for a real number, with an integer too large for a
    float giving ``inf`` instead of raising ``OverflowError``, so that the
    caller's own "must be finite" check refuses it with its message.

    Examples
    --------
    >>> to_float(3), to_float(10 ** 400)
    (3.0, inf)
    """
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def check_name_or_path(name: str, value: object):
    """Return ``value`` if it is a dataset name (a string) or a path.

    Examples
    --------
    >>> check_name_or_path("name", "lifecycle/roles.yml")
    'lifecycle/roles.yml'
    >>> check_name_or_path("name", ["roles.yml"])
    Traceback (most recent call last):
    ...
    TypeError: name must be a dataset name or a path, got list ['roles.yml']
    """
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a dataset name or a path, got {_describe(value)}")
    return value


def cached_by_names(loader):
    """Cache a loader whose parameters are all dataset names or paths.

    Each argument is first checked with :func:`check_name_or_path` (so that
    a list or a dict gives a message naming the parameter, not "unhashable
    type"). The cache is keyed by the files the names resolve to *and* their
    modification times (as :func:`implcourse.content.cached_by_file` is), so
    a trainer who edits a file of their own and loads it again gets the new
    content, and a course dataset and a file of the same name in the working
    folder never share an entry. A name that does not resolve to a file is
    passed to the loader uncached, for it to report.

    Examples
    --------
    >>> @cached_by_names
    ... def load(name="a.yml"):
    ...     return name.upper()
    >>> load(), load(name="b.yml")
    ('A.YML', 'B.YML')
    >>> load({})
    Traceback (most recent call last):
    ...
    TypeError: name must be a dataset name or a path, got dict {}
    """
    import functools
    import inspect

    signature = inspect.signature(loader)

    @functools.lru_cache(maxsize=64)
    def cached(stamps, args, kwargs):
        return loader(*args, **dict(kwargs))

    @functools.wraps(loader)
    def load(*args, **kwargs):
        from .content import resolve  # content imports this module

        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as err:
            raise TypeError(f"{loader.__name__}: {err}") from None
        for param, value in bound.arguments.items():
            check_name_or_path(param, value)
        full = signature.bind(*args, **kwargs)
        full.apply_defaults()
        stamps = []
        for value in full.arguments.values():
            try:
                path = resolve(value).resolve()
                stamps.append((str(path), path.stat().st_mtime_ns))
            except (ValueError, TypeError, OSError):
                return loader(*args, **kwargs)  # not a file: let the loader say why
        return cached(tuple(stamps), tuple(args), tuple(sorted(kwargs.items())))

    load.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return load


def check_finite(name: str, value):
    """Return a computed ``value`` if it is finite, else raise ``ValueError``.

    For results, not inputs: amounts near the largest float (about 1.8e308)
    can each be finite while their sum or product overflows to infinity or
    NaN. A result that is not finite is never returned silently.

    Parameters
    ----------
    name : str
        What the value is, in the reader's words (e.g. ``"NPV"``).
    value : float or array_like
        The computed result; every element of an array is checked.

    Examples
    --------
    >>> check_finite("NPV", 12.5)
    12.5
    >>> check_finite("NPV", float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: NPV cannot be computed: the amounts are too large (the result overflows to inf); use smaller units, e.g. thousands
    """
    import numpy as np

    array = np.asarray(value, dtype=float) if not isinstance(value, float) else None
    ok = math.isfinite(value) if array is None else bool(np.isfinite(array).all())
    if not ok:
        bad = value if array is None else array[~np.isfinite(array)].flat[0]
        raise ValueError(f"{name} cannot be computed: the amounts are too large (the result "
                         f"overflows to {bad}); use smaller units, e.g. thousands")
    return value


def check_str(name: str, value: object, *, allow_empty: bool = False) -> str:
    """Return ``value`` stripped of surrounding spaces if it is a string.

    Examples
    --------
    >>> check_str("task_id", "  build ")
    'build'
    >>> check_str("task_id", "")
    Traceback (most recent call last):
    ...
    ValueError: task_id must not be empty (you entered '')
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_describe(value)}")
    original, value = value, value.strip()
    if not value and not allow_empty:
        raise ValueError(f"{name} must not be empty (you entered {original!r})")
    return value


def check_str_list(name: str, value: object) -> list[str]:
    """Return a list of non-empty strings from any iterable of strings.

    A single string is refused, because iterating it would yield letters.

    Examples
    --------
    >>> check_str_list("sequence", ("a", "b"))
    ['a', 'b']
    >>> check_str_list("sequence", "ab")
    Traceback (most recent call last):
    ...
    TypeError: sequence must be a list of strings, got str 'ab'
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of strings, got {_describe(value)}")
    items = list(value)
    for i, item in enumerate(items):
        check_str(f"{name}[{i}]", item)
    return [item.strip() for item in items]


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``.

    Examples
    --------
    >>> check_choice("kind", "go", ["go", "no-go"])
    'go'
    >>> check_choice("kind", "maybe", ["go", "no-go"])
    Traceback (most recent call last):
    ...
    ValueError: kind must be one of 'go', 'no-go'; got 'maybe'
    """
    options = list(choices)
    value = check_str(name, value)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def check_items(name: str, value: object, kind: type | tuple[type, ...], *,
                what: str | None = None) -> list:
    """Return ``value`` as a list if it is a sequence (not text) of ``kind`` objects.

    Examples
    --------
    >>> check_items("numbers", (1, 2), int)
    [1, 2]
    >>> check_items("numbers", [1, "2"], int)
    Traceback (most recent call last):
    ...
    TypeError: numbers must hold int objects; item 2 is str '2'
    """
    label = what or (kind.__name__ if isinstance(kind, type) else
                     " or ".join(k.__name__ for k in kind))
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of {label} objects, got "
                        f"{type(value).__name__} {shown(value)}")
    for index, item in enumerate(value, start=1):
        if isinstance(item, bool) and kind is not bool or not isinstance(item, kind):
            raise TypeError(f"{name} must hold {label} objects; item {index} is "
                            f"{type(item).__name__} {shown(item)}")
    return list(value)
