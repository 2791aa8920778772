"""The rule table: a PLACEHOLDER with two rules. Replace it with your guideline's algorithm.

Each rule quotes, word for word, the sentence of the page (docs/index.md) it encodes
(``article_text``), with the numbers of the references that sentence cites (``refs``: 1 is the
first entry of docs/references.yml). ``when`` is the rule's condition as data, in disjunctive
normal form: the rule holds when every test of any one clause holds (an empty clause always
holds). The first rule that holds decides the result's ``step``.

Plain data (frozen, slotted dataclasses and Enums); standard library only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Step(enum.Enum):
    """The result steps (``step`` in the result object)."""

    PLACEHOLDER_A = "placeholder_a"
    PLACEHOLDER_B = "placeholder_b"


class Op(enum.Enum):
    """How a :class:`Test` compares an input field with its value."""

    EQ = "=="
    GE = ">="


@dataclass(frozen=True, kw_only=True, slots=True)
class ExampleInput:
    """A validated input; built only by :func:`example_core.validate.validate`."""

    example_number: int
    example_box: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Test:
    field: str
    op: Op
    value: int | bool

    def holds(self, data: ExampleInput) -> bool:
        actual = getattr(data, self.field)
        match self.op:
            case Op.EQ:
                return bool(actual == self.value)
            case Op.GE:
                return bool(actual >= self.value)
        raise AssertionError(self.op)  # pragma: no cover - every Op is handled above

    def to_data(self) -> dict:
        return {"field": self.field, "op": self.op.value, "value": self.value}


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """One line of a result's ``actions``, ``avoid`` or ``monitoring``, with its refs."""

    text: str
    refs: tuple[int, ...]

    def to_data(self) -> dict:
        return {"text": self.text, "refs": list(self.refs)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One row of the table: the page's sentence, its condition and what it shows."""

    id: str
    section: str
    condition: str
    article_text: str
    refs: tuple[int, ...]
    when: tuple[tuple[Test, ...], ...]
    step: Step
    article_step: int | None = None
    actions: tuple[Item, ...] = ()

    def holds(self, data: ExampleInput) -> bool:
        return any(all(test.holds(data) for test in clause) for clause in self.when)

    def to_data(self) -> dict:
        """The same shape as every core's rule (fields this table does not use are empty)."""
        return {
            "id": self.id,
            "kind": "step",
            "section": self.section,
            "condition": self.condition,
            "article_text": self.article_text,
            "refs": list(self.refs),
            "when": [[test.to_data() for test in clause] for clause in self.when],
            "step": self.step.value,
            "article_step": self.article_step,
            "after": [],
            "actions": [item.to_data() for item in self.actions],
            "avoid": [],
            "monitoring": [],
            "note": None,
            "title": None,
            "also_quotes": [],
        }


TITLES = {
    Step.PLACEHOLDER_A: "Placeholder result A (Step 1 of the example algorithm)",
    Step.PLACEHOLDER_B: "Placeholder result B (Step 1 of the example algorithm)",
}

RULES = (
    Rule(
        id="placeholder_a",
        section="Step 1: Example step",
        condition="example_number >= 5 or example_box is ticked",
        article_text="Example number 5 or more, or the example box ticked: placeholder result A,"
        " replace this rule with your guideline's own",
        refs=(1,),
        when=(
            (Test(field="example_number", op=Op.GE, value=5),),
            (Test(field="example_box", op=Op.EQ, value=True),),
        ),
        step=Step.PLACEHOLDER_A,
        article_step=1,
        actions=(
            Item(
                text="placeholder result A, replace this rule with your guideline's own", refs=(1,)
            ),
        ),
    ),
    Rule(
        id="placeholder_b",
        section="Step 1: Example step",
        condition="Otherwise",
        article_text="Otherwise: placeholder result B, replace this rule with your guideline's own",
        refs=(1,),
        when=((),),
        step=Step.PLACEHOLDER_B,
        article_step=1,
        actions=(
            Item(
                text="placeholder result B, replace this rule with your guideline's own", refs=(1,)
            ),
        ),
    ),
)
