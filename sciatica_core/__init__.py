"""The flare algorithm of "Treatment Options for Sciatic Pain Following Successful Physical
Therapy" as a calculator core on the authoring kit (:mod:`guideline_site.kit`).

    >>> from sciatica_core import evaluate
    >>> evaluate({"red_flags": ["cauda_equina_symptoms"]})["step"]
    'urgent_evaluation'

The interface (fields, step codes, errors): the README, "The core and its contract". The
declarations are
:mod:`sciatica_core.form` (inputs and steps), :mod:`sciatica_core.rules` (the rule table) and
:mod:`sciatica_core.changelog`; the kit validates, walks the table and versions it. Standard
library only, besides the kit; runs unchanged on CPython 3.11+ and in Pyodide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from guideline_site import kit
from guideline_site.kit import Adaptation, InputError, Item, Note, NoteCode, Rule

from . import form
from .changelog import CHANGELOG
from .model import (
    ErrorData,
    ErrorsAnswer,
    GuidelineData,
    ItemData,
    NoteData,
    RedFlag,
    Response,
    ResultAnswer,
    ResultData,
    Step,
)
from .rules import ADAPTED, GUIDELINE, RULES

__all__ = [
    "ALGORITHM_VERSION",
    "CORE",
    "GUIDELINE",
    "RULES",
    "ErrorData",
    "ErrorsAnswer",
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
    "calculator",
    "calculator_spec",
    "evaluate",
    "evaluate_json",
    "fired_rules",
    "input_schema",
    "rules_as_data",
    "validate",
]


def calculator(
    *,
    rules: Iterable[Rule] = RULES,
    steps: Iterable[kit.Step] = form.STEPS,
    adapted: Iterable[Adaptation] = ADAPTED,
) -> kit.Calculator:
    """The calculator from its declarations; another rule table, other steps (their titles)
    or other adapted texts give another calculator (a test's changed table, for one)."""
    pathway = kit.Pathway(
        steps=tuple(steps),
        sections=form.PATHWAY.sections,
        urgent_hides=form.PATHWAY.urgent_hides,
        source_step_field=form.PATHWAY.source_step_field,
    )
    return kit.Calculator(
        name=form.NAME,
        title=form.TITLE,
        guideline={key: str(value) for key, value in GUIDELINE.items()},
        fields=form.FIELDS,
        groups=form.GROUPS,
        result=pathway,
        rules=rules,
        changelog=CHANGELOG,
        adapted=adapted,
        legacy_global=form.LEGACY_GLOBAL,
    )


CORE = calculator()
ALGORITHM_VERSION = CORE.algorithm_version


def evaluate(data: Mapping[str, Any]) -> ResultData:
    """Evaluate one input object (README, "The core and its contract"); InputError for bad input."""
    return cast("ResultData", CORE.evaluate(data))


def evaluate_json(text: str) -> str:
    """JSON string in, JSON string out: the boundary the browser and the command line cross.

    Returns ``{"result": ...}`` or ``{"errors": [...]}``; never raises for any input text.
    A field given twice in the JSON is an error (the last copy must not silently win: it
    could hide a red flag).
    """
    return CORE.evaluate_json(text)


def validate(data: object) -> dict[str, Any]:
    """The validated answers of ``data`` (defaults applied, hidden fields None); InputError
    listing every problem otherwise."""
    return CORE.answers(data)


def fired_rules(answers: Mapping[str, Any]) -> list[Rule]:
    """The rules that fire for validated answers, in table order: one step rule, then its
    modifiers."""
    return CORE.fired(answers)


def rules_as_data() -> dict[str, Any]:
    """The rule table as plain JSON-ready data, for the site's decision table and gap list.

    ``gaps`` lists every rule that emits a ``guideline_gap`` note: the conditions the article
    leaves open. ``adapted`` is the table of item texts that are not the article's verbatim
    wording, each with the sentences it adapts; ``changelog`` the algorithm's versions, newest
    last.
    """
    return CORE.rules_as_data()


def calculator_spec() -> dict[str, Any]:
    """The calculator's inputs and outputs as JSON-ready data (see :mod:`sciatica_core.form`)."""
    return CORE.calculator_spec()


def input_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the input object, derived from the declared fields.

    JSON Schema's ``integer`` also matches 6.0, which the core rejects (the contract asks for
    a whole number written as one); and the schema cannot compare two fields, so ``at_most``
    is only described. Everything else the contract rejects, the schema rejects too.
    """
    return CORE.input_schema()
