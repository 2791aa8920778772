"""The data types of the flare algorithm: inputs, conditions, rules and result items.

Everything here is plain data (frozen, slotted dataclasses and Enums) so that the rule table
can be walked by :func:`sciatica_core.evaluate`, rendered by the site, and hashed into the
algorithm version. Standard library only; runs unchanged on CPython 3.11+ and Pyodide.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, TypedDict

# The JSON shapes of CONTRACT.md, for annotations (at run time they are plain dicts).


class ErrorData(TypedDict):
    """One input error: the field at fault (None: the input as a whole) and a message."""

    field: str | None
    message: str


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


class NoteCode(enum.Enum):
    GUIDELINE_GAP = "guideline_gap"
    TOO_EARLY = "too_early"


class Op(enum.Enum):
    """Comparison operators of a :class:`Test`."""

    LT = "<"
    EQ = "=="
    NE = "!="
    GT = ">"
    GE = ">="
    IS_NULL = "is null"
    NOT_NULL = "is not null"
    NONEMPTY = "is not empty"
    CONTAINS = "contains"


@dataclass(frozen=True, kw_only=True, slots=True)
class FlareInput:
    """A validated input. Built only by :func:`sciatica_core.validate.validate`.

    ``pain_score``, ``symptom_duration_days`` and ``functional_limitation`` are None only when
    a red flag is present (the contract lets them be omitted then).
    """

    red_flags: tuple[str, ...]
    pain_score: int | None
    symptom_duration_days: int | None
    functional_limitation: bool | None
    nsaid_days: int | None
    duloxetine_days: int | None
    response: str | None
    nsaid_tolerated: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Test:
    """One comparison of an input field against a value, e.g. ``pain_score > 4``."""

    field: str
    op: Op
    value: int | str | bool | None = None

    def holds(self, data: FlareInput) -> bool:
        actual = getattr(data, self.field)
        match self.op:
            case Op.IS_NULL:
                return actual is None
            case Op.NOT_NULL:
                return actual is not None
            case Op.NONEMPTY:
                return bool(actual)
            case Op.CONTAINS:
                return bool(self.value in actual)
            case Op.EQ:
                return bool(actual == self.value)
            case Op.NE:
                return bool(actual != self.value)
        # Ordering comparisons never see None: the step rules check for null first.
        if actual is None:
            return False
        match self.op:
            case Op.LT:
                return bool(actual < self.value)
            case Op.GT:
                return bool(actual > self.value)
            case Op.GE:
                return bool(actual >= self.value)
        raise AssertionError(self.op)  # pragma: no cover - every Op is handled above

    def to_data(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op.value, "value": self.value}


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """One line of ``actions``, ``avoid`` or ``monitoring``: the article's words and refs."""

    text: str
    refs: tuple[int, ...]

    def to_data(self) -> ItemData:
        return {"text": self.text, "refs": list(self.refs)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Note:
    code: NoteCode
    text: str

    def to_data(self) -> NoteData:
        return {"code": self.code.value, "text": self.text}


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One row of the rule table.

    A *step rule* (``step`` set) decides the result step: the first step rule whose
    condition holds wins. A *modifier rule* (``after`` set) adds actions, monitoring or notes
    when one of the step rules named in ``after`` has fired and its own condition holds.

    ``when`` is a condition in disjunctive normal form: the rule fires when every test of
    any one of its clauses holds (an empty clause always holds).
    """

    id: str
    section: str
    condition: str
    article_text: str
    refs: tuple[int, ...]
    when: tuple[tuple[Test, ...], ...]
    step: Step | None = None
    article_step: int | None = None
    after: tuple[str, ...] = ()
    actions: tuple[Item, ...] = ()
    avoid: tuple[Item, ...] = ()
    monitoring: tuple[Item, ...] = ()
    note: Note | None = None
    #: Replaces the step's default title (the last title among the fired rules wins).
    title: str | None = None
    #: Further verbatim sentences of the article the rule encodes, beside ``article_text``.
    also_quotes: tuple[str, ...] = ()

    def holds(self, data: FlareInput) -> bool:
        return any(all(test.holds(data) for test in clause) for clause in self.when)

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": "step" if self.step is not None else "modifier",
            "section": self.section,
            "condition": self.condition,
            "article_text": self.article_text,
            "refs": list(self.refs),
            "when": [[test.to_data() for test in clause] for clause in self.when],
            "step": self.step.value if self.step is not None else None,
            "article_step": self.article_step,
            "after": list(self.after),
            "actions": [item.to_data() for item in self.actions],
            "avoid": [item.to_data() for item in self.avoid],
            "monitoring": [item.to_data() for item in self.monitoring],
            "note": self.note.to_data() if self.note is not None else None,
            "title": self.title,
            "also_quotes": list(self.also_quotes),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Adaptation:
    """An item text that is not the article's verbatim wording, with the article sentences
    it adapts (each verbatim) and why it is adapted. The one table of such texts is
    :data:`sciatica_core.rules.ADAPTED`."""

    text: str
    adapts: tuple[str, ...]
    why: str

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "adapts": list(self.adapts), "why": self.why}
