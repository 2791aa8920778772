"""Every class of bad input the contract lists: rejected, each error naming its field.

Standard library only (no pytest import), so the module also runs inside Pyodide.
"""

from __future__ import annotations

from sciatica_core import InputError, evaluate

ROUTINE = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 45,
    "functional_limitation": True,
}


def errors_for(data: object) -> list[dict]:
    """The errors evaluate() raises for ``data``; fails if it does not raise InputError."""
    try:
        evaluate(data)  # type: ignore[arg-type]
    except InputError as exc:
        assert exc.errors, "InputError without errors"
        for error in exc.errors:
            assert set(error) == {"field", "message"}
            assert isinstance(error["message"], str) and error["message"]
        return exc.errors
    raise AssertionError(f"no InputError for {data!r}")


def fields(data: object) -> list:
    return [error["field"] for error in errors_for(data)]


def with_(**changes: object) -> dict:
    return {**ROUTINE, **changes}


def without(*names: str, **changes: object) -> dict:
    data = with_(**changes)
    for name in names:
        del data[name]
    return data


def test_not_an_object():
    """An input that is not a JSON object is rejected with field null."""
    for value in ([], "x", 5, None, True, 1.5, [ROUTINE]):
        assert fields(value) == [None], value


def test_missing_red_flags():
    """An unanswered red-flag screen must never yield a routine plan."""
    errors = errors_for(without("red_flags"))
    assert [error["field"] for error in errors] == ["red_flags"]
    assert "red-flag screen" in errors[0]["message"]


def test_null_red_flags_is_unanswered():
    assert fields(with_(red_flags=None)) == ["red_flags"]


def test_missing_required_fields_each_named():
    """pain_score, symptom_duration_days, functional_limitation: required without red flag."""
    for name in ("pain_score", "symptom_duration_days", "functional_limitation"):
        errors = errors_for(without(name))
        assert [error["field"] for error in errors] == [name]
        assert "required" in errors[0]["message"]


def test_all_errors_are_reported_not_only_the_first():
    assert fields({"red_flags": []}) == [
        "pain_score",
        "symptom_duration_days",
        "functional_limitation",
    ]


def test_empty_object_reports_every_missing_field():
    assert fields({}) == [
        "red_flags",
        "pain_score",
        "symptom_duration_days",
        "functional_limitation",
    ]


def test_boolean_is_not_an_integer():
    for name in ("pain_score", "symptom_duration_days", "nsaid_days", "duloxetine_days"):
        data = {**with_(nsaid_days=10, response="none"), name: True}
        assert fields(data) == [name], name


def test_string_is_not_an_integer():
    """ "6" is not 6."""
    errors = errors_for(with_(pain_score="6"))
    assert [error["field"] for error in errors] == ["pain_score"]
    assert "whole number" in errors[0]["message"]


def test_fraction_is_not_an_integer():
    """6.5 is not an integer; nor is 6.0 (a JSON number with a fraction part)."""
    assert fields(with_(pain_score=6.5)) == ["pain_score"]
    assert fields(with_(pain_score=6.0)) == ["pain_score"]
    assert fields(with_(symptom_duration_days=45.5)) == ["symptom_duration_days"]


def test_pain_out_of_range():
    for value in (-1, 11, 10**30):
        errors = errors_for(with_(pain_score=value))
        assert [error["field"] for error in errors] == ["pain_score"]
        assert "between 0 and 10" in errors[0]["message"]


def test_pain_range_edges_accepted():
    assert evaluate(with_(pain_score=0))["step"] == "exercise_first"
    assert evaluate(with_(pain_score=10))["step"] == "start_nsaid"


def test_day_counts_out_of_range():
    for name in ("symptom_duration_days", "nsaid_days", "duloxetine_days"):
        for value in (-1, 36501):
            data = {**with_(nsaid_days=10, response="none"), name: value}
            if name == "duloxetine_days":
                data["nsaid_days"] = 36500
            assert fields(data) == [name], (name, value)


def test_day_count_edges_accepted():
    assert evaluate(with_(symptom_duration_days=0))["step"] == "exercise_first"
    data = with_(symptom_duration_days=36500, nsaid_days=36500, duloxetine_days=36500)
    assert evaluate({**data, "response": "none"})["step"] == "reassess"
    assert evaluate(with_(nsaid_days=0, duloxetine_days=0, response="none"))["step"] == (
        "continue_duloxetine"
    )


def test_boolean_fields_reject_other_types():
    for name in ("functional_limitation", "nsaid_tolerated"):
        for value in (1, 0, "true", "yes", [], 1.0):
            errors = errors_for(with_(**{name: value}))
            assert [error["field"] for error in errors] == [name], (name, value)
            assert "true or false" in errors[0]["message"]


def test_unknown_red_flag_code():
    errors = errors_for(with_(red_flags=["back_pain"]))
    assert [error["field"] for error in errors] == ["red_flags"]
    assert "'back_pain'" in errors[0]["message"]


def test_red_flags_must_be_a_list_of_codes():
    for value in ("cauda_equina_symptoms", {"cauda_equina_symptoms": True}, 1, [1], [None]):
        assert "red_flags" in fields(with_(red_flags=value)), value


def test_unknown_code_beside_a_known_one_is_still_an_error():
    """A present but invalid value is still an error, even with a red flag."""
    data = {"red_flags": ["cauda_equina_symptoms", "other"]}
    assert fields(data) == ["red_flags"]


def test_red_flag_does_not_excuse_an_invalid_value():
    data = {"red_flags": ["cauda_equina_symptoms"], "pain_score": 12}
    assert fields(data) == ["pain_score"]


def test_unknown_field():
    errors = errors_for(with_(pain=6))
    assert [error["field"] for error in errors] == ["pain"]
    assert "Unknown field" in errors[0]["message"]


def test_non_text_key():
    assert fields({**ROUTINE, 1: 2}) == [None]


def test_duloxetine_without_nsaid():
    errors = errors_for(with_(duloxetine_days=3))
    assert [error["field"] for error in errors] == ["duloxetine_days"]
    assert "NSAIDs" in errors[0]["message"]


def test_duloxetine_longer_than_nsaid():
    errors = errors_for(with_(nsaid_days=5, duloxetine_days=6, response="none"))
    assert [error["field"] for error in errors] == ["duloxetine_days"]


def test_duloxetine_same_day_as_nsaid_is_accepted():
    result = evaluate(with_(nsaid_days=5, duloxetine_days=5, response="none"))
    assert result["step"] == "continue_duloxetine"


def test_response_required_with_nsaid_days():
    errors = errors_for(with_(nsaid_days=5))
    assert [error["field"] for error in errors] == ["response"]
    assert "required" in errors[0]["message"]


def test_response_must_be_a_known_value():
    for value in ("good", "Adequate", 1, True, []):
        assert fields(with_(nsaid_days=5, response=value)) == ["response"], value


def test_invalid_response_rejected_even_when_ignored():
    """A present but invalid value is an error even where the field would be ignored."""
    assert fields(with_(response="maybe")) == ["response"]


def test_several_problems_at_once():
    data = {"red_flags": "none", "pain_score": "6", "extra": 1, "duloxetine_days": 2}
    assert sorted(map(str, fields(data))) == [
        "duloxetine_days",
        "extra",
        "functional_limitation",
        "pain_score",
        "red_flags",
        "symptom_duration_days",
    ]


def test_messages_name_the_field_in_words():
    """Messages are for a clinician: they say what is wrong in words, with the bad value."""
    errors = errors_for(with_(pain_score=11))
    assert errors[0]["message"] == "Pain score must be between 0 and 10 (got 11)."


def test_input_error_is_a_value_error_with_a_one_line_message():
    try:
        evaluate({})
    except InputError as exc:
        assert isinstance(exc, ValueError)
        assert "\n" not in str(exc)
        assert str(exc).startswith("red_flags: ")
    else:
        raise AssertionError("no InputError")


def test_repeated_bad_code_is_reported_once():
    assert fields(with_(red_flags=["x", "x"])) == ["red_flags"]


def test_mapping_that_cannot_be_read_is_input_error():
    """Nothing but InputError is raised for any input, however malformed."""
    from collections.abc import Mapping

    class Broken(Mapping):
        def __getitem__(self, key):
            raise RuntimeError("broken")

        def __iter__(self):
            return iter(["red_flags"])

        def __len__(self):
            return 1

    assert fields(Broken()) == [None]


def test_odd_values_are_rejected_without_calling_their_methods():
    class Weird(str):
        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = str.__hash__

    class Big(int):
        def __le__(self, other):
            raise RuntimeError("no")

    assert fields(with_(red_flags=[Weird("cauda_equina_symptoms")])) == ["red_flags"]
    assert fields(with_(pain_score=Big(5))) == ["pain_score"]


def test_one_line_message_is_the_errors_as_sentences_in_order():
    try:
        evaluate({"red_flags": [], "pain_score": 11})
    except InputError as exc:
        assert str(exc) == (
            "pain_score: Pain score must be between 0 and 10 (got 11). "
            "symptom_duration_days: Duration of the current pain is required unless a red flag "
            "is present. functional_limitation: Functional limitation is required unless a red "
            "flag is present."
        )
    else:
        raise AssertionError("no InputError")
