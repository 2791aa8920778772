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
