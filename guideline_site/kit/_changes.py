"""Which answers changed between two versions of an algorithm, computed from their rule tables
kept as data (:func:`guideline_site.kit.freeze`), in words a clinician reads.

:func:`compare` tries the same inputs on both tables: every combination of each field's
telling values (the ends of its range and the values either side of each threshold a rule
tests, one value per set of values that no rule tells apart; a checklist's "none", each item
alone and all of them; unanswered where that is allowed), each checked as the calculator
checks its input. When the combinations exceed ``limit``, a fixed sample of them (seeded,
so the page is the same on every build). The inputs whose result changed are grouped by what
they gave before and what they give now, each group with one example input, written with the
form's labels. A pathway and a score are compared; a quantity's formula is code, not data, so
its versions are not.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ._conditions import Test, holds
from ._fields import Field, Kind
from ._results import Rule
from ._validate import InputError, validate
from ._version import section_keys

#: The most inputs tried for one pair of versions (the page is built in well under a second).
LIMIT = 20000


def compare(
    spec: Mapping[str, Any],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    limit: int = LIMIT,
    seed: int = 0,
) -> dict[str, Any]:
    """What changed between rule tables ``old`` and ``new`` (each ``rules_as_data()`` or a
    frozen table) for the inputs of ``spec`` (``calculator_spec()``). Returns ``compared``
    (inputs tried), ``changed`` (whose result changed), ``groups`` (one per change of
    result: ``was`` and ``now`` as ``{key, label, title}``, ``count``, ``example`` as
    ``{input, text}``), ``sampled`` (whether a sample was tried), or ``reason`` (and no
    groups) when the kind cannot be compared."""
    kind = new.get("kind") or "pathway"
    if kind != (old.get("kind") or "pathway"):
        return _not_compared("the two versions give different kinds of result")
    if kind not in ("pathway", "score"):
        return _not_compared("its result is computed by a formula, which is code, not data")
    fields = [Field.from_data(field) for field in spec["fields"]]
    outputs = spec.get("outputs") or {}
    before, after = _outcome(old, outputs), _outcome(new, outputs)
    tests = [*_tests(old), *_tests(new)]
    inputs, sampled = _inputs(fields, tests, limit, seed)
    checked = sampled or any(f.unit_field for f in fields)  # a unit converts the value
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[tuple[Any, ...]] = set()
    compared = 0
    for order, raw in enumerate(inputs):
        answers = _answers(fields, raw, checked=checked)
        if answers is None:
            continue
        key = tuple(answers.values())
        if key in seen:
            continue
        seen.add(key)
        compared += 1
        was, now = before(answers), after(answers)
        if (was["key"], was["title"]) == (now["key"], now["title"]):
            continue
        group = groups.setdefault(
            (json.dumps(was, sort_keys=True), json.dumps(now, sort_keys=True)),
            {"was": was, "now": now, "count": 0, "_rank": None, "example": None},
        )
        group["count"] += 1
        rank = (sum(value is not None for value in raw.values()), order)
        if group["_rank"] is None or rank < group["_rank"]:
            group["_rank"] = rank
            group["example"] = {"input": raw, "text": describe(fields, raw, answers)}
    ordered = sorted(groups.values(), key=lambda g: (-g["count"], g["_rank"]))
    return {
        "compared": compared,
        "changed": sum(g["count"] for g in ordered),
        "sampled": sampled,
        "groups": [{k: v for k, v in g.items() if k != "_rank"} for g in ordered],
    }


def _answers(
    fields: Sequence[Field], raw: Mapping[str, Any], *, checked: bool
) -> dict[str, Any] | None:
    """The answers the calculator reads from ``raw`` (None: it rejects ``raw``). An input
    listed by :func:`_combinations` is valid by construction, so only its defaults are
    applied; a sampled one (``checked``) is validated as the calculator validates it."""
    if checked:
        try:
            return validate(tuple(fields), raw)
        except InputError:
            return None
    answers: dict[str, Any] = {}
    for field in fields:
        value = raw.get(field.name)
        if value is None and not field.required:
            value = field.default
        elif field.kind is Kind.CHECKLIST and value is not None:
            value = tuple(code for code in field.values if code in value)
        answers[field.name] = value
    return answers


def _not_compared(reason: str) -> dict[str, Any]:
    return {"compared": 0, "changed": 0, "sampled": False, "groups": [], "reason": reason}


# -- evaluating a table kept as data ------------------------------------------------------------


def _outcome(table: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    """A function of validated answers giving ``{key, label, title}`` under ``table``."""
    if (table.get("kind") or "pathway") == "score":
        return _score_outcome(table, outputs)
    sections = tuple(table.get("sections") or section_keys(table["rules"]))
    rules = [Rule.from_data(rule, sections) for rule in table["rules"]]
    titles = dict(table.get("titles") or {})
    declared = {step["code"]: step["label"] for step in outputs.get("steps") or []}
    labels = {**declared, **(table.get("step_labels") or {})}
    step_rules = [rule for rule in rules if rule.step is not None]
    # only the modifiers that give a title can change the result's title
    titled = {r.id: [m for m in rules if r.id in m.after and m.title] for r in step_rules}

    def outcome(answers: Mapping[str, Any]) -> dict[str, Any]:
        step_rule = next((r for r in step_rules if holds(r.when, answers)), None)
        if step_rule is None or step_rule.step is None:
            return {"key": "", "label": "No step (no rule applies)", "title": ""}
        own = [step_rule.title] if step_rule.title else []
        own += [m.title for m in titled[step_rule.id] if m.title and holds(m.when, answers)]
        step = step_rule.step
        return {
            "key": step,
            "label": labels.get(step, step),
            "title": own[-1] if own else titles.get(step, ""),
        }

    return outcome


def _score_outcome(table: Mapping[str, Any], outputs: Mapping[str, Any]) -> Any:
    items = [
        (rule["points"], _when(rule["when"])) for rule in table["rules"] if rule["kind"] == "points"
    ]
    bands = [rule for rule in table["rules"] if rule.get("kind") == "band"]
    label = outputs.get("label") or "Score"

    def outcome(answers: Mapping[str, Any]) -> dict[str, Any]:
        score = sum(points for points, when in items if holds(when, answers))
        band = next(
            (
                b
                for b in bands
                if (b["minimum"] is None or score >= b["minimum"])
                and (b["maximum"] is None or score <= b["maximum"])
            ),
            None,
        )
        title = f"{label} {score}" + (f" ({band['label']})" if band else "")
        return {"key": f"{score}:{band['code'] if band else ''}", "label": title, "title": title}

    return outcome


def _when(data: Any) -> tuple[tuple[Test, ...], ...]:
    return Rule.from_data({"id": "", "when": data}).when


def _tests(table: Mapping[str, Any]) -> list[Test]:
    return [
        test
        for rule in table["rules"]
        if rule.get("kind") in ("step", "modifier", "points")
        for clause in _when(rule.get("when", [[]]))
        for test in clause
    ]


# -- the inputs tried --------------------------------------------------------------------------


def _inputs(
    fields: Sequence[Field], tests: Sequence[Test], limit: int, seed: int
) -> tuple[list[dict[str, Any]], bool]:
    """Every combination of each field's telling values that the form can give (a field
    not shown is unanswered, a field required is answered, one that needs another or is at
    most another agrees with it), as input objects; a seeded sample of ``limit`` of them when
    there are more. Whether it is a sample."""
    values = {f.name: _values(f, [t for t in tests if t.field == f.name]) for f in fields}
    units = {f.name: f.options[0].value for f in fields if f.kind is Kind.UNIT and f.options}
    asked = [f for f in _ordered(fields) if f.kind is not Kind.UNIT]
    bound = math.prod(len(values[f.name]) for f in asked)
    if bound > limit * 50:  # too many to list: a sample of all combinations, checked later
        lists = [values[f.name] for f in asked]
        picked = sorted(random.Random(seed).sample(range(bound), limit))
        combos = [
            {f.name: v for f, v in zip(asked, _nth(lists, i), strict=True) if v is not None}
            for i in picked
        ]
        sampled = True
    else:
        combos = list(_combinations(asked, values, {}))
        sampled = len(combos) > limit
        if sampled:
            combos = random.Random(seed).sample(combos, limit)
    for raw in combos:
        for field in fields:
            if field.kind is Kind.DECIMAL and field.unit_field and field.name in raw:
                raw[field.unit_field] = units[field.unit_field]
    return combos, sampled


def _combinations(
    fields: Sequence[Field], values: Mapping[str, list[Any]], raw: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    if not fields:
        yield dict(raw)
        return
    field, rest = fields[0], fields[1:]
    choices = values[field.name]
    shown = all(c.holds(raw) for c in field.shown_when)
    if not shown or (field.requires is not None and raw.get(field.requires) is None):
        choices = [None]
    else:
        if field.required and all(c.holds(raw) for c in field.required_when):
            choices = [v for v in choices if v is not None]
        limit = raw.get(field.at_most) if field.at_most else None
        if limit is not None:
            choices = [v for v in choices if v is None or v <= limit]
    for value in choices:
        if value is None:
            yield from _combinations(rest, values, raw)
        else:
            yield from _combinations(rest, values, {**raw, field.name: value})


def _ordered(fields: Sequence[Field]) -> list[Field]:
    """``fields`` in declared order, each after the fields its showing, requiring and
    bounds depend on."""
    by_name = {f.name: f for f in fields}
    out: list[Field] = []

    def visit(field: Field, path: tuple[str, ...]) -> None:
        if field in out or field.name in path:
            return
        needs = [c.field for c in (*field.shown_when, *field.required_when)]
        needs += [n for n in (field.requires, field.at_most) if n is not None]
        for name in needs:
            if name in by_name:
                visit(by_name[name], (*path, field.name))
        out.append(field)

    for field in fields:
        visit(field, ())
    return out


def _nth(lists: Sequence[Sequence[Any]], index: int) -> tuple[Any, ...]:
    """The ``index``-th combination of ``itertools.product(*lists)``."""
    out = []
    for values in reversed(lists):
        index, at = divmod(index, len(values))
        out.append(values[at])
    return tuple(reversed(out))


def _values(field: Field, tests: Sequence[Test]) -> list[Any]:
    """The values of ``field`` tried: one per set of values the rules do not tell apart
    (the one nearest a threshold), unanswered first where that is allowed."""
    optional = not field.required or bool(field.required_when)
    if not field.required and field.default is not None:
        optional = False  # unanswered is its default
    head: list[Any] = [None] if optional else []
    match field.kind:
        case Kind.BOOLEAN:
            return [*head, True, False]
        case Kind.CHOICE:
            return head + list(field.values)
        case Kind.UNIT:
            return head + list(field.values[:1])
        case Kind.CHECKLIST:
            values = list(field.values)
            every = [values] if len(values) > 1 else []
            return head + [[]] + [[value] for value in values] + every
    step = 1.0 if field.kind in (Kind.INTEGER, Kind.DAY_COUNT) else float(field.step or 0.01)
    thresholds: list[float] = []
    for test in tests:
        value = test.value
        numbers = list(value) if isinstance(value, tuple) else [value]
        thresholds += [float(n) for n in numbers if isinstance(n, (int, float))]
        thresholds = [t for t in thresholds if not isinstance(t, bool)]
    points = {float(b) for b in (field.minimum, field.maximum) if b is not None}
    for t in thresholds:
        points |= {t - step, t, t + step}
    if not points:
        points = {0.0}
    kept = [p for p in points if _allowed(field, p)]

    def nearness(p: float) -> tuple[float, float]:
        return (min((abs(p - t) for t in thresholds), default=0.0), p)

    chosen: dict[tuple[bool, ...], float] = {}
    for p in sorted(kept, key=nearness):
        number = _number(field, p)
        signature = tuple(t.holds({field.name: number}) for t in tests)
        chosen.setdefault(signature, p)
    return head + [_number(field, p) for p in sorted(chosen.values())]


def _allowed(field: Field, value: float) -> bool:
    low, high = field.minimum, field.maximum
    if low is not None and (value < low or (field.exclusive_minimum and value == low)):
        return False
    return high is None or value <= high


def _number(field: Field, value: float) -> int | float:
    if field.kind in (Kind.INTEGER, Kind.DAY_COUNT):
        return round(value)
    return round(value, 10)


# -- in words ----------------------------------------------------------------------------------


def describe(fields: Sequence[Field], raw: Mapping[str, Any], answers: Mapping[str, Any]) -> str:
    """An input in the form's words: each shown field's note label and its answer (option
    labels, numbers with their unit), e.g. ``Pain: 5; Limits function: Yes``."""
    parts = []
    for field in fields:
        if field.kind is Kind.UNIT:
            continue
        label = field.note_label or field.label
        value = raw.get(field.name)
        if value is None:
            if field.shown_when and not all(c.holds(answers) for c in field.shown_when):
                continue  # not asked
            if field.null_text:
                parts.append(f"{label}: {field.null_text}")
            elif not field.required and field.default is not None:
                parts.append(f"{label}: {_answer_text(field, field.default, raw)}")
            continue
        parts.append(f"{label}: {_answer_text(field, value, raw)}")
    return "; ".join(parts)


def _answer_text(field: Field, value: Any, raw: Mapping[str, Any]) -> str:
    labels = {option.value: option.label for option in field.options}
    if field.kind is Kind.CHECKLIST:
        if not value:
            return field.none_option or "none"
        return " and ".join(labels.get(item, str(item)) for item in value)
    if field.options:
        return labels.get(value, str(value))
    number = f"{value:g}" if isinstance(value, float) else str(value)
    unit = field.unit
    if field.unit_field and field.unit_field in raw:
        unit = str(raw[field.unit_field])
    return f"{number} {unit}" if unit else number


__all__ = ["LIMIT", "compare", "describe"]
