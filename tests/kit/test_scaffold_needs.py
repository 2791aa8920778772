"""Kit fixes found while moving the scaffold's placeholder core onto the kit (issue 19): an
integer bounded on one side only is described as such, in its error and its JSON Schema."""

from __future__ import annotations

import pytest

from guideline_site import kit

GUIDELINE = {"title": "A placeholder", "last_updated": "2026-01-02", "review_status": "submitted"}


def calculator(*fields: kit.Field) -> kit.Calculator:
    """A one-step placeholder pathway over ``fields``."""
    return kit.Calculator(
        name="placeholder",
        title="Placeholder",
        guideline=GUIDELINE,
        fields=fields,
        result=kit.Pathway(steps=(kit.Step(code="only", label="Only", title="Only"),), sections=()),
        rules=[
            kit.Rule(
                id="only", section="", condition="always", article_text="", refs=(), step="only"
            )
        ],
    )


def errors_of(core: kit.Calculator, data: object) -> dict[str | None, str]:
    with pytest.raises(kit.InputError) as caught:
        core.evaluate(data)
    return {error["field"]: error["message"] for error in caught.value.errors}


def test_an_integer_bounded_on_one_side_says_its_one_bound():
    core = calculator(
        kit.integer("age", "Age", minimum=18, maximum=None, unit="years"),
        kit.integer("count", "Count", minimum=None, maximum=10),
    )
    assert errors_of(core, {"age": 5, "count": 11}) == {
        "age": "Age must be at least 18 years (got 5).",
        "count": "Count must be at most 10 (got 11).",
    }
    assert core.evaluate({"age": 10**6, "count": -(10**6)})["step"] == "only"


def test_an_integer_bounded_on_both_sides_keeps_its_between_message():
    core = calculator(kit.integer("n", "N", minimum=0, maximum=10))
    assert errors_of(core, {"n": 11}) == {"n": "N must be between 0 and 10 (got 11)."}


def test_an_unbounded_side_has_no_keyword_in_the_json_schema():
    """JSON Schema's minimum and maximum must be numbers: an unbounded side leaves them out."""
    core = calculator(
        kit.integer("age", "Age", minimum=18, maximum=None),
        kit.integer("count", "Count", minimum=None, maximum=10),
        kit.integer("n", "N", minimum=0, maximum=10),
    )
    properties = core.input_schema()["properties"]
    assert properties["age"] == {"type": "integer", "minimum": 18, "title": "Age"}
    assert properties["count"] == {"type": "integer", "maximum": 10, "title": "Count"}
    assert properties["n"] == {"type": "integer", "minimum": 0, "maximum": 10, "title": "N"}
    # the form's spec keeps null for an unbounded side (kit-spec: null = unbounded)
    fields = {field["name"]: field for field in core.calculator_spec()["fields"]}
    assert (fields["age"]["minimum"], fields["age"]["maximum"]) == (18, None)
