"""A PLACEHOLDER calculator core written by ``python -m guideline_site new``: two inputs and a
rule table of two rules that quote the placeholder page. Not clinical content. Replace it with
your guideline's algorithm, keeping this interface:

    >>> from example_core import evaluate
    >>> evaluate({"example_number": 7, "example_box": False})["step"]
    'placeholder_a'

``evaluate(mapping) -> dict`` (or :class:`InputError`, whose ``errors`` name their fields),
``evaluate_json(text) -> text`` (the boundary the browser crosses), ``rules_as_data()`` (the
rule table as data), ``calculator_spec()`` (the form's inputs and outputs as data) and
``input_schema()`` (a JSON Schema of the input). Standard library only: it runs in the browser
under Pyodide.
"""

from __future__ import annotations

import json

from .engine import ALGORITHM_VERSION, evaluate, rules_as_data
from .form import calculator_spec, input_schema
from .validate import InputError, validate

__all__ = [
    "ALGORITHM_VERSION",
    "InputError",
    "calculator_spec",
    "evaluate",
    "evaluate_json",
    "input_schema",
    "rules_as_data",
    "validate",
]


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


def evaluate_json(text: str) -> str:
    """JSON string in, JSON string out: ``{"result": ...}`` or ``{"errors": [...]}``; never
    raises for any input text. A field given twice, NaN and Infinity are errors."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
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
