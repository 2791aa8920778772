"""A calculator made from its declarations: :class:`Calculator` gives a core its interface
(``evaluate``, ``evaluate_json``, ``calculator_spec``, ``rules_as_data``, ``input_schema``),
its ``algorithm_version`` and its changelog check."""

from __future__ import annotations

import inspect
import itertools
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import _jsonio, _version
from ._conditions import holds
from ._fields import Field, Kind
from ._results import (
    Adaptation,
    Band,
    NoteCode,
    Pathway,
    Quantity,
    ResultKind,
    Rule,
    Score,
)
from ._validate import validate

#: Version of the shape of ``calculator_spec()``'s data (not of any calculator).
SPEC_VERSION = 2
_REVIEW_STATUSES = ("submitted", "under_review", "approved")

Group = tuple[str, Iterable[str]] | tuple[str, str, Iterable[str]]


class Calculator:
    """One calculator core, declared. ``fields`` may hold tuples (what :func:`decimal`
    returns); ``groups`` are ``(title, names)`` or ``(title, hint, names)`` (default: one
    group of every field); ``rules`` are a pathway's rule table in precedence order;
    ``compute`` is a quantity's formula: the validated answers in, a number out."""

    def __init__(
        self,
        *,
        name: str,
        title: str,
        guideline: Mapping[str, str],
        fields: Iterable[Field | tuple[Field, ...]],
        result: ResultKind,
        rules: Iterable[Rule] = (),
        compute: Callable[[Mapping[str, Any]], float] | None = None,
        changelog: Iterable[_version.Release] = (),
        adapted: Iterable[Adaptation] = (),
        groups: Iterable[Group] = (),
        legacy_global: str | None = None,
    ) -> None:
        self.name = name
        self.title = title
        self.guideline = dict(guideline)
        self.fields: tuple[Field, ...] = tuple(
            f for item in fields for f in (item if isinstance(item, tuple) else (item,))
        )
        self.result = result
        self.rules = tuple(rules)
        self.compute = compute
        self.adapted = tuple(adapted)
        self.changelog = _version.with_changes(tuple(changelog))
        self.legacy_global = legacy_global
        self.groups = tuple(_group(g) for g in groups) or (
            (title, "", tuple(f.name for f in self.fields if f.kind is not Kind.UNIT)),
        )
        problems = self.declaration_problems()
        if problems:
            raise ValueError(f"calculator {name!r}: " + "; ".join(problems))
        self.digests = self._digests()
        newest = self.changelog[-1].version if self.changelog else "0"
        self.algorithm_version = f"{newest}+{_version.table_digest(self.digests)}"

    # -- the interface ------------------------------------------------------------------

    def interface(self) -> tuple[Callable[..., Any], ...]:
        """``evaluate, evaluate_json, calculator_spec, rules_as_data, input_schema``."""
        return (
            self.evaluate,
            self.evaluate_json,
            self.calculator_spec,
            self.rules_as_data,
            self.input_schema,
        )

    def answers(self, data: object) -> dict[str, Any]:
        """The validated answers (InputError naming every problem)."""
        return validate(self.fields, data)

    def evaluate(self, data: object) -> dict[str, Any]:
        """The JSON-ready result for one input object; InputError for bad input."""
        answers = self.answers(data)
        result = self.result
        if isinstance(result, Pathway):
            body = self._pathway(result, answers)
        elif isinstance(result, Score):
            body = self._score(result, answers)
        else:
            body = self._quantity(result, answers)
        body["algorithm_version"] = self.algorithm_version
        body["guideline"] = dict(self.guideline)
        return body

    def evaluate_json(self, text: str) -> str:
        """JSON text in, ``{"result": ...}`` or ``{"errors": [...]}`` out; never raises."""
        return _jsonio.evaluate_json(self.evaluate, text)

    def fired(self, answers: Mapping[str, Any]) -> list[Rule]:
        """A pathway's rules that apply: the first step rule whose ``when`` holds, then
        the modifiers of that step rule whose ``when`` holds, in table order."""
        step_rule = next(
            (r for r in self.rules if r.step is not None and holds(r.when, answers)), None
        )
        if step_rule is None:
            raise RuntimeError(f"calculator {self.name!r}: no step rule applies to {answers}")
        modifiers = [r for r in self.rules if step_rule.id in r.after and holds(r.when, answers)]
        return [step_rule, *modifiers]

    def _pathway(self, result: Pathway, answers: Mapping[str, Any]) -> dict[str, Any]:
        fired = self.fired(answers)
        step_rule = fired[0]
        step = next(s for s in result.steps if s.code == step_rule.step)
        titles = [rule.title for rule in fired if rule.title is not None]
        body: dict[str, Any] = {result.field: step.code}
        if result.source_step_field:
            body[result.source_step_field] = step_rule.article_step
        body["title"] = titles[-1] if titles else step.title
        for section in result.sections:
            body[section.key] = [
                item.to_data() for rule in fired for item in rule.items_of(section.key)
            ]
        body["notes"] = [rule.note.to_data() for rule in fired if rule.note is not None]
        body["rules"] = [rule.id for rule in fired]
        return body

    def _score(self, result: Score, answers: Mapping[str, Any]) -> dict[str, Any]:
        items: list[dict[str, Any]] = []
        for item in result.items:
            present = holds(item.when, answers)
            items.append(
                {
                    "id": item.id,
                    "letter": item.letter,
                    "label": item.label,
                    "present": present,
                    "points": item.points if present else 0,
                    "max_points": item.points,
                }
            )
        score = sum(item["points"] for item in items)
        maximum = result.maximum
        body: dict[str, Any] = {result.field: score, "max_score": maximum}
        body["title"] = result.title.format(label=result.label, score=score, maximum=maximum)
        body[result.items_field] = items
        band = _band(result.bands, score)
        if band is not None and result.band_field:
            body[result.band_field] = band.code
        body["notes"] = [note.to_data() for note in result.notes]
        body["rules"] = [item["id"] for item in items if item["present"]]
        return body

    def _quantity(self, result: Quantity, answers: Mapping[str, Any]) -> dict[str, Any]:
        assert self.compute is not None
        raw = self.compute(answers)
        reported = round_half_up(raw, result.decimals)
        band = _band(result.bands, reported)
        if band is None:
            raise RuntimeError(f"calculator {self.name!r}: {reported} is in no declared band")
        return {
            result.field: reported,
            result.unit_field: result.unit,
            result.category_field: band.code,
            "title": f"{result.label} {reported} {result.unit} ({band.label})",
            "notes": [note.to_data() for note in result.notes],
            "rules": ["formula", f"band_{band.code}"],
        }

    # -- what the site reads --------------------------------------------------------------

    def calculator_spec(self) -> dict[str, Any]:
        """The inputs, the form's groups and the result kind as JSON-ready data."""
        spec: dict[str, Any] = {
            "spec_version": SPEC_VERSION,
            "name": self.name,
            "title": self.title,
        }
        if self.legacy_global:
            spec["legacy_global"] = self.legacy_global
        result = self.result
        spec["fields"] = [
            field.to_data() | (result.worth(field) if isinstance(result, Score) else {})
            for field in self.fields
        ]
        spec["groups"] = [
            {"title": title, "hint": hint, "fields": list(names)}
            for title, hint, names in self.groups
        ]
        spec["outputs"] = result.to_data()
        return spec

    def rules_as_data(self) -> dict[str, Any]:
        """The rule table as JSON-ready data: the decision table, gaps and changelog."""
        result = self.result
        data: dict[str, Any] = {
            "algorithm_version": self.algorithm_version,
            "guideline": dict(self.guideline),
            "kind": result.kind,
        }
        if isinstance(result, Pathway):
            data["titles"] = {step.code: step.title for step in result.steps}
            data["step_labels"] = {step.code: step.label for step in result.steps}
            data["rules"] = [rule.to_data(result.sections) for rule in self.rules]
        elif isinstance(result, Score):
            data["max_score"] = result.maximum
            if result.maximum_text:
                data["max_score_text"] = result.maximum_text
            data["rules"] = [item.to_data() for item in result.items] + [
                band.rule_data(result.field) for band in result.bands
            ]
        else:
            data["formula"] = result.formula.to_data()
            if result.formula.fhirpath:  # not in the digests (see kit.Formula)
                data["formula"]["fhirpath"] = result.formula.fhirpath
            data["unit"] = result.unit
            data["rules"] = [result.formula.to_data()] + [
                band.rule_data(result.field) for band in result.bands
            ]
        data["adapted"] = [entry.to_data() for entry in self.adapted]
        data["changelog"] = [entry.to_data() for entry in self.changelog]
        data["gaps"] = [
            {"id": rule.id, "condition": rule.condition, "text": rule.note.text}
            for rule in self.rules
            if rule.note is not None and rule.note.code == NoteCode.GUIDELINE_GAP.value
        ]
        return data

    def input_schema(self) -> dict[str, Any]:
        """A JSON Schema (draft 2020-12) of the input object. Its ``integer`` also matches
        6.0, which the core rejects; a decimal's range in another unit and ``at_most`` are
        checked by the core only."""
        rules: list[dict[str, Any]] = []
        for field in self.fields:
            if field.required and field.required_when:
                rules.append(
                    {
                        "if": {
                            "allOf": [_condition_schema(c.to_data()) for c in field.required_when]
                        },
                        "then": _given(field.name),
                    }
                )
            if field.requires is not None:
                rules.append({"if": _given(field.name), "then": _given(field.requires)})
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Input of the {self.name} calculator",
            "type": "object",
            "properties": {field.name: field.schema() for field in self.fields},
            "required": [f.name for f in self.fields if f.required and not f.required_when],
            "additionalProperties": False,
            "allOf": rules,
        }

    # -- version and checks -------------------------------------------------------------

    def _digests(self) -> dict[str, str]:
        result = self.result
        if isinstance(result, Pathway):
            return _version.pathway_digests(
                [rule.to_data(result.sections) for rule in self.rules],
                {step.code: step.title for step in result.steps},
                [entry.to_data() for entry in self.adapted],
                [section.key for section in result.sections],
            )
        bands = {f"band_{b.code}": _version.digest(b.rule_data(result.field)) for b in result.bands}
        if isinstance(result, Score):
            head = {
                "result": _version.digest(
                    {
                        "title": result.title,
                        "label": result.label,
                        "notes": [n.to_data() for n in result.notes],
                        "maximum_text": result.maximum_text,
                    }
                )
            }
            items = {item.id: _version.digest(item.to_data()) for item in result.items}
            return head | items | bands
        code = textwrap.dedent(inspect.getsource(self.compute)) if self.compute else ""
        formula = {
            **result.formula.to_data(),
            "code": code,
            "decimals": result.decimals,
            "unit": result.unit,
        }
        return {"formula": _version.digest(formula)} | bands

    def changelog_problems(self) -> list[str]:
        """Empty when the newest changelog entry records today's rule table."""
        return _version.changelog_problems(self.changelog, self.digests)

    def declaration_problems(self) -> list[str]:
        """What cannot be right in the declarations, one line each (checked on creation)."""
        problems: list[str] = []
        names = [field.name for field in self.fields]
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"field {name!r} is declared twice")
        known = set(names)
        for field in self.fields:
            for other in (field.requires, field.at_most, field.unit_field):
                if other is not None and other not in known:
                    problems.append(f"field {field.name!r} names an unknown field {other!r}")
            for condition in (*field.shown_when, *field.required_when):
                if condition.field not in known:
                    problems.append(f"field {field.name!r}: a condition names {condition.field!r}")
        if self.guideline.get("review_status") not in _REVIEW_STATUSES:
            problems.append(f"guideline review_status must be one of {', '.join(_REVIEW_STATUSES)}")
        result = self.result
        tests = [t for rule in self.rules for clause in rule.when for t in clause]
        if isinstance(result, Score):
            tests += [t for item in result.items for clause in item.when for t in clause]
        for t in tests:
            if t.field not in known:
                problems.append(f"a rule tests an unknown field {t.field!r}")
        if isinstance(result, Pathway):
            steps = {step.code for step in result.steps}
            sections = {s.key for s in result.sections}
            ids = [rule.id for rule in self.rules]
            for rule in self.rules:
                if rule.step is not None and rule.step not in steps:
                    problems.append(f"rule {rule.id!r} gives an undeclared step {rule.step!r}")
                for key in rule.items or {}:
                    if key not in sections:
                        problems.append(f"rule {rule.id!r} fills an undeclared section {key!r}")
                for after in rule.after:
                    if after not in ids:
                        problems.append(f"rule {rule.id!r} follows an unknown rule {after!r}")
            for id_ in sorted({i for i in ids if ids.count(i) > 1}):
                problems.append(f"rule {id_!r} is declared twice")
        if isinstance(result, Score) and result.maximum_text:
            stated = re.search(rf"(?<!\d){result.maximum}(?!\d)", result.maximum_text)
            if not stated:
                problems.append(
                    f"the score's maximum_text does not state its maximum {result.maximum}"
                )
        if isinstance(result, Score | Quantity):
            problems += _band_problems(result.bands)
        if isinstance(result, Quantity) and self.compute is None:
            problems.append("a quantity needs compute=, its formula")
        return problems


def round_half_up(value: float, decimals: int) -> int | float:
    """``value`` to ``decimals`` digits after the point, halves away from zero (as the
    value is written: 52.5 gives 53); a whole number when ``decimals`` is 0."""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return int(exact) if decimals == 0 else float(exact)


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _band_problems(bands: tuple[Band, ...]) -> list[str]:
    """Band codes are identifiers (letters, digits, ``_ . -``: a rule id and a FHIR code are
    made of them; readers see the label) and unique, and no two bands overlap: write each
    upper bound at the reported precision (18.4 below 18.5 with one decimal), or a value on
    the boundary would silently take the first band."""
    problems = []
    codes = [band.code for band in bands]
    for band in bands:
        if not _CODE.match(band.code):
            problems.append(
                f"band code {band.code!r} must be letters, digits, _ . or -"
                " (its label is what readers see)"
            )
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(f"band {code!r} is declared twice")
    low = float("-inf")
    ordered = sorted(bands, key=lambda b: low if b.minimum is None else b.minimum)
    for before, after in itertools.pairwise(ordered):
        top = float("inf") if before.maximum is None else before.maximum
        bottom = low if after.minimum is None else after.minimum
        if bottom <= top:
            problems.append(
                f"bands {before.code!r} and {after.code!r} overlap at {after.minimum}: write "
                f"{before.code!r}'s maximum below {after.code!r}'s minimum, at the reported"
                " precision"
            )
    return problems


def _band(bands: tuple[Band, ...], value: float) -> Band | None:
    return next((band for band in bands if band.holds(value)), None)


def _group(group: Group) -> tuple[str, str, tuple[str, ...]]:
    if len(group) == 3:
        title, hint, names = group
    else:
        title, names = group
        hint = ""
    return str(title), str(hint), tuple(names)


_NOT_NULL = {"not": {"type": "null"}}


def _condition_schema(condition: Mapping[str, Any]) -> dict[str, Any]:
    field = condition["field"]
    if condition["op"] == "given":
        return {"required": [field], "properties": {field: _NOT_NULL}}
    return {"not": {"required": [field], "properties": {field: {"type": "array", "minItems": 1}}}}


def _given(name: str) -> dict[str, Any]:
    return _condition_schema({"field": name, "op": "given"})
