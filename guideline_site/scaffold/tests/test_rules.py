"""Tests of the example core: its rule table, its input errors and its data. Plain asserts
(run them with ``python -m pytest`` in the site's folder). Replace them with your own as you
replace the rules: one test per rule and per boundary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import example_core
from example_core import InputError, calculator_spec, evaluate, evaluate_json, rules_as_data

PAGE = Path(__file__).resolve().parents[1] / "docs" / "index.md"


def errors_of(data: object) -> list[dict]:
    try:
        evaluate(data)  # type: ignore[arg-type]
    except InputError as exc:
        return exc.errors
    raise AssertionError(f"no InputError for {data!r}")


def words(text: str) -> str:
    """Text with every run of whitespace as one space (a page wraps its lines)."""
    return re.sub(r"\s+", " ", text).strip()


def test_number_5_or_more_gives_result_a():
    assert evaluate({"example_number": 5, "example_box": False})["step"] == "placeholder_a"
    assert evaluate({"example_number": 10, "example_box": False})["step"] == "placeholder_a"


def test_ticked_box_gives_result_a_at_any_number():
    assert evaluate({"example_number": 0, "example_box": True})["step"] == "placeholder_a"


def test_number_under_5_and_no_box_gives_result_b():
    result = evaluate({"example_number": 4, "example_box": False})
    assert result["step"] == "placeholder_b"
    assert result["rules"] == ["placeholder_b"]


def test_every_rule_quotes_the_page_word_for_word():
    page = words(PAGE.read_text(encoding="utf-8"))
    for rule in rules_as_data()["rules"]:
        assert words(rule["article_text"]) in page, rule["id"]
        for item in rule["actions"]:
            assert words(item["text"]) in page, (rule["id"], item["text"])


def test_missing_fields_are_each_named():
    assert [error["field"] for error in errors_of({})] == ["example_number", "example_box"]


def test_wrong_types_and_ranges_are_errors_at_their_field():
    assert errors_of({"example_number": 11, "example_box": False})[0]["field"] == "example_number"
    assert errors_of({"example_number": True, "example_box": False})[0]["field"] == "example_number"
    assert errors_of({"example_number": 5.0, "example_box": False})[0]["field"] == "example_number"
    assert errors_of({"example_number": 5, "example_box": "yes"})[0]["field"] == "example_box"
    assert errors_of({"example_number": 5, "example_box": True, "other": 1})[0]["field"] == "other"
    assert errors_of([])[0]["field"] is None


def test_evaluate_json_answers_result_or_errors_never_raises():
    answer = json.loads(evaluate_json('{"example_number": 7, "example_box": false}'))
    assert answer["result"]["step"] == "placeholder_a"
    twice = json.loads(evaluate_json('{"example_number": 1, "example_number": 7}'))
    assert twice["errors"][0]["field"] == "example_number"
    for text in ("", "{", "NaN", '{"example_number": NaN, "example_box": true}', "[" * 100_000):
        assert "errors" in json.loads(evaluate_json(text)), text[:20]


def test_spec_rules_and_schema_are_json_ready_data():
    for data in (calculator_spec(), rules_as_data(), example_core.input_schema()):
        assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_spec_declares_every_field_the_core_reads_and_every_step_it_gives():
    spec = calculator_spec()
    assert [field["name"] for field in spec["fields"]] == ["example_number", "example_box"]
    steps = [step["code"] for step in spec["outputs"]["steps"]]
    assert sorted(steps) == sorted(rule["step"] for rule in rules_as_data()["rules"])


def test_changelog_names_every_rule_and_versions_every_result():
    data = rules_as_data()
    named = {
        rule_id for entry in data["changelog"] for rule_id in entry["added"] + entry["changed"]
    }
    assert {rule["id"] for rule in data["rules"]} <= named
    result = evaluate({"example_number": 1, "example_box": False})
    assert result["algorithm_version"] == data["algorithm_version"]
    assert result["algorithm_version"].startswith(data["changelog"][-1]["version"] + "+")
