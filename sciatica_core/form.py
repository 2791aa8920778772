"""The calculator's declared form: its inputs and outputs as plain data.

This is what a site generator needs to build the calculator's form and read its result
without knowing the calculator: every input field (kind, range, unit, label, hint, default,
when it shows, when it is required), the groups the form shows them in, and the result's kind
(spec version 2: a ``pathway``, with every step (label, urgent or not) and the result's
sections). :func:`calculator_spec` gives it as JSON-ready data and :func:`input_schema` as a
JSON Schema (draft 2020-12) of the input object, both derived from the declarations below.
Field labels live here only (``validate`` reads them from here).

Standard library only; runs unchanged on CPython 3.11+ and in Pyodide.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from .model import RedFlag, Response

#: Version of the shape of :func:`calculator_spec`'s data (not of the calculator).
SPEC_VERSION = 2
NAME = "sciatica-flare"
TITLE = "Sciatica flare calculator"
#: The page-wide name this calculator also answers to, besides
#: ``window.guidelineCalculators[NAME]`` (CONTRACT.md, "Browser hooks": kept for the pages
#: and tests written before revision 2).
LEGACY_GLOBAL = "sciaticaFlare"

#: The longest day count accepted (100 years of 365 days).
MAX_DAYS = 36500


class Kind(enum.Enum):
    """How a field is answered, and so which control the form shows for it."""

    CHECKLIST = "checklist"  # a list of option codes; [] means "none of these"
    INTEGER = "integer"  # a whole number in [minimum, maximum]
    BOOLEAN = "boolean"  # true or false
    CHOICE = "choice"  # one option code
    DAY_COUNT = "day_count"  # a whole number of days, which the form may take in other units


class Unit(enum.Enum):
    """Units a day count may be entered in; the core always receives days."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


#: Days per unit (CONTRACT.md: one month is 30 days).
UNIT_DAYS = {Unit.DAYS: 1, Unit.WEEKS: 7, Unit.MONTHS: 30}
UNIT_LABELS = {Unit.DAYS: "days", Unit.WEEKS: "weeks", Unit.MONTHS: "months (30 days)"}


class Op(enum.Enum):
    """A test of one field's answer, used for when a field shows or is required."""

    GIVEN = "given"  # present and not null
    NO_ITEMS = "no_items"  # a checklist that is absent, null or empty


@dataclass(frozen=True, kw_only=True, slots=True)
class Condition:
    field: str
    op: Op

    def to_data(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op.value}


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    """One answer of a checklist, choice or boolean: the value the core receives, its label."""

    value: str | bool
    label: str

    def to_data(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """One input field.

    ``label`` names the field in messages; ``note_label`` in a copied note (``label`` when
    empty); ``question`` is how the form asks it. A field is required when ``required`` is
    true and every condition of ``required_when`` holds; it shows when every condition of
    ``shown_when`` holds (a hidden field is not sent). ``requires`` names a field that must
    be given when this one is, and ``at_most`` a field whose value this one may not exceed.
    """

    name: str
    kind: Kind
    label: str
    question: str
    note_label: str = ""
    hint: str = ""
    unit: str = ""
    minimum: int | None = None
    maximum: int | None = None
    units: tuple[Unit, ...] = ()
    options: tuple[Option, ...] = ()
    #: A checklist's exclusive "none of these" answer (sends the empty list).
    none_option: str | None = None
    required: bool = False
    required_when: tuple[Condition, ...] = ()
    shown_when: tuple[Condition, ...] = ()
    default: bool | int | str | None = None
    #: How an optional field's null reads in a note (e.g. "not started").
    null_text: str = ""
    requires: str | None = None
    at_most: str | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind.value,
            "label": self.label,
            "note_label": self.note_label or self.label,
            "question": self.question,
            "hint": self.hint,
            "unit": self.unit,
            "required": self.required,
            "required_when": [c.to_data() for c in self.required_when],
            "shown_when": [c.to_data() for c in self.shown_when],
        }
        if self.kind in (Kind.INTEGER, Kind.DAY_COUNT):
            data["minimum"] = self.minimum
            data["maximum"] = self.maximum
        if self.kind is Kind.DAY_COUNT:
            data["units"] = [
                {"value": u.value, "label": UNIT_LABELS[u], "days": UNIT_DAYS[u]}
                for u in self.units
            ]
        if self.options:
            data["options"] = [option.to_data() for option in self.options]
        if self.kind is Kind.CHECKLIST:
            data["none_option"] = self.none_option
        if not self.required:
            data["default"] = self.default
            data["null_text"] = self.null_text
        if self.requires is not None:
            data["requires"] = self.requires
        if self.at_most is not None:
            data["at_most"] = self.at_most
        return data


@dataclass(frozen=True, kw_only=True, slots=True)
class Group:
    """A titled part of the form (a fieldset), with its fields in order."""

    title: str
    hint: str = ""
    fields: tuple[Field, ...]

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "hint": self.hint,
            "fields": [field.name for field in self.fields],
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Output:
    """One result step code: its short label, whether it calls for urgent action, and whether
    it says that the source gives no plan for the case (shown neutrally: neither routine nor
    urgent)."""

    code: str
    label: str
    urgent: bool = False
    not_covered: bool = False

    def to_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "urgent": self.urgent,
            "not_covered": self.not_covered,
        }


_NO_RED_FLAG = Condition(field="red_flags", op=Op.NO_ITEMS)
_NSAID_STARTED = Condition(field="nsaid_days", op=Op.GIVEN)
_DAY_UNITS = (Unit.DAYS, Unit.WEEKS, Unit.MONTHS)

RED_FLAG_LABELS = {
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: (
        "Progressive neurological deficit (weakness, numbness progression)"
    ),
    RedFlag.CAUDA_EQUINA_SYMPTOMS: (
        "Cauda equina symptoms (bowel/bladder dysfunction, saddle anesthesia)"
    ),
    RedFlag.SEVERE_UNREMITTING_PAIN: "Severe unremitting pain despite maximal conservative therapy",
}
RESPONSE_LABELS = {
    Response.ADEQUATE: "Adequate",
    Response.INADEQUATE: "Inadequate",
    Response.NONE: "None",
}

RED_FLAGS = Field(
    name="red_flags",
    kind=Kind.CHECKLIST,
    label="Red-flag screen",
    note_label="Red flags",
    question="Red flags present",
    options=tuple(Option(value=flag.value, label=RED_FLAG_LABELS[flag]) for flag in RedFlag),
    hint="The article's three red flags requiring urgent evaluation, and only those: tick"
    " every one present, or “None of these three” when none of them is. An unanswered"
    " screen gives no plan.",
    none_option="None of these three",
    required=True,
)
PAIN_SCORE = Field(
    name="pain_score",
    kind=Kind.INTEGER,
    label="Pain score",
    note_label="Pain",
    question="Pain now, 0–10 numeric rating scale",  # noqa: RUF001 - the form's en dash
    minimum=0,
    maximum=10,
    required=True,
    required_when=(_NO_RED_FLAG,),
)
SYMPTOM_DURATION_DAYS = Field(
    name="symptom_duration_days",
    kind=Kind.DAY_COUNT,
    label="Duration of the current pain",
    note_label="Duration of current pain",
    question="How long the current pain has been present",
    hint="A month counts as 30 days.",
    unit="days",
    minimum=0,
    maximum=MAX_DAYS,
    units=_DAY_UNITS,
    required=True,
    required_when=(_NO_RED_FLAG,),
)
FUNCTIONAL_LIMITATION = Field(
    name="functional_limitation",
    kind=Kind.BOOLEAN,
    label="Functional limitation",
    note_label="Limits function",
    question="Does the pain limit function?",
    options=(
        Option(value=True, label="Yes, it limits function"),
        Option(value=False, label="No"),
    ),
    required=True,
    required_when=(_NO_RED_FLAG,),
)
NSAID_DAYS = Field(
    name="nsaid_days",
    kind=Kind.DAY_COUNT,
    label="Days since NSAIDs were started",
    note_label="NSAIDs for this flare",
    question="NSAIDs started how long ago",
    hint="Leave empty if NSAIDs have not been started for this flare.",
    unit="days",
    minimum=0,
    maximum=MAX_DAYS,
    units=_DAY_UNITS,
    null_text="not started",
)
RESPONSE = Field(
    name="response",
    kind=Kind.CHOICE,
    label="Response to treatment",
    note_label="Response so far",
    question="Response to the treatment so far",
    options=tuple(Option(value=r.value, label=RESPONSE_LABELS[r]) for r in Response),
    required=True,
    required_when=(_NO_RED_FLAG, _NSAID_STARTED),
    shown_when=(_NSAID_STARTED,),
)
DULOXETINE_DAYS = Field(
    name="duloxetine_days",
    kind=Kind.DAY_COUNT,
    label="Days since duloxetine was added",
    note_label="Duloxetine",
    question="Duloxetine added how long ago",
    hint="Leave empty if duloxetine has not been added.",
    unit="days",
    minimum=0,
    maximum=MAX_DAYS,
    units=_DAY_UNITS,
    shown_when=(_NSAID_STARTED,),
    null_text="not added",
    requires="nsaid_days",
    at_most="nsaid_days",
)
NSAID_TOLERATED = Field(
    name="nsaid_tolerated",
    kind=Kind.BOOLEAN,
    label="NSAIDs tolerated",
    note_label="NSAIDs tolerated",
    question="Are NSAIDs tolerated?",
    options=(
        Option(value=True, label="Yes, tolerated"),
        Option(value=False, label="No, not tolerated"),
    ),
    default=True,
)

GROUPS = (
    Group(
        title="1. Red-flag screen (answer first)",
        fields=(RED_FLAGS,),
    ),
    Group(
        title="2. The current flare",
        fields=(PAIN_SCORE, SYMPTOM_DURATION_DAYS, FUNCTIONAL_LIMITATION),
    ),
    Group(
        title="3. Treatment so far for this flare",
        fields=(NSAID_DAYS, RESPONSE, DULOXETINE_DAYS),
    ),
    Group(title="4. NSAID tolerance", fields=(NSAID_TOLERATED,)),
)

#: Every input field, in the contract's order.
FIELDS = (
    RED_FLAGS,
    PAIN_SCORE,
    SYMPTOM_DURATION_DAYS,
    FUNCTIONAL_LIMITATION,
    NSAID_DAYS,
    DULOXETINE_DAYS,
    RESPONSE,
    NSAID_TOLERATED,
)

#: Field name -> how a clinician reads it in a message or a note.
LABELS = {field.name: field.label for field in FIELDS}

#: Every result step, in the contract's order.
OUTPUTS = (
    Output(code="urgent_evaluation", label="Urgent evaluation", urgent=True),
    Output(code="exercise_first", label="Intensify home exercise first"),
    Output(code="start_nsaid", label="Start NSAIDs"),
    Output(code="continue_nsaid", label="Continue NSAIDs"),
    Output(code="add_duloxetine", label="Add duloxetine"),
    Output(code="continue_duloxetine", label="Continue duloxetine"),
    Output(code="reassess", label="Reassess"),
    Output(code="not_covered", label="Not covered by the article's plan", not_covered=True),
)

#: The result's sections (each a list of {text, refs}), in the order the page draws them;
#: ``urgent_label`` heads the section when the step is urgent (an urgent step shows only
#: its actions: ``urgent_hides`` in :func:`calculator_spec`).
SECTIONS = (
    {"key": "actions", "label": "Actions", "urgent_label": "Do now"},
    {"key": "avoid", "label": "Avoid"},
    {"key": "monitoring", "label": "Monitoring"},
)


def calculator_spec() -> dict[str, Any]:
    """The calculator's inputs and outputs as JSON-ready data (see the module's docstring)."""
    return {
        "spec_version": SPEC_VERSION,
        "name": NAME,
        "title": TITLE,
        "legacy_global": LEGACY_GLOBAL,
        "fields": [field.to_data() for field in FIELDS],
        "groups": [group.to_data() for group in GROUPS],
        "outputs": {
            "kind": "pathway",
            "field": "step",
            "steps": [output.to_data() for output in OUTPUTS],
            "sections": [dict(section) for section in SECTIONS],
            "urgent_hides": ["avoid", "monitoring"],
            "source_step_field": "article_step",
        },
    }


_NOT_NULL = {"not": {"type": "null"}}


def _field_schema(field: Field) -> dict[str, Any]:
    """The JSON Schema of one field's value. A field that is not always required may be
    null (the contract reads null as "not given")."""
    schema: dict[str, Any]
    match field.kind:
        case Kind.CHECKLIST:
            schema = {
                "type": "array",
                "items": {"enum": [option.value for option in field.options]},
            }
        case Kind.CHOICE:
            schema = {"enum": [option.value for option in field.options]}
        case Kind.BOOLEAN:
            schema = {"type": "boolean"}
        case Kind.INTEGER | Kind.DAY_COUNT:
            schema = {"type": "integer", "minimum": field.minimum, "maximum": field.maximum}
    always_required = field.required and not field.required_when
    if not always_required:
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        else:
            schema["type"] = [schema["type"], "null"]
    schema["title"] = field.label
    if not field.required:
        schema["default"] = field.default
    if field.at_most is not None:
        schema["description"] = (
            f"Not greater than {field.at_most} (checked by the core; not expressible here)."
        )
    return schema


def _condition_schema(condition: Condition) -> dict[str, Any]:
    if condition.op is Op.GIVEN:
        return {"required": [condition.field], "properties": {condition.field: _NOT_NULL}}
    return {
        "not": {
            "required": [condition.field],
            "properties": {condition.field: {"type": "array", "minItems": 1}},
        }
    }


def _given(name: str) -> dict[str, Any]:
    return _condition_schema(Condition(field=name, op=Op.GIVEN))


def input_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the input object, derived from :data:`FIELDS`.

    JSON Schema's ``integer`` also matches 6.0, which the core rejects (the contract asks for
    a whole number written as one); and the schema cannot compare two fields, so ``at_most``
    is only described. Everything else the contract rejects, the schema rejects too.
    """
    rules: list[dict[str, Any]] = []
    for field in FIELDS:
        if field.required and field.required_when:
            rules.append(
                {
                    "if": {"allOf": [_condition_schema(c) for c in field.required_when]},
                    "then": _given(field.name),
                }
            )
        if field.requires is not None:
            rules.append({"if": _given(field.name), "then": _given(field.requires)})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Input of the {NAME} calculator",
        "type": "object",
        "properties": {field.name: _field_schema(field) for field in FIELDS},
        "required": [f.name for f in FIELDS if f.required and not f.required_when],
        "additionalProperties": False,
        "allOf": rules,
    }
