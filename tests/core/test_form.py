"""The calculator's declared form (sciatica_core.form): complete, true to the contract, and
the one source of the field labels; its JSON Schema judges input as the core does.

Standard library only (no pytest import), so the module also runs inside Pyodide.
"""

from __future__ import annotations

import json
import random

import sciatica_core
from sciatica_core import InputError, Step, calculator_spec, evaluate, form, input_schema

#: The guideline's input table (README, "The core and its contract"): field -> (kind,
#: minimum, maximum, options).
CONTRACT_FIELDS = {
    "red_flags": (
        "checklist",
        None,
        None,
        ["progressive_neurological_deficit", "cauda_equina_symptoms", "severe_unremitting_pain"],
    ),
    "pain_score": ("integer", 0, 10, None),
    "symptom_duration_days": ("day_count", 0, 36500, None),
    "functional_limitation": ("boolean", None, None, [True, False]),
    "nsaid_days": ("day_count", 0, 36500, None),
    "duloxetine_days": ("day_count", 0, 36500, None),
    "response": ("choice", None, None, ["adequate", "inadequate", "none"]),
    "nsaid_tolerated": ("boolean", None, None, [True, False]),
}
#: The guideline's result steps (revision 2 adds not_covered).
CONTRACT_STEPS = [
    "urgent_evaluation",
    "exercise_first",
    "start_nsaid",
    "continue_nsaid",
    "add_duloxetine",
    "continue_duloxetine",
    "reassess",
    "not_covered",
]

ROUTINE = {
    "red_flags": [],
    "pain_score": 6,
    "symptom_duration_days": 45,
    "functional_limitation": True,
}


def spec_fields() -> dict[str, dict]:
    return {field["name"]: field for field in calculator_spec()["fields"]}


def test_spec_is_json_ready_data():
    """The spec survives a JSON round trip unchanged: only dict, list, str, int, bool, None."""
    spec = calculator_spec()
    assert json.loads(json.dumps(spec, allow_nan=False)) == spec
    schema = input_schema()
    assert json.loads(json.dumps(schema, allow_nan=False)) == schema


def test_spec_and_schema_are_exported_from_the_core():
    assert calculator_spec() == sciatica_core.CORE.calculator_spec()
    assert input_schema() == sciatica_core.CORE.input_schema()
    assert {"calculator_spec", "input_schema"} <= set(sciatica_core.__all__)


def test_every_contract_field_is_declared_once_with_the_contracts_range():
    names = [field["name"] for field in calculator_spec()["fields"]]
    assert sorted(names) == sorted(CONTRACT_FIELDS), names
    assert len(names) == len(set(names))
    for name, (kind, low, high, options) in CONTRACT_FIELDS.items():
        field = spec_fields()[name]
        assert field["kind"] == kind, name
        assert field.get("minimum") == low and field.get("maximum") == high, name
        if options is not None:
            assert [option["value"] for option in field["options"]] == options, name
        assert field["label"] and field["question"], name


def test_every_field_is_in_exactly_one_group():
    grouped = [name for group in calculator_spec()["groups"] for name in group["fields"]]
    assert sorted(grouped) == sorted(CONTRACT_FIELDS)
    assert all(group["title"] for group in calculator_spec()["groups"])


def test_red_flag_screen_has_an_exclusive_none_of_these_and_is_always_required():
    field = spec_fields()["red_flags"]
    assert field["none_option"] == "None of these three"
    assert field["required"] is True and field["required_when"] == []
    assert all(option["label"] for option in field["options"])


def test_routine_fields_are_required_unless_a_red_flag_is_given():
    no_flag = {"field": "red_flags", "op": "no_items"}
    for name in ("pain_score", "symptom_duration_days", "functional_limitation"):
        field = spec_fields()[name]
        assert field["required"] is True and field["required_when"] == [no_flag], name


def test_treatment_questions_show_once_nsaid_days_is_given():
    started = {"field": "nsaid_days", "op": "given"}
    fields = spec_fields()
    assert fields["response"]["shown_when"] == [started]
    assert fields["duloxetine_days"]["shown_when"] == [started]
    assert started in fields["response"]["required_when"]
    assert fields["duloxetine_days"]["requires"] == "nsaid_days"
    assert fields["duloxetine_days"]["at_most"] == "nsaid_days"
    shown = [name for name, field in fields.items() if field["shown_when"]]
    assert sorted(shown) == ["duloxetine_days", "response"]


def test_optional_fields_declare_the_contracts_defaults():
    fields = spec_fields()
    assert fields["nsaid_days"]["default"] is None
    assert fields["duloxetine_days"]["default"] is None
    assert fields["nsaid_tolerated"]["default"] is True
    assert fields["nsaid_days"]["null_text"] == "not started"
    for name, field in fields.items():
        assert ("default" in field) is (not field["required"]), name


def test_day_counts_offer_days_weeks_and_months_of_30_days():
    for name, field in spec_fields().items():
        if field["kind"] != "day_count":
            assert "units" not in field, name
            continue
        assert field["unit"] == "days"
        assert [(unit["value"], unit["days"]) for unit in field["units"]] == [
            ("days", 1),
            ("weeks", 7),
            ("months", 30),
        ], name


def test_every_step_has_an_output_entry_and_only_urgent_evaluation_is_urgent():
    steps = calculator_spec()["outputs"]["steps"]
    codes = [step["code"] for step in steps]
    assert codes == CONTRACT_STEPS
    assert {step.value for step in Step} <= set(codes)
    assert all(step["label"] for step in steps)
    assert [step["code"] for step in steps if step["urgent"]] == ["urgent_evaluation"]
    labels = {step["code"]: step["label"] for step in steps}
    assert labels["not_covered"] == "Not covered by the article's plan"
    assert labels["exercise_first"] == "Intensify home exercise first"


def test_only_not_covered_is_flagged_as_not_covered_and_it_is_not_urgent():
    """The page styles a step the article's plan does not cover neutrally, from this flag."""
    steps = calculator_spec()["outputs"]["steps"]
    assert [step["code"] for step in steps if step["not_covered"]] == ["not_covered"]
    assert not any(step["urgent"] and step["not_covered"] for step in steps)


def test_spec_names_the_legacy_page_global_and_a_note_label_for_every_field():
    spec = calculator_spec()
    assert spec["legacy_global"] == "sciaticaFlare"  # docs/authoring.md, "In the browser"
    assert spec["title"] == "Sciatica flare calculator"
    note_labels = {name: field["note_label"] for name, field in spec_fields().items()}
    assert note_labels == {
        "red_flags": "Red flags",
        "pain_score": "Pain",
        "symptom_duration_days": "Duration of current pain",
        "functional_limitation": "Limits function",
        "nsaid_days": "NSAIDs for this flare",
        "duloxetine_days": "Duloxetine",
        "response": "Response so far",
        "nsaid_tolerated": "NSAIDs tolerated",
    }


def test_validate_takes_its_labels_from_the_spec():
    labels = {name: field["label"] for name, field in spec_fields().items()}
    assert labels == form.LABELS
    assert {field.name: field.label for field in sciatica_core.CORE.fields} == form.LABELS
    assert spec_fields()["nsaid_days"]["maximum"] == form.MAX_DAYS
    for name in ("pain_score", "nsaid_days"):
        messages = [error["message"] for error in errors_of({**ROUTINE, name: "x"})]
        assert any(message.startswith(labels[name]) for message in messages), messages


# --------------------------------------------------------------------------- the schema

#: The JSON Schema keywords the validator below implements; any other fails the test, so a
#: schema keyword cannot be silently ignored.
KEYWORDS = {
    "$schema",
    "title",
    "description",
    "default",
    "type",
    "enum",
    "minimum",
    "maximum",
    "items",
    "minItems",
    "required",
    "properties",
    "additionalProperties",
    "not",
    "allOf",
    "if",
    "then",
    "else",
}


def _has_type(value: object, name: str) -> bool:
    if name == "integer":  # JSON Schema: any number with a zero fractional part
        return type(value) is int or (type(value) is float and value.is_integer())
    python = {"null": type(None), "boolean": bool, "array": list, "object": dict, "string": str}
    return type(value) is python[name]


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def schema_accepts(schema: dict, value: object) -> bool:
    """A validator for the subset of JSON Schema 2020-12 in KEYWORDS."""
    unknown = set(schema) - KEYWORDS
    assert not unknown, f"keywords the test's validator does not know: {unknown}"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_has_type(value, name) for name in types):
            return False
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        return False
    if type(value) in (int, float):
        if "minimum" in schema and value < schema["minimum"]:
            return False
        if "maximum" in schema and value > schema["maximum"]:
            return False
    if type(value) is list:
        if len(value) < schema.get("minItems", 0):
            return False
        if "items" in schema and not all(schema_accepts(schema["items"], v) for v in value):
            return False
    if type(value) is dict:
        if any(name not in value for name in schema.get("required", [])):
            return False
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                if not schema_accepts(properties[name], item):
                    return False
            elif schema.get("additionalProperties", True) is False:
                return False
    if "not" in schema and schema_accepts(schema["not"], value):
        return False
    if not all(schema_accepts(part, value) for part in schema.get("allOf", [])):
        return False
    if "if" in schema:
        branch = "then" if schema_accepts(schema["if"], value) else "else"
        if branch in schema and not schema_accepts(schema[branch], value):
            return False
    return True


def errors_of(data: object) -> list[dict]:
    try:
        evaluate(data)  # type: ignore[arg-type]
    except InputError as exc:
        return exc.errors
    return []


VALID = [
    {"red_flags": ["cauda_equina_symptoms"]},
    {"red_flags": ["severe_unremitting_pain"], "pain_score": None, "nsaid_days": 4},
    ROUTINE,
    {**ROUTINE, "nsaid_days": None, "duloxetine_days": None, "nsaid_tolerated": None},
    {**ROUTINE, "nsaid_days": 0, "response": "none"},
    {**ROUTINE, "nsaid_days": 10, "response": "inadequate", "duloxetine_days": 10},
    {**ROUTINE, "nsaid_days": 36500, "response": "adequate", "nsaid_tolerated": False},
    {**ROUTINE, "pain_score": 0, "symptom_duration_days": 0, "functional_limitation": False},
]

#: One input for each kind of bad input the contract lists.
INVALID = {
    "missing required field": {k: v for k, v in ROUTINE.items() if k != "pain_score"},
    "missing red_flags": {k: v for k, v in ROUTINE.items() if k != "red_flags"},
    "null red_flags": {**ROUTINE, "red_flags": None},
    "boolean for an integer": {**ROUTINE, "pain_score": True},
    "string for an integer": {**ROUTINE, "pain_score": "6"},
    "fraction for an integer": {**ROUTINE, "symptom_duration_days": 6.5},
    "string for a boolean": {**ROUTINE, "functional_limitation": "yes"},
    "integer for a boolean": {**ROUTINE, "nsaid_tolerated": 1},
    "red flags not a list": {**ROUTINE, "red_flags": "cauda_equina_symptoms"},
    "above range": {**ROUTINE, "pain_score": 11},
    "below range": {**ROUTINE, "nsaid_days": -1, "response": "none"},
    "above the day range": {**ROUTINE, "symptom_duration_days": 36501},
    "unknown red-flag code": {**ROUTINE, "red_flags": ["headache"]},
    "unknown response": {**ROUTINE, "nsaid_days": 5, "response": "good"},
    "unknown field": {**ROUTINE, "age": 40},
    "duloxetine without nsaids": {**ROUTINE, "duloxetine_days": 3},
    "response missing once nsaids started": {**ROUTINE, "nsaid_days": 5},
    "not an object: list": [ROUTINE],
    "not an object: string": "pain",
    "not an object: null": None,
}


def test_schema_accepts_valid_inputs_the_core_accepts():
    schema = input_schema()
    for data in VALID:
        assert errors_of(data) == [], data
        assert schema_accepts(schema, data), data


def test_schema_rejects_each_kind_of_bad_input_the_contract_lists():
    schema = input_schema()
    for kind, data in INVALID.items():
        assert errors_of(data), kind
        assert not schema_accepts(schema, data), kind


def test_schema_bounds_are_the_cores_bounds():
    """Each number field's minimum and maximum are accepted, one beyond is rejected, by the
    schema and by the core alike."""
    schema = input_schema()
    base = {**ROUTINE, "nsaid_days": 36500, "response": "none"}
    for name, field in spec_fields().items():
        if field["kind"] not in ("integer", "day_count"):
            continue
        for value, ok in (
            (field["minimum"], True),
            (field["maximum"], True),
            (field["minimum"] - 1, False),
            (field["maximum"] + 1, False),
        ):
            data = {**base, name: value}
            assert (errors_of(data) == []) is ok, (name, value)
            assert schema_accepts(schema, data) is ok, (name, value)


def test_schema_describes_the_one_rule_it_cannot_express():
    """duloxetine_days may not exceed nsaid_days: the core rejects it; JSON Schema cannot
    compare two fields, so the schema says so in a description."""
    data = {**ROUTINE, "nsaid_days": 5, "response": "none", "duloxetine_days": 6}
    assert [error["field"] for error in errors_of(data)] == ["duloxetine_days"]
    description = input_schema()["properties"]["duloxetine_days"]["description"]
    assert "nsaid_days" in description


def _random_value(rng: random.Random, name: str) -> object:
    """Mostly a valid value of the field; else null or a value of a wrong type or range."""
    field = spec_fields()[name]
    kind = field["kind"]
    if rng.random() < 0.2:
        bad: list[object] = [None, "x", 1.5, [], {}, True, -1, 0]
        if kind in ("integer", "day_count"):
            bad.append(field["maximum"] + 1)
        if kind == "checklist":
            bad += [["other"], [field["options"][0]["value"], 3], "x"]
        return rng.choice(bad)
    if kind in ("integer", "day_count"):
        low, high = field["minimum"], field["maximum"]
        return rng.choice([low, high, rng.randint(low, high), rng.randint(low, 60)])
    options = [option["value"] for option in field["options"]]
    if kind == "checklist":
        return rng.choice([[], [], [rng.choice(options)], options])
    return rng.choice(options)


def test_schema_and_core_agree_on_random_inputs():
    """Seeded random inputs (fields missing, null, of the wrong type, out of range or valid):
    the schema accepts exactly what the core accepts, except the one comparison the schema
    cannot express (duloxetine_days greater than nsaid_days)."""
    rng = random.Random(20261127)
    schema = input_schema()
    accepted = rejected = 0
    for _ in range(3000):
        data: dict = {name: _random_value(rng, name) for name in CONTRACT_FIELDS}
        for name in CONTRACT_FIELDS:
            if rng.random() < 0.15:
                del data[name]
        if rng.random() < 0.05:
            data["unknown"] = 1
        nsaid, duloxetine = data.get("nsaid_days"), data.get("duloxetine_days")
        if type(nsaid) is int and type(duloxetine) is int and duloxetine > nsaid:
            continue
        core_ok = errors_of(data) == []
        assert schema_accepts(schema, data) is core_ok, data
        accepted += core_ok
        rejected += not core_ok
    assert accepted > 100 and rejected > 100, (accepted, rejected)


def test_validator_refuses_unknown_keywords():
    """The test's validator fails on a keyword it does not implement, so the schema tests
    above cannot pass by ignoring part of the schema."""
    try:
        schema_accepts({"pattern": "x"}, "x")
    except AssertionError as exc:
        assert "pattern" in str(exc)
    else:
        raise AssertionError("an unknown keyword was ignored")
