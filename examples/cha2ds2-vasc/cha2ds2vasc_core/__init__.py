"""The CHA2DS2-VASc score (Lip et al., Chest 2010;137(2):263-272) as a calculator core on the
authoring kit: the second user of the guideline-site generator.

    >>> from cha2ds2vasc_core import evaluate
    >>> evaluate({"risk_factors": ["hypertension"], "age": 70, "sex": "female"})["score"]
    3

Same interface as any core of the generator: ``evaluate``, ``evaluate_json``, ``InputError``,
``rules_as_data``, ``calculator_spec`` and ``input_schema``. It gives the score and its
points, never treatment advice.
"""

from __future__ import annotations

from typing import Any

from guideline_site import kit

GUIDELINE = {
    "title": "CHA2DS2-VASc score (Lip et al., Chest 2010)",
    "last_updated": "2026-11-27",
    "review_status": "submitted",
}

#: A plausibility bound of this calculator for an age in years (the paper sets none).
MAX_AGE = 130

#: The one note every result carries: what the paper gives beyond the score, and that this
#: calculator does not turn the score into advice.
EVENT_RATES_NOTE = (
    "The source paper reports the thromboembolism event rates it observed at each score. This"
    " calculator gives the score and its points only: no threshold and no treatment advice."
)


def _item(code: str, letter: str, label: str, points: int, words: str, *test: Any) -> kit.Points:
    """One item of the definition; ``test`` is ``(field, op, value)``, by default that the
    history checklist holds ``code``. ``words``: the definition line, quoted."""
    field, op, value = test or ("risk_factors", "contains", code)
    shown = f"{value[0]} <= {field} <= {value[1]}" if op == "between" else f"{field} {op} {value}"
    return kit.Points(
        id=code, letter=letter, label=label, points=points, condition=shown,
        article_text=words, when=((kit.where(field, op, value),),),
    )  # fmt: skip


#: The paper's definition, in its order (C, H, A2, D, S2, V, A, Sc).
COMPONENTS = (
    _item("congestive_heart_failure", "C", "Congestive heart failure/LV dysfunction", 1,
          "Congestive heart failure/LV dysfunction: 1"),
    _item("hypertension", "H", "Hypertension", 1, "Hypertension: 1"),
    _item("age_75_or_over", "A2", "Age 75 years or over", 2, "Age ≥75 y: 2", "age", ">=", 75),
    _item("diabetes", "D", "Diabetes mellitus", 1, "Diabetes mellitus: 1"),
    _item("stroke_tia_thromboembolism", "S2", "Stroke/TIA/thromboembolism", 2,
          "Stroke/TIA/thromboembolism: 2"),
    _item("vascular_disease", "V", "Vascular disease (prior myocardial infarction, peripheral"
          " artery disease or aortic plaque)", 1, "Vascular disease (prior myocardial"
          " infarction, peripheral artery disease, or aortic plaque): 1"),
    _item("age_65_to_74", "A", "Age 65 to 74 years", 1,
          "Age 65–74 y: 1", "age", "between", (65, 74)),  # noqa: RUF001 - the en dash
    _item("sex_category_female", "Sc", "Sex category (female)", 1,
          "Sex category (ie, female sex): 1", "sex", "==", "female"),
)  # fmt: skip
RISK_FACTOR_CODES = tuple(c.id for c in COMPONENTS if c.when[0][0].field == "risk_factors")
SEXES = ("female", "male")
SCORE = kit.Score(
    label="CHA2DS2-VASc score",
    items=COMPONENTS,
    maximum_text="Maximum score: 9",
    notes=(kit.Note(code="event_rates", text=EVENT_RATES_NOTE),),
)

CORE = kit.Calculator(
    name="cha2ds2-vasc",
    title="CHA2DS2-VASc score",
    guideline=GUIDELINE,
    fields=[
        kit.checklist(
            "risk_factors",
            "Risk factors",
            [(c.id, c.label) for c in COMPONENTS if c.id in RISK_FACTOR_CODES],
            none_option="None of these",
            question="History: tick every item present",
            hint="Tick each item present, or “None of these”. An unanswered list gives no score.",
            required_message="Risk factors is required.",
        ),
        kit.integer(
            "age", "Age", minimum=0, maximum=MAX_AGE, question="Age in years", unit="years"
        ),
        kit.choice("sex", "Sex category", [("female", "Female"), ("male", "Male")]),
    ],
    result=SCORE,
    changelog=[
        kit.release(
            "1",
            "2026-11-27",
            "The CHA2DS2-VASc score as published (Lip et al. 2010).",
            "result=14fb57febd congestive_heart_failure=792b402dc6 hypertension=b4b1dff4ed"
            " age_75_or_over=dd3e230235 diabetes=57a3697eaa stroke_tia_thromboembolism=65cfe0c1b7"
            " vascular_disease=b5ef3990d9 age_65_to_74=0d908a9abc sex_category_female=a6a989ca58",
        )
    ],
)
evaluate, evaluate_json, calculator_spec, rules_as_data, input_schema = CORE.interface()
InputError = kit.InputError
ALGORITHM_VERSION = CORE.algorithm_version
MAX_SCORE = SCORE.maximum

__all__ = [
    "ALGORITHM_VERSION",
    "COMPONENTS",
    "GUIDELINE",
    "MAX_SCORE",
    "RISK_FACTOR_CODES",
    "SEXES",
    "InputError",
    "calculator_spec",
    "evaluate",
    "evaluate_json",
    "input_schema",
    "rules_as_data",
]
