"""The CHA2DS2-VASc score (Lip et al., Chest 2010;137(2):263-272) as a pure-Python,
standard-library-only calculator core: the second user of the guideline-site generator.

    >>> from cha2ds2vasc_core import evaluate
    >>> evaluate({"risk_factors": ["hypertension"], "age": 70, "sex": "female"})["score"]
    3

Same interface as any core of the generator: ``evaluate``, ``evaluate_json``, ``InputError``,
``rules_as_data``, ``calculator_spec`` and ``input_schema``. It gives the score and its
points, never treatment advice.
"""

from __future__ import annotations

import json

from . import engine
from .engine import ALGORITHM_VERSION, evaluate
from .form import calculator_spec, input_schema
from .table import COMPONENTS, GUIDELINE, MAX_SCORE
from .validate import InputError, validate

__all__ = [
    "ALGORITHM_VERSION",
    "COMPONENTS",
    "GUIDELINE",
    "MAX_SCORE",
    "InputError",
    "calculator_spec",
    "evaluate",
    "evaluate_json",
    "input_schema",
    "rules_as_data",
    "validate",
]


def rules_as_data() -> dict:
    """The rule table as JSON-ready data, for a site's decision table, with the kind of
    result it gives (a score). Kept out of ``engine.py``, whose source is part of
    :data:`ALGORITHM_VERSION`: the rules are unchanged, so is the version."""
    return {**engine.rules_as_data(), "kind": "score"}


class _BadJSON(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        super().__init__(message)


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    data: dict = {}
    for key, value in pairs:
        if key in data:  # the last copy must not silently win
            raise _BadJSON(key, f"The field {key[:40]!r} is given more than once.")
        data[key] = value
    return data


def _no_constant(name: str) -> object:
    raise _BadJSON(None, f"The input is not valid JSON: {name} is not a number JSON allows.")


def _integer(digits: str) -> int:
    """An integer literal; one too long to convert is reported as out of range, not as bad
    JSON (a huge number of the right sign stands in for it)."""
    if len(digits) > 100:
        return -(10**100) if digits.startswith("-") else 10**100
    return int(digits)


def evaluate_json(text: str) -> str:
    """JSON string in, JSON string out: ``{"result": ...}`` or ``{"errors": [...]}``; never
    raises for any input text. A field given twice and NaN or Infinity are errors."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_int=_integer,
        )
    except _BadJSON as exc:
        return json.dumps({"errors": [{"field": exc.field, "message": str(exc)}]})
    except (ValueError, RecursionError, TypeError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return json.dumps(
            {"errors": [{"field": None, "message": f"The input is not valid JSON: {reason}."}]}
        )
    try:
        return json.dumps({"result": evaluate(data)})
    except InputError as exc:
        return json.dumps({"errors": exc.errors})
