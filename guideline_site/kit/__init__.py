"""The authoring kit: a calculator core declares its inputs, rules or formula, result kind
and references as data; the kit gives it validation, the strict JSON boundary, its spec, its
rule table, its algorithm version and the changelog check.

Standard library only: it runs unchanged on CPython 3.11+ and in Pyodide, where the plugin
installs it beside each core. A core imports only this package of the generator::

    from guideline_site import kit

    CORE = kit.Calculator(name=..., title=..., guideline=..., fields=[...], result=...)
    evaluate, evaluate_json, calculator_spec, rules_as_data, input_schema = CORE.interface()
    InputError = kit.InputError

The README's "Write a calculator core" and docs/authoring.md describe every piece.
"""

from __future__ import annotations

from ._calculator import SPEC_VERSION, Calculator, round_half_up
from ._changes import compare
from ._conditions import ALWAYS, FieldCondition, Op, Test, When, given, holds, no_items, where
from ._fields import (
    Field,
    Kind,
    Option,
    Units,
    boolean,
    checklist,
    choice,
    day_count,
    decimal,
    integer,
    units,
)
from ._results import (
    Adaptation,
    Band,
    Formula,
    Item,
    Note,
    NoteCode,
    Pathway,
    Points,
    Quantity,
    Rule,
    Score,
    Section,
    Step,
    gap,
)
from ._validate import ErrorData, InputError
from ._version import Release, freeze, release, table_digests

__all__ = [
    "ALWAYS",
    "SPEC_VERSION",
    "Adaptation",
    "Band",
    "Calculator",
    "ErrorData",
    "Field",
    "FieldCondition",
    "Formula",
    "InputError",
    "Item",
    "Kind",
    "Note",
    "NoteCode",
    "Op",
    "Option",
    "Pathway",
    "Points",
    "Quantity",
    "Release",
    "Rule",
    "Score",
    "Section",
    "Step",
    "Test",
    "Units",
    "When",
    "boolean",
    "checklist",
    "choice",
    "compare",
    "day_count",
    "decimal",
    "freeze",
    "gap",
    "given",
    "holds",
    "integer",
    "no_items",
    "release",
    "round_half_up",
    "table_digests",
    "units",
    "where",
]
