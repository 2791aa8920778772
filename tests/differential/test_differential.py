"""Differential tests of both calculator cores against their recorded answers.

``recorded/*.json`` holds what each core answered before its move onto the authoring kit
(written by ``python tests/differential/record.py``): valid inputs with ``evaluate``'s
result, invalid JSON texts with ``evaluate_json``'s parsed answer. Equality is strict: the
same keys, the same values and the same JSON types (``1`` is not ``1.0`` nor ``true``, a list
is not a tuple). Re-record only on purpose: a new recording replaces the old answers.

Two deliberate, reviewed exceptions hold for a core moved onto the kit (:data:`ON_KIT`), and
only these:

- ``algorithm_version``. The old version hashed the core's own source files, so any refactor
  changed it; the kit's hashes the declared rule table only (``1+<digest>``). Every valid
  answer is compared with ``algorithm_version`` removed, and
  :func:`test_kit_cores_changed_only_their_algorithm_version` asserts separately that every
  recorded valid answer had one and the same old version and that every new answer carries
  the core's new ``ALGORITHM_VERSION``.
- The messages of errors for INVALID inputs: the kit's are generic ("the calculator's
  fields" for "the score's fields"). An invalid input must still be rejected, and its errors
  must name exactly the same set of fields (``{e["field"] for e in errors}``, None for the
  input as a whole) as recorded.

A third, for sciatica's invalid answers only (:func:`_kit_order`): its errors are
compared as a multiset, not a list, and a value that JSON reads as infinite is rendered as the
kit renders it. The sciatica core validated field by field in its own order (an unanswered
red-flag screen before the other fields' bad values, ``nsaid_tolerated`` before ``response``);
on the kit every bad value is reported in declared field order, then every missing or
inconsistent field; and the kit writes an infinite number (``1e400``, a 400-digit integer read
as a float) as "a very large number", where sciatica wrote "inf". The same errors, each with
the same field and (but for "inf") the same message, must still be reported.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLE = ROOT / "examples" / "cha2ds2-vasc"
RECORDED = HERE / "recorded"
CORES = {"sciatica": "sciatica_core", "cha2ds2vasc": "cha2ds2vasc_core"}
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
BAD_JSON = "The input is not valid JSON:"
SHOWN = 5  # mismatches shown in a failure
#: Cores moved onto the authoring kit: compared under the two exceptions of the docstring.
ON_KIT = {"cha2ds2vasc"}


def core(name: str) -> ModuleType:
    """The core, the example's from its folder (as examples/cha2ds2-vasc/conftest.py does)."""
    if str(EXAMPLE) not in sys.path:
        sys.path.insert(0, str(EXAMPLE))
    return importlib.import_module(CORES[name])


@functools.cache
def recording(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def differences(expected: Any, actual: Any, path: str = "") -> Iterator[str]:
    """Every place where ``actual`` is not exactly ``expected`` (types included)."""
    where = path or "(whole answer)"
    if type(expected) is not type(actual):
        yield f"{where}: {_short(expected)} != {_short(actual)}"
    elif isinstance(expected, dict):
        for key in expected.keys() | actual.keys():
            if key not in actual:
                yield f"{path}.{key}: missing (recorded {_short(expected[key])})"
            elif key not in expected:
                yield f"{path}.{key}: new (now {_short(actual[key])})"
            else:
                yield from differences(expected[key], actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        if len(expected) != len(actual):
            yield f"{where}: {len(expected)} items recorded, {len(actual)} now"
        for i, (old, new) in enumerate(zip(expected, actual, strict=False)):
            yield from differences(old, new, f"{path}[{i}]")
    elif expected != actual:
        yield f"{where}: {_short(expected)} != {_short(actual)}"


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False) if _is_json(value) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return type(value) is not tuple


def _comparable(answer: Any, python: str) -> Any:
    """``answer``, except that under another Python than the recording's, a bad-JSON error
    keeps only the core's own words: the rest quotes the json module, whose wording may
    change between Python versions."""
    if python == PYTHON or not isinstance(answer, dict) or "errors" not in answer:
        return answer
    errors = [
        {**error, "message": BAD_JSON} if str(error.get("message")).startswith(BAD_JSON) else error
        for error in answer["errors"]
    ]
    return {**answer, "errors": errors}


def _without_version(answer: Any) -> Any:
    """``answer`` (a result, or ``{"result": result}``) without its ``algorithm_version``."""
    if not isinstance(answer, dict):
        return answer
    if set(answer) == {"result"}:
        return {"result": _without_version(answer["result"])}
    return {key: value for key, value in answer.items() if key != "algorithm_version"}


def _fields_named(answer: Any) -> list[str] | None:
    """The fields an errors answer names, sorted (``None`` as "None"); None if it is not an
    answer with errors."""
    if not (isinstance(answer, dict) and set(answer) == {"errors"} and answer["errors"]):
        return None
    return sorted({str(error["field"]) for error in answer["errors"]})


_INFINITE = ("(got inf)", "(got -inf)")
_KIT_INFINITE = "(got a very large number)"


def _kit_order(name: str, answer: Any) -> Any:
    """For sciatica's invalid answers: the errors sorted (by field, then message), and an
    infinite value written as the kit writes it (see the module's docstring); else ``answer``."""
    if name != "sciatica" or not isinstance(answer, dict) or "errors" not in answer:
        return answer
    errors = []
    for error in answer["errors"]:
        message = str(error.get("message"))
        for infinite in _INFINITE:
            message = message.replace(infinite, _KIT_INFINITE)
        errors.append({**error, "message": message})
    return {**answer, "errors": sorted(errors, key=lambda e: (str(e["field"]), e["message"]))}


def replay(name: str) -> tuple[int, list[tuple[str, list[str]]]]:
    """(cases replayed, [(input, its differences)] for every case whose answer changed)."""
    module, rec = core(name), recording(name)
    outputs = rec["outputs"]
    on_kit = name in ON_KIT
    same: Any = _without_version if on_kit else (lambda answer: answer)
    changed: list[tuple[str, list[str]]] = []
    for data, index in rec["valid"]:
        expected = same(outputs[index])
        try:
            answer: Any = module.evaluate(data)
        except module.InputError as exc:
            answer = {"errors": exc.errors}
        text = json.dumps(data)
        found = list(differences(expected, same(answer)))
        if not found:  # the same input through the JSON boundary
            through_json = json.loads(module.evaluate_json(text))
            found = list(differences({"result": expected}, same(through_json)))
        if found:
            changed.append((text, found))
    for text, index in rec["invalid"]:
        expected = _comparable(outputs[index], rec["python"])
        answer = _comparable(json.loads(module.evaluate_json(text)), rec["python"])
        if on_kit:
            recorded, now = _fields_named(expected), _fields_named(answer)
            found = [] if now == recorded else [f"fields named: {recorded} != {now or answer}"]
        else:
            found = list(differences(_kit_order(name, expected), _kit_order(name, answer)))
        if found:
            changed.append((text, found))
    return len(rec["valid"]) + len(rec["invalid"]), changed


def report(name: str, total: int, changed: list[tuple[str, list[str]]]) -> str:
    """How many answers changed and where, then the first few: those that differ in more
    than ``algorithm_version`` first."""
    rec, now = recording(name), core(name).ALGORITHM_VERSION
    paths = Counter(
        line.split(":", 1)[0].split("[", 1)[0] for _, found in changed for line in found
    )
    lines = [
        f"{len(changed)} of {total} recorded answers of {CORES[name]} changed"
        f" (recorded under Python {rec['python']}, now {PYTHON});",
        "where: " + ", ".join(f"{path} ({count})" for path, count in paths.most_common(8)),
    ]
    if now != rec["algorithm_version"]:
        lines.append(f"algorithm_version: recorded {rec['algorithm_version']!r}, now {now!r}")

    def beyond_version(case: tuple[str, list[str]]) -> bool:
        return any("algorithm_version:" not in line for line in case[1])

    changed = sorted(changed, key=lambda case: not beyond_version(case))
    lines.append(
        f"answers that differ in more than algorithm_version: {sum(map(beyond_version, changed))}"
    )
    for text, found in changed[:SHOWN]:
        lines.append(f"\ninput: {text if len(text) <= 300 else text[:297] + '...'}")
        lines += [f"    {line}" for line in found[:6]]
        if len(found) > 6:
            lines.append(f"    ... and {len(found) - 6} more differences")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(CORES))
def test_every_recorded_answer_is_still_the_answer(name: str) -> None:
    """Every recorded answer of the core before its move onto the kit is still its answer:
    for each recorded valid input, ``evaluate`` (and ``evaluate_json``) gives exactly the
    recorded result, and for each recorded invalid JSON text, ``evaluate_json`` gives exactly
    the recorded errors (for sciatica: the same errors in the kit's order, an infinite value
    written as the kit writes it; see the module's docstring)."""
    total, changed = replay(name)
    if changed:
        pytest.fail(report(name, total, changed), pytrace=False)


@pytest.mark.parametrize("name", sorted(ON_KIT))
def test_kit_cores_changed_only_their_algorithm_version(name: str) -> None:
    """The one change to a valid answer of a core moved onto the kit: every recorded valid
    answer had one and the same old ``algorithm_version`` (the recording's), and every new
    answer carries the core's new ``ALGORITHM_VERSION``, the kit's digest of its rule table."""
    module, rec = core(name), recording(name)
    assert {output["algorithm_version"] for output in valid_outputs(name)} == {
        rec["algorithm_version"]
    }
    assert module.CORE.algorithm_version == module.ALGORITHM_VERSION
    versions = {module.evaluate(data)["algorithm_version"] for data in valid_inputs(name)}
    assert versions == {module.ALGORITHM_VERSION}


def valid_inputs(name: str) -> list[dict[str, Any]]:
    return [data for data, _ in recording(name)["valid"]]


def valid_outputs(name: str) -> list[dict[str, Any]]:
    rec = recording(name)
    return [rec["outputs"][index] for _, index in rec["valid"]]


def invalid_answers(name: str) -> list[tuple[str, dict[str, Any]]]:
    rec = recording(name)
    return [(text, rec["outputs"][index]) for text, index in rec["invalid"]]


@pytest.mark.parametrize("name", list(CORES))
def test_recording_holds_enough_of_each_kind(name: str) -> None:
    """A recording holds at least 2,000 distinct valid inputs and 300 distinct invalid texts,
    each stored once, every output used; and covers the invalid kinds it claims: missing and
    unknown fields, bad values of every field, non-object JSON, bad JSON, a duplicate key, a
    5000-digit integer."""
    rec = recording(name)
    fields = [field["name"] for field in core(name).calculator_spec()["fields"]]
    assert len(rec["valid"]) >= 2000
    assert len(rec["invalid"]) >= 300
    inputs = [json.dumps(data) for data in valid_inputs(name)]
    texts = [text for text, _ in rec["invalid"]]
    assert len(set(inputs + texts)) == len(inputs) + len(texts)
    used = {index for _, index in rec["valid"] + rec["invalid"]}
    assert used == set(range(len(rec["outputs"])))
    assert all("errors" not in output for output in valid_outputs(name))
    answers = invalid_answers(name)
    assert all(set(answer) == {"errors"} and answer["errors"] for _, answer in answers)
    messages = [error["message"] for _, answer in answers for error in answer["errors"]]
    named = {error["field"] for _, answer in answers for error in answer["errors"]}
    assert set(fields) < named  # every field, and unknown ones
    assert any(m.startswith(BAD_JSON) for m in messages)
    assert any(m.startswith("The input must be a JSON object") for m in messages)
    assert any("is given more than once" in m for m in messages)
    assert any(m.startswith("Unknown field") for m in messages)
    assert any("9" * 5000 in text for text in texts)
    assert any(m.endswith("is required.") or "is required unless" in m for m in messages)


def test_sciatica_recording_covers_every_step_rule_and_boundary() -> None:
    """The sciatica recording reaches every step code the core declares and fires every rule
    of its table, and its valid inputs hold every boundary of every rule: pain 0-10, symptom
    durations 29/30/31 days, NSAIDs absent, null and 0-40 days, duloxetine null, absent and
    6/7/8 days, every response, tolerance true/false/absent, red flags none/one/several
    (alone, the other fields missing)."""
    sciatica = core("sciatica")
    outputs = valid_outputs("sciatica")
    steps = [step["code"] for step in sciatica.calculator_spec()["outputs"]["steps"]]
    assert set(steps) <= {output["step"] for output in outputs}
    rules = {rule["id"] for rule in sciatica.rules_as_data()["rules"]}
    assert rules <= {rule for output in outputs for rule in output["rules"]}

    routine = [data for data in valid_inputs("sciatica") if data["red_flags"] == []]
    flagged = [data["red_flags"] for data in valid_inputs("sciatica") if data["red_flags"]]

    def values(field: str, of: list[dict[str, Any]] = routine) -> set[Any]:
        return {json.dumps(data[field]) if field in data else "absent" for data in of}

    treated = [data for data in routine if data.get("nsaid_days") is not None]
    assert values("pain_score") >= {json.dumps(v) for v in range(11)}
    assert values("symptom_duration_days") >= {"0", "29", "30", "31", "36500"}
    assert values("nsaid_days") >= {"absent", "null", *(json.dumps(v) for v in range(41))}
    assert values("duloxetine_days", treated) >= {"absent", "null", "0", "6", "7", "8"}
    assert values("response", treated) == {'"adequate"', '"inadequate"', '"none"'}
    assert values("nsaid_tolerated") >= {"true", "false", "absent"}
    assert values("functional_limitation") == {"true", "false"}
    assert {len(set(flags)) for flags in flagged} == {1, 2, 3}
    alone = [data for data in valid_inputs("sciatica") if list(data) == ["red_flags"]]
    assert {frozenset(data["red_flags"]) for data in alone if data["red_flags"]} == {
        frozenset(flags) for flags in flagged
    }


def test_cha2ds2vasc_recording_covers_every_score_subset_and_age_edge() -> None:
    """The CHA2DS2-VASc recording reaches every score from 0 to 9, every component both
    present and absent, and its valid inputs hold every subset of risk factors and every age
    edge (64, 65, 74, 75, and each age of the range) with both sexes."""
    cha = core("cha2ds2vasc")
    outputs = valid_outputs("cha2ds2vasc")
    assert {output["score"] for output in outputs} == set(range(cha.MAX_SCORE + 1))
    seen = {(c["id"], c["present"]) for output in outputs for c in output["components"]}
    assert seen == {(c.id, present) for c in cha.COMPONENTS for present in (True, False)}

    spec = {field["name"]: field for field in cha.calculator_spec()["fields"]}
    inputs = valid_inputs("cha2ds2vasc")
    factors = [option["value"] for option in spec["risk_factors"]["options"]]
    subsets = {frozenset(data["risk_factors"]) for data in inputs}
    assert len(subsets) == 2 ** len(factors)
    sexes = [option["value"] for option in spec["sex"]["options"]]
    ages = {(data["age"], data["sex"]) for data in inputs}
    every_age = range(spec["age"]["minimum"], spec["age"]["maximum"] + 1)
    assert ages == {(age, sex) for age in every_age for sex in sexes}
    edges = {(frozenset(data["risk_factors"]), data["age"], data["sex"]) for data in inputs}
    for subset in subsets:
        for age in (64, 65, 74, 75):
            assert {(subset, age, sex) for sex in sexes} <= edges
