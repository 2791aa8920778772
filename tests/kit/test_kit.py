"""The authoring kit (guideline_site.kit): what a core gets from its declarations. Each test's
docstring is the sentence it encodes."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from guideline_site import kit, wheel

KIT = Path(kit.__file__).parent
GUIDELINE = {"title": "A placeholder", "last_updated": "2026-12-01", "review_status": "submitted"}
ITEM = kit.Item(text="Placeholder action", refs=(1,))


def _pathway(**overrides: object) -> kit.Calculator:
    """A placeholder two-step pathway with a day count, a checklist and a boolean."""
    args: dict[str, object] = dict(
        name="demo",
        title="Demo",
        guideline=GUIDELINE,
        fields=[
            kit.checklist("flags", "Flags", [("a", "Flag A"), ("b", "Flag B")], none_option="None"),
            kit.integer("score", "Score", minimum=0, maximum=10,
                        required_when=[kit.no_items("flags")],
                        required_message="Score is required unless a flag is present."),
            kit.day_count("days", "Days", maximum=365, required=False, null_text="not started"),
            kit.day_count("later_days", "Later days", maximum=365, required=False,
                          requires="days", at_most="days", shown_when=[kit.given("days")]),
            kit.boolean("ok", "OK", required=False, default=True),
        ],
        result=kit.Pathway(
            steps=(kit.Step(code="urgent", label="Urgent", title="Urgent title", urgent=True),
                   kit.Step(code="routine", label="Routine", title="Routine title")),
            sections=(kit.Section(key="actions", label="Actions"),),
            urgent_hides=("actions",),
            source_step_field="source_step",
        ),
        rules=[
            kit.Rule(id="flagged", section="S", condition="any flag", article_text="Q1",
                     refs=(1,), when=((kit.where("flags", "is not empty"),),), step="urgent"),
            kit.Rule(id="routine", section="S", condition="else", article_text="Q2", refs=(1,),
                     step="routine", article_step=2, items={"actions": (ITEM,)}),
            kit.Rule(id="high", section="S", condition="score > 5", article_text="Q3",
                     refs=(1,), after=("routine",), when=((kit.where("score", ">", 5),),),
                     note=kit.gap("The source is silent here."), title="High title"),
        ],
    )  # fmt: skip
    args.update(overrides)
    return kit.Calculator(**args)  # type: ignore[arg-type]


def _errors(core: kit.Calculator, data: object) -> list[dict[str, object]]:
    with pytest.raises(kit.InputError) as caught:
        core.evaluate(data)
    return list(caught.value.errors)  # type: ignore[arg-type]


def test_kit_imports_only_the_standard_library() -> None:
    """The kit runs unchanged in Pyodide: its modules import nothing outside the standard
    library and the kit itself."""
    for path in KIT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", (path.name, name)


def test_first_step_rule_that_holds_decides_and_its_modifiers_add() -> None:
    """The first step rule whose condition holds gives the step; modifiers after it add their
    note and the last title; the source's step number is the declared field."""
    core = _pathway()
    result = core.evaluate({"flags": [], "score": 6})
    assert result["step"] == "routine" and result["source_step"] == 2
    assert result["title"] == "High title"
    assert result["actions"] == [{"text": "Placeholder action", "refs": [1]}]
    assert result["notes"] == [{"code": "guideline_gap", "text": "The source is silent here."}]
    assert result["rules"] == ["routine", "high"]
    assert result["algorithm_version"] == core.algorithm_version
    assert core.evaluate({"flags": ["b"]})["step"] == "urgent"
    assert core.evaluate({"flags": [], "score": 5})["title"] == "Routine title"


def test_every_bad_field_is_named_once() -> None:
    """Every problem is reported, each naming its field, with one message each."""
    errors = _errors(_pathway(), {"flags": ["a", "zz", "zz"], "score": 11, "days": 3.0, "x": 1})
    assert [e["field"] for e in errors] == ["x", "flags", "score", "days"]


def test_required_when_and_its_message() -> None:
    """A field required unless a flag is present is demanded only without a flag, with the
    core's own words; a known flag beside a bad one still counts as given."""
    core = _pathway()
    assert _errors(core, {"flags": []}) == [
        {"field": "score", "message": "Score is required unless a flag is present."}
    ]
    assert [e["field"] for e in _errors(core, {"flags": ["a", 7]})] == ["flags"]
    assert [e["field"] for e in _errors(core, {})] == ["flags", "score"]


def test_requires_at_most_shown_when_and_default() -> None:
    """A field that needs another is refused without it; one that may not exceed another is
    refused above it; a field whose condition fails is ignored; a default fills a gap."""
    core = _pathway()
    assert [e["field"] for e in _errors(core, {"flags": [], "score": 1, "later_days": 3})] == [
        "later_days"
    ]
    bad = _errors(core, {"flags": [], "score": 1, "days": 3, "later_days": 4})
    assert [e["field"] for e in bad] == ["later_days"]
    assert core.answers({"flags": [], "score": 1})["ok"] is True
    assert core.answers({"flags": [], "score": 1, "ok": False})["ok"] is False


def test_whole_numbers_are_whole_and_booleans_are_booleans() -> None:
    """6.0, "6" and true are not whole numbers; 1 is not a boolean."""
    core = _pathway()
    for bad in (6.0, "6", True):
        assert [e["field"] for e in _errors(core, {"flags": [], "score": bad})] == ["score"]
    assert [e["field"] for e in _errors(core, {"flags": [], "score": 1, "ok": 1})] == ["ok"]


def test_input_that_is_not_an_object_is_refused() -> None:
    """A list, a string or null is not an input object: one error naming no field."""
    for bad in ([], "x", None, 3):
        assert [e["field"] for e in _errors(_pathway(), bad)] == [None]


def _decimal_core(**kw: object) -> kit.Calculator:
    low = kit.Band(code="low", label="Low", minimum=None, maximum=9)
    kw.setdefault("bands", (low, kit.Band(code="high", label="High", minimum=10, maximum=None)))
    return kit.Calculator(
        name="dec",
        title="Decimal",
        guideline=GUIDELINE,
        fields=[
            kit.decimal("level", "Level", minimum=0, maximum=20, exclusive_minimum=True,
                        in_units=kit.units("level_unit", "Unit", ("a", "A", 1.0), ("b", "B", 0.5)))
        ],
        result=kit.Quantity(
            label="Twice", unit="u", field="twice",
            formula=kit.Formula(text="2 x level", article_text="", refs=()),
            **kw,  # type: ignore[arg-type]
        ),
        compute=lambda answers: 2 * answers["level"],
    )  # fmt: skip


def test_decimal_in_units_is_converted_into_the_first_unit() -> None:
    """A decimal entered in another unit reaches the formula in the first unit; its bounds
    hold in the first unit and are named in the entered one."""
    core = _decimal_core()
    assert core.evaluate({"level": 4.5, "level_unit": "a"})["twice"] == 9
    assert core.evaluate({"level": 9, "level_unit": "b"})["twice"] == 9
    assert core.evaluate({"level": 40, "level_unit": "b"})["twice"] == 40
    [error] = _errors(core, {"level": 41, "level_unit": "b"})
    assert error["field"] == "level" and "from 0 to 40 B" in str(error["message"])
    [error] = _errors(core, {"level": 0, "level_unit": "a"})
    assert error["field"] == "level"
    assert [e["field"] for e in _errors(core, {"level": 1})] == ["level_unit"]
    assert [e["field"] for e in _errors(core, {"level": "1", "level_unit": "c"})] == [
        "level",
        "level_unit",
    ]


def test_quantity_rounds_half_up_and_reports_its_band() -> None:
    """A quantity is reported rounded half up, with its unit and the band of the reported
    value (9.5 is reported as 10, so High)."""
    result = _decimal_core().evaluate({"level": 4.75, "level_unit": "a"})
    assert (result["twice"], result["unit"], result["category"]) == (10, "u", "high")
    assert result["title"] == "Twice 10 u (High)"
    assert result["rules"] == ["formula", "band_high"]


def test_round_half_up() -> None:
    """Halves go up, as the value is written: 52.5 -> 53, 2.675 -> 2.68 (not binary's 2.67)."""
    assert kit.round_half_up(52.5, 0) == 53
    assert kit.round_half_up(52.49, 0) == 52
    assert kit.round_half_up(2.675, 2) == 2.68
    assert isinstance(kit.round_half_up(3.0, 0), int)


def test_json_boundary_is_strict() -> None:
    """Bad JSON, NaN, a repeated field and a nested bomb are errors; a 5,000-digit number is
    out of range for its field, not bad JSON; a result comes back as JSON."""
    core = _pathway()
    answer = json.loads(core.evaluate_json('{"flags": [], "score": 1' + "0" * 5000 + "}"))
    assert [e["field"] for e in answer["errors"]] == ["score"]
    assert json.loads(core.evaluate_json("{"))["errors"][0]["field"] is None
    assert (
        json.loads(core.evaluate_json('{"flags": [], "score": NaN}'))["errors"][0]["field"] is None
    )
    assert (
        json.loads(core.evaluate_json('{"flags": [], "flags": ["a"]}'))["errors"][0]["field"]
        == "flags"
    )
    assert "errors" in json.loads(core.evaluate_json("[" * 100_000))
    assert json.loads(core.evaluate_json('{"flags": ["a"]}'))["result"]["step"] == "urgent"


def test_any_rule_change_changes_the_version_and_asks_for_a_changelog_entry() -> None:
    """The algorithm version digests the rule table: a changed rule gives a new version, and
    the changelog check names the rule and prints what to record."""
    core = _pathway()
    [problem] = core.changelog_problems()
    recorded = problem.split("these digests: ")[1]
    current = _pathway(changelog=[kit.release("1", "2026-12-01", "First", recorded)])
    assert current.changelog_problems() == []
    assert current.algorithm_version.startswith("1+")
    changed_rules = list(current.rules)
    changed_rules[1] = kit.Rule(
        id="routine", section="S", condition="else", article_text="Q2", refs=(1, 2),
        step="routine", items={"actions": (ITEM,)},
    )  # fmt: skip
    changed = _pathway(
        rules=changed_rules, changelog=[kit.release("1", "2026-12-01", "First", recorded)]
    )
    assert changed.algorithm_version != current.algorithm_version
    [problem] = changed.changelog_problems()
    assert "(routine)" in problem


def test_changelog_derives_what_was_added_changed_and_removed() -> None:
    """Each entry's added, changed and removed rules come from its digests and the entry
    before it."""
    core = _pathway(
        changelog=[
            kit.release("1", "2026-01-01", "First", "a=1 b=2 c=3"),
            kit.release("2", "2026-02-01", "Second", "a=1 b=9 d=4"),
        ]
    )
    second = core.rules_as_data()["changelog"][1]
    assert (second["added"], second["changed"], second["removed"]) == (["d"], ["b"], ["c"])


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"fields": [kit.boolean("ok", "OK"), kit.boolean("ok", "OK")]}, "declared twice"),
        (
            {
                "rules": [
                    kit.Rule(
                        id="r", section="", condition="", article_text="", refs=(), step="nowhere"
                    )
                ]
            },
            "undeclared step",
        ),
        (
            {
                "rules": [
                    kit.Rule(
                        id="r",
                        section="",
                        condition="",
                        article_text="",
                        refs=(),
                        when=((kit.where("nope", "==", 1),),),
                        step="urgent",
                    )
                ]
            },
            "unknown field",
        ),
        ({"guideline": {**GUIDELINE, "review_status": "done"}}, "review_status"),
    ],
)
def test_impossible_declarations_are_one_line_naming_them(
    overrides: dict[str, object], expected: str
) -> None:
    """A declaration that cannot be right stops the core with one line naming it."""
    with pytest.raises(ValueError, match=expected) as caught:
        _pathway(**overrides)
    assert "\n" not in str(caught.value)


def test_spec_and_rules_describe_the_declarations() -> None:
    """The spec lists every field (a unit field beside its decimal, grouped with nothing) and
    the result kind; the rule table gives kind, rules and the gaps."""
    spec = _decimal_core().calculator_spec()
    assert spec["spec_version"] == 2
    assert [f["name"] for f in spec["fields"]] == ["level", "level_unit"]
    assert spec["groups"] == [{"title": "Decimal", "hint": "", "fields": ["level"]}]
    assert spec["outputs"]["kind"] == "quantity"
    rules = _pathway().rules_as_data()
    assert rules["kind"] == "pathway"
    assert [gap["id"] for gap in rules["gaps"]] == ["high"]
    assert rules["rules"][1]["actions"] == [{"text": "Placeholder action", "refs": [1]}]


def test_score_adds_points_and_its_maximum_counts_exclusive_bands_once() -> None:
    """A score adds each present item's points; two bands of one ordered field count once in
    the maximum."""
    core = kit.Calculator(
        name="pts",
        title="Points",
        guideline=GUIDELINE,
        fields=[kit.integer("age", "Age", minimum=0, maximum=120), kit.boolean("x", "X")],
        result=kit.Score(
            label="Points",
            items=(
                kit.Points(id="old", letter="O", label="Old", points=2, condition="age >= 75",
                           article_text="", when=((kit.where("age", ">=", 75),),)),
                kit.Points(id="mid", letter="M", label="Mid", points=1, condition="65-74",
                           article_text="", when=((kit.where("age", "between", (65, 74)),),)),
                kit.Points(id="x", letter="X", label="X", points=1, condition="x",
                           article_text="", when=((kit.where("x", "==", True),),)),
            ),
        ),
    )  # fmt: skip
    result = core.evaluate({"age": 70, "x": True})
    assert (result["score"], result["max_score"]) == (2, 3)
    assert result["title"] == "Points 2 of 3"
    assert [item["present"] for item in result["components"]] == [False, True, True]


def test_a_core_that_imports_the_kit_is_told_from_one_that_does_not(tmp_path: Path) -> None:
    """A site whose cores import the kit carries the kit's wheel (Pyodide has no other copy);
    a core that does not import it needs none."""
    package = tmp_path / "demo_core"
    package.mkdir()
    (package / "__init__.py").write_text("from guideline_site import kit\n")
    assert wheel.uses_kit(package)
    (package / "__init__.py").write_text("import json\n")
    assert not wheel.uses_kit(package)


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        ((("a", None, 18.5), ("b", 18.5, None)), "overlap at 18.5"),
        ((("a", None, 9), ("a", 10, None)), "declared twice"),
        ((("has space", None, 9), ("b", 10, None)), "letters, digits"),
    ],
)
def test_bands_that_overlap_repeat_or_are_not_codes_are_refused(bands, expected) -> None:
    """Bands may not overlap (a value on the boundary would silently take the first band),
    repeat a code, or have a code that is not an identifier (readers see the label)."""
    declared = tuple(
        kit.Band(code=c, label=c.title(), minimum=lo, maximum=hi) for c, lo, hi in bands
    )
    with pytest.raises(ValueError, match=expected):
        _decimal_core(bands=declared)


def test_a_first_release_without_digests_is_told_to_record_them() -> None:
    """A first release written before its digests are known is told to record them in that
    release (not to add another)."""
    [problem] = _pathway(changelog=[kit.release("1", "2026-12-01", "First")]).changelog_problems()
    assert "version 1 records no digests yet" in problem and "routine=" in problem
