"""What a points score needs of the kit beyond its items (issue 19, CHA2DS2-VASc on the kit):
the source's own words for the maximum (``Score.maximum_text``, shown with the decision table
as ``max_score_text`` and checked against the computed maximum), and what each answer is
worth, for the form to show beside it (``Score.worth``: options' ``points``, an integer's
``points`` bands)."""

from __future__ import annotations

from typing import Any

import pytest

from guideline_site import kit

GUIDELINE = {"title": "A score", "last_updated": "2026-12-06", "review_status": "submitted"}


def _item(code: str, points: int, field: str, op: str, value: Any) -> kit.Points:
    return kit.Points(
        id=code,
        letter=code[0].upper(),
        label=code,
        points=points,
        condition=f"{field} {op} {value}",
        article_text=f"{code}: {points}",
        when=((kit.where(field, op, value),),),
    )


ITEMS = (
    _item("flagged", 2, "flags", "contains", "a"),
    _item("other", 1, "flags", "contains", "b"),
    _item("old", 2, "age", ">=", 75),
    _item("middle", 1, "age", "between", (65, 74)),
    _item("female", 1, "sex", "==", "female"),
)
FIELDS = [
    kit.checklist("flags", "Flags", [("a", "A"), ("b", "B"), ("c", "C")], none_option="None"),
    kit.integer("age", "Age", minimum=0, maximum=130, unit="years"),
    kit.choice("sex", "Sex", [("female", "Female"), ("male", "Male")]),
    kit.boolean("smoker", "Smoker", required=False, default=False),
]


def calculator(**score: Any) -> kit.Calculator:
    return kit.Calculator(
        name="s",
        title="S",
        guideline=GUIDELINE,
        fields=FIELDS,
        result=kit.Score(label="S score", items=ITEMS, **score),
    )


def field(spec: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in spec["fields"] if f["name"] == name)


def test_maximum_text_is_the_decision_tables_max_score_text():
    core = calculator(maximum_text="Maximum score: 6")
    data = core.rules_as_data()
    assert (data["max_score"], data["max_score_text"]) == (6, "Maximum score: 6")
    assert "max_score_text" not in calculator().rules_as_data()


def test_maximum_text_must_state_the_computed_maximum():
    with pytest.raises(ValueError, match="does not state its maximum 6"):
        calculator(maximum_text="Maximum score: 9")
    with pytest.raises(ValueError, match="does not state its maximum 6"):
        calculator(maximum_text="Maximum score: 16")


def test_maximum_text_is_part_of_the_algorithm_version():
    """A changed maximum text changes the version; none leaves a score's digests as before."""
    plain, stated = calculator(), calculator(maximum_text="Maximum score: 6")
    assert plain.algorithm_version != stated.algorithm_version
    assert {k: v for k, v in plain.digests.items() if k != "result"} == {
        k: v for k, v in stated.digests.items() if k != "result"
    }


def test_result_carries_every_declared_note_and_the_maximum():
    note = kit.Note(code="event_rates", text="The source reports event rates.")
    result = calculator(notes=(note,)).evaluate({"flags": [], "age": 80, "sex": "male"})
    assert result["notes"] == [note.to_data()]
    assert (result["score"], result["max_score"], result["title"]) == (2, 6, "S score 2 of 6")


def test_an_empty_checklist_is_none_of_these_and_an_absent_one_is_required():
    core = calculator()
    assert core.evaluate({"flags": [], "age": 40, "sex": "male"})["score"] == 0
    with pytest.raises(kit.InputError) as caught:
        core.evaluate({"age": 40, "sex": "male"})
    assert [e["field"] for e in caught.value.errors] == ["flags"]


def test_spec_options_carry_the_points_they_are_worth():
    spec = calculator().calculator_spec()
    assert field(spec, "flags")["options"] == [
        {"value": "a", "label": "A", "points": 2},
        {"value": "b", "label": "B", "points": 1},
        {"value": "c", "label": "C", "points": 0},
    ]
    assert [o["points"] for o in field(spec, "sex")["options"]] == [1, 0]
    assert field(spec, "flags")["none_option"] == "None"
    # no item tests it: the options as declared, without points
    assert all("points" not in o for o in field(spec, "smoker")["options"])


def test_spec_integer_carries_its_bands_worth_points():
    """``>=`` runs to the field's maximum; bands in order of their minimum."""
    spec = calculator().calculator_spec()
    assert field(spec, "age")["points"] == [
        {"minimum": 65, "maximum": 74, "points": 1},
        {"minimum": 75, "maximum": 130, "points": 2},
    ]


@pytest.mark.parametrize(
    ("op", "value", "band"),
    [(">", 74, (75, 130)), ("<", 18, (0, 17)), ("<=", 17, (0, 17)), ("==", 50, (50, 50))],
)
def test_spec_integer_band_of_each_comparison(op: str, value: int, band: tuple[int, int]):
    core = kit.Calculator(
        name="s",
        title="S",
        guideline=GUIDELINE,
        fields=[FIELDS[1]],
        result=kit.Score(label="S", items=(_item("x", 1, "age", op, value),)),
    )
    (points,) = field(core.calculator_spec(), "age")["points"]
    assert (points["minimum"], points["maximum"], points["points"]) == (*band, 1)


def test_spec_shows_no_worth_it_cannot_state():
    """An item testing a field in a way the form cannot show beside its answers (``!=``, a
    test of two fields) leaves that field without points rather than with wrong ones."""
    two_fields = kit.Points(
        id="both", letter="B", label="both", points=1, condition="c", article_text="both: 1",
        when=((kit.where("age", ">=", 75), kit.where("sex", "==", "female")),),
    )  # fmt: skip
    core = kit.Calculator(
        name="s",
        title="S",
        guideline=GUIDELINE,
        fields=FIELDS,
        result=kit.Score(label="S", items=(_item("not_male", 1, "sex", "!=", "male"), two_fields)),
    )
    spec = core.calculator_spec()
    assert all("points" not in o for o in field(spec, "sex")["options"])
    assert "points" not in field(spec, "age")
