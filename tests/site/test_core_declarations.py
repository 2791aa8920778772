"""What a core declares is checked before the site is built from it (guideline_site/
core_checks.py): a malformed form, a reference the site does not have, or a result stamp that
disagrees with the page stops ``mkdocs build`` with exit 1 and ONE error line naming the
calculator and the item, never a traceback and never a site that misleads."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from test_calculators_option import one_error_line
from tiny_project import TINY_CORE, make_project

from guideline_site.core_checks import check_spec

CONFIGURED = {"tiny": {"package": "tiny_core"}}
PLACED = "```calculator\ntiny\n```"
#: A valid declared form for TINY_CORE (an obvious placeholder).
SPEC = {
    "name": "tiny",
    "title": "Tiny",
    "fields": [
        {
            "name": "n",
            "kind": "integer",
            "label": "N",
            "question": "N?",
            "minimum": 0,
            "maximum": 10,
        },
        {
            "name": "b",
            "kind": "boolean",
            "label": "B",
            "question": "B?",
            "options": [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}],
        },
    ],
    "groups": [{"title": "G", "fields": ["n", "b"]}],
    "outputs": {
        "kind": "pathway",
        "field": "step",
        "steps": [{"code": "placeholder_step", "label": "Placeholder"}],
        "sections": [{"key": "placeholder_items", "label": "Placeholder items"}],
    },
}


def with_spec(spec: object) -> str:
    return TINY_CORE + f"\ndef calculator_spec():\n    return {spec!r}\n"


def with_guideline(**changes: object) -> str:
    """TINY_CORE whose rules_as_data()'s guideline has ``changes`` (None: key removed)."""
    return TINY_CORE + (
        "\n_rules = rules_as_data\n"
        "def rules_as_data():\n"
        "    data = _rules()\n"
        f"    for key, value in {changes!r}.items():\n"
        "        if value is None:\n"
        "            del data['guideline'][key]\n"
        "        else:\n"
        "            data['guideline'][key] = value\n"
        "    return data\n"
    )


def spec_with(change) -> dict:
    spec = copy.deepcopy(SPEC)
    change(spec)
    return spec


def build_error(tmp_path: Path, run_mkdocs_build, core: str, body: str = "") -> str:
    project = make_project(tmp_path, CONFIGURED, body, {"tiny_core": core})
    return one_error_line(run_mkdocs_build(project, tmp_path / "site"))


def test_a_valid_declared_form_builds(tmp_path: Path, run_mkdocs_build):
    """The checks accept a form that declares what the form needs."""
    project = make_project(tmp_path, CONFIGURED, "", {"tiny_core": with_spec(SPEC)})
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr


def _set(path: str, value: object):
    def change(spec: dict) -> None:
        *parents, last = path.split(".")
        target = spec
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return change


def _drop_label(spec: dict) -> None:
    del spec["fields"][0]["label"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            _set("fields.0.kind", "float"),
            "calculator_spec() fields[0] (n).kind: 'float' is not a field kind",
            id="unknown-kind",
        ),
        pytest.param(
            lambda s: s["fields"][0].update(minimum=10, maximum=0),
            "fields[0] (n).maximum: 0 is not a whole number at least the minimum 10",
            id="minimum-above-maximum",
        ),
        pytest.param(
            lambda s: s["fields"].insert(1, copy.deepcopy(s["fields"][0])),
            "fields[1].name: 'n' is declared twice",
            id="field-declared-twice",
        ),
        pytest.param(_drop_label, "fields[0] (n).label: expected a non-empty text", id="no-label"),
        pytest.param(
            _set("fields.1.options.0.value", "yes"),
            "fields[1] (b).options[0].value: a boolean's options are true and false",
            id="boolean-option-not-a-boolean",
        ),
        pytest.param(
            _set("groups.0.fields", ["n", "b", "zz"]),
            "groups[0].fields: 'zz' is not a declared field",
            id="group-names-an-unknown-field",
        ),
        pytest.param(
            _set("groups.0.fields", ["n"]),
            "groups: field 'b' is in no group (the form would not ask it)",
            id="field-in-no-group",
        ),
        pytest.param(
            _set("fields.1.shown_when", [{"field": "zz", "op": "given"}]),
            "fields[1].shown_when[0].field: 'zz' is not a declared field",
            id="condition-on-an-unknown-field",
        ),
        pytest.param(
            _set("outputs.kind", "table"),
            "outputs.kind: 'table' is not an output kind",
            id="unknown-output-kind",
        ),
        pytest.param(
            _set("outputs.steps", []),
            "outputs.steps: expected a non-empty list",
            id="no-steps",
        ),
    ],
)
def test_a_malformed_declared_form_fails_naming_the_item(
    tmp_path: Path, run_mkdocs_build, change, expected
):
    """A form a reader could not answer (a field that cannot be shown, a range that refuses
    every value, two inputs with one id) is refused at build time."""
    line = build_error(tmp_path, run_mkdocs_build, with_spec(spec_with(change)))
    assert "calculator tiny: calculator_spec() " in line
    assert expected in line


def test_a_score_declared_for_a_core_whose_rules_give_steps_fails(tmp_path: Path, run_mkdocs_build):
    """A core whose rules give a step, declared as a score, would show an empty points table."""
    outputs = {
        "kind": "score",
        "field": "score",
        "items_field": "items",
        "items": [{"code": "one", "label": "One", "points": 1}],
    }
    line = build_error(tmp_path, run_mkdocs_build, with_spec(spec_with(_set("outputs", outputs))))
    assert (
        "calculator_spec() outputs.kind is 'score' but rules_as_data() rules[0] gives a step "
        "('placeholder_step')"
    ) in line


def test_a_step_the_rules_give_but_the_form_does_not_declare_fails(
    tmp_path: Path, run_mkdocs_build
):
    core = with_spec(spec_with(_set("outputs.steps.0.code", "other_step")))
    line = build_error(tmp_path, run_mkdocs_build, core)
    assert (
        "rules_as_data() rules[0] gives step 'placeholder_step', which calculator_spec() "
        "outputs.steps does not declare"
    ) in line


def test_a_form_declaration_that_returns_nothing_fails(tmp_path: Path, run_mkdocs_build):
    line = build_error(tmp_path, run_mkdocs_build, with_spec(None))
    assert "calculator tiny: calculator_spec() must return a mapping (got NoneType)" in line


@pytest.mark.parametrize("function", ["calculator_spec", "rules_as_data"])
def test_a_core_function_that_raises_fails_in_one_line(
    tmp_path: Path, run_mkdocs_build, function: str
):
    """The core is not ours: its exception is named in one line, without a traceback."""
    core = with_spec(SPEC) + f"\ndef {function}():\n    raise RuntimeError('boom')\n"
    line = build_error(tmp_path, run_mkdocs_build, core)
    assert f"calculators.tiny: tiny_core.{function}() failed: RuntimeError('boom')" in line


def test_a_rule_citing_a_reference_the_site_lacks_fails(tmp_path: Path, run_mkdocs_build):
    """A result must never cite a source that the page's reference list does not have."""
    core = TINY_CORE.replace('"refs": [1]', '"refs": [1, 7]')
    line = build_error(tmp_path, run_mkdocs_build, core)
    assert (
        "calculator tiny: rules_as_data() rules[0].refs cites reference 7, which the site's "
        "references file does not have (it has 1 to 1)"
    ) in line


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            {"review_status": "approved"},
            "guideline.review_status is 'approved' but the page's review_status is 'submitted'",
            id="status-differs",
        ),
        pytest.param(
            {"last_updated": "2019-01-01"},
            "guideline.last_updated is '2019-01-01' but the page's last_updated is 2026-01-02",
            id="date-differs",
        ),
        pytest.param(
            {"review_status": "whatever"},
            "guideline.review_status: 'whatever' is not a review status",
            id="unknown-status",
        ),
        pytest.param(
            {"review_status": None},
            "guideline.review_status: None is not a review status",
            id="no-status",
        ),
        pytest.param(
            {"last_updated": "2026-13-45"},
            "guideline.last_updated: '2026-13-45' is not a date",
            id="not-a-date",
        ),
    ],
)
def test_a_result_stamp_that_disagrees_with_the_page_fails(
    tmp_path: Path, run_mkdocs_build, changes: dict, expected: str
):
    """Every result and copied note carries the core's review status and date: a core that
    says "approved" on a page pending review would mislead the reader, so the build stops."""
    line = build_error(tmp_path, run_mkdocs_build, with_guideline(**changes), PLACED)
    assert "page index.md: calculator tiny: its core's rules_as_data() " in line
    assert expected in line


# ----- the declared result kinds (spec version 2), checked in-process (no build needed)

#: A valid quantity (an obvious placeholder): one digit after the point, two bands.
QUANTITY = {
    "kind": "quantity",
    "field": "value",
    "label": "Placeholder value",
    "unit": "zz",
    "unit_field": "unit",
    "decimals": 1,
    "rounding": "half_up",
    "category_field": "band",
    "bands": [
        {"code": "pA", "label": "placeholder a", "minimum": None, "maximum": 9.9},
        {"code": "pB", "label": "placeholder b", "minimum": 10, "maximum": None},
    ],
}
#: A valid score (an obvious placeholder): two items, two bands.
SCORE = {
    "kind": "score",
    "field": "score",
    "label": "Placeholder score",
    "minimum": 0,
    "maximum": 3,
    "items_field": "items",
    "items": [
        {"code": "one", "label": "One", "points": 1},
        {"code": "two", "label": "Two", "points": 2},
    ],
    "bands": [
        {"code": "low", "label": "Low", "minimum": 0, "maximum": 1},
        {"code": "high", "label": "High", "minimum": 2, "maximum": 3},
    ],
    "band_field": "band",
}


def check_outputs(outputs: dict) -> str | None:
    """The one error line of a spec with ``outputs`` (None: accepted)."""
    from guideline_site.core_checks import check_spec

    try:
        check_spec("tiny", {**SPEC, "outputs": outputs})
    except PluginError as exc:
        return str(exc)
    return None


def with_outputs(outputs: dict, change) -> dict:
    out = copy.deepcopy(outputs)
    change(out)
    return out


@pytest.mark.parametrize("outputs", [SPEC["outputs"], SCORE, QUANTITY], ids=lambda o: o["kind"])
def test_each_result_kind_with_what_it_needs_is_accepted(outputs: dict):
    assert check_outputs(outputs) is None


def _band(i: int, **changes: object):
    return lambda o: o["bands"][i].update(changes)


@pytest.mark.parametrize(
    ("base", "change", "expected"),
    [
        pytest.param(
            SPEC["outputs"],
            lambda o: o.update(kind="step"),
            "outputs.kind: 'step' is not an output kind (one of pathway, score, quantity) "
            "(spec version 2 calls a step's output 'pathway')",
            id="v1-step-kind",
        ),
        pytest.param(
            SPEC["outputs"],
            lambda o: o.pop("field"),
            "outputs.field: a pathway names",
            id="no-field",
        ),
        pytest.param(
            SPEC["outputs"],
            lambda o: o.pop("sections"),
            "outputs.sections: expected a non-empty list of {key, label}",
            id="pathway-without-sections",
        ),
        pytest.param(
            SPEC["outputs"],
            lambda o: o["sections"].append(dict(o["sections"][0])),
            "outputs.sections[1].key: 'placeholder_items' is declared twice",
            id="section-twice",
        ),
        pytest.param(
            SPEC["outputs"],
            lambda o: o["steps"].append(dict(o["steps"][0])),
            "outputs.steps[1].code: 'placeholder_step' is declared twice",
            id="step-twice",
        ),
        pytest.param(
            SPEC["outputs"],
            lambda o: o.update(urgent_hides=["zz"]),
            "outputs.urgent_hides[0]: 'zz' is not a declared section",
            id="urgent-hides-an-unknown-section",
        ),
        pytest.param(
            SCORE,
            lambda o: o.pop("items_field"),
            "outputs.items_field: a score names the result key",
            id="score-without-items-field",
        ),
        pytest.param(
            SCORE,
            lambda o: o["items"][1].update(points="2"),
            "outputs.items[1] (two).points: expected a whole number",
            id="score-item-points",
        ),
        pytest.param(
            SCORE,
            _band(1, minimum=1),
            "outputs.bands: 'low' and 'high' overlap (a value in both)",
            id="score-bands-overlap",
        ),
        pytest.param(
            SCORE,
            _band(0, minimum=2, maximum=1),
            "outputs.bands[0] (low).maximum: 1 is below its minimum",
            id="score-band-upside-down",
        ),
        pytest.param(
            SCORE,
            lambda o: o.update(band_field=None),
            "outputs.band_field: a score with bands names the result key of its band",
            id="score-bands-without-band-field",
        ),
        pytest.param(
            QUANTITY,
            lambda o: o.pop("unit"),
            "outputs.unit: expected the unit's text",
            id="quantity-without-unit",
        ),
        pytest.param(
            QUANTITY,
            lambda o: o.update(decimals=-1),
            "outputs.decimals: expected the digits after the point",
            id="quantity-decimals",
        ),
        pytest.param(
            QUANTITY,
            lambda o: o.pop("category_field"),
            "outputs.category_field: a quantity names the result key of its band's code",
            id="quantity-without-category-field",
        ),
        pytest.param(
            QUANTITY,
            lambda o: o.pop("label"),
            "outputs.label: a quantity is drawn as LABEL VALUE UNIT",
            id="quantity-without-label",
        ),
        pytest.param(
            QUANTITY,
            _band(1, minimum=9.9),
            "outputs.bands: 'pA' and 'pB' overlap (a value in both)",
            id="quantity-bands-overlap",
        ),
        pytest.param(
            QUANTITY,
            _band(1, minimum=10.1),
            "outputs.bands: a value between 9.9 ('pA') and 10.1 ('pB') is in no band",
            id="quantity-gap-between-bands",
        ),
        pytest.param(
            QUANTITY,
            _band(0, minimum=0),
            "outputs.bands: a value below 0 is in no band",
            id="quantity-lowest-band-bounded",
        ),
        pytest.param(
            QUANTITY,
            _band(1, maximum=500),
            "outputs.bands: a value above 500 is in no band",
            id="quantity-highest-band-bounded",
        ),
        pytest.param(
            QUANTITY,
            _band(0, maximum=9.95),
            "outputs.bands[0] (pA).maximum: 9.95 has more digits after the point than the "
            "reported value (1)",
            id="quantity-band-finer-than-the-value",
        ),
        pytest.param(
            QUANTITY,
            lambda o: o.update(bands=[]),
            "outputs.bands: a quantity names the band of every value it reports",
            id="quantity-without-bands",
        ),
    ],
)
def test_a_result_kind_missing_what_it_needs_fails_naming_the_key(base, change, expected):
    line = check_outputs(with_outputs(base, change))
    assert line is not None
    assert line.startswith("calculator tiny: calculator_spec() ")
    assert "\n" not in line
    assert expected in line


def test_rules_of_another_kind_or_an_undeclared_band_fail_naming_the_rule():
    from guideline_site.core_checks import check_outputs_match_rules

    spec = {**SPEC, "outputs": QUANTITY}
    band = {"id": "r", "kind": "band", "code": "pA", "minimum": None, "maximum": 9.9}
    check_outputs_match_rules("tiny", spec, {"kind": "quantity", "rules": [band]})
    cases = [
        (
            {"kind": "score", "rules": [band]},
            "rules_as_data() kind is 'score' but calculator_spec() outputs.kind is 'quantity'",
        ),
        (
            {"rules": [{**band, "code": "pZ"}]},
            "rules_as_data() rules[0] gives band 'pZ', which calculator_spec() outputs.bands "
            "does not declare",
        ),
        (
            {"rules": [{**band, "maximum": 9.8}]},
            "rules_as_data() rules[0] (pA).maximum is 9.8 but calculator_spec() declares the "
            "band's maximum as 9.9",
        ),
        (
            {"rules": [{"id": "s", "kind": "step", "step": "x"}]},
            "calculator_spec() outputs.kind is 'quantity' but rules_as_data() rules[0] gives a "
            "step ('x'): declare outputs of kind 'pathway'",
        ),
    ]
    for rules, expected in cases:
        with pytest.raises(PluginError) as caught:
            check_outputs_match_rules("tiny", spec, rules)
        assert str(caught.value) == f"calculator tiny: {expected}"


# ----- field kinds decimal and unit, and the names of the controls the form makes (in-process:
# check_spec is what on_config calls on each core's calculator_spec())

#: A decimal entered in one of two units (made-up names and factor: a placeholder).
NUMBER_FIELDS = [
    {
        "name": "amount",
        "kind": "decimal",
        "label": "Amount",
        "question": "Amount?",
        "unit": "",
        "minimum": 0,
        "exclusive_minimum": True,
        "maximum": 20,
        "step": 0.01,
        "unit_field": "amount_unit",
    },
    {
        "name": "amount_unit",
        "kind": "unit",
        "label": "Amount unit",
        "for": "amount",
        "options": [
            {"value": "big", "label": "big units", "factor": 1},
            {"value": "small", "label": "small units", "factor": 0.25},
        ],
    },
]


def number_spec(change=lambda spec: None) -> dict:
    spec = spec_with(lambda s: s["fields"].extend(copy.deepcopy(NUMBER_FIELDS)))
    spec["groups"][0]["fields"] += ["amount", "amount_unit"]
    change(spec)
    return spec


def check_error(spec: dict) -> str:
    with pytest.raises(PluginError) as raised:
        check_spec("tiny", spec)
    line = str(raised.value)
    assert "\n" not in line
    assert line.startswith("calculator tiny: calculator_spec() "), line
    return line


def _field(name: str, **changes: object):
    def change(spec: dict) -> None:
        field = next(f for f in spec["fields"] if f["name"] == name)
        for key, value in changes.items():
            if value is None:
                field.pop(key, None)
            else:
                field[key] = value

    return change


def _add_field(field: dict):
    def change(spec: dict) -> None:
        spec["fields"].append(field)
        spec["groups"][0]["fields"].append(field["name"])

    return change


def test_a_decimal_with_its_unit_is_accepted():
    assert check_spec("tiny", number_spec()) is not None
    # Unbounded, no step, no unit: a plain decimal.
    plain = {"name": "x", "kind": "decimal", "label": "X", "question": "X?"}
    assert check_spec("tiny", spec_with(_add_field(plain))) is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            _field("amount", minimum="0"),
            "fields[2] (amount).minimum: expected a finite number or null (got '0')",
            id="minimum-not-a-number",
        ),
        pytest.param(
            _field("amount", maximum=float("inf")),
            "fields[2] (amount).maximum: expected a finite number or null (got inf)",
            id="maximum-infinite",
        ),
        pytest.param(
            _field("amount", maximum=True),
            "fields[2] (amount).maximum: expected a finite number or null (got True)",
            id="maximum-a-boolean",
        ),
        pytest.param(
            _field("amount", minimum=5, maximum=2.5, exclusive_minimum=False),
            "fields[2] (amount).maximum: 2.5 is not at least the minimum 5",
            id="minimum-above-maximum",
        ),
        pytest.param(
            _field("amount", minimum=5, maximum=5),
            "fields[2] (amount).maximum: 5 is not above the minimum 5",
            id="exclusive-minimum-equal-to-maximum",
        ),
        pytest.param(
            _field("amount", minimum=None, maximum=None),
            "fields[2] (amount).exclusive_minimum: true needs a minimum (got null)",
            id="exclusive-without-minimum",
        ),
        pytest.param(
            _field("amount", exclusive_minimum="yes"),
            "fields[2] (amount).exclusive_minimum: expected true or false (got 'yes')",
            id="exclusive-not-a-boolean",
        ),
        pytest.param(
            _field("amount", step=0),
            "fields[2] (amount).step: expected a number above 0 or null (got 0)",
            id="step-zero",
        ),
        pytest.param(
            _field("amount", step=-0.1),
            "fields[2] (amount).step: expected a number above 0 or null (got -0.1)",
            id="step-negative",
        ),
        pytest.param(
            _field("amount", unit_field="n"),
            "fields[2] (amount).unit_field: 'n' is not a declared field of kind unit",
            id="unit-field-not-a-unit",
        ),
        pytest.param(
            _field("amount", unit_field="nowhere"),
            "fields[2] (amount).unit_field: 'nowhere' is not a declared field of kind unit",
            id="unit-field-undeclared",
        ),
        pytest.param(
            lambda s: (
                _field("amount_unit", **{"for": "other"})(s),
                _add_field({"name": "other", "kind": "decimal", "label": "O", "question": "O?"})(s),
            ),
            "fields[2] (amount).unit_field: 'amount_unit' is for 'other', not for 'amount'",
            id="unit-for-another-decimal",
        ),
        pytest.param(
            _field("amount", unit_field=None),
            "fields[3] (amount_unit).for: 'amount' does not name 'amount_unit' as its "
            "unit_field (it names None)",
            id="decimal-does-not-name-its-unit",
        ),
        pytest.param(
            _field("amount_unit", **{"for": "n"}),
            "fields[2] (amount).unit_field: 'amount_unit' is for 'n', not for 'amount'",
            id="unit-for-an-integer",
        ),
        pytest.param(
            lambda s: (
                _field("amount", unit_field=None)(s),
                _field("amount_unit", **{"for": "n"})(s),
            ),
            "fields[3] (amount_unit).for: 'n' is not a declared field of kind decimal",
            id="unit-for-not-a-decimal",
        ),
        pytest.param(
            _field("amount_unit", options=[]),
            "fields[3] (amount_unit).options: expected a non-empty list of {value, label, factor}",
            id="unit-without-options",
        ),
        pytest.param(
            _field("amount_unit", options=[{"value": "big", "factor": 1}]),
            "fields[3] (amount_unit).options[0]: expected {value, label, factor} with a label",
            id="unit-option-without-label",
        ),
        pytest.param(
            _field("amount_unit", options=[{"value": 1, "label": "one", "factor": 1}]),
            "fields[3] (amount_unit).options[0].value: expected a unit's code (got 1)",
            id="unit-option-value-not-a-code",
        ),
        pytest.param(
            _field(
                "amount_unit",
                options=[
                    {"value": "big", "label": "big", "factor": 1},
                    {"value": "big", "label": "big again", "factor": 2},
                ],
            ),
            "fields[3] (amount_unit).options[1].value: 'big' is offered twice",
            id="unit-offered-twice",
        ),
        pytest.param(
            _field(
                "amount_unit",
                options=[
                    {"value": "big", "label": "big", "factor": 1},
                    {"value": "small", "label": "small", "factor": 0},
                ],
            ),
            "fields[3] (amount_unit).options[1].factor: expected a finite number above 0 (got 0)",
            id="unit-factor-zero",
        ),
        pytest.param(
            _field(
                "amount_unit",
                options=[
                    {"value": "big", "label": "big", "factor": 1},
                    {"value": "small", "label": "small", "factor": float("nan")},
                ],
            ),
            "fields[3] (amount_unit).options[1].factor: expected a finite number above 0 (got nan)",
            id="unit-factor-nan",
        ),
        pytest.param(
            _field("amount_unit", options=[{"value": "big", "label": "big"}]),
            "fields[3] (amount_unit).options[0].factor: expected a finite number above 0 "
            "(got None)",
            id="unit-factor-missing",
        ),
        pytest.param(
            _field("amount_unit", options=[{"value": "small", "label": "small", "factor": 0.25}]),
            "fields[3] (amount_unit).options[0].factor: the first unit is the one the bounds "
            "are in, its factor is 1 (got 0.25)",
            id="first-factor-not-1",
        ),
        pytest.param(
            _field("amount_unit", label=""),
            "fields[3] (amount_unit).label: expected a non-empty text",
            id="unit-without-label",
        ),
    ],
)
def test_a_malformed_decimal_or_unit_fails_naming_the_item(change, expected: str):
    assert expected in check_error(number_spec(change))


DAYS = {
    "name": "wait",
    "kind": "day_count",
    "label": "Wait",
    "question": "Wait?",
    "minimum": 0,
    "maximum": None,
    "units": [{"value": "days", "label": "days", "days": 1}],
}
CHECKLIST = {
    "name": "signs",
    "kind": "checklist",
    "label": "Signs",
    "question": "Signs?",
    "options": [{"value": "a", "label": "A"}],
    "none_option": "None of these",
}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            [
                DAYS,
                {
                    "name": "wait_unit",
                    "kind": "choice",
                    "label": "U",
                    "question": "U?",
                    "options": [{"value": "x", "label": "X"}],
                },
            ],
            "fields[3] (wait_unit).name: clashes with the unit menu of day_count 'wait', a "
            "control the form names 'wait_unit': rename one of the two fields",
            id="day-count-unit-menu",
        ),
        pytest.param(
            [
                {
                    "name": "signs_none",
                    "kind": "boolean",
                    "label": "S",
                    "question": "S?",
                    "options": [{"value": True, "label": "Y"}, {"value": False, "label": "N"}],
                },
                CHECKLIST,
            ],
            "fields[2] (signs_none).name: clashes with the 'none of these' box of checklist "
            "'signs', a control the form names 'signs_none'",
            id="checklist-none-box",
        ),
    ],
)
def test_a_field_named_as_a_control_the_form_makes_fails_naming_both(fields, expected: str):
    spec = copy.deepcopy(SPEC)
    for field in fields:
        _add_field(copy.deepcopy(field))(spec)
    assert expected in check_error(spec)


def test_made_control_names_are_free_without_units_or_none_option():
    """A day count without units gets no NAME_unit menu and a checklist without none_option no
    NAME_none box: a field of that name is then no clash (nothing is inferred from a name)."""
    spec = copy.deepcopy(SPEC)
    days = {key: value for key, value in DAYS.items() if key != "units"}
    checklist = {key: value for key, value in CHECKLIST.items() if key != "none_option"}
    for field in (days, checklist):
        _add_field(copy.deepcopy(field))(spec)
    for name in ("wait_unit", "signs_none"):
        _add_field({"name": name, "kind": "integer", "label": "I", "question": "I?",
                    "minimum": 0, "maximum": 1})(spec)  # fmt: skip
    assert check_spec("tiny", spec) is not None


def test_a_name_clash_stops_the_build_in_one_line(tmp_path: Path, run_mkdocs_build):
    """The motivating case: a day count 'creatinine' with units and a declared
    'creatinine_unit' beside it (the page read one as the other; the build said nothing)."""
    spec = copy.deepcopy(SPEC)
    _add_field({**copy.deepcopy(DAYS), "name": "creatinine"})(spec)
    _add_field(
        {"name": "creatinine_unit", "kind": "choice", "label": "U", "question": "U?",
         "options": [{"value": "mg/dL", "label": "mg/dL"}]}
    )(spec)  # fmt: skip
    line = build_error(tmp_path, run_mkdocs_build, with_spec(spec))
    assert (
        "calculator tiny: calculator_spec() fields[3] (creatinine_unit).name: clashes with the "
        "unit menu of day_count 'creatinine'"
    ) in line
