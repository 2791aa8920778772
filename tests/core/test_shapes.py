"""The TypedDicts of the result and error shapes (sciatica_core.model) name exactly the keys
that evaluate and evaluate_json produce, so that annotations checked by mypy describe the real
JSON. Standard library only: runs under CPython and inside Pyodide."""

from __future__ import annotations

import json

from sciatica_core import (
    ErrorData,
    ErrorsAnswer,
    GuidelineData,
    InputError,
    ItemData,
    NoteData,
    ResultAnswer,
    ResultData,
    evaluate,
    evaluate_json,
)

# Pain exactly 4: exercise_first with a guideline_gap note, so every list has an entry.
GAP_INPUT = {
    "red_flags": [],
    "pain_score": 4,
    "symptom_duration_days": 30,
    "functional_limitation": True,
}


def test_result_keys_are_exactly_those_of_result_data():
    result = evaluate(GAP_INPUT)
    assert set(result) == ResultData.__required_keys__
    assert set(result["guideline"]) == GuidelineData.__required_keys__


def test_result_items_and_notes_have_exactly_the_typed_keys():
    result = evaluate(GAP_INPUT)
    items = result["actions"] + result["avoid"] + result["monitoring"]
    assert items and result["notes"]
    assert all(set(item) == ItemData.__required_keys__ for item in items)
    assert all(set(note) == NoteData.__required_keys__ for note in result["notes"])


def test_input_errors_have_exactly_the_keys_of_error_data():
    try:
        evaluate({"red_flags": [], "pain_score": 11, "extra": 1})
    except InputError as exc:
        errors = exc.errors
    else:
        raise AssertionError("no InputError for a bad input")
    assert len(errors) >= 2
    assert all(set(error) == ErrorData.__required_keys__ for error in errors)


def test_evaluate_json_answers_have_exactly_the_typed_keys():
    good = json.loads(evaluate_json(json.dumps(GAP_INPUT)))
    assert set(good) == ResultAnswer.__required_keys__
    for text in ["{", '{"red_flags": [], "red_flags": []}', '{"red_flags": "x"}']:
        bad = json.loads(evaluate_json(text))
        assert set(bad) == ErrorsAnswer.__required_keys__, text
        assert all(set(error) == ErrorData.__required_keys__ for error in bad["errors"]), text
