"""Input fields as declarations: what a core accepts, how the form asks it, how a note names it.

One constructor per field kind (:func:`boolean`, :func:`choice`, :func:`checklist`,
:func:`integer`, :func:`day_count`, :func:`decimal`, with :func:`units` for a decimal entered
in a choice of units). A :class:`Field` checks one answer (``check``) and describes itself
for the page (``to_data``) and for JSON Schema (``schema``).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._conditions import FieldCondition


class Kind(enum.Enum):
    """How a field is answered, and so which control the form shows for it."""

    BOOLEAN = "boolean"  # true or false
    CHOICE = "choice"  # one option code
    CHECKLIST = "checklist"  # a list of option codes; [] means "none of these"
    INTEGER = "integer"  # a whole number in [minimum, maximum]
    DAY_COUNT = "day_count"  # a whole number of days, which the form may take in other units
    DECIMAL = "decimal"  # a number, fractional or not, in its range
    UNIT = "unit"  # the unit a decimal was entered in (declared with :func:`units`)


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    """One answer of a choice, checklist or boolean: the value the core receives, its label.
    ``factor``: for a unit, how many of the first unit one of this unit is."""

    value: str | bool
    label: str
    factor: float | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "label": self.label}
        if self.factor is not None:
            data["factor"] = self.factor
        return data


#: Units a day count may be entered in (a month is 30 days); the core receives days.
DAY_UNITS = (
    {"value": "days", "label": "days", "days": 1},
    {"value": "weeks", "label": "weeks", "days": 7},
    {"value": "months", "label": "months (30 days)", "days": 30},
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    """One input field. Build it with the kind's constructor, not directly."""

    name: str
    kind: Kind
    label: str
    question: str
    note_label: str = ""
    hint: str = ""
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    step: float | None = None
    day_units: bool = False
    options: tuple[Option, ...] = ()
    none_option: str | None = None
    required: bool = True
    required_when: tuple[FieldCondition, ...] = ()
    required_message: str = ""
    shown_when: tuple[FieldCondition, ...] = ()
    default: Any = None
    null_text: str = ""
    requires: str | None = None
    requires_message: str = ""
    at_most: str | None = None
    at_most_message: str = ""
    #: A checklist's messages for a value that is not a list and for an unknown item
    #: (format strings: ``{got}`` the bad value, ``{expected}`` the codes; empty: the kit's).
    not_list_message: str = ""
    unknown_item_message: str = ""
    #: a decimal's unit field, or a unit field's decimal
    unit_field: str | None = None
    unit_of: str | None = None

    # -- checking one answer ------------------------------------------------------------

    @property
    def values(self) -> tuple[str | bool, ...]:
        return tuple(option.value for option in self.options)

    def range_text(self, low: float | None, high: float | None, unit_label: str = "") -> str:
        unit = f" {unit_label or self.unit}" if unit_label or self.unit else ""
        if low is not None and high is not None:
            return f"from {_num(low)} to {_num(high)}{unit}"
        if low is not None:
            return f"{'above' if self.exclusive_minimum else 'at least'} {_num(low)}{unit}"
        if high is not None:
            return f"at most {_num(high)}{unit}"
        return ""

    def problem(self, value: Any, entered_in: Option | None = None) -> str | None:
        """What is wrong with a given (non-null) answer, as one sentence; None if nothing.
        ``entered_in``: the unit a decimal was entered in (its bounds are shown in it);
        None for a decimal whose unit is unknown: only its type is checked."""
        label = self.label
        got = f" (got {describe(value)})."
        match self.kind:
            case Kind.BOOLEAN:
                if type(value) is not bool:
                    return f"{label} must be true or false{got}"
            case Kind.CHOICE | Kind.UNIT:
                if type(value) is not str or value not in self.values:
                    return f"{label} must be one of {', '.join(map(str, self.values))}{got}"
            case Kind.INTEGER | Kind.DAY_COUNT:
                low, high = self.minimum, self.maximum
                if type(value) is not int:  # a bool, a float (6.0 too) or "6" is not one
                    return f"{label} must be a whole number {self.range_text(low, high)}{got}"
                if (low is not None and value < low) or (high is not None and value > high):
                    if low is None or high is None:  # one-sided: "at least 18 years"
                        return f"{label} must be {self.range_text(low, high)}{got}"
                    return f"{label} must be between {_num(low)} and {_num(high)}" + (
                        f" {self.unit}{got}" if self.unit else got
                    )
            case Kind.DECIMAL:
                if type(value) not in (int, float):
                    return f"{label} must be a number{got}"
                if not math.isfinite(value):
                    return f"{label} is out of range{got}"
                if self.unit_field is not None and entered_in is None:
                    return None
                factor = entered_in.factor or 1.0 if entered_in is not None else 1.0
                if not self._in_range(float(value) * factor):
                    low, high = (None if b is None else b / factor for b in self._bounds)
                    shown = entered_in.label if entered_in is not None else ""
                    return f"{label} must be {self.range_text(low, high, str(shown))}{got}"
            case Kind.CHECKLIST:
                if type(value) is not list:
                    if self.not_list_message:
                        return self.not_list_message.format(got=describe(value))
                    return f"{label} must be a list of codes{got}"
        return None

    @property
    def _bounds(self) -> tuple[float | None, float | None]:
        return self.minimum, self.maximum

    def _in_range(self, number: float) -> bool:
        if not math.isfinite(number):
            return False
        low = self.minimum
        if low is not None and (number < low or (self.exclusive_minimum and number == low)):
            return False
        return self.maximum is None or number <= self.maximum

    # -- describing it ----------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind.value,
            "label": self.label,
            "note_label": self.note_label or self.label,
            "question": self.question,
            "hint": self.hint,
            "unit": self.unit,
            "required": self.required,
            "required_when": [c.to_data() for c in self.required_when],
            "shown_when": [c.to_data() for c in self.shown_when],
        }
        if self.kind in (Kind.INTEGER, Kind.DAY_COUNT, Kind.DECIMAL):
            data["minimum"] = self.minimum
            data["maximum"] = self.maximum
        if self.kind is Kind.DECIMAL:
            data["exclusive_minimum"] = self.exclusive_minimum
            data["step"] = self.step
            data["unit_field"] = self.unit_field
        if self.kind is Kind.UNIT:
            data["for"] = self.unit_of
        if self.kind is Kind.DAY_COUNT and self.day_units:
            data["units"] = [dict(unit) for unit in DAY_UNITS]
        if self.options:
            data["options"] = [option.to_data() for option in self.options]
        if self.kind is Kind.CHECKLIST:
            data["none_option"] = self.none_option
        if not self.required:
            data["default"] = self.default
            data["null_text"] = self.null_text
        if self.requires is not None:
            data["requires"] = self.requires
        if self.at_most is not None:
            data["at_most"] = self.at_most
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Field:
        """A field as ``to_data()`` describes it (the spec's ``fields``): what it accepts,
        when it shows and is required, and its labels; its messages are the kit's own."""
        return cls(
            name=data["name"],
            kind=Kind(data["kind"]),
            label=data.get("label") or data["name"],
            question=data.get("question") or "",
            note_label=data.get("note_label") or "",
            hint=data.get("hint") or "",
            unit=data.get("unit") or "",
            minimum=data.get("minimum"),
            maximum=data.get("maximum"),
            exclusive_minimum=bool(data.get("exclusive_minimum")),
            step=data.get("step"),
            day_units=bool(data.get("units")),
            options=tuple(
                Option(value=o["value"], label=o["label"], factor=o.get("factor"))
                for o in data.get("options") or ()
            ),
            none_option=data.get("none_option"),
            required=bool(data.get("required", True)),
            required_when=tuple(FieldCondition.from_data(c) for c in data.get("required_when", ())),
            shown_when=tuple(FieldCondition.from_data(c) for c in data.get("shown_when", ())),
            default=data.get("default"),
            null_text=data.get("null_text") or "",
            requires=data.get("requires"),
            at_most=data.get("at_most"),
            unit_field=data.get("unit_field"),
            unit_of=data.get("for"),
        )

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this field's value (null allowed where it may be left out)."""
        schema: dict[str, Any]
        match self.kind:
            case Kind.CHECKLIST:
                schema = {"type": "array", "items": {"enum": list(self.values)}}
            case Kind.CHOICE | Kind.UNIT:
                schema = {"enum": list(self.values)}
            case Kind.BOOLEAN:
                schema = {"type": "boolean"}
            case Kind.INTEGER | Kind.DAY_COUNT:
                schema = {"type": "integer"}  # an unbounded side has no keyword (null is invalid)
                if self.minimum is not None:
                    schema["minimum"] = self.minimum
                if self.maximum is not None:
                    schema["maximum"] = self.maximum
            case Kind.DECIMAL:
                schema = {"type": "number"}
                if self.unit_field is None:
                    key = "exclusiveMinimum" if self.exclusive_minimum else "minimum"
                    if self.minimum is not None:
                        schema[key] = self.minimum
                    if self.maximum is not None:
                        schema["maximum"] = self.maximum
        if not (self.required and not self.required_when):
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
            else:
                schema["type"] = [schema["type"], "null"]
        schema["title"] = self.label
        if not self.required:
            schema["default"] = self.default
        if self.at_most is not None:
            schema["description"] = (
                f"Not greater than {self.at_most} (checked by the core; not expressible here)."
            )
        return schema


def _num(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def describe(value: Any) -> str:
    """A short, safe rendering of a bad value for a message (no method of it runs)."""
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return repr(short(value))
    if type(value) is int:
        return str(value) if abs(value) < 10**15 else "a very large number"
    if type(value) is float:
        return repr(value) if math.isfinite(value) and abs(value) < 1e15 else "a very large number"
    if type(value) in (list, tuple):
        return "a list"
    if type(value) is dict:
        return "an object"
    return "a value of another type"


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- constructors ---------------------------------------------------------------------------

Labels = Sequence[tuple[str | bool, str]] | Sequence[str]


def _options(options: Labels) -> tuple[Option, ...]:
    out = []
    for option in options:
        if isinstance(option, tuple):
            out.append(Option(value=option[0], label=option[1]))
        else:
            out.append(Option(value=option, label=option))
    return tuple(out)


def _common(kw: dict[str, Any]) -> dict[str, Any]:
    for key in ("required_when", "shown_when"):
        if key in kw:
            kw[key] = tuple(kw[key])
    return kw


def boolean(
    name: str, label: str, *, question: str = "", yes: str = "Yes", no: str = "No", **kw: Any
) -> Field:
    """A yes/no answer: ``true`` or ``false``."""
    options = (Option(value=True, label=yes), Option(value=False, label=no))
    return Field(
        name=name, kind=Kind.BOOLEAN, label=label, question=question or label, options=options,
        **_common(kw),
    )  # fmt: skip


def choice(name: str, label: str, options: Labels, *, question: str = "", **kw: Any) -> Field:
    """One of ``options``: ``[(value, label), ...]`` (or values that are their own labels)."""
    return Field(
        name=name, kind=Kind.CHOICE, label=label, question=question or label,
        options=_options(options), **_common(kw),
    )  # fmt: skip


def checklist(
    name: str, label: str, options: Labels, *, none_option: str | None = None,
    question: str = "", **kw: Any,
) -> Field:  # fmt: skip
    """Any of ``options`` as a list; ``none_option`` labels the exclusive "none" (``[]``)."""
    return Field(
        name=name, kind=Kind.CHECKLIST, label=label, question=question or label,
        options=_options(options), none_option=none_option, **_common(kw),
    )  # fmt: skip


def integer(
    name: str, label: str, *, minimum: int | None, maximum: int | None, question: str = "",
    **kw: Any,
) -> Field:  # fmt: skip
    """A whole number in ``[minimum, maximum]`` (``None``: unbounded on that side)."""
    return Field(
        name=name, kind=Kind.INTEGER, label=label, question=question or label,
        minimum=minimum, maximum=maximum, **_common(kw),
    )  # fmt: skip


def day_count(
    name: str, label: str, *, maximum: int, minimum: int = 0, question: str = "",
    other_units: bool = True, **kw: Any,
) -> Field:  # fmt: skip
    """A whole number of days; with ``other_units`` the form also takes weeks and months
    (30 days) through a select named ``NAME_unit`` that the core never receives."""
    kw.setdefault("unit", "days")
    return Field(
        name=name, kind=Kind.DAY_COUNT, label=label, question=question or label,
        minimum=minimum, maximum=maximum, day_units=other_units, **_common(kw),
    )  # fmt: skip


@dataclass(frozen=True, kw_only=True, slots=True)
class Units:
    """A decimal's choice of units: the unit field's name and label, and each unit as
    ``(value, label, factor)``, ``factor`` being how many of the first unit one of it is."""

    field: str
    label: str
    choices: tuple[Option, ...] = ()


def units(field_name: str, label: str, *choices: tuple[str, str, float]) -> Units:
    """``units("creatinine_unit", "Unit", ("mg/dL", "mg/dL", 1), ("umol/L", "µmol/L", 1/88.4))``"""
    return Units(
        field=field_name,
        label=label,
        choices=tuple(Option(value=v, label=lab, factor=f) for v, lab, f in choices),
    )


def decimal(
    name: str, label: str, *, minimum: float | None = None, maximum: float | None = None,
    exclusive_minimum: bool = False, step: float = 0.01, unit: str = "",
    in_units: Units | None = None, question: str = "", **kw: Any,
) -> tuple[Field, ...]:  # fmt: skip
    """A number (``0.8``), in ``[minimum, maximum]`` (``exclusive_minimum``: above it), shown
    with ``step`` precision. With ``in_units`` the reader picks the unit and the core also
    receives that field; the bounds are in the first unit and the rules and formula see the
    value converted into it. Returns the field(s) to list among the inputs."""
    number = Field(
        name=name, kind=Kind.DECIMAL, label=label, question=question or label,
        minimum=minimum, maximum=maximum, exclusive_minimum=exclusive_minimum, step=step,
        unit=unit if in_units is None else str(in_units.choices[0].label),
        unit_field=None if in_units is None else in_units.field, **_common(dict(kw)),
    )  # fmt: skip
    if in_units is None:
        return (number,)
    unit_field = Field(
        name=in_units.field, kind=Kind.UNIT, label=in_units.label, question=in_units.label,
        options=in_units.choices, unit_of=name,
        required=number.required, required_when=number.required_when,
        shown_when=number.shown_when,
    )  # fmt: skip
    return (number, unit_field)
