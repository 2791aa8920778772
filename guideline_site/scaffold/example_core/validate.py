"""The one validation boundary: a JSON-like value in, an :class:`ExampleInput` or
:class:`InputError` out. Every problem is reported, each naming its field. A field given as
null counts as not given. Types are exact: true is not a number, "5" is not 5, 5.0 is not a
whole number.
"""

from __future__ import annotations

from collections.abc import Mapping

from .form import EXAMPLE_BOX, EXAMPLE_NUMBER, LABELS
from .rules import ExampleInput


class InputError(ValueError):
    """Bad input. ``errors`` is a list of ``{"field": name or None, "message": text}``."""

    def __init__(self, errors: list[dict[str, str | None]]) -> None:
        self.errors = errors
        super().__init__(
            " ".join(
                f"{e['field']}: {e['message']}" if e["field"] else str(e["message"]) for e in errors
            )
        )


def _shown(value: object) -> str:
    """A short rendering of a bad value for a message."""
    if type(value) in (bool, int, float):
        return repr(value).lower() if type(value) is bool else repr(value)
    if type(value) is str:
        return repr(value[:40])
    return f"a {type(value).__name__}"


def validate(data: object) -> ExampleInput:
    """Check ``data``; raise InputError listing every problem."""
    if not isinstance(data, Mapping):
        raise InputError([{"field": None, "message": "The input must be a JSON object."}])
    errors: list[dict[str, str | None]] = []
    for key in data:
        if key not in LABELS:
            known = ", ".join(LABELS)
            errors.append({"field": str(key), "message": f"Unknown field: expected only {known}."})

    number = data.get(EXAMPLE_NUMBER.name)
    assert EXAMPLE_NUMBER.minimum is not None
    assert EXAMPLE_NUMBER.maximum is not None
    low, high = EXAMPLE_NUMBER.minimum, EXAMPLE_NUMBER.maximum
    if number is None:
        errors.append(
            {"field": EXAMPLE_NUMBER.name, "message": f"{EXAMPLE_NUMBER.label} is required."}
        )
    elif type(number) is not int or not low <= number <= high:
        errors.append(
            {
                "field": EXAMPLE_NUMBER.name,
                "message": f"{EXAMPLE_NUMBER.label} must be a whole number from {low} to {high}"
                f" (got {_shown(number)}).",
            }
        )

    box = data.get(EXAMPLE_BOX.name)
    if box is None:
        errors.append({"field": EXAMPLE_BOX.name, "message": f"{EXAMPLE_BOX.label} is required."})
    elif type(box) is not bool:
        errors.append(
            {
                "field": EXAMPLE_BOX.name,
                "message": f"{EXAMPLE_BOX.label} must be true or false (got {_shown(box)}).",
            }
        )

    if errors:
        raise InputError(errors)
    assert type(number) is int
    assert type(box) is bool
    return ExampleInput(example_number=number, example_box=box)
