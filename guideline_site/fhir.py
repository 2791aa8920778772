"""Computable FHIR R4 from a calculator's declarations: a ``Questionnaire`` of its inputs and
a ``PlanDefinition`` (``eca-rule``) of the results it can give, both pure functions of what
the core declares (``calculator_spec()`` and ``rules_as_data()``) and of the references file.
No calculator is known here by name.

How a ``QuestionnaireResponse`` is filled (the README's "Computable FHIR"): one flat item per
field given, ``linkId`` = the field's name; a boolean as ``valueBoolean``, a whole number as
``valueInteger``, a decimal as ``valueDecimal``, a choice as ``valueCoding`` with ``code`` =
the option's value, a checklist as one ``valueCoding`` per item (its "none" answer: one
``valueCoding`` with code ``none``); an absent or null field has no item. A calculated item
(a score, a quantity) is answered as a form filler fills it, from its
``calculatedExpression``.

Every expression is FHIRPath over that response as ``%resource`` (SDC's binding), written
so that an absent answer behaves as the core's validation makes it: a field's default when it
is left out, nothing when its ``shown_when`` does not hold, a decimal converted into its
first unit. A test on a field is a strict boolean (``….where(…).exists()``): an ordering never
holds for an absent answer, ``!=`` holds for one, as in the kit. A clause's tests and a
``when``'s clauses are ``iif`` chains rather than ``and`` / ``or`` (FHIRPath evaluates both
sides of those; an ``iif`` tries no further than it must, as the core does).

The PlanDefinition's top-level actions are mutually exclusive, so that an engine that tries
them all and one that takes the first applicable agree: a pathway's step action holds when
the first step rule of the table whose ``when`` holds is one of that step's (an ``iif`` chain
in table order); under it one action per step rule (given its parent: that rule, and no earlier
rule of the same step), and under each its modifier rules (given their parent: their own
``when``). A score's action is its band (or, without bands, its total); a quantity's, the
band of its calculated value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

#: The FHIR files written per calculator, under ``fhir/NAME/``.
FILES = ("Questionnaire", "PlanDefinition")
FHIRPATH = "text/fhirpath"
SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
CALCULATED = SDC + "sdc-questionnaire-calculatedExpression"
ENABLE_WHEN_EXPRESSION = SDC + "sdc-questionnaire-enableWhenExpression"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
#: The code a checklist's "none of these" answer carries.
NONE_CODE = "none"
#: FHIRPath environment variables a declared expression may use besides the fields.
_ENVIRONMENT = {"resource", "context", "rootResource", "ucum", "sct", "loinc"}
_STATUS = {"submitted": "draft", "under_review": "draft", "approved": "active"}
_NUMERIC = {"integer", "day_count", "decimal"}
_PLACEHOLDER = re.compile(r"%([A-Za-z_]\w*)")


class FhirError(ValueError):
    """A declaration that has no FHIR (FHIRPath) form: one line naming the calculator and
    the rule, field or formula."""


def computable_name(name: str) -> str:
    """A FHIR ``name`` (``[A-Z][A-Za-z0-9_]*``) from a calculator's name."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-")) or "Calculator"


def literal(value: Any) -> str:
    """``value`` as a FHIRPath literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no FHIRPath literal")
        text = format(Decimal(repr(value)), "f")
        return text if "." in text else text + ".0"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        return "'" + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"
    raise ValueError(f"{value!r} has no FHIRPath literal")


def item_path(link_id: str) -> str:
    return f"%resource.item.where(linkId = {literal(link_id)})"


class Answers:
    """FHIRPath for each field's answer as the core sees it after validation."""

    def __init__(self, calculator: str, fields: Sequence[Mapping[str, Any]]) -> None:
        self.calculator = calculator
        self.fields = {str(f["name"]): f for f in fields}
        self.order = {name: i for i, name in enumerate(self.fields)}

    def fail(self, what: str) -> FhirError:
        return FhirError(f"calculator {self.calculator!r}: {what}")

    def field(self, name: str, where: str) -> Mapping[str, Any]:
        if name not in self.fields:
            raise self.fail(f"{where} tests an unknown field {name!r}")
        return self.fields[name]

    # -- as entered (what the response holds) --------------------------------------------

    def given(self, name: str) -> str:
        return f"{item_path(name)}.answer.exists()"

    def entered(self, name: str) -> str:
        """The answer's value(s) in the core's terms: a code for a choice, the codes of a
        checklist (its "none" left out), a decimal in its first unit."""
        field = self.fields[name]
        answer = f"{item_path(name)}.answer.value"
        kind = field.get("kind")
        if kind in ("choice", "unit"):
            return f"{answer}.code"
        if kind == "checklist":
            return f"{answer}.code.where($this != {literal(NONE_CODE)})"
        if kind == "decimal" and field.get("unit_field"):
            unit_field = str(field["unit_field"])
            factor = "{}"
            for option in reversed(self.fields[unit_field].get("options") or []):
                value = option.get("factor")
                number = literal(float(value) if value is not None else 1.0)
                unit = f"{self.entered(unit_field)} = {literal(option['value'])}"
                factor = f"iif({unit}, {number}, {factor})"
            return f"({answer} * {factor})"
        return answer

    # -- after validation ----------------------------------------------------------------

    def _default(self, field: Mapping[str, Any]) -> Any:
        if field.get("required", True):
            return None
        default = field.get("default")
        if isinstance(default, (list, tuple, dict)):
            raise self.fail(
                f"field {field['name']!r}: a default of {default!r} has no FHIRPath form"
            )
        return default

    def shown(self, name: str) -> str | None:
        """When the field's ``shown_when`` holds, at the point validation tests it (fields
        before it as validated, fields after it as entered); None: it always shows."""
        field = self.fields[name]
        conditions = field.get("shown_when") or []
        if not conditions:
            return None
        tests = []
        for condition in conditions:
            other = str(condition["field"])
            self.field(other, f"field {name!r}'s shown_when")
            done = self.order[other] < self.order[name]
            if condition["op"] == "given":
                tests.append(self.present(other) if done else self.given(other))
            elif condition["op"] == "no_items" and self.fields[other].get("kind") == "checklist":
                tests.append(f"{self.value(other) if done else self.entered(other)}.empty()")
            else:
                raise self.fail(
                    f"field {name!r}: shown_when {condition['op']} {other!r} has no FHIRPath form"
                )
        return " and ".join(f"({t})" for t in tests)

    def present(self, name: str) -> str:
        """Whether the validated answer is not null."""
        field = self.fields[name]
        shown = self.shown(name)
        given = self.given(name)
        if self._default(field) is not None:
            return "true" if shown is None else f"({given}.not() or ({shown}))"
        return given if shown is None else f"({given} and ({shown}))"

    def value(self, name: str) -> str:
        """The validated answer's value(s): empty when null."""
        field = self.fields[name]
        shown = self.shown(name)
        entered = self.entered(name)
        if shown is not None:
            entered = f"iif({shown}, {entered}, {{}})"
        default = self._default(field)
        if default is not None:
            return f"iif({self.given(name)}, {entered}, {literal(default)})"
        return entered

    # -- a rule's tests ------------------------------------------------------------------

    def test(self, test: Mapping[str, Any], where: str) -> str:
        name, op, value = str(test.get("field")), test.get("op"), test.get("value")
        field = self.field(name, where)
        kind = field.get("kind")

        def cannot(why: str) -> FhirError:
            return self.fail(f"{where}: {name} {op} {value!r} cannot be expressed ({why})")

        if op == "is null":
            return f"{self.present(name)}.not()"
        if op == "is not null":
            return self.present(name)
        if kind == "checklist" and op not in ("contains", "is not empty"):
            return _raise(cannot("a checklist is tested with contains or is not empty"))
        if op == "is not empty":
            if kind != "checklist":
                raise cannot("is not empty tests a checklist")
            return f"{self.value(name)}.exists()"
        if op == "contains":
            if kind != "checklist" or not isinstance(value, str):
                raise cannot("contains tests a checklist for a code")
            return f"{self.value(name)}.where($this = {literal(value)}).exists()"
        if op in ("==", "!="):
            if value is None:
                return self.present(name) + (".not()" if op == "==" else "")
            if not isinstance(value, (bool, int, float, str)):
                raise cannot("not a value")
            holds = f"{self.value(name)}.where($this = {literal(value)}).exists()"
            return holds if op == "==" else f"{holds}.not()"
        if op in ("<", "<=", ">", ">=", "between"):
            if kind not in _NUMERIC:
                raise cannot("an ordering tests a number")
            if op == "between":
                if not (isinstance(value, (list, tuple)) and len(value) == 2):
                    raise cannot("between takes (low, high)")
                low, high = (_number(v, cannot) for v in value)
                return f"{self.value(name)}.where($this >= {low} and $this <= {high}).exists()"
            return f"{self.value(name)}.where($this {op} {_number(value, cannot)}).exists()"
        raise cannot("unknown operator")

    def when(self, when: Any, where: str) -> str:
        """A rule's ``when`` (clauses of tests, any clause all of whose tests hold)."""
        if not isinstance(when, list):
            raise self.fail(f"{where} declares no condition as data (when)")
        clauses = []
        for clause in when:
            tests = [self.test(t, where) for t in clause]
            clauses.append(_all(tests) if tests else "true")
        if not clauses:
            return "false"
        any_of = clauses[-1]
        for clause in reversed(clauses[:-1]):
            any_of = f"iif({clause}, true, {any_of})"
        return any_of

    def substitute(self, expression: str, where: str) -> str:
        """A declared expression with each ``%FIELD`` as the field's validated answer."""

        def one(match: re.Match[str]) -> str:
            name = match[1]
            if name in self.fields:
                return f"({self.value(name)})"
            if name in _ENVIRONMENT:
                return match[0]
            raise self.fail(f"{where} names %{name}, which is no field")

        return _PLACEHOLDER.sub(one, expression)


def _all(tests: Sequence[str]) -> str:
    """``tests`` all hold, tried in order no further than the first that does not: an
    ``iif`` chain (FHIRPath's ``and`` evaluates both sides)."""
    chain = tests[-1]
    for test in reversed(tests[:-1]):
        chain = f"iif({test}, {chain}, false)"
    return chain


def _raise(error: FhirError) -> str:
    raise error


def _number(value: Any, cannot: Callable[[str], FhirError]) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise cannot("not a number")
    return literal(value)


def _rounded(expression: str, decimals: int) -> str:
    """``expression`` rounded half away from zero to ``decimals`` digits, as the kit reports."""
    scale = 10**decimals
    scaled = f"({expression})" if decimals == 0 else f"(({expression}) * {scale})"
    half_up = f"{scaled}.select(iif($this >= 0, ($this + 0.5).floor(), 0 - (0.5 - $this).floor()))"
    return half_up if decimals == 0 else f"({half_up} / {scale})"


# -- the resources ----------------------------------------------------------------------------


class Generator:
    """The two resources of one calculator."""

    def __init__(
        self,
        name: str,
        spec: Mapping[str, Any],
        rules: Mapping[str, Any],
        references: Mapping[int, Mapping[str, Any]],
        base_url: str = "",
    ) -> None:
        self.name = name
        self.spec = spec
        self.rules = rules
        self.references = references
        self.base_url = base_url
        self.outputs: Mapping[str, Any] = spec.get("outputs") or {}
        self.kind = self.outputs.get("kind") or rules.get("kind") or "pathway"
        self.answers = Answers(name, spec.get("fields") or [])
        self.system = f"urn:guideline-site:{name}"

    def fail(self, what: str) -> FhirError:
        return self.answers.fail(what)

    def _head(self, resource_type: str) -> dict[str, Any]:
        guideline = self.rules.get("guideline") or {}
        head: dict[str, Any] = {"resourceType": resource_type, "id": self.name}
        if self.base_url:
            head["url"] = f"{self.base_url.rstrip('/')}/fhir/{self.name}/{resource_type}.json"
        head["version"] = str(self.rules.get("algorithm_version") or "")
        head["name"] = computable_name(self.name)
        head["title"] = str(self.spec.get("title") or self.name)
        head["status"] = _STATUS.get(str(guideline.get("review_status")), "draft")
        if guideline.get("last_updated"):
            head["date"] = str(guideline["last_updated"])
        if guideline.get("title"):
            head["description"] = f"From the guideline {guideline['title']}."
        return head

    # -- Questionnaire -------------------------------------------------------------------

    def calculated(self) -> tuple[dict[str, Any], str] | None:
        """The computed value's item and its FHIRPath (None for a pathway)."""
        outputs = self.outputs
        if self.kind == "score":
            terms = []
            for rule in self.rules.get("rules") or []:
                if rule.get("kind") != "points":
                    continue
                where = f"score item {rule['id']!r}"
                points = rule.get("points")
                if isinstance(points, bool) or not isinstance(points, int):
                    raise self.fail(f"{where}: points {points!r} is no whole number")
                terms.append(f"iif({self.answers.when(rule.get('when'), where)}, {points}, 0)")
            if not terms:
                raise self.fail("the score declares no items with points")
            expression, kind = " + ".join(terms), "integer"
        elif self.kind == "quantity":
            formula = self.rules.get("formula") or {}
            declared = formula.get("fhirpath") if isinstance(formula, Mapping) else None
            if not declared:
                raise self.fail(
                    "the quantity's formula declares no FHIRPath (kit.Formula(fhirpath=...)), "
                    "so its value cannot be computed in FHIR"
                )
            decimals = int(outputs.get("decimals") or 0)
            expression = _rounded(self.answers.substitute(str(declared), "the formula"), decimals)
            kind = "integer" if decimals == 0 else "decimal"
        else:
            return None
        item: dict[str, Any] = {
            "linkId": str(outputs.get("field")),
            "text": str(outputs.get("label") or outputs.get("field")),
            "type": kind,
            "readOnly": True,
            "extension": [
                {
                    "url": CALCULATED,
                    "valueExpression": {"language": FHIRPATH, "expression": expression},
                }
            ],
        }
        if outputs.get("unit"):
            item["extension"].append({"url": UNIT, "valueCoding": {"display": outputs["unit"]}})
        return item, expression

    def _item(self, field: Mapping[str, Any]) -> dict[str, Any]:
        name, kind = str(field["name"]), field.get("kind")
        item: dict[str, Any] = {"linkId": name, "text": str(field.get("question") or name)}
        extensions: list[dict[str, Any]] = []
        options = [
            {"valueCoding": {"code": str(o["value"]), "display": str(o["label"])}}
            for o in field.get("options") or []
        ]
        if kind == "boolean":
            item["type"] = "boolean"
        elif kind in ("choice", "unit"):
            item["type"], item["answerOption"] = "choice", options
        elif kind == "checklist":
            if any(o["valueCoding"]["code"] == NONE_CODE for o in options):
                raise self.fail(
                    f"field {name!r}: an option's value is {NONE_CODE!r}, the code of none"
                )
            none = {"code": NONE_CODE, "display": str(field.get("none_option") or "None")}
            item["type"], item["repeats"] = "choice", True
            item["answerOption"] = [*options, {"valueCoding": none}]
        elif kind in ("integer", "day_count"):
            item["type"] = "integer"
            for url, key in ((MIN_VALUE, "minimum"), (MAX_VALUE, "maximum")):
                if field.get(key) is not None:
                    extensions.append({"url": url, "valueInteger": int(field[key])})
        elif kind == "decimal":
            item["type"] = "decimal"
            if not field.get("unit_field"):  # bounds in the first unit only
                if field.get("minimum") is not None and not field.get("exclusive_minimum"):
                    extensions.append({"url": MIN_VALUE, "valueDecimal": field["minimum"]})
                if field.get("maximum") is not None:
                    extensions.append({"url": MAX_VALUE, "valueDecimal": field["maximum"]})
        else:
            raise self.fail(f"field {name!r}: kind {kind!r} has no Questionnaire item type")
        if field.get("unit") and not field.get("unit_field"):
            extensions.append({"url": UNIT, "valueCoding": {"display": str(field["unit"])}})
        if extensions:
            item["extension"] = extensions
        if field.get("required", True) and not field.get("required_when"):
            item["required"] = True
        default = field.get("default")
        if not field.get("required", True) and isinstance(default, bool):
            item["initial"] = [{"valueBoolean": default}]
        self._enable_when(field, item)
        return item

    def _enable_when(self, field: Mapping[str, Any], item: dict[str, Any]) -> None:
        conditions = field.get("shown_when") or []
        if not conditions:
            return
        if all(c["op"] == "given" for c in conditions):
            item["enableWhen"] = [
                {"question": str(c["field"]), "operator": "exists", "answerBoolean": True}
                for c in conditions
            ]
            if len(conditions) > 1:
                item["enableBehavior"] = "all"
            return
        shown = self.answers.shown(str(field["name"]))
        item.setdefault("extension", []).append(
            {
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": FHIRPATH, "expression": shown},
            }
        )

    def questionnaire(self) -> dict[str, Any]:
        resource = self._head("Questionnaire")
        resource["subjectType"] = ["Patient"]
        items = [self._item(field) for field in self.spec.get("fields") or []]
        calculated = self.calculated()
        if calculated is not None:
            items.append(calculated[0])
        resource["item"] = items
        return resource

    # -- PlanDefinition ------------------------------------------------------------------

    def citations(self, refs: Sequence[Any]) -> list[dict[str, Any]]:
        out = []
        for number in dict.fromkeys(refs):
            ref = self.references.get(int(number))
            if ref is None:
                raise self.fail(f"reference {number} is not in the references file")
            out.append(
                {
                    "type": "citation",
                    "label": str(number),
                    "display": str(ref["title"]),
                    "citation": f"{ref['title']}. {ref['source']}. {ref['year']}.",
                }
            )
        return out

    def _action(
        self,
        *,
        code: str,
        system: str,
        title: str,
        condition: str,
        condition_text: str,
        description: str = "",
        text: str = "",
        refs: Sequence[Any] = (),
        display: str = "",
    ) -> dict[str, Any]:
        action: dict[str, Any] = {"title": title}
        if description:
            action["description"] = description
        if text:
            action["textEquivalent"] = text
        coding: dict[str, Any] = {"system": system, "code": code}
        if display:
            coding["display"] = display
        action["code"] = [{"coding": [coding]}]
        if refs:
            action["documentation"] = self.citations(refs)
        expression: dict[str, Any] = {"language": FHIRPATH, "expression": condition}
        if condition_text:
            expression["description"] = condition_text
        action["condition"] = [{"kind": "applicability", "expression": expression}]
        return action

    def _pathway_actions(self) -> list[dict[str, Any]]:
        rules = list(self.rules.get("rules") or [])
        steps = {str(s["code"]): s for s in self.outputs.get("steps") or []}
        titles = dict(self.rules.get("titles") or {})
        sections = [(str(s["key"]), str(s["label"])) for s in self.outputs.get("sections") or []]
        step_rules = [r for r in rules if r.get("kind") == "step" or r.get("step")]
        when = {r["id"]: self.answers.when(r.get("when"), f"rule {r['id']!r}") for r in rules}

        def first_of(ids: list[str], wanted: set[str]) -> str:
            """Whether the first rule of ``ids`` whose ``when`` holds is one of ``wanted``:
            an ``iif`` chain in table order (an engine tries the rules no further than the
            first that holds, as the core does)."""
            last = max(i for i, rule_id in enumerate(ids) if rule_id in wanted)
            chain = when[ids[last]]
            for rule_id in reversed(ids[:last]):
                chain = f"iif({when[rule_id]}, {str(rule_id in wanted).lower()}, {chain})"
            return chain

        def texts(rule: Mapping[str, Any]) -> tuple[str, list[Any]]:
            lines, refs = [], list(rule.get("refs") or [])
            for key, label in sections:
                for entry in rule.get(key) or []:
                    lines.append(f"{label}: {entry['text']}")
                    refs += list(entry.get("refs") or [])
            note = rule.get("note")
            if note:
                lines.append(f"Note ({str(note['code']).replace('_', ' ')}): {note['text']}")
            return "\n".join(lines), refs

        def rule_action(rule: Mapping[str, Any], condition: str) -> dict[str, Any]:
            text, refs = texts(rule)
            action = self._action(
                code=str(rule["id"]),
                system=f"{self.system}:rule",
                title=str(rule.get("title") or rule.get("condition") or rule["id"]),
                description=str(rule.get("article_text") or ""),
                text=text,
                refs=refs,
                condition=condition,
                condition_text=str(rule.get("condition") or ""),
            )
            action["id"] = str(rule["id"])
            return action

        order = list(dict.fromkeys(str(r["step"]) for r in step_rules))
        actions = []
        for code in order:
            if code not in steps and not titles.get(code):
                raise self.fail(f"step {code!r} is not declared")
            own = [i for i, r in enumerate(step_rules) if r["step"] == code]
            ids = [str(r["id"]) for r in step_rules]
            condition = first_of(ids, {ids[i] for i in own})
            step = steps.get(code, {})
            label = str(step.get("label") or code)
            children = []
            for i in own:
                rule = step_rules[i]
                mine = [ids[j] for j in own if j <= i]  # given the parent: this step's rules
                child = rule_action(rule, first_of(mine, {ids[i]}))
                modifiers = [r for r in rules if rule["id"] in (r.get("after") or [])]
                if modifiers:
                    child["action"] = [rule_action(m, when[m["id"]]) for m in modifiers]
                children.append(child)
            refs = [n for i in own for n in step_rules[i].get("refs") or []]
            action = self._action(
                code=code,
                system=f"{self.system}:step",
                display=label,
                title=label,
                description=str(titles.get(code) or ""),
                refs=refs,
                condition=condition,
                condition_text="; or ".join(
                    str(step_rules[i].get("condition") or step_rules[i]["id"]) for i in own
                )
                + " (the first matching rule of the table decides)",
            )
            if step.get("urgent"):
                action["priority"] = "urgent"
            action["action"] = children
            actions.append(action)
        if not actions:
            raise self.fail("the pathway declares no step rule")
        return actions

    def _band_actions(self, value: str, label: str, unit: str) -> list[dict[str, Any]]:
        by_code = {
            r.get("code"): r for r in self.rules.get("rules") or [] if r.get("kind") == "band"
        }
        actions = []
        for band in self.outputs.get("bands") or []:
            low, high = band.get("minimum"), band.get("maximum")
            tests = ([f"$this >= {literal(low)}"] if low is not None else []) + (
                [f"$this <= {literal(high)}"] if high is not None else []
            )
            condition = (
                f"{value}.where({' and '.join(tests)}).exists()" if tests else f"{value}.exists()"
            )
            rule = by_code.get(band["code"], {})
            words = " and ".join(
                ([f"at least {low:g}"] if low is not None else [])
                + ([f"at most {high:g}"] if high is not None else [])
            )
            actions.append(
                self._action(
                    code=str(band["code"]),
                    system=f"{self.system}:category",
                    display=str(band.get("label") or band["code"]),
                    title=str(band.get("label") or band["code"]),
                    description=str(rule.get("article_text") or ""),
                    refs=rule.get("refs") or [],
                    condition=condition,
                    condition_text=f"{label} {words or 'any'}{' ' + unit if unit else ''}",
                )
            )
        return actions

    def _score_actions(self, value: str) -> list[dict[str, Any]]:
        outputs = self.outputs
        label = str(outputs.get("label") or "score")
        if outputs.get("bands"):
            return self._band_actions(value, label, "")
        low, high = int(outputs.get("minimum") or 0), outputs.get("maximum")
        if not isinstance(high, int):
            raise self.fail("a score without bands needs its maximum")
        refs = [
            n
            for rule in self.rules.get("rules") or []
            if rule.get("kind") == "points"
            for n in rule.get("refs") or []
        ]
        return [
            self._action(
                code=str(total),
                system=f"{self.system}:score",
                display=f"{label} {total} of {high}",
                title=f"{label} {total} of {high}",
                refs=refs,
                condition=f"{value}.where($this = {total}).exists()",
                condition_text=f"{label} = {total}",
            )
            for total in range(low, high + 1)
        ]

    def plan_definition(self) -> dict[str, Any]:
        resource = self._head("PlanDefinition")
        resource["type"] = {"coding": [{"system": PLAN_TYPE, "code": "eca-rule"}]}
        resource["usage"] = (
            "Each action's condition is FHIRPath over a QuestionnaireResponse of the "
            f"Questionnaire {self.name!r} (%resource), its calculated items answered; the "
            "top-level actions exclude each other."
        )
        field = str(self.outputs.get("field"))
        value = f"{item_path(field)}.answer.value"
        if self.kind == "pathway":
            actions = self._pathway_actions()
        elif self.kind == "score":
            actions = self._score_actions(value)
        elif self.kind == "quantity":
            label = str(self.outputs.get("label") or field)
            actions = self._band_actions(value, label, str(self.outputs.get("unit") or ""))
        else:
            raise self.fail(f"result kind {self.kind!r} has no PlanDefinition form")
        cited = [
            n
            for rule in self.rules.get("rules") or []
            for n in [*(rule.get("refs") or []), *_item_refs(rule)]
        ]
        formula = self.rules.get("formula")
        if isinstance(formula, Mapping):
            cited = [*(formula.get("refs") or []), *cited]
        resource["relatedArtifact"] = self.citations(sorted(set(cited), key=int))
        resource["action"] = actions
        return resource


def _item_refs(rule: Mapping[str, Any]) -> list[Any]:
    return [
        n
        for value in rule.values()
        if isinstance(value, list)
        for entry in value
        if isinstance(entry, Mapping) and "text" in entry
        for n in entry.get("refs") or []
    ]


def declares_conditions(rules: Mapping[str, Any]) -> bool:
    """Whether a core's rules carry their conditions as data (every kit core's do): a core
    that declares none has no computable form."""
    return any("when" in rule for rule in rules.get("rules") or []) or isinstance(
        rules.get("formula"), Mapping
    )


def resources(
    name: str,
    spec: Mapping[str, Any],
    rules: Mapping[str, Any],
    references: Mapping[int, Mapping[str, Any]],
    base_url: str = "",
) -> dict[str, dict[str, Any]]:
    """``{"Questionnaire": ..., "PlanDefinition": ...}`` of calculator ``name``; FhirError
    names what cannot be expressed. ``references``: by number, each with ``title``,
    ``source`` and ``year``."""
    generator = Generator(name, spec, rules, references, base_url)
    return {
        "Questionnaire": generator.questionnaire(),
        "PlanDefinition": generator.plan_definition(),
    }


def site_path(name: str, kind: str) -> str:
    """Where a calculator's resource is in the site: ``fhir/NAME/KIND.json``."""
    return f"fhir/{name}/{kind}.json"


def write(site_dir: Path, generated: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
    """Write every calculator's resources into the built site."""
    for name, files in generated.items():
        for kind, resource in files.items():
            path = site_dir / site_path(name, kind)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                json.dumps(resource, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
