"""What the kit gained for a pathway core's own messages (the sciatica core's move onto the
kit): a checklist's own words for a value that is not a list and for an unknown item, a
``required_when`` that tests a field as entered, and a schema that says what it cannot
express. Each is opt-in: without it the kit behaves as before. Each test's docstring is the
sentence it encodes."""

from __future__ import annotations

import pytest

from guideline_site import kit

GUIDELINE = {"title": "A placeholder", "last_updated": "2026-12-01", "review_status": "submitted"}


def _core(*, as_entered: bool = False, **checklist_kw: str) -> kit.Calculator:
    started = kit.given("days", as_entered=as_entered)
    return kit.Calculator(
        name="needs",
        title="Needs",
        guideline=GUIDELINE,
        fields=[
            kit.checklist("flags", "Flag screen", [("a", "Flag A"), ("b", "Flag B")],
                          **checklist_kw),
            kit.day_count("days", "Days", maximum=365, required=False),
            kit.choice("answer", "Answer", ["yes", "no"],
                       required_when=[kit.no_items("flags"), started], shown_when=[started]),
            kit.day_count("later", "Later", maximum=365, required=False, at_most="days",
                          requires="days"),
        ],
        result=kit.Pathway(
            steps=(kit.Step(code="one", label="One", title="One"),),
            sections=(kit.Section(key="actions", label="Actions"),),
        ),
        rules=[kit.Rule(id="one", section="S", condition="always", article_text="Q",
                        refs=(1,), step="one")],
    )  # fmt: skip


def _errors(core: kit.Calculator, data: object) -> list[dict[str, object]]:
    with pytest.raises(kit.InputError) as caught:
        core.evaluate(data)
    return list(caught.value.errors)  # type: ignore[arg-type]


def test_a_checklist_words_its_own_not_a_list_and_unknown_item_messages() -> None:
    """``not_list_message`` and ``unknown_item_message`` replace the kit's words for a
    checklist's value that is not a list and for each unknown item ({got}: the bad value,
    {expected}: the codes); without them the kit's words stay."""
    own = _core(
        not_list_message="The flag screen must be a list of flag codes (got {got}).",
        unknown_item_message="Unknown flag {got}: expected any of {expected}.",
    )
    assert _errors(own, {"flags": "a"}) == [
        {"field": "flags", "message": "The flag screen must be a list of flag codes (got 'a')."}
    ]
    assert _errors(own, {"flags": ["c", "a"]}) == [
        {"field": "flags", "message": "Unknown flag 'c': expected any of a, b."}
    ]
    plain = _core()
    assert _errors(plain, {"flags": "a"}) == [
        {"field": "flags", "message": "Flag screen must be a list of codes (got 'a')."}
    ]
    assert _errors(plain, {"flags": ["c", "a"]}) == [
        {"field": "flags", "message": "Unknown flag screen item 'c': expected any of a, b."}
    ]


def test_required_when_given_as_entered_counts_a_bad_value_as_given() -> None:
    """``given(name, as_entered=True)`` in a ``required_when`` holds when the field is present
    and not null, even with a bad value: the dependent field is asked for too. Plain
    ``given`` holds only for a good value. Both are the same condition in the spec."""
    bad_days = {"flags": [], "days": "3"}
    assert [e["field"] for e in _errors(_core(as_entered=True), bad_days)] == ["days", "answer"]
    assert [e["field"] for e in _errors(_core(), bad_days)] == ["days"]
    for core in (_core(as_entered=True), _core()):
        answer = core.calculator_spec()["fields"][2]
        assert answer["required_when"][1] == {"field": "days", "op": "given"}
        assert core.evaluate({"flags": [], "days": 3, "answer": "no"})["step"] == "one"
        assert core.evaluate({"flags": ["a"], "days": 3})["step"] == "one"


def test_the_schema_describes_at_most_which_it_cannot_express() -> None:
    """JSON Schema cannot compare two fields: a field with ``at_most`` says so in its
    schema's description (the core checks it); a field without one has no description."""
    properties = _core().input_schema()["properties"]
    assert "days" in properties["later"]["description"]
    assert "description" not in properties["days"]
    assert _errors(_core(), {"flags": ["a"], "days": 2, "later": 3})[0]["field"] == "later"
