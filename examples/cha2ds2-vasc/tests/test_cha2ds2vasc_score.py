"""The score: each item of the published definition, the age boundaries, the best and worst
cases, and seeded random inputs against an independent sum written from the definition.

Each test's docstring quotes the definition line it encodes (Lip et al., Chest 2010).
Standard library only (no pytest import), so the module also runs inside Pyodide
(test_cha2ds2vasc_in_pyodide.py).
"""

from __future__ import annotations

import itertools
import json
import random

from cha2ds2vasc_core import COMPONENTS, MAX_SCORE, evaluate

ALL_FACTORS = [
    "congestive_heart_failure",
    "hypertension",
    "diabetes",
    "stroke_tia_thromboembolism",
    "vascular_disease",
]
#: Words of treatment advice or of a risk threshold, which the paper's score does not give.
ADVICE_WORDS = (
    "anticoagul",
    "warfarin",
    "aspirin",
    "antithrombotic",
    "recommend",
    "should",
    "low risk",
)
#: No item present: a man under 65 with none of the history items.
NOTHING = {"risk_factors": [], "age": 40, "sex": "male"}


def score(**changes: object) -> int:
    return evaluate({**NOTHING, **changes})["score"]


def points(result: dict) -> dict[str, int]:
    return {item["id"]: item["points"] for item in result["components"]}


def test_no_item_scores_zero():
    """Nothing in the definition applies to a man under 65 without any history item: 0."""
    result = evaluate(NOTHING)
    assert result["score"] == 0
    assert set(points(result).values()) == {0}
    assert result["rules"] == []


def test_congestive_heart_failure_scores_1():
    """'Congestive heart failure/LV dysfunction: 1'."""
    assert score(risk_factors=["congestive_heart_failure"]) == 1


def test_hypertension_scores_1():
    """'Hypertension: 1'."""
    assert score(risk_factors=["hypertension"]) == 1


def test_diabetes_scores_1():
    """'Diabetes mellitus: 1'."""
    assert score(risk_factors=["diabetes"]) == 1


def test_stroke_tia_thromboembolism_scores_2():
    """'Stroke/TIA/thromboembolism: 2'."""
    assert score(risk_factors=["stroke_tia_thromboembolism"]) == 2


def test_vascular_disease_scores_1():
    """'Vascular disease (prior myocardial infarction, peripheral artery disease, or aortic
    plaque): 1'."""
    assert score(risk_factors=["vascular_disease"]) == 1


def test_female_sex_category_scores_1():
    """'Sex category (ie, female sex): 1'."""
    assert score(sex="female") == 1
    assert score(sex="male") == 0


def test_age_64_scores_0():
    """'Age 65-74 y: 1': 64 is below the band."""
    assert score(age=64) == 0


def test_age_65_scores_1():
    """'Age 65-74 y: 1': 65 is the band's first year."""
    result = evaluate({**NOTHING, "age": 65})
    assert result["score"] == 1
    assert result["rules"] == ["age_65_to_74"]


def test_age_74_scores_1():
    """'Age 65-74 y: 1': 74 is the band's last year."""
    assert score(age=74) == 1


def test_age_75_scores_2_not_3():
    """'Age ≥75 y: 2': 75 scores 2, and only the one age item counts."""
    result = evaluate({**NOTHING, "age": 75})
    assert result["score"] == 2
    assert result["rules"] == ["age_75_or_over"]


def test_age_items_never_both_count():
    """'Age ≥75 y: 2' and 'Age 65-74 y: 1' are bands: at most one applies to any age."""
    for age in range(131):
        fired = evaluate({**NOTHING, "age": age})["rules"]
        assert len(fired) <= 1, age
        assert score(age=age) == (2 if age >= 75 else 1 if age >= 65 else 0), age


def test_worst_case_scores_the_maximum_9():
    """'Maximum score: 9': every history item, age 75 or over, female."""
    result = evaluate({"risk_factors": ALL_FACTORS, "age": 80, "sex": "female"})
    assert result["score"] == 9 == MAX_SCORE == result["max_score"]
    assert all(item["present"] for item in result["components"] if item["id"] != "age_65_to_74")


def test_best_case_scores_0_at_any_age_under_65():
    """'Age 65-74 y: 1' and 'Sex category (ie, female sex): 1': a man under 65 without any
    history item scores 0, at the youngest and the oldest such age."""
    assert score(age=0) == 0
    assert score(age=64) == 0


def test_a_repeated_item_counts_once():
    """Each item 'present' adds its points once, however often it is ticked."""
    assert score(risk_factors=["hypertension", "hypertension"]) == 1


def test_every_component_is_in_the_result_with_its_points():
    """The breakdown lists all eight items of the definition, in its order, each with the
    points it gave and the points it is worth."""
    result = evaluate({"risk_factors": ["diabetes"], "age": 70, "sex": "female"})
    assert [item["letter"] for item in result["components"]] == [
        "C", "H", "A2", "D", "S2", "V", "A", "Sc",
    ]  # fmt: skip
    assert points(result) == {
        "congestive_heart_failure": 0,
        "hypertension": 0,
        "age_75_or_over": 0,
        "diabetes": 1,
        "stroke_tia_thromboembolism": 0,
        "vascular_disease": 0,
        "age_65_to_74": 1,
        "sex_category_female": 1,
    }
    assert [item["max_points"] for item in result["components"]] == [1, 1, 2, 1, 2, 1, 1, 1]


def reference_score(factors: list[str], age: int, sex: str) -> int:
    """The definition written out independently of the core's table."""
    worth = {
        "congestive_heart_failure": 1,
        "hypertension": 1,
        "diabetes": 1,
        "stroke_tia_thromboembolism": 2,
        "vascular_disease": 1,
    }
    total = sum(worth[f] for f in set(factors))
    total += 2 if age >= 75 else 1 if 65 <= age <= 74 else 0
    return total + (1 if sex == "female" else 0)


def test_every_combination_matches_the_definition():
    """All 2^5 history combinations x both sexes x the ages around each boundary."""
    for n in range(len(ALL_FACTORS) + 1):
        for factors in itertools.combinations(ALL_FACTORS, n):
            for sex in ("female", "male"):
                for age in (0, 64, 65, 74, 75, 130):
                    result = evaluate({"risk_factors": list(factors), "age": age, "sex": sex})
                    assert result["score"] == reference_score(list(factors), age, sex)


def test_random_inputs_match_the_definition_and_their_breakdown():
    """Seeded random valid inputs: the score is the definition's, the sum of its breakdown,
    and within 0..9."""
    rng = random.Random(2010)
    for _ in range(2000):
        factors = rng.sample(ALL_FACTORS, rng.randint(0, len(ALL_FACTORS)))
        age, sex = rng.randint(0, 130), rng.choice(["female", "male"])
        result = evaluate({"risk_factors": factors, "age": age, "sex": sex})
        assert result["score"] == reference_score(factors, age, sex)
        assert result["score"] == sum(points(result).values())
        assert 0 <= result["score"] <= MAX_SCORE


def test_table_points_add_up_to_the_published_maximum():
    """'Maximum score: 9': the items that can apply together (one age band) sum to 9."""
    age_items = [c.points for c in COMPONENTS if c.when[0][0].field == "age"]
    other = sum(c.points for c in COMPONENTS if c.when[0][0].field != "age")
    assert other + max(age_items) == MAX_SCORE == 9


def test_no_treatment_advice_or_invented_threshold():
    """The paper's definition is a score; the result names no treatment and no threshold."""
    text = json.dumps(evaluate({"risk_factors": ALL_FACTORS, "age": 80, "sex": "female"}))
    for word in ADVICE_WORDS:
        assert word not in text.lower(), word
