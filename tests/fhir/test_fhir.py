"""Issue 22: computable FHIR R4 from each calculator's declarations (guideline_site/fhir.py).

In-process, without building a site: the resources of every calculator in this repository
are valid R4 (``fhir.resources``), and ``fhirpathpy``, an engine written elsewhere, agrees
with the core over 1,000 seeded inputs per calculator (boundaries included): the first
applicable top-level action's code is the core's step, category or score, the calculated
value is the core's, the top-level actions exclude each other, and a pathway's nested actions
that apply are the rules the core fired."""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

import harness
import pytest
from fhir.resources.plandefinition import PlanDefinition
from fhir.resources.questionnaire import Questionnaire
from fhir.resources.questionnaireresponse import QuestionnaireResponse

from guideline_site import fhir

NAMES = list(harness.CALCULATORS)
#: Inputs per calculator in the agreement test.
COUNT = 1000
#: Every how many inputs every top-level action is tried (their exclusion).
ALL_ACTIONS_EVERY = 10


@pytest.mark.parametrize("name", NAMES)
def test_resources_are_valid_r4(name: str):
    files = harness.resources(name)
    questionnaire = Questionnaire.parse_obj(copy.deepcopy(files["Questionnaire"]))
    plan = PlanDefinition.parse_obj(copy.deepcopy(files["PlanDefinition"]))
    assert plan.type.coding[0].code == "eca-rule"
    spec = harness.core(name).calculator_spec()
    fields = [field["name"] for field in spec["fields"]]
    assert [item.linkId for item in questionnaire.item if not item.readOnly] == fields
    for action in plan.action:
        assert action.condition[0].kind == "applicability"
        assert action.condition[0].expression.language == "text/fhirpath"
        assert all(a.type == "citation" for a in action.documentation or [])
    json.dumps(files)  # JSON as written


@pytest.mark.parametrize("name", NAMES)
def test_a_filled_response_is_valid_r4(name: str):
    data, _ = next(harness.inputs(name, 1))
    QuestionnaireResponse.parse_obj(harness.response(name, data))


def test_validation_catches_a_wrong_resource():
    """fhir.resources checks elements and their types (not a code's value set)."""
    broken = copy.deepcopy(harness.resources("egfr")["PlanDefinition"])
    broken["action"][0]["conditions"] = broken["action"][0].pop("condition")
    with pytest.raises(ValueError, match="conditions"):
        PlanDefinition.parse_obj(broken)


@pytest.mark.parametrize("name", NAMES)
def test_fhirpathpy_agrees_with_the_core(name: str):
    spec = harness.core(name).calculator_spec()
    outputs = spec["outputs"]
    kind = outputs["kind"]
    codes = [harness.code(a) for a in harness.resources(name)["PlanDefinition"]["action"]]
    seen: Counter[str] = Counter()
    values: Counter[Any] = Counter()
    for n, (data, result) in enumerate(harness.inputs(name, COUNT)):
        filled = harness.response(name, data)
        if kind == "pathway":
            want = result[outputs["field"]]
        elif kind == "quantity":
            want = result[outputs["category_field"]]
        else:
            want = result.get(outputs.get("band_field") or "") or str(result[outputs["field"]])
        if n % ALL_ACTIONS_EVERY == 0:
            applicable = harness.applicable(name, filled)
            assert [harness.code(a) for a in applicable] == [want], data
            first = applicable[0]
        else:
            first = next(
                a
                for a in harness.resources(name)["PlanDefinition"]["action"]
                if harness.holds(a, filled)
            )
        assert harness.code(first) == want, data
        if kind == "pathway":
            assert harness.fired(first, filled) == result["rules"], data
        else:
            value = harness.calculated_value(name, filled)
            assert value == result[outputs["field"]], data
            values[value] += 1
        seen[want] += 1
    print(f"\n{name}: {COUNT} inputs agree; results seen {dict(sorted(seen.items()))}")
    assert set(seen) == set(codes), "every action is reached"
    if kind == "quantity":  # both sides of every band's edge, as reported
        for band in outputs["bands"]:
            for edge in (band["minimum"], band["maximum"]):
                if edge is not None:
                    assert values[edge] and (values[edge - 1] or values[edge + 1]), edge


def test_sciatica_boundaries_and_defaults():
    """Defaults, hidden fields and the red-flag screen's "none", each by name."""
    name = "sciatica-flare"
    core = harness.core(name)
    base = {"red_flags": [], "pain_score": 5, "symptom_duration_days": 20}
    cases = [
        base | {"functional_limitation": True},  # NSAIDs tolerated by default: start
        base | {"functional_limitation": True, "nsaid_tolerated": False},
        base | {"functional_limitation": True, "response": "adequate"},  # hidden: ignored
        base | {"functional_limitation": True, "nsaid_days": 2, "response": "none"},
        base | {"functional_limitation": True, "nsaid_days": 3, "response": "none"},
        base | {"functional_limitation": True, "nsaid_days": 30, "response": "inadequate"},
        base | {"functional_limitation": True, "nsaid_days": 29, "response": "inadequate"},
        base
        | {"functional_limitation": True, "nsaid_days": 2, "duloxetine_days": 2}
        | {"response": "none"},
        base
        | {"functional_limitation": True, "nsaid_days": 20, "duloxetine_days": 6}
        | {"response": "inadequate"},
        base
        | {"functional_limitation": True, "nsaid_days": 20, "duloxetine_days": 7}
        | {"response": "none", "nsaid_tolerated": False},
        base | {"functional_limitation": False, "pain_score": 4},
        base | {"functional_limitation": True, "symptom_duration_days": 30},
        {"red_flags": ["cauda_equina_symptoms"]},
    ]
    for data in cases:
        result = core.evaluate(data)
        filled = harness.response(name, data)
        applicable = harness.applicable(name, filled)
        assert [harness.code(a) for a in applicable] == [result["step"]], data
        assert harness.fired(applicable[0], filled) == result["rules"], data
    none = harness.response(name, base | {"functional_limitation": True})["item"][0]
    assert none == {"linkId": "red_flags", "answer": [{"valueCoding": {"code": "none"}}]}


def test_a_score_is_the_sum_of_its_declared_points():
    expression = next(
        e["valueExpression"]["expression"]
        for item in harness.resources("cha2ds2-vasc")["Questionnaire"]["item"]
        for e in item.get("extension", [])
        if e["url"] == fhir.CALCULATED
    )
    assert expression.count("iif(") == 8 and ", 2, 0)" in expression


def test_egfr_converts_umol_per_litre_by_the_declared_factor():
    name = "egfr"
    core = harness.core(name)
    for creatinine in (44.2, 61.88, 88.4, 176.8, 530.4):
        data = {"sex": "male", "age_years": 60, "creatinine": creatinine}
        data["creatinine_unit"] = "umol/L"
        filled = harness.response(name, data)
        assert harness.calculated_value(name, filled) == core.evaluate(data)["egfr"]
    item = next(i for i in harness.resources(name)["Questionnaire"]["item"] if i.get("readOnly"))
    assert "0.011312217194570135" in item["extension"][0]["valueExpression"]["expression"]


def _spec_rules(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    core = harness.core(name)
    return copy.deepcopy(core.calculator_spec()), copy.deepcopy(core.rules_as_data())


def test_a_rule_that_cannot_be_expressed_is_named():
    spec, rules = _spec_rules("sciatica-flare")
    rule = next(r for r in rules["rules"] if r["id"] == "step2_too_early")
    rule["when"] = [[{"field": "response", "op": "<", "value": "adequate"}]]
    with pytest.raises(fhir.FhirError, match=r"'sciatica-flare'.*rule 'step2_too_early'"):
        fhir.resources("sciatica-flare", spec, rules, {1: {}})


def test_a_quantity_without_fhirpath_is_named():
    spec, rules = _spec_rules("egfr")
    del rules["formula"]["fhirpath"]
    references = harness.references(harness.CALCULATORS["egfr"][1])
    with pytest.raises(fhir.FhirError, match=r"calculator 'egfr': the quantity's formula"):
        fhir.resources("egfr", spec, rules, references)


def test_generation_knows_no_calculator_by_name():
    source = (harness.ROOT / "guideline_site" / "fhir.py").read_text(encoding="utf-8")
    for name in ("sciatica", "egfr", "cha2ds2", "creatinine", "nsaid", "red_flags"):
        assert name not in source.lower(), name
