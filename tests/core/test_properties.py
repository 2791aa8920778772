"""Hypothesis properties of the core over any JSON-like value and over valid inputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_core import InputError, RedFlag, Response, evaluate, evaluate_json
from sciatica_core.form import LABELS

FIELDS = tuple(LABELS)
RED_FLAG_CODES = tuple(flag.value for flag in RedFlag)
RESPONSES = tuple(response.value for response in Response)

STEPS = {
    "urgent_evaluation",
    "exercise_first",
    "start_nsaid",
    "continue_nsaid",
    "add_duloxetine",
    "continue_duloxetine",
    "reassess",
    "not_covered",
}

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)

# Values that are often valid for each field, mixed with junk, so that both paths are hit.
field_values = {
    "red_flags": st.lists(st.sampled_from(RED_FLAG_CODES), max_size=3, unique=True)
    | st.just([])
    | json_values,
    "pain_score": st.integers(-2, 12) | json_values,
    "symptom_duration_days": st.integers(-2, 400) | st.integers(36499, 36502) | json_values,
    "functional_limitation": st.booleans() | json_values,
    "nsaid_days": st.none() | st.integers(-1, 45) | json_values,
    "duloxetine_days": st.none() | st.integers(-1, 45) | json_values,
    "response": st.sampled_from(RESPONSES) | json_values,
    "nsaid_tolerated": st.booleans() | json_values,
}
near_valid = st.fixed_dictionaries(
    {},
    optional={**field_values, "unknown_field": json_values},
)
valid_inputs = st.fixed_dictionaries(
    {
        "red_flags": st.just([]),
        "pain_score": st.integers(0, 10),
        "symptom_duration_days": st.integers(0, 36500),
        "functional_limitation": st.booleans(),
    },
    optional={"nsaid_tolerated": st.booleans()},
).flatmap(
    lambda base: st.one_of(
        st.just(base),
        st.integers(0, 36500).flatmap(
            lambda nsaid: st.fixed_dictionaries(
                {
                    **{key: st.just(value) for key, value in base.items()},
                    "nsaid_days": st.just(nsaid),
                    "response": st.sampled_from(RESPONSES),
                    "duloxetine_days": st.none() | st.integers(0, nsaid),
                }
            )
        ),
    )
)


def check_result(result: dict) -> None:
    """A result object of the contract's shape."""
    assert result["step"] in STEPS
    assert result["article_step"] in (None, 1, 2, 3, 4)
    assert (result["article_step"] is None) == (result["step"] == "urgent_evaluation")
    assert isinstance(result["title"], str) and result["title"]
    assert result["actions"], "every step says what to do"
    for key in ("actions", "avoid", "monitoring"):
        for item in result[key]:
            assert set(item) == {"text", "refs"}
            assert all(type(ref) is int and 1 <= ref <= 6 for ref in item["refs"])
            if not item["refs"]:
                assert "muscle relaxants" in item["text"]
    for note in result["notes"]:
        assert note["code"] in {"guideline_gap", "too_early"}
    assert result["rules"] and len(set(result["rules"])) == len(result["rules"])
    assert json.loads(json.dumps(result)) == result


def outcome(data: object) -> tuple[str, object]:
    try:
        return "result", evaluate(data)  # type: ignore[arg-type]
    except InputError as exc:
        assert exc.errors
        for error in exc.errors:
            assert error["field"] is None or isinstance(error["field"], str)
            assert isinstance(error["message"], str) and error["message"]
            assert error["message"].endswith("."), "a sentence, for the one-line message"
        return "errors", exc.errors


@given(json_values | near_valid)
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_json_value_gives_a_result_or_input_error(data):
    kind, value = outcome(data)
    if kind == "result":
        check_result(value)  # type: ignore[arg-type]
    assert outcome(data) == (kind, value), "deterministic"


@given(valid_inputs)
@settings(max_examples=400, deadline=None)
def test_valid_inputs_always_give_a_result(data):
    check_result(evaluate(data))


STOP = re.compile(r"\b(stop|do not start|don't start|discontinue|withdraw)\b", re.IGNORECASE)
DRUG = re.compile(
    r"nsaid|duloxetine|muscle relaxant|opioid|corticosteroid|glucocorticoid|benzodiazepine"
    r"|\bmg\b|\bdose\b",
    re.IGNORECASE,
)


@given(valid_inputs)
@settings(max_examples=1500, deadline=None)
def test_step_code_never_contradicts_its_actions(data):
    """Contract revision 2, fidelity: "no continue_nsaid whose actions stop NSAIDs, no
    start_nsaid whose actions say not to start them"; not_covered carries no drug
    instruction (only "Continue home exercise program throughout treatment" [1, 2])."""
    result = evaluate(data)
    actions = [item["text"] for item in result["actions"]]
    if result["step"] in ("continue_nsaid", "start_nsaid"):
        for text in [result["title"], *actions]:
            assert not STOP.search(text), (result["step"], text)
        assert any("NSAID" in text for text in actions), "the NSAID step says to use them"
    if result["step"] == "not_covered":
        assert not any(DRUG.search(text) for text in actions), actions
        assert not STOP.search(result["title"])
        assert data.get("nsaid_tolerated") is False
        assert any(note["code"] == "guideline_gap" for note in result["notes"])
    # No result anywhere tells the reader to stop or not to start a drug: the article never does.
    for text in actions:
        assert not STOP.search(text), text


@given(
    st.lists(st.sampled_from(RED_FLAG_CODES), min_size=1, max_size=3, unique=True),
    near_valid,
)
@settings(max_examples=300, deadline=None)
def test_any_red_flag_gives_urgent_evaluation(flags, rest):
    data = {key: value for key, value in rest.items() if key in FIELDS}
    data["red_flags"] = flags
    kind, value = outcome(data)
    if kind == "result":
        assert value["step"] == "urgent_evaluation"  # type: ignore[index]
    else:
        # Only a present but invalid value may block it, and then that field is named.
        assert all(error["field"] != "red_flags" for error in value)  # type: ignore[union-attr]


@given(st.text(max_size=60) | json_values.map(json.dumps))
@settings(max_examples=300, deadline=None)
def test_evaluate_json_never_raises(text):
    answer = json.loads(evaluate_json(text))
    assert set(answer) in ({"result"}, {"errors"})


@pytest.mark.parametrize(
    "stdin",
    [
        b"",
        b"not json",
        b"[1, 2",
        b"\xff\xfe\x00",
        b"NaN",
        b'{"pain_score": Infinity}',
        b"[" * 100_000,
        b'"a string"',
        b'{"red_flags": [], "pain_score": 1e400}',
        b'{"red_flags": [[[[[]]]]]}',
    ],
)
def test_command_line_never_prints_a_traceback(stdin):
    proc = subprocess.run(
        [sys.executable, "-m", "sciatica_core"],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr + proc.stdout
    assert json.loads(proc.stdout)["errors"]
    assert proc.stderr.count(b"\n") == 1
