"""The one validation boundary: a JSON-like value in, the answers or an InputError out.

Every problem is collected (not only the first), each naming its field with one sentence a
clinician understands. Values are checked by exact type, so no method of an odd value runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from ._fields import Field, Kind, describe, short


class ErrorData(TypedDict):
    """One input error: the field at fault (None: the input as a whole) and a message."""

    field: str | None
    message: str


class InputError(ValueError):
    """Bad input. ``errors`` is a list of ``{"field": name or None, "message": text}``."""

    def __init__(self, errors: list[ErrorData]) -> None:
        self.errors = errors
        super().__init__(one_line(errors))


def one_line(errors: list[ErrorData]) -> str:
    """All errors as one line (line breaks in field names folded)."""
    text = " ".join(
        f"{short(e['field'])}: {e['message']}" if e["field"] else str(e["message"]) for e in errors
    )
    return " ".join(text.splitlines())


class _Errors:
    def __init__(self) -> None:
        self.errors: list[ErrorData] = []

    def add(self, field: str | None, message: str) -> None:
        error: ErrorData = {"field": field, "message": message}
        if error not in self.errors:  # a repeated bad item is reported once
            self.errors.append(error)


def validate(fields: tuple[Field, ...], data: object) -> dict[str, Any]:
    """The answers of ``data``, field by field (None: not given; defaults applied; a field
    whose ``shown_when`` does not hold is None), or InputError naming every problem."""
    errors = _Errors()
    if not isinstance(data, Mapping):
        errors.add(
            None,
            f"The input must be a JSON object of the calculator's fields (got {describe(data)}).",
        )
        raise InputError(errors.errors)
    try:
        data = dict(data)
    except Exception as exc:  # a Mapping whose own methods fail is unreadable input
        errors.add(None, f"The input object could not be read ({type(exc).__name__}).")
        raise InputError(errors.errors) from None

    by_name = {field.name: field for field in fields}
    for key in data:
        if type(key) is not str:
            errors.add(None, f"Field names must be text (got {describe(key)}).")
        elif key not in by_name:
            errors.add(
                key,
                f"Unknown field {short(key)!r}: this calculator uses only "
                + ", ".join(by_name)
                + ".",
            )

    answers: dict[str, Any] = {}
    for field in fields:
        answers[field.name] = _answer(field, data, by_name, errors)

    for field in fields:
        given = data.get(field.name) is not None
        if not given:
            if field.required and all(
                c.holds(data if c.as_entered else answers) for c in field.required_when
            ):
                message = field.required_message or (
                    f"{field.label} must be answered."
                    if field.kind is Kind.CHECKLIST
                    else f"{field.label} is required."
                )
                errors.add(field.name, message)
            continue
        if field.requires is not None and data.get(field.requires) is None:
            errors.add(
                field.name,
                field.requires_message
                or f"{field.label} needs {by_name[field.requires].label} to be given too.",
            )
        elif field.at_most is not None:
            value, limit = answers[field.name], answers[field.at_most]
            if value is not None and limit is not None and value > limit:
                errors.add(
                    field.name,
                    (field.at_most_message or "{label} cannot be more than {other}.").format(
                        label=field.label,
                        other=by_name[field.at_most].label,
                        value=value,
                        limit=limit,
                    ),
                )

    if errors.errors:
        raise InputError(errors.errors)
    for field in fields:
        if answers[field.name] is None and not field.required:
            answers[field.name] = field.default
        elif field.shown_when and not all(c.holds(answers) for c in field.shown_when):
            answers[field.name] = None
    return answers


def _answer(field: Field, data: dict[str, Any], by_name: dict[str, Field], errors: _Errors) -> Any:
    """The field's checked answer (a decimal in its first unit), or None (not given, or bad:
    the error is recorded). A checklist with a bad item keeps its known items, in declared
    order, so that a known red flag still counts when another item is bad."""
    value = data.get(field.name)
    if value is None:
        return None
    if field.kind is Kind.CHECKLIST and type(value) is list:
        known = field.values
        bad = [item for item in value if not (type(item) is str and item in known)]
        expected = ", ".join(map(str, known))
        for item in bad:
            errors.add(
                field.name,
                field.unknown_item_message.format(got=describe(item), expected=expected)
                if field.unknown_item_message
                else f"Unknown {field.label.lower()} item {describe(item)}: expected any of "
                + expected
                + ".",
            )
        given = tuple(code for code in known if code in {i for i in value if type(i) is str})
        return None if bad and not given else given
    entered_in = None
    if field.kind is Kind.DECIMAL and field.unit_field is not None:
        unit = data.get(field.unit_field)
        # An unknown or missing unit is the unit field's own error; the value's type is
        # still checked.
        entered_in = next((o for o in by_name[field.unit_field].options if o.value == unit), None)
    problem = field.problem(value, entered_in)
    if problem is not None:
        errors.add(field.name, problem)
        return None
    if field.kind is Kind.DECIMAL:
        if field.unit_field is not None and entered_in is None:
            return None
        return float(value) * (entered_in.factor or 1.0 if entered_in is not None else 1.0)
    return value
