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
from .form import calculator_spec, input_schema
from .model import (
    ErrorData,
    ErrorsAnswer,
    FlareInput,
    GuidelineData,
    Item,
    ItemData,
    Note,
    NoteCode,
    NoteData,
    RedFlag,
    Response,
    ResultAnswer,
    ResultData,
    Rule,
    Step,
)
from .rules import GUIDELINE, RULES
from .validate import InputError, validate

__all__ = [
    "ALGORITHM_VERSION",
    "GUIDELINE",
    "RULES",
    "ErrorData",
    "ErrorsAnswer",
    "FlareInput",
    "GuidelineData",
    "InputError",
    "Item",
    "ItemData",
    "Note",
    "NoteCode",
    "NoteData",
    "RedFlag",
    "Response",
    "ResultAnswer",
    "ResultData",
    "Rule",
    "Step",
    "calculator_spec",
    "evaluate",
    "evaluate_json",
    "fired_rules",
    "input_schema",
    "rules_as_data",
    "validate",
]


def evaluate_json(text: str) -> str:
    """JSON string in, JSON string out: the boundary the browser and the command line cross.

    Returns ``{"result": ...}`` or ``{"errors": [...]}``; never raises for any input text.
    A field given twice in the JSON is an error (the last copy must not silently win: it
    could hide a red flag).
    """
    import json

    answer: ResultAnswer | ErrorsAnswer
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            object_pairs_hook=_object_without_duplicates,
        )
    except _DuplicateField as exc:
        answer = {"errors": [{"field": exc.field, "message": str(exc)}]}
        return json.dumps(answer)
    except (ValueError, RecursionError, TypeError) as exc:
        answer = {"errors": [{"field": None, "message": _bad_json(exc)}]}
        return json.dumps(answer)
    try:
        answer = {"result": evaluate(data)}
    except InputError as exc:
        answer = {"errors": exc.errors}
    return json.dumps(answer)


class _DuplicateField(ValueError):
    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(f"The field {field[:40]!r} is given more than once.")


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateField(key)
        data[key] = value
    return data


_HUGE = 10**100


def _parse_int(digits: str) -> int:
    """An integer literal; one too long to convert becomes a huge int, so that it is reported
    as out of range for its field rather than as bad JSON."""
    if len(digits) > 100:
        return -_HUGE if digits.startswith("-") else _HUGE
    return int(digits)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _bad_json(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "The input is not valid JSON: it is nested too deeply."
    return f"The input is not valid JSON: {exc}."
