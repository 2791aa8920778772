"""The one validation boundary: a JSON-like value in, a :class:`ScoreInput` or InputError out.

Every error is collected (not only the first), each naming its field. A field given as null
counts as not given. Values are checked by exact type: a boolean is not a number, "70" is
not 70, 70.0 is not a whole number.
"""

from __future__ import annotations

from collections.abc import Mapping

from .form import AGE, LABELS, RISK_FACTORS, SEX
from .table import RiskFactor, ScoreInput, Sex

RISK_FACTOR_CODES = tuple(factor.value for factor in RiskFactor)
SEXES = tuple(sex.value for sex in Sex)


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
    """A short, safe rendering of a bad value for a message."""
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if type(value) is int:
        return str(value) if abs(value) < 10**15 else "a very large number"
    if type(value) is float:
        return repr(value)
    if type(value) is list:
        return "a list"
    if type(value) is dict:
        return "an object"
    return "a value of another type"


def validate(data: object) -> ScoreInput:
    """Check ``data``; raise InputError listing every problem. Nothing else leaves here."""
    errors: list[dict[str, str | None]] = []

    def add(field: str | None, message: str) -> None:
        if {"field": field, "message": message} not in errors:
            errors.append({"field": field, "message": message})

    if not isinstance(data, Mapping):
        add(None, f"The input must be a JSON object of the score's fields (got {_shown(data)}).")
        raise InputError(errors)
    try:
        data = dict(data)
    except Exception as exc:  # a Mapping whose own methods fail is unreadable input
        raise InputError(
            [{"field": None, "message": f"The input could not be read ({type(exc).__name__})."}]
        ) from None

    for key in data:
        if type(key) is not str:
            add(None, f"Field names must be text (got {_shown(key)}).")
        elif key not in LABELS:
            add(key, f"Unknown field {_shown(key)}: this score uses only {', '.join(LABELS)}.")
    for field in (RISK_FACTORS.name, AGE.name, SEX.name):
        if data.get(field) is None:
            add(field, f"{LABELS[field]} is required.")

    factors = data.get(RISK_FACTORS.name)
    if factors is not None:
        if type(factors) is not list:
            add(
                RISK_FACTORS.name,
                f"{RISK_FACTORS.label} must be a list of codes, [] for none of these"
                f" (got {_shown(factors)}).",
            )
        else:
            for item in factors:
                if not (type(item) is str and item in RISK_FACTOR_CODES):
                    add(
                        RISK_FACTORS.name,
                        f"Unknown risk factor {_shown(item)}: expected any of"
                        f" {', '.join(RISK_FACTOR_CODES)}.",
                    )

    age = data.get(AGE.name)
    if age is not None:
        assert AGE.minimum is not None
        assert AGE.maximum is not None
        if type(age) is not int:
            add(
                AGE.name,
                f"{AGE.label} must be a whole number of years from {AGE.minimum} to"
                f" {AGE.maximum} (got {_shown(age)}).",
            )
        elif not AGE.minimum <= age <= AGE.maximum:
            add(
                AGE.name,
                f"{AGE.label} must be between {AGE.minimum} and {AGE.maximum} years"
                f" (got {_shown(age)}).",
            )

    sex = data.get(SEX.name)
    if sex is not None and not (type(sex) is str and sex in SEXES):
        add(SEX.name, f"{SEX.label} must be one of {', '.join(SEXES)} (got {_shown(sex)}).")

    if errors:
        raise InputError(errors)
    assert type(factors) is list
    assert type(age) is int
    assert type(sex) is str
    return ScoreInput(risk_factors=frozenset(factors), age=age, sex=sex)
