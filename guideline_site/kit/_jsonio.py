"""The one strict JSON boundary a browser and a command line cross: text in, text out."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ._validate import InputError

#: An integer literal longer than this many digits is read as a huge number, so that it is
#: reported as out of range for its field rather than as bad JSON.
_MAX_DIGITS = 100
_HUGE = 10**100


class _DuplicateField(ValueError):
    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(f"The field {field[:40]!r} is given more than once.")


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:  # the last copy must not silently win: it could hide a red flag
            raise _DuplicateField(key)
        data[key] = value
    return data


def _parse_int(digits: str) -> int:
    if len(digits) > _MAX_DIGITS:
        return -_HUGE if digits.startswith("-") else _HUGE
    return int(digits)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _bad_json(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "The input is not valid JSON: it is nested too deeply."
    return f"The input is not valid JSON: {exc}."


def evaluate_json(evaluate: Callable[[Any], dict[str, Any]], text: str) -> str:
    """``{"result": ...}`` or ``{"errors": [...]}`` for one JSON text; never raises."""
    answer: dict[str, Any]
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            object_pairs_hook=_object_without_duplicates,
        )
    except _DuplicateField as exc:
        return json.dumps({"errors": [{"field": exc.field, "message": str(exc)}]})
    except (ValueError, RecursionError, TypeError) as exc:
        return json.dumps({"errors": [{"field": None, "message": _bad_json(exc)}]})
    try:
        answer = {"result": evaluate(data)}
    except InputError as exc:
        answer = {"errors": exc.errors}
    return json.dumps(answer)
