"""Tests of the example core through its interface (``evaluate``, ``evaluate_json``,
``InputError``, ``rules_as_data``, ``calculator_spec``, ``input_schema``): a test per rule,
named for what it checks, whose docstring is the page's sentence the rule encodes; the best,
worst and boundary inputs; input errors; the changelog. Plain asserts (run them with
``python -m pytest`` in the site's folder). Replace them with your own as you replace the
rules, and keep ``RULE_TESTS`` naming a test per rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

from example_core import (
    CORE,
    InputError,
    calculator_spec,
    evaluate,
    evaluate_json,
    input_schema,
    rules_as_data,
)

PAGE = Path(__file__).resolve().parents[1] / "docs" / "index.md"
A = "placeholder result A, replace this rule with your guideline's own"
B = "placeholder result B, replace this rule with your guideline's own"


def step_of(number: int, box: bool) -> str:
    return evaluate({"example_number": number, "example_box": box})["step"]


def errors_of(data: object) -> list[dict]:
    try:
        evaluate(data)
    except InputError as exc:
        return exc.errors
    raise AssertionError(f"no InputError for {data!r}")


def words(text: str) -> str:
    """Text with every run of whitespace as one space (a page wraps its lines)."""
    return re.sub(r"\s+", " ", text).strip()


# -- a test per rule ----------------------------------------------------------------------


def test_number_5_or_more_or_the_box_ticked_gives_result_a():
    """Example number 5 or more, or the example box ticked: placeholder result A, replace this
    rule with your guideline's own"""
    result = evaluate({"example_number": 5, "example_box": False})
    assert result["step"] == "placeholder_a"
    assert result["rules"] == ["placeholder_a"]
    assert result["actions"] == [{"text": A, "refs": [1]}]
    assert result["title"] == "Placeholder result A (Step 1 of the example algorithm)"
    assert result["article_step"] == 1
    assert step_of(0, True) == "placeholder_a"  # the box alone, at the lowest number


def test_otherwise_gives_result_b():
    """Otherwise: placeholder result B, replace this rule with your guideline's own"""
    result = evaluate({"example_number": 4, "example_box": False})
    assert result["step"] == "placeholder_b"
    assert result["rules"] == ["placeholder_b"]
    assert result["actions"] == [{"text": B, "refs": [1]}]
    assert result["title"] == "Placeholder result B (Step 1 of the example algorithm)"


#: Each rule's test; its docstring is the rule's sentence (checked below).
RULE_TESTS = {
    "placeholder_a": test_number_5_or_more_or_the_box_ticked_gives_result_a,
    "placeholder_b": test_otherwise_gives_result_b,
}


def test_every_rule_has_a_test_whose_docstring_is_its_sentence():
    rules = rules_as_data()["rules"]
    assert [rule["id"] for rule in rules] == list(RULE_TESTS)
    for rule in rules:
        assert words(RULE_TESTS[rule["id"]].__doc__ or "") == words(rule["article_text"])


def test_every_rule_quotes_the_page_word_for_word():
    page = words(PAGE.read_text(encoding="utf-8"))
    for rule in rules_as_data()["rules"]:
        assert words(rule["article_text"]) in page, rule["id"]
        for item in rule["actions"]:
            assert words(item["text"]) in page, (rule["id"], item["text"])


# -- best, worst and boundary inputs ------------------------------------------------------


def test_best_and_worst_inputs():
    assert step_of(0, False) == "placeholder_b"  # the lowest answers
    assert step_of(10, True) == "placeholder_a"  # the highest answers


def test_boundary_of_example_number_is_5_inclusive():
    assert step_of(4, False) == "placeholder_b"
    assert step_of(5, False) == "placeholder_a"
    assert step_of(10, False) == "placeholder_a"
    assert errors_of({"example_number": -1, "example_box": False})[0]["field"] == "example_number"
    assert errors_of({"example_number": 11, "example_box": False})[0]["field"] == "example_number"


def test_every_input_gives_exactly_one_step_rule():
    for number in range(11):
        for box in (False, True):
            result = evaluate({"example_number": number, "example_box": box})
            expected = "placeholder_a" if number >= 5 or box else "placeholder_b"
            assert result["rules"] == [expected] == [result["step"]], (number, box)


# -- input errors and the JSON boundary ---------------------------------------------------


def test_missing_fields_are_each_named():
    assert [error["field"] for error in errors_of({})] == ["example_number", "example_box"]


def test_wrong_types_are_errors_at_their_field():
    assert errors_of({"example_number": True, "example_box": False})[0]["field"] == "example_number"
    assert errors_of({"example_number": 5.0, "example_box": False})[0]["field"] == "example_number"
    assert errors_of({"example_number": 5, "example_box": "yes"})[0]["field"] == "example_box"
    assert errors_of({"example_number": 5, "example_box": True, "other": 1})[0]["field"] == "other"
    assert errors_of([])[0]["field"] is None


def test_evaluate_json_answers_result_or_errors_never_raises():
    answer = json.loads(evaluate_json('{"example_number": 7, "example_box": false}'))
    assert answer["result"] == evaluate({"example_number": 7, "example_box": False})
    twice = json.loads(evaluate_json('{"example_number": 1, "example_number": 7}'))
    assert twice["errors"][0]["field"] == "example_number"
    for text in ("", "{", "NaN", '{"example_number": NaN, "example_box": true}', "[" * 100_000):
        assert "errors" in json.loads(evaluate_json(text)), text[:20]


# -- the data the site reads, and the changelog -------------------------------------------


def test_spec_rules_and_schema_are_json_ready_data():
    for data in (calculator_spec(), rules_as_data(), input_schema()):
        assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_spec_declares_every_field_the_core_reads_and_every_step_it_gives():
    spec = calculator_spec()
    assert [field["name"] for field in spec["fields"]] == ["example_number", "example_box"]
    steps = [step["code"] for step in spec["outputs"]["steps"]]
    assert sorted(steps) == sorted(rule["step"] for rule in rules_as_data()["rules"])


def test_changelog_records_todays_rules_and_versions_every_result():
    """A rule changed without a new changelog entry fails here, with the digests to record."""
    assert CORE.changelog_problems() == []
    data = rules_as_data()
    result = evaluate({"example_number": 1, "example_box": False})
    assert result["algorithm_version"] == data["algorithm_version"] == CORE.algorithm_version
    assert result["algorithm_version"].startswith(data["changelog"][-1]["version"] + "+")
