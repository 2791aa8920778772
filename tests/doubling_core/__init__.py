"""A made-up "doubling" calculator core for the tests of the ``quantity`` result kind: it
doubles a placeholder amount and reports it with a unit, one digit after the point and one of
two bands. Every label is an obvious placeholder: NOT clinical content.

The whole core interface by hand (standard library only; runs in Pyodide too):
``evaluate``, ``evaluate_json``, ``InputError``, ``rules_as_data``, ``calculator_spec``.
"""

from __future__ import annotations

import json
from typing import Any

NAME = "doubling"
TITLE = "Doubling placeholder"
LABEL = "Doubled pq"
UNIT = "zz/m²"
#: The band codes are written in mixed case on purpose: the page must show them as written.
BANDS = (
    {"code": "pQ-low", "label": "placeholder band low", "minimum": None, "maximum": 99.9},
    {"code": "pQ-high", "label": "placeholder band high", "minimum": 100.0, "maximum": None},
)
GUIDELINE = {
    "title": "A placeholder",
    "last_updated": "2026-01-02",
    "review_status": "submitted",
}
VERSION = "doubling-1"
FORMULA = "the doubled value is the placeholder amount times two"


class InputError(ValueError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


def evaluate(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError([{"field": None, "message": "not an object"}])
    amount = data.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= 500:
        raise InputError([{"field": "amount", "message": "Amount: a whole number 0 to 500"}])
    doubled = round(amount * 2.0, 1)
    band = next(
        b for b in BANDS if (b["maximum"] is None or doubled <= b["maximum"])
    )  # the bands are in order, the last unbounded
    return {
        "doubled": doubled,
        "unit": UNIT,
        "band": band["code"],
        "title": f"{LABEL} {doubled:.1f} {UNIT}",
        "notes": [{"code": "placeholder", "text": "A placeholder note, not advice."}],
        "rules": [f"band-{band['code']}"],
        "algorithm_version": VERSION,
        "guideline": dict(GUIDELINE),
    }


def evaluate_json(text: str) -> str:
    try:
        return json.dumps({"result": evaluate(json.loads(text))})
    except InputError as exc:
        return json.dumps({"errors": exc.errors})
    except ValueError as exc:
        return json.dumps({"errors": [{"field": None, "message": str(exc)}]})


def rules_as_data() -> dict[str, Any]:
    return {
        "algorithm_version": VERSION,
        "guideline": dict(GUIDELINE),
        "kind": "quantity",
        "formula": {"text": FORMULA, "refs": [1], "fhirpath": "%amount * 2"},
        "rules": [
            {
                "id": f"band-{band['code']}",
                "kind": "band",
                "section": "Placeholder bands",
                "condition": f"the doubled value in {band['code']}",
                "article_text": f"Placeholder text of {band['label']}.",
                "refs": [1],
                "when": [],
                **band,
            }
            for band in BANDS
        ],
        "adapted": [],
        "changelog": [{"version": VERSION}],
        "gaps": [],
    }


def calculator_spec() -> dict[str, Any]:
    return {
        "spec_version": 2,
        "name": NAME,
        "title": TITLE,
        "legacy_global": None,
        "fields": [
            {
                "name": "amount",
                "kind": "integer",
                "label": "Amount",
                "note_label": "Amount",
                "question": "Placeholder amount",
                "hint": "",
                "unit": "",
                "required": True,
                "required_when": [],
                "shown_when": [],
                "minimum": 0,
                "maximum": 500,
            }
        ],
        "groups": [{"title": "Placeholder", "hint": "", "fields": ["amount"]}],
        "outputs": {
            "kind": "quantity",
            "field": "doubled",
            "label": LABEL,
            "unit": UNIT,
            "unit_field": "unit",
            "decimals": 1,
            "rounding": "half_up",
            "category_field": "band",
            "bands": [dict(band) for band in BANDS],
        },
    }
