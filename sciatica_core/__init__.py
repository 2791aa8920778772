"""The flare algorithm of "Treatment Options for Sciatic Pain Following Successful Physical
Therapy" as a pure-Python, standard-library-only core.

    >>> from sciatica_core import evaluate
    >>> evaluate({"red_flags": ["cauda_equina_symptoms"]})["step"]
    'urgent_evaluation'

The interface (fields, step codes, errors) is the project's CONTRACT.md. Runs unchanged on
CPython 3.11+ and in Pyodide.
"""

from __future__ import annotations

from .engine import ALGORITHM_VERSION, evaluate, fired_rules, rules_as_data
from .model import FlareInput, Item, Note, NoteCode, RedFlag, Response, Rule, Step
from .rules import GUIDELINE, RULES
from .validate import InputError, validate

__all__ = [
    "ALGORITHM_VERSION",
    "GUIDELINE",
    "RULES",
    "FlareInput",
    "InputError",
    "Item",
    "Note",
    "NoteCode",
    "RedFlag",
    "Response",
    "Rule",
    "Step",
    "evaluate",
    "evaluate_json",
    "fired_rules",
    "rules_as_data",
    "validate",
]


def evaluate_json(text: str) -> str:
    """JSON string in, JSON string out: the boundary the browser crosses.

    Returns ``{"result": ...}`` or ``{"errors": [...]}``; never raises for any input text.
    """
    import json

    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError, TypeError) as exc:
        return json.dumps({"errors": [{"field": None, "message": _bad_json(exc)}]})
    try:
        return json.dumps({"result": evaluate(data)})
    except InputError as exc:
        return json.dumps({"errors": exc.errors})


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _bad_json(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "The input is not valid JSON: it is nested too deeply."
    return f"The input is not valid JSON: {exc}."
