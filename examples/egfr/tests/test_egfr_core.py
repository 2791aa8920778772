"""The eGFR core (CKD-EPI 2021 creatinine equation, KDIGO GFR categories) on the kit: its
answers against published worked values, its bands at each boundary, its units and its
errors. Each test's docstring is the sentence it encodes."""

from __future__ import annotations

import json
import random

import pytest
from egfr_core import CORE, InputError, calculator_spec, evaluate, evaluate_json
from published_values import PUBLISHED, Worked

MG_PER_UMOL = 1 / 88.4


def _input(sex: str, age: int, creatinine: float, unit: str = "mg/dL") -> dict[str, object]:
    return {"sex": sex, "age_years": age, "creatinine": creatinine, "creatinine_unit": unit}


def _half_up(value: float) -> int:
    return int(value + 0.5)


@pytest.mark.parametrize(
    "case", PUBLISHED, ids=lambda c: f"{c.sex}-{c.age_years}-{c.creatinine}{c.creatinine_unit}"
)
def test_published_worked_values(case: Worked) -> None:
    """Every published worked value, rounded half up to a whole number as the source's
    calculator reports it, is the core's reported eGFR."""
    result = evaluate(_input(case.sex, case.age_years, case.creatinine, case.creatinine_unit))
    assert result["egfr"] == _half_up(case.egfr)
    assert result["unit"] == "mL/min/1.73 m²"


@pytest.mark.parametrize(
    ("egfr", "category"),
    [(90, "G1"), (89, "G2"), (60, "G2"), (59, "G3a"), (45, "G3a"), (44, "G3b"), (30, "G3b"),
     (29, "G4"), (15, "G4"), (14, "G5"), (0, "G5"), (200, "G1")],
)  # fmt: skip
def test_category_of_each_reported_value(egfr: int, category: str) -> None:
    """G1 >= 90, G2 60-89, G3a 45-59, G3b 30-44, G4 15-29, G5 < 15, on the reported value."""
    bands = {band.code: band for band in CORE.result.bands}  # type: ignore[union-attr]
    assert [code for code, band in bands.items() if band.holds(egfr)] == [category]


def test_category_is_of_the_rounded_value() -> None:
    """The category is the reported whole number's: 29.87 is reported as 30, so G3b (not G4);
    89.69 (70 µmol/L, female, 52) is reported as 90, so G1 (published: Table S11 and admiral)."""
    low = evaluate(_input("female", 50, 2.0))
    assert (low["egfr"], low["category"]) == (30, "G3b")
    high = evaluate(_input("female", 52, 70, "umol/L"))
    assert (high["egfr"], high["category"]) == (90, "G1")


def test_result_reads_value_unit_and_category() -> None:
    """The result carries the whole number, its unit and the category as written (G3a)."""
    result = evaluate(_input("male", 75, 1.5))
    assert (result["egfr"], result["category"]) == (48, "G3a")
    assert result["title"] == "eGFR 48 mL/min/1.73 m² (G3a)"
    assert isinstance(result["egfr"], int)


def test_umol_per_litre_is_mg_per_dl_times_88_4() -> None:
    """1 mg/dL = 88.4 µmol/L: the same creatinine in either unit gives the same answer."""
    rng = random.Random(19)
    for _ in range(300):
        sex, age = rng.choice(["female", "male"]), rng.randint(18, 110)
        mg = round(rng.uniform(0.2, 12), 2)
        assert evaluate(_input(sex, age, mg)) == evaluate(_input(sex, age, mg * 88.4, "umol/L"))


def test_answers_fall_with_creatinine_and_age() -> None:
    """For the same sex, a higher creatinine or an older age never gives a higher eGFR."""
    for sex in ("female", "male"):
        values = [evaluate(_input(sex, 60, c / 10))["egfr"] for c in range(2, 150)]
        assert values == sorted(values, reverse=True)
        values = [evaluate(_input(sex, age, 1.0))["egfr"] for age in range(18, 131)]
        assert values == sorted(values, reverse=True)


@pytest.mark.parametrize("bad", [0, -0.5, 0.0])
def test_creatinine_that_is_not_positive_is_an_error_naming_it(bad: float) -> None:
    """A creatinine that is not positive is an error naming creatinine, in either unit."""
    for unit in ("mg/dL", "umol/L"):
        with pytest.raises(InputError) as caught:
            evaluate(_input("female", 50, bad, unit))
        assert [e["field"] for e in caught.value.errors] == ["creatinine"]


def test_age_under_18_is_an_error() -> None:
    """The equation is for adults: an age under 18 is an error naming age_years."""
    with pytest.raises(InputError) as caught:
        evaluate(_input("male", 17, 1.0))
    assert [e["field"] for e in caught.value.errors] == ["age_years"]
    assert evaluate(_input("male", 18, 1.0))["egfr"] > 0


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({}, {"sex", "age_years", "creatinine", "creatinine_unit"}),
        (_input("other", 50, 1.0), {"sex"}),
        (_input("male", 50.5, 1.0), {"age_years"}),  # type: ignore[arg-type]
        (_input("male", 50, "1.0"), {"creatinine"}),  # type: ignore[arg-type]
        (_input("male", 50, True), {"creatinine"}),  # type: ignore[arg-type]
        (_input("male", 50, 1.0, "mmol/L"), {"creatinine_unit"}),
        ({**_input("male", 50, 1.0), "egfr": 3}, {"egfr"}),
    ],
)
def test_bad_input_names_each_field(data: dict[str, object], fields: set[str]) -> None:
    """Bad input is refused with one error naming each field at fault, and nothing else."""
    with pytest.raises(InputError) as caught:
        evaluate(data)
    assert {e["field"] for e in caught.value.errors} == fields


def test_json_boundary() -> None:
    """The JSON boundary gives a result, or errors: a 5,000-digit number is out of range
    for its field (not bad JSON), a decimal point is a number, a repeated field an error."""
    text = (
        '{"sex": "male", "age_years": 1'
        + "0" * 5000
        + ', "creatinine": 0.8, "creatinine_unit": "mg/dL"}'
    )
    assert json.loads(evaluate_json(text))["errors"][0]["field"] == "age_years"
    good = json.loads(evaluate_json(json.dumps(_input("female", 70, 0.8))))
    assert good["result"]["egfr"] == 79
    twice = '{"sex": "male", "sex": "female"}'
    assert json.loads(evaluate_json(twice))["errors"][0]["field"] == "sex"


def test_spec_declares_a_quantity_with_a_unit_choice() -> None:
    """The spec declares a decimal creatinine whose unit is the declared field
    creatinine_unit (mg/dL first, µmol/L at 1/88.4), and a quantity result with its bands."""
    spec = calculator_spec()
    fields = {field["name"]: field for field in spec["fields"]}
    assert fields["creatinine"]["kind"] == "decimal"
    assert fields["creatinine"]["unit_field"] == "creatinine_unit"
    assert fields["creatinine_unit"]["kind"] == "unit"
    assert [o["value"] for o in fields["creatinine_unit"]["options"]] == ["mg/dL", "umol/L"]
    assert fields["creatinine_unit"]["options"][1]["factor"] == pytest.approx(MG_PER_UMOL)
    outputs = spec["outputs"]
    assert (outputs["kind"], outputs["field"], outputs["unit"]) == (
        "quantity",
        "egfr",
        "mL/min/1.73 m²",
    )
    assert [band["code"] for band in outputs["bands"]] == ["G1", "G2", "G3a", "G3b", "G4", "G5"]


def test_changelog_records_todays_rules() -> None:
    """The newest changelog entry records today's formula and bands."""
    assert CORE.changelog_problems() == []
