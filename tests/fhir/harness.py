"""The FHIR agreement harness: inputs generated from a calculator's declarations, each filled
into a QuestionnaireResponse as the README's "Computable FHIR" says, the calculated item
answered from its calculatedExpression and the PlanDefinition's actions tried, all by
``fhirpathpy`` (an engine written elsewhere)."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import fhirpathpy
import yaml
from fhirpathpy.models import models

from guideline_site import fhir

ROOT = Path(__file__).resolve().parents[2]
for folder in ("examples/egfr", "examples/cha2ds2-vasc"):
    if str(ROOT / folder) not in sys.path:
        sys.path.insert(0, str(ROOT / folder))

#: (package, references file) of every calculator in this repository.
CALCULATORS = {
    "sciatica-flare": ("sciatica_core", ROOT / "docs" / "references.yml"),
    "cha2ds2-vasc": ("cha2ds2vasc_core", ROOT / "examples/cha2ds2-vasc/docs/references.yml"),
    "egfr": ("egfr_core", ROOT / "examples/egfr/docs/references.yml"),
}
R4 = models["r4"]


def core(name: str) -> ModuleType:
    return __import__(CALCULATORS[name][0])


def references(path: Path) -> dict[int, dict[str, Any]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {number: entry for number, entry in enumerate(entries, start=1)}


@cache
def resources(name: str) -> dict[str, dict[str, Any]]:
    module = core(name)
    spec = module.calculator_spec()
    return fhir.resources(name, spec, module.rules_as_data(), references(CALCULATORS[name][1]))


@cache
def compiled(expression: str) -> Any:
    return fhirpathpy.compile(expression, R4)


def evaluate(expression: str, response: Mapping[str, Any]) -> list[Any]:
    return list(compiled(expression)(dict(response), {"resource": response}))


def holds(action: Mapping[str, Any], response: Mapping[str, Any]) -> bool:
    (condition,) = action["condition"]
    result = evaluate(condition["expression"]["expression"], response)
    assert result in ([True], [False]), (action["code"], result)
    return result == [True]


def answer(item: Mapping[str, Any], value: Any) -> list[dict[str, Any]]:
    """A field's value as the response's answers (README, "Computable FHIR")."""
    kind = item["type"]
    if kind == "boolean":
        return [{"valueBoolean": value}]
    if kind == "integer":
        return [{"valueInteger": value}]
    if kind == "decimal":
        return [{"valueDecimal": float(value)}]
    if item.get("repeats"):
        codes = list(value) or [fhir.NONE_CODE]
        return [{"valueCoding": {"code": code}} for code in codes]
    return [{"valueCoding": {"code": value}}]


def response(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The QuestionnaireResponse of input ``data``, its calculated item filled in as a form
    filler fills it."""
    questionnaire = resources(name)["Questionnaire"]
    items = []
    calculated = None
    for item in questionnaire["item"]:
        if item.get("readOnly"):
            calculated = item
            continue
        value = data.get(item["linkId"])
        if value is not None:
            items.append({"linkId": item["linkId"], "answer": answer(item, value)})
    filled: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"Questionnaire/{questionnaire['id']}",
        "item": items,
    }
    if calculated is not None:
        (extension,) = (e for e in calculated["extension"] if e["url"] == fhir.CALCULATED)
        values = evaluate(extension["valueExpression"]["expression"], filled)
        if values:
            (value,) = values
            number = int(value) if calculated["type"] == "integer" else float(value)
            items.append({"linkId": calculated["linkId"], "answer": answer(calculated, number)})
    return filled


def calculated_value(name: str, filled: Mapping[str, Any]) -> Any:
    questionnaire = resources(name)["Questionnaire"]
    link = next(item["linkId"] for item in questionnaire["item"] if item.get("readOnly"))
    found = [i for i in filled["item"] if i["linkId"] == link]
    return next(iter(found[0]["answer"][0].values())) if found else None


def applicable(name: str, filled: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The PlanDefinition's top-level actions whose condition holds, in order."""
    return [a for a in resources(name)["PlanDefinition"]["action"] if holds(a, filled)]


def fired(action: Mapping[str, Any], filled: Mapping[str, Any]) -> list[str]:
    """A pathway step action's rule ids that apply under it: its one step rule, then that
    rule's modifiers whose condition holds (nested actions apply within their parent)."""
    routes = [a for a in action.get("action") or [] if holds(a, filled)]
    assert len(routes) == 1, [a["id"] for a in routes]
    (route,) = routes
    return [route["id"], *(m["id"] for m in route.get("action") or [] if holds(m, filled))]


def code(action: Mapping[str, Any]) -> str:
    return str(action["code"][0]["coding"][0]["code"])


# -- inputs from the declarations ---------------------------------------------------------


def thresholds(rules: Mapping[str, Any]) -> dict[str, set[Any]]:
    """Each field's values either side of every value a rule tests."""
    out: dict[str, set[Any]] = {}
    for rule in rules.get("rules") or []:
        for clause in rule.get("when") or []:
            for test in clause:
                value = test.get("value")
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if isinstance(v, bool) or not isinstance(v, (int, float)):
                        continue
                    out.setdefault(test["field"], set()).update({v - 1, v, v + 1})
    return out


def _candidates(field: Mapping[str, Any], near: set[Any], rng: random.Random) -> Any:
    """One value of ``field``: unanswered (a quarter of the time, where that may be valid),
    else an end of its range, a value beside a threshold or a random one."""
    kind = field["kind"]
    if rng.random() < (0.25 if not field["required"] else 0.08 if field["required_when"] else 0):
        return None
    if kind == "boolean":
        return rng.choice([True, False])
    if kind in ("choice", "unit"):
        return rng.choice([o["value"] for o in field["options"]])
    if kind == "checklist":  # "none" most of the time: an item decides alone
        codes = [o["value"] for o in field["options"]]
        return rng.choice([[]] * 6 + [[c for c in codes if rng.random() < 0.5], [*codes]])
    if kind in ("integer", "day_count"):
        low, high = int(field["minimum"]), int(field["maximum"])
        inside = sorted(v for v in near if low <= v <= high)
        pool = [low, high, rng.randint(low, high), rng.randint(low, min(high, low + 60))]
        return rng.choice(pool + inside * 3)
    return round(10 ** rng.uniform(-0.7, 1.0), 2)  # a decimal: log-uniform, first unit


def spec_field(spec: Mapping[str, Any], *, unit_of: Mapping[str, Any]) -> list[Any]:
    """The options (units with their factors) of a decimal's unit field."""
    unit = next(f for f in spec["fields"] if f["name"] == unit_of["unit_field"])
    return list(unit["options"])


def inputs(name: str, count: int, seed: int = 22) -> Iterator[tuple[dict[str, Any], Any]]:
    """``count`` valid inputs and the core's result for each (seeded; invalid draws are
    skipped), each field's values drawn from its range ends, the values either side of each
    rule's threshold, random values and unanswered."""
    module = core(name)
    spec = module.calculator_spec()
    near = thresholds(module.rules_as_data())
    rng = random.Random(seed)
    made = 0
    while made < count:
        data = {}
        for field in spec["fields"]:
            value = _candidates(field, near.get(field["name"], set()), rng)
            if value is not None:
                data[field["name"]] = value
        for field in spec["fields"]:  # a decimal entered in another unit: that unit's number
            unit = data.get(field.get("unit_field") or "")
            if field["kind"] == "decimal" and field["name"] in data and unit is not None:
                units = {o["value"]: o["factor"] for o in spec_field(spec, unit_of=field)}
                data[field["name"]] = round(data[field["name"]] / units[unit], 1)
        try:
            result = module.evaluate(data)
        except module.InputError:
            continue
        made += 1
        yield data, result
