"""The CHA2DS2-VASc score as a rule table: one row per point-scoring item of the published
definition (Lip et al., Chest 2010;137(2):263-272), each with the definition it encodes.

Plain data (frozen, slotted dataclasses and Enums), walked by :mod:`.engine`, rendered by a
site, hashed into the algorithm version. Standard library only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RiskFactor(enum.Enum):
    """The score's history items, answered as a checklist (``risk_factors``)."""

    CONGESTIVE_HEART_FAILURE = "congestive_heart_failure"
    HYPERTENSION = "hypertension"
    DIABETES = "diabetes"
    STROKE_TIA_THROMBOEMBOLISM = "stroke_tia_thromboembolism"
    VASCULAR_DISEASE = "vascular_disease"


class Sex(enum.Enum):
    FEMALE = "female"
    MALE = "male"


class Op(enum.Enum):
    """How a :class:`Test` compares one input field with its value."""

    CONTAINS = "contains"  # a checklist holds the code
    EQUALS = "=="
    AT_LEAST = ">="
    BETWEEN = "between"  # inclusive range (low, high)


@dataclass(frozen=True, kw_only=True, slots=True)
class ScoreInput:
    """A validated input; built only by :func:`cha2ds2vasc_core.validate.validate`."""

    risk_factors: frozenset[str]
    age: int
    sex: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Test:
    field: str
    op: Op
    value: str | int | tuple[int, int]

    def holds(self, data: ScoreInput) -> bool:
        actual = getattr(data, self.field)
        match self.op:
            case Op.CONTAINS:
                return self.value in actual
            case Op.EQUALS:
                return bool(actual == self.value)
            case Op.AT_LEAST:
                assert isinstance(self.value, int)
                return bool(actual >= self.value)
            case Op.BETWEEN:
                assert isinstance(self.value, tuple)
                low, high = self.value
                return bool(low <= actual <= high)
        raise AssertionError(self.op)  # pragma: no cover - every Op is handled above

    def to_data(self) -> dict:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"field": self.field, "op": self.op.value, "value": value}


@dataclass(frozen=True, kw_only=True, slots=True)
class Component:
    """One item of the score: its letter in the acronym, the points it adds when its test
    holds, and the definition it encodes (``article_text``, with the paper as ref 1)."""

    id: str
    letter: str
    label: str
    points: int
    condition: str
    article_text: str
    test: Test
    refs: tuple[int, ...] = (1,)

    def to_data(self) -> dict:
        return {
            "id": self.id,
            "kind": "points",
            "letter": self.letter,
            "label": self.label,
            "points": self.points,
            "condition": self.condition,
            "article_text": self.article_text,
            "when": [[self.test.to_data()]],
            "refs": list(self.refs),
        }


GUIDELINE = {
    "title": "CHA2DS2-VASc score (Lip et al., Chest 2010)",
    "last_updated": "2026-11-27",
    "review_status": "submitted",
}

#: The paper's definition, in its order (C, H, A2, D, S2, V, A, Sc).
COMPONENTS = (
    Component(
        id="congestive_heart_failure",
        letter="C",
        label="Congestive heart failure/LV dysfunction",
        points=1,
        condition="risk_factors contains congestive_heart_failure",
        article_text="Congestive heart failure/LV dysfunction: 1",
        test=Test(field="risk_factors", op=Op.CONTAINS, value="congestive_heart_failure"),
    ),
    Component(
        id="hypertension",
        letter="H",
        label="Hypertension",
        points=1,
        condition="risk_factors contains hypertension",
        article_text="Hypertension: 1",
        test=Test(field="risk_factors", op=Op.CONTAINS, value="hypertension"),
    ),
    Component(
        id="age_75_or_over",
        letter="A2",
        label="Age 75 years or over",
        points=2,
        condition="age >= 75",
        article_text="Age ≥75 y: 2",
        test=Test(field="age", op=Op.AT_LEAST, value=75),
    ),
    Component(
        id="diabetes",
        letter="D",
        label="Diabetes mellitus",
        points=1,
        condition="risk_factors contains diabetes",
        article_text="Diabetes mellitus: 1",
        test=Test(field="risk_factors", op=Op.CONTAINS, value="diabetes"),
    ),
    Component(
        id="stroke_tia_thromboembolism",
        letter="S2",
        label="Stroke/TIA/thromboembolism",
        points=2,
        condition="risk_factors contains stroke_tia_thromboembolism",
        article_text="Stroke/TIA/thromboembolism: 2",
        test=Test(field="risk_factors", op=Op.CONTAINS, value="stroke_tia_thromboembolism"),
    ),
    Component(
        id="vascular_disease",
        letter="V",
        label="Vascular disease (prior myocardial infarction, peripheral artery disease or"
        " aortic plaque)",
        points=1,
        condition="risk_factors contains vascular_disease",
        article_text="Vascular disease (prior myocardial infarction, peripheral artery disease,"
        " or aortic plaque): 1",
        test=Test(field="risk_factors", op=Op.CONTAINS, value="vascular_disease"),
    ),
    Component(
        id="age_65_to_74",
        letter="A",
        label="Age 65 to 74 years",
        points=1,
        condition="65 <= age <= 74",
        article_text="Age 65–74 y: 1",  # noqa: RUF001 - the definition's en dash
        test=Test(field="age", op=Op.BETWEEN, value=(65, 74)),
    ),
    Component(
        id="sex_category_female",
        letter="Sc",
        label="Sex category (female)",
        points=1,
        condition="sex == female",
        article_text="Sex category (ie, female sex): 1",
        test=Test(field="sex", op=Op.EQUALS, value="female"),
    ),
)

MAX_SCORE = 9
MAX_SCORE_TEXT = "Maximum score: 9"

#: The one note every result carries: what the paper gives beyond the score, and that this
#: calculator does not turn the score into advice.
EVENT_RATES_NOTE = (
    "The source paper reports the thromboembolism event rates it observed at each score. This"
    " calculator gives the score and its points only: no threshold and no treatment advice."
)
