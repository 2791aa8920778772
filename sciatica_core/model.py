"""The codes and JSON shapes of the flare calculator: its steps, red flags and responses, and
the result and error objects of the README's "The core and its contract" (TypedDicts,
for annotations).

The machinery (conditions, rules, items, notes, validation, the walk of the table) is the
authoring kit's (:mod:`guideline_site.kit`); the declarations are in :mod:`sciatica_core.form`
and :mod:`sciatica_core.rules`. Standard library only; runs unchanged on CPython 3.11+ and
Pyodide.
"""

from __future__ import annotations

import enum
from typing import TypedDict

from guideline_site.kit import ErrorData as ErrorData

# The JSON shapes of the README's "The core and its contract", for annotations (at run time
# they are plain dicts).


class ItemData(TypedDict):
    """One ``actions``, ``avoid`` or ``monitoring`` line of a result."""

    text: str
    refs: list[int]


class NoteData(TypedDict):
    code: str
    text: str


class GuidelineData(TypedDict):
    """The article a result comes from, so that a copied result carries its source."""

    title: str
    last_updated: str
    review_status: str


class ResultData(TypedDict):
    """The result object :func:`sciatica_core.evaluate` returns."""

    step: str
    article_step: int | None
    title: str
    actions: list[ItemData]
    avoid: list[ItemData]
    monitoring: list[ItemData]
    notes: list[NoteData]
    rules: list[str]
    algorithm_version: str
    guideline: GuidelineData


class ResultAnswer(TypedDict):
    """What :func:`sciatica_core.evaluate_json` answers for a good input."""

    result: ResultData


class ErrorsAnswer(TypedDict):
    """What :func:`sciatica_core.evaluate_json` answers for a bad input (bad JSON too)."""

    errors: list[ErrorData]


class Step(enum.Enum):
    """The calculator's result steps (``step`` in the result object)."""

    URGENT_EVALUATION = "urgent_evaluation"
    EXERCISE_FIRST = "exercise_first"
    START_NSAID = "start_nsaid"
    CONTINUE_NSAID = "continue_nsaid"
    ADD_DULOXETINE = "add_duloxetine"
    CONTINUE_DULOXETINE = "continue_duloxetine"
    REASSESS = "reassess"
    #: Revision 2: the article's algorithm gives no plan for this input (NSAIDs not tolerated
    #: before its duloxetine step); the result says what the article leaves open.
    NOT_COVERED = "not_covered"


class RedFlag(enum.Enum):
    """The article's "Red Flags Requiring Urgent Evaluation"."""

    PROGRESSIVE_NEUROLOGICAL_DEFICIT = "progressive_neurological_deficit"
    CAUDA_EQUINA_SYMPTOMS = "cauda_equina_symptoms"
    SEVERE_UNREMITTING_PAIN = "severe_unremitting_pain"


class Response(enum.Enum):
    """Response to the pharmacologic treatment so far."""

    ADEQUATE = "adequate"
    INADEQUATE = "inadequate"
    NONE = "none"
