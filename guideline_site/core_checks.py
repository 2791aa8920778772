"""What a core declares, checked against the site before anything is rendered from it.

- ``check_spec``: the declared form (``calculator_spec()``): every field of a known kind, with
  a label and question, a range whose minimum is not above its maximum, options where the
  kind has options; field names unique; every field in exactly one group and every group
  naming known fields; conditions naming known fields; outputs of a known kind with what
  that kind needs (a ``pathway``: its steps and sections, unique keys, ``urgent_hides``
  naming sections; a ``score``: its field, ``items_field`` and items, bands well-formed and
  not overlapping; a ``quantity``: its field, label, unit, decimals, ``category_field`` and
  bands that do not overlap and hold every value it reports). A malformed spec would
  otherwise build a form a reader cannot answer, or a result the page cannot draw.
  A ``decimal`` has numeric bounds (minimum not above maximum), a positive ``step`` and, with
  ``unit_field``, a declared ``unit`` field whose ``for`` names it back; a ``unit`` names its
  decimal and offers units with a label and a positive finite ``factor``, the first 1. No
  declared field may have the name of a control the form makes for another (a day count's
  ``NAME_unit`` menu, a checklist's ``NAME_none`` box): the unit a value was entered in is
  declared, never inferred from a name.
- ``check_outputs_match_rules``: the kind ``rules_as_data()`` names is the declared one; a
  pathway declares every step its rules give; a score's or quantity's rules give no step,
  and each band rule is a declared band with the same bounds.
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
import itertools
import math
from collections.abc import Collection, Iterator, Mapping
from fractions import Fraction
from typing import Any

from mkdocs.exceptions import PluginError

from guideline_site.editorial import STATUSES

#: Field kinds the form renders (templates/form.html), and which of them have options.
KINDS = ("checklist", "integer", "day_count", "boolean", "choice", "decimal", "unit")
OPTION_KINDS = ("checklist", "boolean", "choice")
#: Conditions a field's ``shown_when`` / ``required_when`` may use (web/calculator/spec.js).
CONDITION_OPS = ("given", "no_items")
#: The declared result kinds (calculator_spec() version 2, outputs.kind).
OUTPUT_KINDS = ("pathway", "score", "quantity")


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
    units = {f["name"] for f in fields if f.get("kind") == "unit"}
    _check_groups(fail, spec.get("groups"), names, units)
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


def _check_groups(fail: Any, groups: Any, names: list[str], units: set[str]) -> None:
    """Every field in exactly one group; a unit field (drawn beside its decimal) may be in
    none."""
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
    missing = [name for name in names if name not in placed and name not in units]
    if missing:
        raise fail(f"groups: field {missing[0]!r} is in no group (the form would not ask it)")


def _check_outputs(fail: Any, outputs: Any) -> None:
    """The declared result kind (spec version 2) with what the page needs to draw it."""
    if not isinstance(outputs, Mapping):
        raise fail("outputs: expected a mapping")
    kind = outputs.get("kind")
    if kind not in OUTPUT_KINDS:
        hint = " (spec version 2 calls a step's output 'pathway')" if kind == "step" else ""
        raise fail(
            f"outputs.kind: {kind!r} is not an output kind (one of {', '.join(OUTPUT_KINDS)})"
            + hint
        )
    if not _key(outputs.get("field")):
        raise fail(f"outputs.field: a {kind} names the result key that holds it here")
    if kind == "pathway":
        _check_pathway(fail, outputs)
    elif kind == "score":
        _check_score(fail, outputs)
    else:
        _check_quantity(fail, outputs)


def _key(value: Any) -> bool:
    """A result key: a name (a key the page reads from the result object)."""
    return isinstance(value, str) and value.isidentifier()


def _codes(fail: Any, where: str, entries: Any, key: str, what: str) -> list[str]:
    """The ``key`` of each entry of the non-empty list ``entries`` ({key, label, ...}), each a
    text with a non-empty label, none twice (then ``entries`` is a list of mappings)."""
    if not isinstance(entries, list) or not entries:
        raise fail(f"{where}: expected a non-empty list of {{{key}, label}} ({what})")
    codes: list[str] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not _text(entry.get(key)):
            raise fail(f"{where}[{i}]: expected {{{key}, label}}")
        if not _text(entry.get("label")):
            raise fail(f"{where}[{i}] ({entry[key]}).label: expected a non-empty text")
        if entry[key] in codes:
            raise fail(f"{where}[{i}].{key}: {entry[key]!r} is declared twice")
        codes.append(entry[key])
    return codes


def _check_pathway(fail: Any, outputs: Mapping[str, Any]) -> None:
    _codes(fail, "outputs.steps", outputs.get("steps"), "code", "every step the core gives")
    where = "outputs.sections"
    keys = _codes(fail, where, outputs.get("sections"), "key", "the result's lists, in order")
    sections: list[Mapping[str, Any]] = outputs["sections"]
    for i, section in enumerate(sections):
        if not _key(section["key"]):
            raise fail(f"outputs.sections[{i}].key: {section['key']!r} is not a result key")
        if section["key"] == outputs["field"]:
            raise fail(f"outputs.sections[{i}].key: {section['key']!r} is the step's field")
        if "urgent_label" in section and not _text(section["urgent_label"]):
            raise fail(f"outputs.sections[{i}] ({section['key']}).urgent_label: expected a text")
    hides = outputs.get("urgent_hides", [])
    if not isinstance(hides, list):
        raise fail("outputs.urgent_hides: expected a list of section keys")
    for i, key in enumerate(hides):
        if key not in keys:
            raise fail(f"outputs.urgent_hides[{i}]: {key!r} is not a declared section")
    source = outputs.get("source_step_field")
    if source is not None and not _key(source):
        raise fail(f"outputs.source_step_field: {source!r} is not a result key (or null)")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _bands(
    fail: Any, outputs: Mapping[str, Any], whole: bool, decimals: int = 0
) -> list[tuple[str, Fraction | None, Fraction | None]]:
    """The declared bands ({code, label, minimum, maximum}, inclusive, null: unbounded),
    each well-formed, as (code, minimum, maximum) sorted by minimum, none overlapping another.
    ``whole``: bounds are whole numbers (a score's); else on the grid of ``decimals`` digits
    (a quantity's reported value)."""
    bands = outputs.get("bands", [])
    if not isinstance(bands, list):
        raise fail("outputs.bands: expected a list of {code, label, minimum, maximum}")
    if bands:
        _codes(fail, "outputs.bands", bands, "code", "inclusive, null: unbounded")
    out = []
    for i, band in enumerate(bands):
        where = f"outputs.bands[{i}] ({band['code']})"
        bounds: list[Fraction | None] = []
        for key in ("minimum", "maximum"):
            value = band.get(key)
            if value is None:
                bounds.append(None)
                continue
            if whole and not _is_int(value):
                raise fail(f"{where}.{key}: expected a whole number or null (got {value!r})")
            if not _number(value):
                raise fail(f"{where}.{key}: expected a number or null (got {value!r})")
            exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
            if (exact * 10**decimals).denominator != 1:
                raise fail(
                    f"{where}.{key}: {value!r} has more digits after the point than the "
                    f"reported value ({decimals})"
                )
            bounds.append(exact)
        low, high = bounds
        if low is not None and high is not None and high < low:
            raise fail(f"{where}.maximum: {band['maximum']!r} is below its minimum")
        out.append((band["code"], low, high))
    out.sort(key=lambda b: -math.inf if b[1] is None else b[1])
    for (code, _, high), (next_code, low, _) in itertools.pairwise(out):
        if high is None or (low is not None and low <= high) or low is None:
            raise fail(f"outputs.bands: {code!r} and {next_code!r} overlap (a value in both)")
    return out


def _check_score(fail: Any, outputs: Mapping[str, Any]) -> None:
    if not _key(outputs.get("items_field")):
        raise fail("outputs.items_field: a score names the result key listing its items' points")
    _codes(fail, "outputs.items", outputs.get("items"), "code", "each item of the score")
    items: list[Mapping[str, Any]] = outputs["items"]
    for i, item in enumerate(items):
        if not _is_int(item.get("points")):
            raise fail(f"outputs.items[{i}] ({item['code']}).points: expected a whole number")
    low, high = outputs.get("minimum"), outputs.get("maximum")
    for key, value in (("minimum", low), ("maximum", high)):
        if value is not None and not _is_int(value):
            raise fail(f"outputs.{key}: expected a whole number or null (got {value!r})")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        raise fail(f"outputs.maximum: {high!r} is below the minimum {low!r}")
    if _bands(fail, outputs, whole=True) and not _key(outputs.get("band_field")):
        raise fail("outputs.band_field: a score with bands names the result key of its band")


def _check_quantity(fail: Any, outputs: Mapping[str, Any]) -> None:
    if not _text(outputs.get("label")):
        raise fail("outputs.label: a quantity is drawn as LABEL VALUE UNIT: expected its label")
    if not isinstance(outputs.get("unit"), str):
        raise fail(
            f'outputs.unit: expected the unit\'s text ("" for none), got {outputs.get("unit")!r}'
        )
    decimals = outputs.get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 10:
        raise fail(
            f"outputs.decimals: expected the digits after the point, 0 to 10 (got {decimals!r})"
        )
    if not _key(outputs.get("category_field")):
        raise fail("outputs.category_field: a quantity names the result key of its band's code")
    unit_field = outputs.get("unit_field")
    if unit_field is not None and not _key(unit_field):
        raise fail(f"outputs.unit_field: {unit_field!r} is not a result key (or null)")
    if not outputs.get("bands"):
        raise fail("outputs.bands: a quantity names the band of every value it reports")
    bands = _bands(fail, outputs, whole=False, decimals=decimals)
    (first, low, _), (last, _, high) = bands[0], bands[-1]
    if low is not None:
        raise fail(
            f"outputs.bands: a value below {float(low):g} is in no band (the lowest band, "
            f"{first!r}, has no minimum: null)"
        )
    if high is not None:
        raise fail(
            f"outputs.bands: a value above {float(high):g} is in no band (the highest band, "
            f"{last!r}, has no maximum: null)"
        )
    step = Fraction(1, 10**decimals)
    for (code, _, high), (next_code, low, _) in itertools.pairwise(bands):
        assert high is not None  # _bands: only the ends are open
        assert low is not None
        if low - high != step:
            raise fail(
                f"outputs.bands: a value between {float(high):g} ({code!r}) and "
                f"{float(low):g} ({next_code!r}) is in no band (reported with {decimals} "
                "digits after the point)"
            )


def check_outputs_match_rules(calculator: str, spec: Mapping[str, Any], rules: Any) -> None:
    """The declared outputs fit the rules (after ``check_spec``): ``rules_as_data()`` gives
    the same kind when it names one; a pathway declares every step its rules give, and no
    score or quantity has rules that give a step; every band rule is a declared band."""
    outputs = spec["outputs"]
    kind = outputs["kind"]
    given = rules.get("kind") if isinstance(rules, Mapping) else None
    if given is not None and given != kind:
        raise _fail(
            calculator,
            f"rules_as_data() kind is {given!r} but calculator_spec() outputs.kind is {kind!r}",
        )
    declared = {step["code"] for step in outputs.get("steps") or []}
    bands = {band["code"]: band for band in outputs.get("bands") or []}
    entries = rules.get("rules") if isinstance(rules, Mapping) else None
    for i, rule in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(rule, Mapping):
            continue
        if rule.get("kind") == "step" and kind != "pathway":
            raise _fail(
                calculator,
                f"calculator_spec() outputs.kind is {kind!r} but rules_as_data() rules[{i}] "
                f"gives a step ({rule.get('step')!r}): declare outputs of kind 'pathway'",
            )
        if rule.get("kind") == "step" and rule.get("step") not in declared:
            raise _fail(
                calculator,
                f"rules_as_data() rules[{i}] gives step {rule.get('step')!r}, which "
                "calculator_spec() outputs.steps does not declare (its label on the page)",
            )
        if rule.get("kind") == "band" and kind in ("score", "quantity"):
            band = bands.get(str(rule.get("code")))
            if band is None:
                raise _fail(
                    calculator,
                    f"rules_as_data() rules[{i}] gives band {rule.get('code')!r}, which "
                    "calculator_spec() outputs.bands does not declare",
                )
            for key in ("minimum", "maximum"):
                if rule.get(key) != band.get(key):
                    raise _fail(
                        calculator,
                        f"rules_as_data() rules[{i}] ({rule['code']}).{key} is "
                        f"{rule.get(key)!r} but calculator_spec() declares the band's {key} "
                        f"as {band.get(key)!r}",
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
