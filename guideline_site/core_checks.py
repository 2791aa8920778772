"""What a core declares, checked against the site before anything is rendered from it.

- ``check_spec``: the declared form (``calculator_spec()``): every field of a known kind, with
  a label and question, a range whose minimum is not above its maximum, options where the
  kind has options; field names unique; every field in exactly one group and every group
  naming known fields; conditions naming known fields; outputs of a known kind with what
  that kind needs. A malformed spec would otherwise build a form a reader cannot answer.
  A ``decimal`` has numeric bounds (minimum not above maximum), a positive ``step`` and, with
  ``unit_field``, a declared ``unit`` field whose ``for`` names it back; a ``unit`` names its
  decimal and offers units with a label and a positive finite ``factor``, the first 1. No
  declared field may have the name of a control the form makes for another (a day count's
  ``NAME_unit`` menu, a checklist's ``NAME_none`` box): the unit a value was entered in is
  declared, never inferred from a name.
- ``check_outputs_match_rules``: a step core declares every step its rules give; a score
  core's rules give no step.
- ``check_references``: every ``refs`` list in ``rules_as_data()`` names references of the
  site's references file (a result must never cite a source the page does not list).
- ``check_guideline``: the core's ``guideline`` (the article its rules come from, stamped on
  every result and copied note) has the review status and last-updated date of the page the
  calculator is placed on.

Each problem stops the build with one ``PluginError`` line naming the calculator and the
declared item (its path in the data, e.g. ``fields[1].minimum``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from mkdocs.exceptions import PluginError

from guideline_site.editorial import STATUSES

#: Field kinds the form renders (templates/form.html), and which of them have options.
KINDS = ("checklist", "integer", "day_count", "boolean", "choice", "decimal", "unit")
OPTION_KINDS = ("checklist", "boolean", "choice")
#: Conditions a field's ``shown_when`` / ``required_when`` may use (web/calculator/spec.js).
CONDITION_OPS = ("given", "no_items")
OUTPUT_KINDS = ("step", "score")


def _fail(calculator: str, what: str) -> PluginError:
    return PluginError(f"calculator {calculator}: {what}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """A finite int or float (not a boolean)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_spec(calculator: str, spec: Any) -> Mapping[str, Any]:
    """``spec``, checked: one PluginError names its first malformed item (see the module)."""

    def fail(what: str) -> PluginError:
        return _fail(calculator, f"calculator_spec() {what}")

    if not isinstance(spec, Mapping):
        raise fail(f"must return a mapping (got {type(spec).__name__})")
    fields = spec.get("fields")
    if not isinstance(fields, list) or not fields:
        raise fail("fields: expected a non-empty list of fields")
    names: list[str] = []
    for i, field in enumerate(fields):
        _check_field(fail, f"fields[{i}]", field)
        if field["name"] in names:
            raise fail(f"fields[{i}].name: {field['name']!r} is declared twice")
        names.append(field["name"])
    _check_units(fail, fields)
    _check_control_names(fail, fields)
    for i, field in enumerate(fields):
        for key in ("shown_when", "required_when"):
            _check_conditions(fail, f"fields[{i}].{key}", field.get(key, []), names)
    _check_groups(fail, spec.get("groups"), names)
    _check_outputs(fail, spec.get("outputs"))
    return spec


def _check_field(fail: Any, where: str, field: Any) -> None:
    if not isinstance(field, Mapping):
        raise fail(f"{where}: expected a mapping (got {type(field).__name__})")
    name = field.get("name")
    if not isinstance(name, str) or not name.isidentifier():
        raise fail(f"{where}.name: expected the input field's name (got {name!r})")
    where = f"{where} ({name})"
    kind = field.get("kind")
    if kind not in KINDS:
        raise fail(f"{where}.kind: {kind!r} is not a field kind (one of {', '.join(KINDS)})")
    # A unit is asked beside its decimal, not as a question of its own.
    for key in ("label",) if kind == "unit" else ("label", "question"):
        if not _text(field.get(key)):
            raise fail(f"{where}.{key}: expected a non-empty text (got {field.get(key)!r})")
    if kind in ("integer", "day_count"):
        low, high = field.get("minimum"), field.get("maximum")
        if not _is_int(low):
            raise fail(f"{where}.minimum: expected a whole number (got {low!r})")
        if kind == "integer" and not _is_int(high):
            raise fail(f"{where}.maximum: expected a whole number (got {high!r})")
        if high is not None and (not _is_int(high) or high < low):
            raise fail(
                f"{where}.maximum: {high!r} is not a whole number at least the minimum {low}"
            )
    if kind == "decimal":
        _check_decimal(fail, where, field)
    if kind == "unit":
        _check_unit_options(fail, where, field.get("options"))
    if kind in OPTION_KINDS:
        options = field.get("options")
        if not isinstance(options, list) or not options:
            raise fail(f"{where}.options: expected a non-empty list of {{value, label}}")
        values = []
        for j, option in enumerate(options):
            if not isinstance(option, Mapping) or not _text(option.get("label")):
                raise fail(f"{where}.options[{j}]: expected {{value, label}} with a label")
            value = option.get("value")
            if kind == "boolean" and not isinstance(value, bool):
                raise fail(f"{where}.options[{j}].value: a boolean's options are true and false")
            if kind != "boolean" and not isinstance(value, str):
                raise fail(f"{where}.options[{j}].value: expected a code (got {value!r})")
            if value in values:
                raise fail(f"{where}.options[{j}].value: {value!r} is offered twice")
            values.append(value)


def _check_decimal(fail: Any, where: str, field: Mapping[str, Any]) -> None:
    """A decimal's range (null = unbounded) and step."""
    low, high = field.get("minimum"), field.get("maximum")
    for key, value in (("minimum", low), ("maximum", high)):
        if value is not None and not _is_number(value):
            raise fail(f"{where}.{key}: expected a finite number or null (got {value!r})")
    exclusive = field.get("exclusive_minimum", False)
    if not isinstance(exclusive, bool):
        raise fail(f"{where}.exclusive_minimum: expected true or false (got {exclusive!r})")
    if exclusive and low is None:
        raise fail(f"{where}.exclusive_minimum: true needs a minimum (got null)")
    if low is not None and high is not None and (high < low or (exclusive and high == low)):
        above = "above" if exclusive else "at least"
        raise fail(f"{where}.maximum: {high!r} is not {above} the minimum {low!r}")
    step = field.get("step")
    if step is not None and (not _is_number(step) or step <= 0):
        raise fail(f"{where}.step: expected a number above 0 or null (got {step!r})")
    unit_field = field.get("unit_field")
    if unit_field is not None and not isinstance(unit_field, str):
        raise fail(f"{where}.unit_field: expected a field's name (got {unit_field!r})")


def _check_unit_options(fail: Any, where: str, options: Any) -> None:
    """A unit's options: {value, label, factor}, factor = how many of the first unit one of
    this unit is (the first is 1)."""
    if not isinstance(options, list) or not options:
        raise fail(f"{where}.options: expected a non-empty list of {{value, label, factor}}")
    values: list[str] = []
    for j, option in enumerate(options):
        if not isinstance(option, Mapping) or not _text(option.get("label")):
            raise fail(f"{where}.options[{j}]: expected {{value, label, factor}} with a label")
        value: Any = option.get("value")
        if not _text(value):
            raise fail(f"{where}.options[{j}].value: expected a unit's code (got {value!r})")
        if value in values:
            raise fail(f"{where}.options[{j}].value: {value!r} is offered twice")
        values.append(value)
        factor: Any = option.get("factor")
        if not _is_number(factor) or factor <= 0:
            raise fail(
                f"{where}.options[{j}].factor: expected a finite number above 0 (got {factor!r})"
            )
        if j == 0 and factor != 1:
            raise fail(
                f"{where}.options[0].factor: the first unit is the one the bounds are in, its "
                f"factor is 1 (got {factor!r})"
            )


def _check_units(fail: Any, fields: list[Mapping[str, Any]]) -> None:
    """Each decimal's unit_field is a declared unit whose ``for`` names it back, and each
    unit is for a declared decimal that names it as its unit_field."""
    by_name = {field["name"]: field for field in fields}
    for i, field in enumerate(fields):
        where = f"fields[{i}] ({field['name']})"
        if field["kind"] == "decimal" and field.get("unit_field") is not None:
            unit = by_name.get(field["unit_field"])
            if unit is None or unit["kind"] != "unit":
                raise fail(
                    f"{where}.unit_field: {field['unit_field']!r} is not a declared field of "
                    "kind unit"
                )
            if unit.get("for") != field["name"]:
                raise fail(
                    f"{where}.unit_field: {unit['name']!r} is for {unit.get('for')!r}, not "
                    f"for {field['name']!r}"
                )
        if field["kind"] == "unit":
            target = field.get("for")
            number = by_name.get(target) if isinstance(target, str) else None
            if number is None or number["kind"] != "decimal":
                raise fail(f"{where}.for: {target!r} is not a declared field of kind decimal")
            if number.get("unit_field") != field["name"]:
                raise fail(
                    f"{where}.for: {number['name']!r} does not name {field['name']!r} as its "
                    f"unit_field (it names {number.get('unit_field')!r})"
                )


def _made_controls(field: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """The control names the form makes for ``field`` besides its own name, each with what
    it is (templates/form.html)."""
    name = field["name"]
    if field["kind"] == "day_count" and field.get("units"):
        yield f"{name}_unit", "the unit menu of day_count"
    if field["kind"] == "checklist" and field.get("none_option"):
        yield f"{name}_none", "the 'none of these' box of checklist"


def _check_control_names(fail: Any, fields: list[Mapping[str, Any]]) -> None:
    """No declared field has the name of a control the form makes for another field: the
    page would read one as the other (a declared creatinine_unit taken as a day count's
    unit menu)."""
    made = {
        control: (what, field["name"])
        for field in fields
        for control, what in _made_controls(field)
    }
    for i, field in enumerate(fields):
        if field["name"] in made:
            what, owner = made[field["name"]]
            raise fail(
                f"fields[{i}] ({field['name']}).name: clashes with {what} {owner!r}, a control "
                f"the form names {field['name']!r}: rename one of the two fields"
            )


def _check_conditions(fail: Any, where: str, conditions: Any, names: list[str]) -> None:
    if not isinstance(conditions, list):
        raise fail(f"{where}: expected a list of {{field, op}}")
    for j, condition in enumerate(conditions):
        if not isinstance(condition, Mapping) or condition.get("field") not in names:
            got = condition.get("field") if isinstance(condition, Mapping) else condition
            raise fail(f"{where}[{j}].field: {got!r} is not a declared field")
        if condition.get("op") not in CONDITION_OPS:
            raise fail(
                f"{where}[{j}].op: {condition.get('op')!r} is not a condition "
                f"(one of {', '.join(CONDITION_OPS)})"
            )


def _check_groups(fail: Any, groups: Any, names: list[str]) -> None:
    if not isinstance(groups, list) or not groups:
        raise fail("groups: expected a non-empty list of {title, fields}")
    placed: list[str] = []
    for i, group in enumerate(groups):
        members = group.get("fields") if isinstance(group, Mapping) else None
        if not isinstance(members, list) or not members:
            raise fail(f"groups[{i}].fields: expected a non-empty list of field names")
        for name in members:
            if name not in names:
                raise fail(f"groups[{i}].fields: {name!r} is not a declared field")
            if name in placed:
                raise fail(f"groups[{i}].fields: {name!r} is already in a group")
            placed.append(name)
    missing = [name for name in names if name not in placed]
    if missing:
        raise fail(f"groups: field {missing[0]!r} is in no group (the form would not ask it)")


def _check_outputs(fail: Any, outputs: Any) -> None:
    if not isinstance(outputs, Mapping):
        raise fail("outputs: expected a mapping")
    kind = outputs.get("kind", "step")
    if kind not in OUTPUT_KINDS:
        raise fail(f"outputs.kind: {kind!r} is not an output kind (one of step, score)")
    if kind == "score":
        for key in ("field", "components_field"):
            if not _text(outputs.get(key)):
                raise fail(f"outputs.{key}: a score names its result field here")
        components = outputs.get("components")
        if not isinstance(components, list) or not components:
            raise fail("outputs.components: a score lists its components")
        return
    steps = outputs.get("steps")
    if not isinstance(steps, list) or not steps:
        raise fail("outputs.steps: expected a non-empty list of {code, label}")
    codes: list[str] = []
    for i, step in enumerate(steps):
        if not isinstance(step, Mapping) or not _text(step.get("code")):
            raise fail(f"outputs.steps[{i}]: expected {{code, label}}")
        if not _text(step.get("label")):
            raise fail(f"outputs.steps[{i}] ({step['code']}).label: expected a non-empty text")
        if step["code"] in codes:
            raise fail(f"outputs.steps[{i}].code: {step['code']!r} is declared twice")
        codes.append(step["code"])


def check_outputs_match_rules(calculator: str, spec: Mapping[str, Any], rules: Any) -> None:
    """The declared outputs fit the rules (after ``check_spec``): a step core declares every
    step its rules give, and a score declares no steps its rules would give."""
    outputs = spec["outputs"]
    kind = outputs.get("kind", "step")
    declared = {step["code"] for step in outputs.get("steps") or []}
    entries = rules.get("rules") if isinstance(rules, Mapping) else None
    for i, rule in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(rule, Mapping) or rule.get("kind") != "step":
            continue
        if kind != "step":
            raise _fail(
                calculator,
                f"calculator_spec() outputs.kind is {kind!r} but rules_as_data() rules[{i}] "
                f"gives a step ({rule.get('step')!r}): declare outputs of kind 'step'",
            )
        if rule.get("step") not in declared:
            raise _fail(
                calculator,
                f"rules_as_data() rules[{i}] gives step {rule.get('step')!r}, which "
                "calculator_spec() outputs.steps does not declare (its label on the page)",
            )


def _refs(data: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every ``refs`` value in ``data``, with its path."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "refs":
                yield where, value
            else:
                yield from _refs(value, where)
    elif isinstance(data, (list, tuple)):
        for i, value in enumerate(data):
            yield from _refs(value, f"{path}[{i}]")


def check_references(calculator: str, rules: Any, numbers: Collection[int]) -> None:
    """Every ``refs`` in the core's ``rules_as_data()`` cites a reference of the site."""
    known = sorted(numbers)
    for where, refs in _refs(rules, ""):
        if not isinstance(refs, (list, tuple)) or not all(_is_int(n) for n in refs):
            raise _fail(calculator, f"rules_as_data() {where}: expected reference numbers")
        for number in refs:
            if number not in numbers:
                raise _fail(
                    calculator,
                    f"rules_as_data() {where} cites reference {number}, which the site's "
                    f"references file does not have (it has {known[0]} to {known[-1]})",
                )


def check_guideline(calculator: str, rules: Any, editorial: Mapping[str, Any], page: str) -> None:
    """The core's ``guideline`` matches the page's front matter (``editorial``: the page's
    validated editorial dict): a result must not stamp another status or date."""
    guideline = rules.get("guideline") if isinstance(rules, Mapping) else None
    if guideline is None:
        return  # a core that stamps no article on its results
    where = f"{page}: calculator {calculator}: its core's rules_as_data() guideline"
    if not isinstance(guideline, Mapping):
        raise PluginError(f"{where}: expected a mapping with review_status and last_updated")
    status = guideline.get("review_status")
    if status not in STATUSES:
        raise PluginError(
            f"{where}.review_status: {status!r} is not a review status "
            f"(one of {', '.join(STATUSES)})"
        )
    page_status = editorial["status"]["code"]
    if status != page_status:
        raise PluginError(
            f"{where}.review_status is {status!r} but the page's review_status is "
            f"{page_status!r}: every result would carry the wrong status"
        )
    updated = guideline.get("last_updated")
    try:
        same = dt.date.fromisoformat(str(updated)).isoformat() == editorial["last_updated"]
    except ValueError:
        raise PluginError(f"{where}.last_updated: {updated!r} is not a date YYYY-MM-DD") from None
    if not same:
        raise PluginError(
            f"{where}.last_updated is {updated!r} but the page's last_updated is "
            f"{editorial['last_updated']}: every result would carry the wrong date"
        )
