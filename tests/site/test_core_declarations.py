"""What a core declares is checked before the site is built from it (guideline_site/
core_checks.py): a malformed form, a reference the site does not have, or a result stamp that
disagrees with the page stops ``mkdocs build`` with exit 1 and ONE error line naming the
calculator and the item, never a traceback and never a site that misleads."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
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
        "kind": "step",
        "field": "step",
        "steps": [{"code": "placeholder_step", "label": "Placeholder"}],
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
    outputs = {"kind": "score", "field": "score", "components_field": "items", "components": [1]}
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
