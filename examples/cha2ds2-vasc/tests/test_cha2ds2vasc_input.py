"""Bad input: rejected with every error found, each naming its field, in evaluate() and at
the JSON boundary (evaluate_json), which also rejects a field given twice, NaN and Infinity.
"""

from __future__ import annotations

import json

import pytest
from cha2ds2vasc_core import InputError, evaluate, evaluate_json

VALID = {"risk_factors": ["hypertension"], "age": 70, "sex": "female"}


def fields_of(data: object) -> list:
    with pytest.raises(InputError) as caught:
        evaluate(data)  # type: ignore[arg-type]
    errors = caught.value.errors
    assert errors
    for error in errors:
        assert set(error) == {"field", "message"} and error["message"]
    return [error["field"] for error in errors]


def message_of(data: object) -> str:
    with pytest.raises(InputError) as caught:
        evaluate(data)  # type: ignore[arg-type]
    return " ".join(error["message"] for error in caught.value.errors)


@pytest.mark.parametrize("value", [[], "x", 5, None, True, 1.5, [VALID]])
def test_an_input_that_is_not_an_object_is_rejected_with_field_null(value: object):
    assert fields_of(value) == [None]


@pytest.mark.parametrize("field", ["risk_factors", "age", "sex"])
def test_a_missing_or_null_field_is_required(field: str):
    """The checklist too: an unanswered list must not read as 'no risk factor' (score 0)."""
    missing = {k: v for k, v in VALID.items() if k != field}
    assert fields_of(missing) == [field]
    assert fields_of({**VALID, field: None}) == [field]
    assert "required" in message_of(missing)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", True),
        ("age", "70"),
        ("age", 70.0),
        ("age", 70.5),
        ("age", -1),
        ("age", 131),
        ("age", 10**200),
        ("age", []),
        ("sex", "f"),
        ("sex", "FEMALE"),
        ("sex", 1),
        ("sex", ["female"]),
        ("risk_factors", "hypertension"),
        ("risk_factors", ["hypertension", "smoking"]),
        ("risk_factors", [1]),
        ("risk_factors", [None]),
        ("risk_factors", {"hypertension": True}),
    ],
)
def test_a_bad_value_is_rejected_naming_its_field(field: str, value: object):
    assert fields_of({**VALID, field: value}) == [field]


def test_age_messages_say_the_range_in_years():
    assert "between 0 and 130 years (got 131)" in message_of({**VALID, "age": 131})
    assert "whole number from 0 to 130 years" in message_of({**VALID, "age": 70.5})


def test_an_unknown_field_is_rejected_by_name():
    assert fields_of({**VALID, "smoker": True}) == ["smoker"]
    assert "risk_factors, age, sex" in message_of({**VALID, "smoker": True})


def test_every_error_is_reported_not_only_the_first():
    """Unknown fields first, then bad values in the fields' order, then missing fields."""
    data = {"risk_factors": ["x"], "age": "old", "sex": None, "extra": 1}
    assert fields_of(data) == ["extra", "risk_factors", "age", "sex"]


def answer(text: str) -> dict:
    return json.loads(evaluate_json(text))


def test_evaluate_json_returns_the_result():
    assert answer(json.dumps(VALID))["result"]["score"] == 3


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_evaluate_json_rejects_nan_and_infinity(constant: str):
    errors = answer(f'{{"risk_factors": [], "sex": "male", "age": {constant}}}')["errors"]
    assert errors[0]["field"] is None and constant.lstrip("-") in errors[0]["message"]


def test_evaluate_json_rejects_a_field_given_twice():
    """The last copy must not silently win (it could hide a risk factor)."""
    text = '{"risk_factors": ["diabetes"], "age": 70, "sex": "male", "risk_factors": []}'
    assert answer(text) == {
        "errors": [
            {
                "field": "risk_factors",
                "message": "The field 'risk_factors' is given more than once.",
            }
        ]
    }


@pytest.mark.parametrize("text", ["", "{", "[1,]", "nul", "\x00", "[" * 100_000])
def test_evaluate_json_reports_bad_json_as_one_error(text: str):
    errors = answer(text)["errors"]
    assert len(errors) == 1 and errors[0]["field"] is None
    assert errors[0]["message"].startswith("The input is not valid JSON")


def test_evaluate_json_reports_a_huge_integer_as_out_of_range():
    huge = "9" * 5000
    errors = answer(f'{{"risk_factors": [], "sex": "male", "age": {huge}}}')["errors"]
    assert errors == [
        {
            "field": "age",
            "message": "Age must be between 0 and 130 years (got a very large number).",
        }
    ]


def test_evaluate_json_passes_input_errors_through():
    errors = answer('{"risk_factors": [], "sex": "other", "age": 50}')["errors"]
    assert [error["field"] for error in errors] == ["sex"]
