"""The one validation boundary: a JSON-like value in, a :class:`FlareInput` or InputError out.

All errors are collected (not only the first) and each names its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .form import LABELS, MAX_DAYS
from .model import ErrorData, FlareInput, RedFlag, Response

FIELDS = tuple(LABELS)
RED_FLAG_CODES = tuple(flag.value for flag in RedFlag)
RESPONSES = tuple(response.value for response in Response)


class InputError(ValueError):
    """Bad input. ``errors`` is a list of ``{"field": name or None, "message": text}``."""

    def __init__(self, errors: list[ErrorData]) -> None:
        self.errors = errors
        super().__init__(one_line(errors))


def one_line(errors: list[ErrorData]) -> str:
    """All errors as one human-readable line (line breaks in field names folded); each
    message is a sentence, so they are joined with a space."""
    text = " ".join(
        f"{_short(error['field'])}: {error['message']}" if error["field"] else str(error["message"])
        for error in errors
    )
    return " ".join(text.splitlines())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    """A short, safe rendering of a bad value for a message."""
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return repr(_short(value))
    if type(value) is int:
        return str(value) if abs(value) < 10**15 else "a very large number"
    if type(value) is float:
        return repr(value)
    if type(value) in (list, tuple):
        return "a list"
    if type(value) is dict:
        return "an object"
    return "a value of another type"


class _Collector:
    def __init__(self) -> None:
        self.errors: list[ErrorData] = []

    def add(self, field: str | None, message: str) -> None:
        error: ErrorData = {"field": field, "message": message}
        if error not in self.errors:  # a repeated bad item is reported once
            self.errors.append(error)

    def whole_number(self, data: dict[str, Any], field: str, low: int, high: int) -> int | None:
        """The field's value if it is an int in [low, high]; records an error otherwise."""
        value = data.get(field)
        if value is None:
            return None
        label = LABELS[field]
        unit = "" if field == "pain_score" else " days"
        if type(value) is not int:  # a bool, a float (6.0 too) or "6" is not a whole number
            self.add(
                field,
                f"{label} must be a whole number from {low} to {high}{unit}"
                f" (got {_describe(value)}).",
            )
            return None
        if not low <= value <= high:
            self.add(
                field,
                f"{label} must be between {low} and {high}{unit} (got {_describe(value)}).",
            )
            return None
        return value

    def boolean(self, data: dict[str, Any], field: str) -> bool | None:
        value = data.get(field)
        if value is None:
            return None
        if type(value) is not bool:
            self.add(field, f"{LABELS[field]} must be true or false (got {_describe(value)}).")
            return None
        return value


def validate(data: object) -> FlareInput:
    """Check ``data`` against the contract; raise InputError listing every problem.

    A field given as null counts as not given (an unanswered control), so a required field
    that is null is reported as missing. Values are checked by exact type (``type(v) is int``)
    so that no method of an odd value runs; a mapping that cannot even be read is bad input
    too. Nothing but InputError leaves this function.
    """
    errors = _Collector()
    if not isinstance(data, Mapping):
        errors.add(
            None,
            f"The input must be a JSON object of the calculator's fields (got {_describe(data)}).",
        )
        raise InputError(errors.errors)
    try:
        data = dict(data)
    except Exception as exc:  # a Mapping whose own methods fail is unreadable input
        errors.add(None, f"The input object could not be read ({type(exc).__name__}).")
        raise InputError(errors.errors) from None
    return _validate_dict(data, errors)


def _validate_dict(data: dict[str, Any], errors: _Collector) -> FlareInput:
    for key in data:
        if type(key) is not str:
            errors.add(None, f"Field names must be text (got {_describe(key)}).")
        elif key not in LABELS:
            errors.add(
                key,
                f"Unknown field {_short(key)!r}: this calculator uses only "
                + ", ".join(FIELDS)
                + ".",
            )

    red_flags = _red_flags(data, errors)
    pain = errors.whole_number(data, "pain_score", 0, 10)
    duration = errors.whole_number(data, "symptom_duration_days", 0, MAX_DAYS)
    limitation = errors.boolean(data, "functional_limitation")
    nsaid_days = errors.whole_number(data, "nsaid_days", 0, MAX_DAYS)
    duloxetine_days = errors.whole_number(data, "duloxetine_days", 0, MAX_DAYS)
    tolerated = errors.boolean(data, "nsaid_tolerated")

    response = data.get("response")
    if response is not None and (type(response) is not str or response not in RESPONSES):
        errors.add(
            "response",
            f"Response to treatment must be one of {', '.join(RESPONSES)}"
            f" (got {_describe(response)}).",
        )
        response = None

    if not red_flags:
        # No red flag given (none, unanswered or only bad codes): the routine algorithm
        # needs these answers, so report them as missing too.
        for field, value in (
            ("pain_score", pain),
            ("symptom_duration_days", duration),
            ("functional_limitation", limitation),
        ):
            if value is None and data.get(field) is None:
                errors.add(field, f"{LABELS[field]} is required unless a red flag is present.")
        if data.get("nsaid_days") is not None and data.get("response") is None:
            errors.add(
                "response",
                "Response to treatment is required once NSAIDs have been started"
                " (adequate, inadequate or none).",
            )

    if data.get("duloxetine_days") is not None and data.get("nsaid_days") is None:
        errors.add(
            "duloxetine_days",
            "Duloxetine is given but NSAIDs are not: in this algorithm duloxetine is added to"
            " NSAIDs (Step 3), so days since NSAIDs were started is needed too.",
        )
    elif nsaid_days is not None and duloxetine_days is not None and duloxetine_days > nsaid_days:
        errors.add(
            "duloxetine_days",
            f"Duloxetine cannot have been added {duloxetine_days} days ago when NSAIDs were"
            f" started only {nsaid_days} days ago: in this algorithm duloxetine is added after"
            " NSAIDs.",
        )

    if errors.errors:
        raise InputError(errors.errors)
    assert red_flags is not None  # an error was recorded otherwise
    return FlareInput(
        red_flags=red_flags,
        pain_score=pain,
        symptom_duration_days=duration,
        functional_limitation=limitation,
        nsaid_days=nsaid_days,
        duloxetine_days=duloxetine_days,
        response=response if nsaid_days is not None else None,
        nsaid_tolerated=True if tolerated is None else tolerated,
    )


def _red_flags(data: dict[str, Any], errors: _Collector) -> tuple[str, ...] | None:
    """The red-flag codes given, in the contract's order, or None if unanswered or invalid.

    A list holding a known code and a bad item is an error, but the known code still counts
    as a red flag given: the other required fields are then not demanded.
    """
    value = data.get("red_flags")
    if value is None:
        errors.add(
            "red_flags",
            "The red-flag screen must be answered: list the red flags present, or an empty"
            " list for none of these.",
        )
        return None
    if type(value) is not list:
        errors.add(
            "red_flags",
            f"The red-flag screen must be a list of red-flag codes (got {_describe(value)}).",
        )
        return None
    bad = [item for item in value if not (type(item) is str and item in RED_FLAG_CODES)]
    for item in bad:
        errors.add(
            "red_flags",
            f"Unknown red flag {_describe(item)}: expected any of "
            + ", ".join(RED_FLAG_CODES)
            + ".",
        )
    known = {item for item in value if type(item) is str}
    given = tuple(code for code in RED_FLAG_CODES if code in known)
    if bad and not given:
        return None
    return given
