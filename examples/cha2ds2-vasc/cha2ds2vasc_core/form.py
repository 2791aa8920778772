"""The calculator's declared form: inputs and outputs as plain data, in the same vocabulary
as any other core's ``calculator_spec()`` (fields with a kind, groups, outputs).

Its shape differs from a step calculator's: a checklist whose items are worth points, an age
in years whose bands are worth points, a choice of sex category; the output is a score with
its components. Points are read from the rule table (:mod:`.table`), never written twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .table import COMPONENTS, MAX_SCORE, Op, RiskFactor, Sex

SPEC_VERSION = 2
NAME = "cha2ds2-vasc"
TITLE = "CHA2DS2-VASc score"

#: A plausibility bound of this calculator for an age in years (the paper sets none).
MAX_AGE = 130


class Kind(enum.Enum):
    CHECKLIST = "checklist"
    INTEGER = "integer"
    CHOICE = "choice"


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    value: str
    label: str
    points: int

    def to_data(self) -> dict:
        return {"value": self.value, "label": self.label, "points": self.points}


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """One input field; every field of this calculator is required."""

    name: str
    kind: Kind
    label: str
    question: str
    hint: str = ""
    unit: str = ""
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] = ()
    none_option: str | None = None

    def to_data(self) -> dict:
        data: dict = {
            "name": self.name,
            "kind": self.kind.value,
            "label": self.label,
            "question": self.question,
            "hint": self.hint,
            "unit": self.unit,
            "required": True,
            "required_when": [],
            "shown_when": [],
        }
        if self.kind is Kind.INTEGER:
            data |= {"minimum": self.minimum, "maximum": self.maximum, "points": _age_points()}
        else:
            data["options"] = [option.to_data() for option in self.options]
        if self.kind is Kind.CHECKLIST:
            data["none_option"] = self.none_option
        return data

    def schema(self) -> dict:
        """The JSON Schema of this field's value."""
        values = [option.value for option in self.options]
        match self.kind:
            case Kind.CHECKLIST:
                schema: dict = {"type": "array", "items": {"enum": values}}
            case Kind.CHOICE:
                schema = {"enum": values}
            case Kind.INTEGER:
                schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return {**schema, "title": self.label}


def _points(field: str, value: str) -> int:
    """The points the table gives for ``field`` holding (or equal to) ``value``."""
    return sum(
        c.points
        for c in COMPONENTS
        if c.test.field == field and c.test.op in (Op.CONTAINS, Op.EQUALS) and c.test.value == value
    )


def _age_points() -> list[dict]:
    """The age bands worth points, from the table: ``[{minimum, maximum, points}]``."""
    bands = []
    for c in COMPONENTS:
        if c.test.field != "age":
            continue
        if c.test.op is Op.BETWEEN:
            assert isinstance(c.test.value, tuple)
            low, high = c.test.value
        else:
            assert isinstance(c.test.value, int)
            low, high = c.test.value, MAX_AGE
        bands.append({"minimum": low, "maximum": high, "points": c.points})
    return sorted(bands, key=lambda band: band["minimum"])


RISK_FACTOR_LABELS = {c.id: c.label for c in COMPONENTS}
SEX_LABELS = {Sex.FEMALE: "Female", Sex.MALE: "Male"}

RISK_FACTORS = Field(
    name="risk_factors",
    kind=Kind.CHECKLIST,
    label="Risk factors",
    question="History: tick every item present",
    hint="Tick each item present, or “None of these”. An unanswered list gives no score.",
    options=tuple(
        Option(
            value=factor.value,
            label=RISK_FACTOR_LABELS[factor.value],
            points=_points("risk_factors", factor.value),
        )
        for factor in RiskFactor
    ),
    none_option="None of these",
)
AGE = Field(
    name="age",
    kind=Kind.INTEGER,
    label="Age",
    question="Age in years",
    unit="years",
    minimum=0,
    maximum=MAX_AGE,
)
SEX = Field(
    name="sex",
    kind=Kind.CHOICE,
    label="Sex category",
    question="Sex category",
    options=tuple(
        Option(value=sex.value, label=SEX_LABELS[sex], points=_points("sex", sex.value))
        for sex in Sex
    ),
)
FIELDS = (RISK_FACTORS, AGE, SEX)
LABELS = {field.name: field.label for field in FIELDS}


def calculator_spec() -> dict:
    """The calculator's inputs and outputs as JSON-ready data."""
    return {
        "spec_version": SPEC_VERSION,
        "name": NAME,
        "title": TITLE,
        "fields": [field.to_data() for field in FIELDS],
        "groups": [{"title": TITLE, "hint": "", "fields": [f.name for f in FIELDS]}],
        "outputs": {
            "kind": "score",
            "field": "score",
            "label": TITLE,
            "minimum": 0,
            "maximum": MAX_SCORE,
            "items_field": "components",
            "items": [
                {"code": c.id, "letter": c.letter, "label": c.label, "points": c.points}
                for c in COMPONENTS
            ],
            "bands": [],
            "band_field": None,
        },
    }


def input_schema() -> dict:
    """A JSON Schema (draft 2020-12) of the input object, derived from :data:`FIELDS`.

    JSON Schema's ``integer`` also matches 40.0, which the core rejects (a whole number must
    be written as one); otherwise the schema accepts exactly what the core accepts.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Input of the {NAME} calculator",
        "type": "object",
        "properties": {field.name: field.schema() for field in FIELDS},
        "required": [field.name for field in FIELDS],
        "additionalProperties": False,
    }
