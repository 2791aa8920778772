"""Adds up the rule table for a validated input and builds the JSON-ready result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from .table import COMPONENTS, EVENT_RATES_NOTE, GUIDELINE, MAX_SCORE, MAX_SCORE_TEXT
from .validate import validate


def _table_data() -> dict:
    return {
        "guideline": GUIDELINE,
        "max_score": MAX_SCORE,
        "rules": [component.to_data() for component in COMPONENTS],
    }


def _version() -> str:
    """The page date plus a digest of the rule table and of the code that reads it: any
    change to a rule changes it. Derived, never hand-maintained."""
    here = Path(__file__).parent
    sources = b"".join(
        (here / name).read_bytes().replace(b"\r\n", b"\n")
        for name in ("table.py", "engine.py", "validate.py")
    )
    canonical = json.dumps(_table_data(), sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("ascii") + sources).hexdigest()[:12]
    return f"{GUIDELINE['last_updated']}+{digest}"


ALGORITHM_VERSION = _version()


def evaluate(data: Mapping) -> dict:
    """Score one input object; raise InputError for bad input.

    The result is the score, every component with the points it gave (0 when absent), and a
    note on what the paper reports beyond the score. No treatment advice.
    """
    answers = validate(data)
    components = []
    for component in COMPONENTS:
        present = component.test.holds(answers)
        components.append(
            {
                "id": component.id,
                "letter": component.letter,
                "label": component.label,
                "present": present,
                "points": component.points if present else 0,
                "max_points": component.points,
            }
        )
    score = sum(item["points"] for item in components)
    return {
        "score": score,
        "max_score": MAX_SCORE,
        "title": f"CHA2DS2-VASc score {score} of {MAX_SCORE}",
        "components": components,
        "notes": [{"code": "event_rates", "text": EVENT_RATES_NOTE}],
        "rules": [item["id"] for item in components if item["present"]],
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": dict(GUIDELINE),
    }


def rules_as_data() -> dict:
    """The rule table as JSON-ready data, for a site's decision table."""
    table = _table_data()
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "guideline": dict(GUIDELINE),
        "max_score": MAX_SCORE,
        "max_score_text": MAX_SCORE_TEXT,
        "rules": table["rules"],
        "gaps": [],
    }
