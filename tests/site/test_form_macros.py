"""The form macros (guideline_site/templates/form.html) render a calculator's form from its
core's calculator_spec() with every control docs/authoring.md's "In the browser" names: for the
sciatica spec, and for a second core of another shape (examples/cha2ds2-vasc)."""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import jinja2

import sciatica_core
from guideline_site import kit

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "guideline_site" / "templates"
VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "col", "embed"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    ancestors: list[Element]
    text: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)


class FormParser(HTMLParser):
    """Every element with its attributes, its ancestors and its own text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), list(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self._open, f"</{tag}> closes nothing"
        assert self._open[-1].tag == tag, f"</{tag}> closes <{self._open[-1].tag}>"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text.append(data)


def render(spec: dict) -> list[Element]:
    """The form as MkDocs renders a theme template (no autoescape), parsed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined
    )
    html = env.from_string('{% import "form.html" as forms %}{{ forms.form(spec) }}').render(
        spec=spec
    )
    parser = FormParser()
    parser.feed(html)
    parser.close()
    assert not parser._open, [e.tag for e in parser._open]
    return parser.elements


def controls(elements: list[Element], name: str) -> list[Element]:
    return [e for e in elements if e.tag in ("input", "select") and e.get("name") == name]


def label_text(elements: list[Element], control: Element) -> str:
    labels = [e for e in elements if e.tag == "label" and e.get("for") == control.get("id")]
    assert len(labels) == 1, control.attrs
    return " ".join("".join(labels[0].text).split())


def test_every_contract_control_is_rendered_for_the_sciatica_spec():
    spec = sciatica_core.calculator_spec()
    # The sciatica spec uses every kind a field of spec v1 can be (the kit's decimal and its
    # unit are spec v2's), so each macro is exercised here.
    v1_kinds = {kind.value for kind in kit.Kind} - {kit.Kind.DECIMAL.value, kit.Kind.UNIT.value}
    assert {f["kind"] for f in spec["fields"]} == v1_kinds
    elements = render(spec)

    flags = controls(elements, "red_flags")
    assert [(e.get("type"), e.get("value")) for e in flags] == [
        ("checkbox", "progressive_neurological_deficit"),
        ("checkbox", "cauda_equina_symptoms"),
        ("checkbox", "severe_unremitting_pain"),
    ]
    (none,) = controls(elements, "red_flags_none")
    assert none.get("type") == "checkbox"
    assert label_text(elements, none) == "None of these three"

    (pain,) = controls(elements, "pain_score")
    assert (pain.get("type"), pain.get("min"), pain.get("max")) == ("number", "0", "10")
    assert pain.get("data-optional") is None

    for name, optional in (
        ("symptom_duration_days", False),
        ("nsaid_days", True),
        ("duloxetine_days", True),
    ):
        (number,) = controls(elements, name)
        assert number.get("type") == "number", name
        assert (number.get("data-optional") == "true") is optional, name
        (unit,) = controls(elements, f"{name}_unit")
        assert unit.tag == "select"
        options = [e for e in elements if e.tag == "option" and unit in e.ancestors]
        assert [o.get("value") for o in options] == ["days", "weeks", "months"], name
        assert [o.get("value") for o in options if "selected" in o.attrs] == ["days"], name
        assert unit.get("aria-label"), name

    # Issue 25 item 3: no clinical answer is pre-selected, not even a core's default
    # (nsaid_tolerated's: the hint says it is assumed when left unanswered).
    for name, checked in (("functional_limitation", None), ("nsaid_tolerated", None)):
        radios = controls(elements, name)
        assert [(r.get("type"), r.get("value")) for r in radios] == [
            ("radio", "true"),
            ("radio", "false"),
        ], name
        assert [r.get("value") for r in radios if "checked" in r.attrs] == (
            [checked] if checked else []
        ), name

    response = controls(elements, "response")
    assert [r.get("value") for r in response] == ["adequate", "inadequate", "none"]


def test_every_control_has_a_unique_id_and_a_label():
    elements = render(sciatica_core.calculator_spec())
    ids = [e.get("id") for e in elements if e.get("id")]
    assert len(ids) == len(set(ids))
    for control in (e for e in elements if e.tag in ("input", "select")):
        assert control.get("id"), control.attrs
        if control.tag == "select":
            assert control.get("aria-label"), control.attrs
        else:
            assert label_text(elements, control), control.attrs


def test_every_field_has_an_error_slot_and_the_groups_are_in_order():
    spec = sciatica_core.calculator_spec()
    elements = render(spec)
    slots = [e.get("data-error-for") for e in elements if e.get("data-error-for")]
    assert sorted(slots) == sorted(f["name"] for f in spec["fields"])
    legends = [
        "".join(e.text).strip()
        for e in elements
        if e.tag == "legend" and "gc-group" in (e.ancestors[-1].get("class") or "")
    ]
    assert legends == [group["title"] for group in spec["groups"]]


def test_treatment_questions_start_hidden_with_their_condition():
    elements = render(sciatica_core.calculator_spec())
    for name in ("response", "duloxetine_days"):
        holders = [a for a in controls(elements, name)[0].ancestors if "data-shown-when" in a.attrs]
        assert len(holders) == 1, name
        assert "hidden" in holders[0].attrs
        assert holders[0].get("data-shown-when") == '[{"field": "nsaid_days", "op": "given"}]'
    (pain,) = controls(elements, "pain_score")
    assert not any("hidden" in a.attrs for a in pain.ancestors[1:])


def test_texts_of_a_spec_are_escaped():
    spec = {
        "name": "x",
        "groups": [{"title": "<b>group</b>", "hint": "", "fields": ["a"]}],
        "fields": [
            {
                "name": "a",
                "kind": "choice",
                "question": "<script>q</script>",
                "hint": "",
                "required": True,
                "shown_when": [{"field": "b'<", "op": "given"}],
                "options": [{"value": 'v"1', "label": "<i>one</i>"}],
            }
        ],
    }
    elements = render(spec)
    assert not [e for e in elements if e.tag in ("b", "script", "i")]
    (radio,) = controls(elements, "a")
    assert radio.get("value") == 'v"1'
    holder = next(a for a in radio.ancestors if "data-shown-when" in a.attrs)
    assert json.loads(holder.get("data-shown-when") or "") == [{"field": "b'<", "op": "given"}]


def test_a_points_score_of_another_shape_renders_from_its_own_spec():
    """The CHA2DS2-VASc example: a points checklist with its own "None of these", an age in
    years, a choice of sex category; each option shows its points."""
    sys.path.insert(0, str(ROOT / "examples" / "cha2ds2-vasc"))
    try:
        core = importlib.import_module("cha2ds2vasc_core")
    finally:
        sys.path.remove(str(ROOT / "examples" / "cha2ds2-vasc"))
    elements = render(core.calculator_spec())
    factors = controls(elements, "risk_factors")
    assert [e.get("value") for e in factors] == [
        "congestive_heart_failure",
        "hypertension",
        "diabetes",
        "stroke_tia_thromboembolism",
        "vascular_disease",
    ]
    assert label_text(elements, factors[3]) == "Stroke/TIA/thromboembolism (+2)"
    assert len(controls(elements, "risk_factors_none")) == 1
    (age,) = controls(elements, "age")
    assert (age.get("type"), age.get("min"), age.get("max")) == ("number", "0", "130")
    sex = controls(elements, "sex")
    assert [(r.get("type"), r.get("value")) for r in sex] == [
        ("radio", "female"),
        ("radio", "male"),
    ]
    assert label_text(elements, sex[0]) == "Female (+1)"
    assert label_text(elements, sex[1]) == "Male"


def _echo_core():
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    try:
        return importlib.import_module("unit_echo_core")
    finally:
        sys.path.remove(str(ROOT / "tests" / "fixtures"))


def test_a_decimal_is_text_with_a_decimal_keypad_and_its_declared_unit_beside_it():
    """The placeholder echo core (tests/fixtures): a decimal with its unit field, an integer
    beside a declared choice named count_unit (no unit menu: nothing is inferred from a name)."""
    spec = _echo_core().calculator_spec()
    elements = render(spec)
    (amount,) = controls(elements, "amount")
    assert (amount.get("type"), amount.get("inputmode")) == ("text", "decimal")
    assert amount.get("step") is None and amount.get("min") is None
    assert label_text(elements, amount) == "Placeholder amount"
    (unit,) = controls(elements, "amount_unit")
    assert unit.tag == "select" and unit.get("aria-label") == "Placeholder amount: unit"
    assert unit.ancestors[-2] is amount.ancestors[-2]  # the same field box
    options = [e for e in elements if e.tag == "option" and unit in e.ancestors]
    assert [(o.get("value"), "".join(o.text), "selected" in o.attrs) for o in options] == [
        ("mg/dL", "mg/dL", True),
        ("umol/L", "µmol/L", False),
    ]
    assert [o.get("data-factor") for o in options] == ["1", "0.011312217194570135"]
    ids = [e.get("id") for e in elements if e.get("id")]
    assert len(ids) == len(set(ids))
    for control in (amount, unit):
        for target in (control.get("aria-describedby") or "").split():
            assert target in ids, target
    slots = [e.get("data-error-for") for e in elements if e.get("data-error-for")]
    assert sorted(slots) == sorted(f["name"] for f in spec["fields"])
    (count,) = controls(elements, "count")
    assert count.get("inputmode") == "numeric"
    assert [e.get("type") for e in controls(elements, "count_unit")] == ["radio", "radio"]


def test_a_day_count_without_units_has_no_unit_menu():
    spec = {
        "name": "x",
        "groups": [{"title": "G", "hint": "", "fields": ["wait"]}],
        "fields": [
            {"name": "wait", "kind": "day_count", "label": "W", "question": "W?", "hint": "",
             "unit": "days", "required": True, "minimum": 0, "maximum": None, "shown_when": []},
        ],
    }  # fmt: skip
    elements = render(spec)
    assert [e.tag for e in elements if (e.get("name") or "").startswith("wait")] == ["input"]
    ids = [e.get("id") for e in elements if e.get("id")]
    (wait,) = controls(elements, "wait")
    assert all(target in ids for target in (wait.get("aria-describedby") or "").split())


def test_a_default_is_never_preselected_and_its_hint_says_what_is_assumed():
    """Issue 25 item 3, for every kind a default may have: no control starts at the core's
    default; the field's hint (its aria-describedby) says what the calculator assumes when the
    question is left unanswered, named as the form names it."""
    spec = json.loads(json.dumps(sciatica_core.calculator_spec()))
    defaults = {
        "response": "adequate",
        "pain_score": 5,
        "nsaid_days": 3,
        "functional_limitation": False,
    }
    for f in spec["fields"]:
        if f["name"] in defaults:
            f["default"] = defaults[f["name"]]
    elements = render(spec)
    assert not [e.attrs for e in elements if e.tag == "input" and "checked" in e.attrs]
    assert not [
        e.attrs
        for e in elements
        if e.tag == "input"
        and e.get("value") not in (None, "true", "false")
        and e.get("type") == "number"
    ]
    said = {
        "nsaid_tolerated": "Yes, tolerated",
        "response": "Adequate",
        "pain_score": "5",
        "nsaid_days": "3 days",
        "functional_limitation": "No",
    }
    for name, label in said.items():
        (hint,) = [e for e in elements if e.get("data-assumed-for") == name]
        assert " ".join("".join(hint.text).split()) == (
            f"Left unanswered, the calculator assumes: {label}."
        ), name
        (slot,) = [e for e in elements if e.get("id") == f"gc-{spec['name']}--{name}-hint"]
        assert slot in hint.ancestors, name
        described = [
            e
            for e in elements
            if f"gc-{spec['name']}--{name}-hint" in (e.get("aria-describedby") or "").split()
        ]
        assert described, name
