"""Result kinds and rules as declarations.

Three kinds of result, each a frozen declaration that the page, the decision table, the copied
note and the offline file draw without knowing the calculator:

- :class:`Pathway`: a step of an algorithm, chosen by the first :class:`Rule` (a *step rule*)
  whose ``when`` holds, with *modifier rules* adding items to its sections and notes;
- :class:`Score`: points that add up, one :class:`Points` rule per item, with optional bands;
- :class:`Quantity`: a number computed by a formula, reported rounded with its unit and the
  :class:`Band` (category) it falls in.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._conditions import ALWAYS, Op, Test, When, when_from_data, when_to_data
from ._fields import Field, Kind


class NoteCode(enum.Enum):
    #: The source is silent or ambiguous here: shown as a gap, never as advice.
    GUIDELINE_GAP = "guideline_gap"
    TOO_EARLY = "too_early"


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """One line of a pathway's section: the source's words and their reference numbers."""

    text: str
    refs: tuple[int, ...]

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "refs": list(self.refs)}


@dataclass(frozen=True, kw_only=True, slots=True)
class Note:
    code: str
    text: str

    def to_data(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text}


def gap(text: str) -> Note:
    """A ``guideline_gap`` note: what the source leaves open, in our words about it."""
    return Note(code=NoteCode.GUIDELINE_GAP.value, text=text)


@dataclass(frozen=True, kw_only=True, slots=True)
class Adaptation:
    """An item text that is not the source's verbatim wording, with the source sentences it
    adapts (each verbatim) and why."""

    text: str
    adapts: tuple[str, ...]
    why: str

    def to_data(self) -> dict[str, Any]:
        return {"text": self.text, "adapts": list(self.adapts), "why": self.why}


# -- pathway ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class Step:
    """A step the pathway can give: its code, short label and the result's title for it;
    ``urgent`` calls for urgent action; ``not_covered`` says the source gives no plan."""

    code: str
    label: str
    title: str
    urgent: bool = False
    not_covered: bool = False

    def to_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "urgent": self.urgent,
            "not_covered": self.not_covered,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Section:
    """A list of items a step's result carries: its key in the result, its heading, and
    (optional) its heading when the step is urgent."""

    key: str
    label: str
    urgent_label: str = ""

    def to_data(self) -> dict[str, Any]:
        data = {"key": self.key, "label": self.label}
        if self.urgent_label:
            data["urgent_label"] = self.urgent_label
        return data


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One row of a pathway's rule table.

    A *step rule* (``step`` set) decides the step: the first whose ``when`` holds wins. A
    *modifier rule* (``after`` set) adds its items and note when one of the step rules it
    names has fired and its own ``when`` holds. ``items`` maps a section key to its lines.
    """

    id: str
    section: str
    condition: str
    article_text: str
    refs: tuple[int, ...]
    when: When = ALWAYS
    step: str | None = None
    article_step: int | None = None
    after: tuple[str, ...] = ()
    items: Mapping[str, tuple[Item, ...]] | None = None
    note: Note | None = None
    #: Replaces the step's title (the last title among the fired rules wins).
    title: str | None = None
    #: Further verbatim sentences of the source the rule encodes, beside ``article_text``.
    also_quotes: tuple[str, ...] = ()

    def items_of(self, key: str) -> tuple[Item, ...]:
        return tuple((self.items or {}).get(key, ()))

    def to_data(self, sections: tuple[Section, ...] = ()) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": "step" if self.step is not None else "modifier",
            "section": self.section,
            "condition": self.condition,
            "article_text": self.article_text,
            "refs": list(self.refs),
            "when": when_to_data(self.when),
            "step": self.step,
            "article_step": self.article_step,
            "after": list(self.after),
        }
        for section in sections:
            data[section.key] = [item.to_data() for item in self.items_of(section.key)]
        data["note"] = self.note.to_data() if self.note is not None else None
        data["title"] = self.title
        data["also_quotes"] = list(self.also_quotes)
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any], sections: tuple[str, ...] = ()) -> Rule:
        """The rule that ``to_data()`` gave ``data`` (a published version's rule table kept
        as data, read back to evaluate it); ``sections``: the keys of its item lists."""
        note = data.get("note")
        items = {
            key: tuple(Item(text=i["text"], refs=tuple(i["refs"])) for i in data.get(key) or [])
            for key in sections
        }
        return cls(
            id=data["id"],
            section=data.get("section") or "",
            condition=data.get("condition") or "",
            article_text=data.get("article_text") or "",
            refs=tuple(data.get("refs") or ()),
            when=when_from_data(data.get("when", [[]])),
            step=data.get("step"),
            article_step=data.get("article_step"),
            after=tuple(data.get("after") or ()),
            items={key: lines for key, lines in items.items() if lines} or None,
            note=Note(code=note["code"], text=note["text"]) if note else None,
            title=data.get("title"),
            also_quotes=tuple(data.get("also_quotes") or ()),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Pathway:
    """A pathway result: ``field`` holds the step code; each section a list of items."""

    steps: tuple[Step, ...]
    sections: tuple[Section, ...]
    #: Sections not drawn when the step is urgent.
    urgent_hides: tuple[str, ...] = ()
    field: str = "step"
    #: The result key with the source's own step number (int or None), if the source numbers
    #: its steps.
    source_step_field: str | None = None

    kind = "pathway"

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "steps": [step.to_data() for step in self.steps],
            "sections": [section.to_data() for section in self.sections],
            "urgent_hides": list(self.urgent_hides),
            "source_step_field": self.source_step_field,
        }


# -- score --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class Points:
    """One item of a score: its short letter, its label, the points it adds when ``when``
    holds, and the definition it encodes (``article_text``)."""

    id: str
    letter: str
    label: str
    points: int
    condition: str
    article_text: str
    when: When
    refs: tuple[int, ...] = (1,)
    section: str = ""

    def to_data(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "kind": "points",
            "letter": self.letter,
            "label": self.label,
            "points": self.points,
            "condition": self.condition,
            "article_text": self.article_text,
            "when": when_to_data(self.when),
            "refs": list(self.refs),
        }
        if self.section:
            data["section"] = self.section
        return data


@dataclass(frozen=True, kw_only=True, slots=True)
class Band:
    """A named band of a score or quantity: ``minimum <= value <= maximum`` (None: open).
    ``article_text`` quotes the source's definition of the band."""

    code: str
    label: str
    minimum: float | None
    maximum: float | None
    article_text: str = ""
    refs: tuple[int, ...] = ()

    def holds(self, value: float) -> bool:
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value <= self.maximum
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    def rule_data(self, field: str) -> dict[str, Any]:
        low, high = self.minimum, self.maximum
        parts = ([f"{field} >= {low:g}"] if low is not None else []) + (
            [f"{field} <= {high:g}"] if high is not None else []
        )
        tests = ([{"field": field, "op": ">=", "value": low}] if low is not None else []) + (
            [{"field": field, "op": "<=", "value": high}] if high is not None else []
        )
        return {
            "id": f"band_{self.code}",
            "kind": "band",
            "code": self.code,
            "label": self.label,
            "minimum": low,
            "maximum": high,
            "condition": " and ".join(parts),
            "article_text": self.article_text,
            "when": [tests],
            "refs": list(self.refs),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Score:
    """A points score: ``field`` holds the total; ``items_field`` every item's points."""

    label: str
    items: tuple[Points, ...]
    #: The result's title; ``{score}`` and ``{maximum}`` are filled in.
    title: str = "{label} {score} of {maximum}"
    bands: tuple[Band, ...] = ()
    field: str = "score"
    items_field: str = "components"
    band_field: str | None = None
    #: Notes every result carries (what the source says beyond the score).
    notes: tuple[Note, ...] = ()
    #: The source's own words for the highest total (e.g. "Maximum score: 9"), shown with the
    #: decision table as ``max_score_text``; it must state :attr:`maximum`.
    maximum_text: str = ""

    kind = "score"

    @property
    def maximum(self) -> int:
        """The highest total the items allow (items of one field that exclude each other, as
        two age bands, count once: the highest of them)."""
        by_field: dict[str, list[Points]] = {}
        for item in self.items:
            fields = {t.field for clause in item.when for t in clause}
            key = next(iter(fields)) if len(fields) == 1 and _orders(item) else item.id
            by_field.setdefault(key, []).append(item)
        return sum(max(p.points for p in group) for group in by_field.values())

    def worth(self, field: Field) -> dict[str, Any]:
        """What ``field``'s answers are worth, for the form to show beside them: each option
        with its ``points`` (of the items that hold when the field contains or equals it), or
        an integer's ``points`` bands ``[{minimum, maximum, points}]`` (inclusive, from the
        items that compare it with a number). Empty when no item tests the field alone, or
        one tests it in a way the form cannot show."""
        tests = [
            (item.points, item.when[0][0])
            for item in self.items
            if len(item.when) == 1 and [t.field for t in item.when[0]] == [field.name]
        ]
        if not tests:
            return {}
        if field.options:
            if any(t.op not in (Op.CONTAINS, Op.EQ) for _, t in tests):
                return {}
            return {
                "options": [
                    option.to_data()
                    | {"points": sum(p for p, t in tests if t.value == option.value)}
                    for option in field.options
                ]
            }
        bands = [_band_of(t, field) | {"points": p} for p, t in tests]
        if field.kind is not Kind.INTEGER or any(band["minimum"] is None for band in bands):
            return {}
        return {"points": sorted(bands, key=lambda band: float(band["minimum"]))}

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "label": self.label,
            "minimum": 0,
            "maximum": self.maximum,
            "items_field": self.items_field,
            "items": [
                {"code": p.id, "letter": p.letter, "label": p.label, "points": p.points}
                for p in self.items
            ],
            "bands": [band.to_data() for band in self.bands],
            "band_field": self.band_field,
        }


def _band_of(test: Test, field: Field) -> dict[str, Any]:
    """The whole numbers (of ``field``'s range) for which ``test`` holds, as
    ``{minimum, maximum}``; ``minimum`` None when the test is no range."""
    low, high, value = field.minimum, field.maximum, test.value
    if test.op is Op.BETWEEN and isinstance(value, tuple):
        low, high = value
    elif isinstance(value, int) and not isinstance(value, bool):
        bounds = {
            Op.EQ: (value, value),
            Op.GE: (value, high),
            Op.GT: (value + 1, high),
            Op.LE: (low, value),
            Op.LT: (low, value - 1),
        }
        low, high = bounds.get(test.op, (None, None))
    else:
        low = None
    return {"minimum": low, "maximum": high}


def _orders(item: Points) -> bool:
    return all(t.orders for clause in item.when for t in clause)


# -- quantity -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class Formula:
    """What a quantity's ``compute`` implements, as the source states it. ``fhirpath``: the
    same formula in FHIRPath, each field's validated answer written ``%FIELD`` (a decimal in
    its first unit), unrounded (the kit rounds as it reports): the computable FHIR's
    calculated value. FHIRPath has no fractional power: write ``x^y`` as
    ``(y * x.ln()).exp()``. Kept out of the rule digests (the FHIR agreement test checks
    it against ``compute``)."""

    text: str
    article_text: str
    refs: tuple[int, ...]
    section: str = ""
    fhirpath: str = ""

    def to_data(self) -> dict[str, Any]:
        return {
            "id": "formula",
            "kind": "formula",
            "section": self.section,
            "condition": "always",
            "text": self.text,
            "article_text": self.article_text,
            "refs": list(self.refs),
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Quantity:
    """A number with its unit: computed, rounded half up to ``decimals`` digits, reported
    with the band (category) the reported value falls in."""

    label: str
    unit: str
    formula: Formula
    bands: tuple[Band, ...]
    decimals: int = 0
    field: str = "value"
    unit_field: str = "unit"
    category_field: str = "category"
    notes: tuple[Note, ...] = ()

    kind = "quantity"

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "field": self.field,
            "label": self.label,
            "unit": self.unit,
            "unit_field": self.unit_field,
            "decimals": self.decimals,
            "rounding": "half_up",
            "category_field": self.category_field,
            "bands": [band.to_data() for band in self.bands],
        }


ResultKind = Pathway | Score | Quantity
