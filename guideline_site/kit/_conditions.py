"""Conditions as data: a test of one field's answer, and a rule's ``when``.

A rule's ``when`` is in disjunctive normal form: a tuple of clauses, and the rule applies when
every test of any one clause holds (an empty clause always holds: :data:`ALWAYS`). Kept as
data, never as functions, so that the decision table, the changelog's digests and other
outputs (FHIRPath) are generated from the same declarations the core evaluates.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Value = int | float | str | bool | None | tuple[int | float, int | float]


class Op(enum.Enum):
    """How a :class:`Test` compares a field's answer with its value."""

    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    BETWEEN = "between"  # low <= answer <= high, value (low, high)
    CONTAINS = "contains"  # a checklist holds the code
    IS_NULL = "is null"
    NOT_NULL = "is not null"
    NONEMPTY = "is not empty"  # a checklist with at least one item


_ORDERING = {Op.LT, Op.LE, Op.GT, Op.GE, Op.BETWEEN}


@dataclass(frozen=True, kw_only=True, slots=True)
class Test:
    """One comparison of an input field with a value, e.g. ``pain_score > 4``."""

    field: str
    op: Op
    value: Value = None

    def holds(self, answers: Mapping[str, Any]) -> bool:
        actual = answers.get(self.field)
        match self.op:
            case Op.IS_NULL:
                return actual is None
            case Op.NOT_NULL:
                return actual is not None
            case Op.NONEMPTY:
                return bool(actual)
            case Op.CONTAINS:
                return actual is not None and self.value in actual
            case Op.EQ:
                return bool(actual == self.value)
            case Op.NE:
                return bool(actual != self.value)
        if actual is None:  # an ordering never holds for an unanswered field
            return False
        match self.op:
            case Op.LT:
                return bool(actual < self.value)
            case Op.LE:
                return bool(actual <= self.value)
            case Op.GT:
                return bool(actual > self.value)
            case Op.GE:
                return bool(actual >= self.value)
            case Op.BETWEEN:
                assert isinstance(self.value, tuple)
                low, high = self.value
                return bool(low <= actual <= high)
        raise AssertionError(self.op)  # pragma: no cover - every Op is handled above

    def to_data(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"field": self.field, "op": self.op.value, "value": value}

    @property
    def orders(self) -> bool:
        return self.op in _ORDERING


When = tuple[tuple[Test, ...], ...]
#: A ``when`` that always holds.
ALWAYS: When = ((),)


def where(field: str, op: str | Op, value: Value = None) -> Test:
    """A test, its operator given as written: ``where("age_years", ">=", 75)``."""
    return Test(field=field, op=op if isinstance(op, Op) else Op(op), value=value)


def holds(when: When, answers: Mapping[str, Any]) -> bool:
    """Whether any clause of ``when`` has every one of its tests holding."""
    return any(all(t.holds(answers) for t in clause) for clause in when)


def when_to_data(when: When) -> list[list[dict[str, Any]]]:
    return [[t.to_data() for t in clause] for clause in when]


def _test_from_data(data: Mapping[str, Any]) -> Test:
    """The :class:`Test` that ``Test.to_data()`` gave ``data``."""
    value = data.get("value")
    return Test(
        field=str(data["field"]),
        op=Op(data["op"]),
        value=tuple(value) if isinstance(value, list) else value,
    )


def when_from_data(data: Any) -> When:
    """The ``when`` that :func:`when_to_data` gave ``data``."""
    return tuple(tuple(_test_from_data(t) for t in clause) for clause in data)


class Show(enum.Enum):
    """A test of one field's answer for when another field shows or is required."""

    GIVEN = "given"  # present and not null
    NO_ITEMS = "no_items"  # a checklist that is absent, null or empty


@dataclass(frozen=True, kw_only=True, slots=True)
class FieldCondition:
    """``shown_when`` / ``required_when`` entry: ``field`` is given, or has no items."""

    field: str
    op: Show
    #: For a ``required_when``: test the field as entered, not its checked answer (a bad
    #: value then counts as given). The same on valid input, so not part of the data.
    as_entered: bool = False

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.field)
        if self.op is Show.GIVEN:
            return value is not None
        return not value

    def to_data(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op.value}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FieldCondition:
        return cls(field=str(data["field"]), op=Show(data["op"]))


def given(field: str, *, as_entered: bool = False) -> FieldCondition:
    """The condition that ``field`` is answered. ``as_entered``: in a ``required_when``, a
    value given but bad counts as answered too (the dependent field is then asked for)."""
    return FieldCondition(field=field, op=Show.GIVEN, as_entered=as_entered)


def no_items(field: str) -> FieldCondition:
    """The condition that the checklist ``field`` is unanswered or empty."""
    return FieldCondition(field=field, op=Show.NO_ITEMS)
