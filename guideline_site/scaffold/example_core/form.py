"""The calculator's declared form: its inputs and outputs as plain data (a PLACEHOLDER).

The site builds the calculator's form from :func:`calculator_spec`: every field with its kind
(``integer``, ``boolean``; also ``checklist``, ``choice`` and ``day_count``, see the generator's
README), label, question, range and options, the groups the form shows, and the result: a
``pathway`` with every result step and the result's sections.
Field labels live here only: ``validate`` reads them from here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .about import NAME, TITLE
from .rules import TITLES, Step

#: Version of the shape of :func:`calculator_spec`'s data (not of the calculator).
SPEC_VERSION = 2


class Kind(enum.Enum):
    INTEGER = "integer"  # a whole number in [minimum, maximum]
    BOOLEAN = "boolean"  # true or false


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    value: bool
    label: str

    def to_data(self) -> dict:
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """One input field; every field of this placeholder is required."""

    name: str
    kind: Kind
    label: str
    question: str
    hint: str = ""
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] = ()

    def to_data(self) -> dict:
        data: dict = {
            "name": self.name,
            "kind": self.kind.value,
            "label": self.label,
            "note_label": self.label,
            "question": self.question,
            "hint": self.hint,
            "unit": "",
            "required": True,
            "required_when": [],
            "shown_when": [],
        }
        if self.kind is Kind.INTEGER:
            data |= {"minimum": self.minimum, "maximum": self.maximum}
        else:
            data["options"] = [option.to_data() for option in self.options]
        return data

    def schema(self) -> dict:
        """The JSON Schema of this field's value."""
        if self.kind is Kind.INTEGER:
            return {
                "type": "integer",
                "minimum": self.minimum,
                "maximum": self.maximum,
                "title": self.label,
            }
        return {"type": "boolean", "title": self.label}


EXAMPLE_NUMBER = Field(
    name="example_number",
    kind=Kind.INTEGER,
    label="Example number",
    question="Example number, 0 to 10",
    minimum=0,
    maximum=10,
)
EXAMPLE_BOX = Field(
    name="example_box",
    kind=Kind.BOOLEAN,
    label="Example box",
    question="Is the example box ticked?",
    options=(Option(value=True, label="Yes, ticked"), Option(value=False, label="No")),
)
FIELDS = (EXAMPLE_NUMBER, EXAMPLE_BOX)
LABELS = {field.name: field.label for field in FIELDS}
STEP_LABELS = {
    Step.PLACEHOLDER_A: "Placeholder result A",
    Step.PLACEHOLDER_B: "Placeholder result B",
}


def calculator_spec() -> dict:
    """The calculator's inputs and outputs as JSON-ready data."""
    return {
        "spec_version": SPEC_VERSION,
        "name": NAME,
        "title": TITLE,
        "legacy_global": None,  # no page-wide name besides window.guidelineCalculators[NAME]
        "fields": [field.to_data() for field in FIELDS],
        "groups": [
            {
                "title": "Example inputs (placeholder)",
                "hint": "Replace these with your calculator's own inputs.",
                "fields": [field.name for field in FIELDS],
            }
        ],
        "outputs": {
            "kind": "pathway",  # a step of an algorithm (also: "score", "quantity")
            "field": "step",
            "steps": [
                {
                    "code": step.value,
                    "label": STEP_LABELS[step],
                    "urgent": False,
                    "not_covered": False,
                }
                for step in TITLES
            ],
            # the result's lists of {text, refs}, drawn in this order under their labels
            "sections": [
                {"key": "actions", "label": "Actions"},
                {"key": "avoid", "label": "Avoid"},
                {"key": "monitoring", "label": "Monitoring"},
            ],
            "urgent_hides": ["avoid", "monitoring"],  # not drawn when the step is urgent
            "source_step_field": "article_step",  # the page's own step number (or null)
        },
    }


def input_schema() -> dict:
    """A JSON Schema (draft 2020-12) of the input object, derived from :data:`FIELDS`.

    JSON Schema's ``integer`` also matches 5.0, which the core rejects (a whole number must be
    written as one); otherwise the schema accepts what the core accepts.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Input of the {NAME} calculator",
        "type": "object",
        "properties": {field.name: field.schema() for field in FIELDS},
        "required": [field.name for field in FIELDS],
        "additionalProperties": False,
    }
